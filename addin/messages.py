"""User-facing text in Chinese (default) and English, looked up by a stable code.

Each stage keeps its texts in one leaf module (``addin/<stage>/texts.py``) as a
:class:`Catalogue`, and its modules import that catalogue by name: no registration by side
effect. Codes are what tests and the JSON report use; the text is what a salesperson reads, so
an error says what is wrong *and* what to type instead. This module holds the catalogue of the
cross-cutting pieces (today only the file-lock message of :mod:`addin.files`) and the class.
"""

from __future__ import annotations

import string
from collections.abc import Iterator, Mapping
from typing import Any

from .schema import Lang

__all__ = ["COMMON", "Catalogue", "catalogues", "msg"]

_ALL: dict[str, Catalogue] = {}


class Catalogue(Mapping[str, tuple[str, str]]):
    """One stage's texts: code -> (zh, en). Codes are unique across every catalogue.

    >>> texts = Catalogue("example", {"hello": ("你好，{name}", "hello, {name}")})
    >>> texts.msg("hello", "en", name="Wang")
    'hello, Wang'
    """

    name: str

    def __init__(self, name: str, entries: Mapping[str, tuple[str, str]]) -> None:
        for other in _ALL.values():
            clash = set(entries) & set(other)
            if clash and other.name != name:
                raise ValueError(f"{name}: codes already in {other.name}: {sorted(clash)}")
        for code, pair in entries.items():
            if len(pair) != 2 or _fields(pair[0]) != _fields(pair[1]):
                raise ValueError(f"{name}.{code}: zh and en need the same placeholders")
        self.name = name
        self._entries = dict(entries)
        _ALL[name] = self

    def __getitem__(self, code: str) -> tuple[str, str]:
        return self._entries[code]

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def msg(self, code: str, lang: Lang = "zh", /, **kwargs: Any) -> str:
        """The text for ``code`` in ``lang``, formatted with ``kwargs``."""
        zh, en = self._entries[code]
        text = zh if lang == "zh" else en
        return text.format(**kwargs) if kwargs else text


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f is not None}


def catalogues() -> dict[str, Catalogue]:
    """Every catalogue created so far (tests import each stage's ``texts`` first)."""
    return dict(_ALL)


COMMON = Catalogue(
    "common",
    {
        "file_locked": (
            "文件被其他程序（通常是 Excel）占用，请关闭后再试",
            "the file is in use by another program (usually Excel); close it and try again",
        ),
        "file_no_space": (
            "磁盘已满（或超出文件大小限制），此文件未写入（{detail}）；原有文件保持不变。请腾出空间后重新运行",
            "the disk is full (or a file size limit was reached), so this file was not written "
            "({detail}); the previous file is unchanged; free some space and run again",
        ),
        "file_write_failed": (
            "无法写入此文件（{detail}）；原有文件保持不变",
            "this file could not be written ({detail}); the previous file is unchanged",
        ),
        "folder_waiting": (
            "另一个任务正在写入输出文件夹 {folder}，等待它结束（最多 {seconds:g} 秒）…",
            "another run is writing to the output folder {folder}; waiting for it to finish "
            "(up to {seconds:g} seconds)…",
        ),
        "folder_busy": (
            "另一个任务正在写入这个输出文件夹，已等待 {seconds:g} 秒仍未结束。请等它结束后再试，或换一个 --out-dir",
            "another run is writing to this output folder and has not finished after "
            "{seconds:g} seconds of waiting; try again when it has finished, or use another "
            "--out-dir",
        ),
    },
)
msg = COMMON.msg
