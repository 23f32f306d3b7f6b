"""Text basics shared by the normalisers: half-width folding, trimming, blanks, Excel errors."""

from __future__ import annotations

import datetime as dt
import math
import re

import numpy as np
import pandas as pd

__all__ = [
    "EXCEL_ERRORS",
    "PLACEHOLDERS",
    "as_text",
    "clean_text",
    "clean_texts",
    "is_blank",
    "is_placeholder",
    "plain_ascii",
    "text_or_none",
    "to_halfwidth",
]

_FULLWIDTH: dict[int, int | None] = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20  # ideographic space
_FULLWIDTH[0x00A0] = 0x20  # no-break space
_FULLWIDTH[0x200B] = None  # zero-width space
_FULLWIDTH[0xFEFF] = None  # BOM pasted into a cell
_SPACE_RUN = re.compile(r"[ \t]+")
#: Any character that _FULLWIDTH changes: most cells have none, and str.translate with a dict
#: costs a dict lookup per character, so it only runs when one is there.
_NOT_HALFWIDTH = re.compile("[" + "".join(map(chr, _FULLWIDTH)) + "]")

#: Words reps type to mean "nothing here" or "see another cell" (同上, 同手机号): left blank,
#: and validation says so. Compared case-folded and half-width.
PLACEHOLDERS = frozenset(
    """null n/a na none nil - -- --- — —— / \\ . ? ？ 无 暂无 没有 空 不详 未知 未提供 待定 待补充 待补
    同上 同前 同左 同号 同手机 同手机号 手机同号 同电话 同微信 微信同号 微信同手机 同手机号码 手机号 见上
    无微信 没微信 无邮箱 无手机 无电话""".split()
)
#: Texts Excel users leave in cells to mean "nothing here".
_BLANK_WORDS = frozenset({"", "nan"}) | PLACEHOLDERS
#: Excel error values, as text or as read from an error cell.
EXCEL_ERRORS = frozenset(
    {
        "#N/A",
        "#NAME?",
        "#REF!",
        "#VALUE!",
        "#DIV/0!",
        "#NUM!",
        "#NULL!",
        "#SPILL!",
        "#CALC!",
        "#GETTING_DATA",
    }
)


def to_halfwidth(text: str) -> str:
    """Full-width ASCII (ＡＢＣ１２３＠) to half-width; ideographic and no-break spaces to spaces.

    >>> to_halfwidth("１３８　１２３４")
    '138 1234'
    """
    if text.isascii() or not _NOT_HALFWIDTH.search(text):
        return str(text)  # str() as translate would: a str subclass comes back as str
    return text.translate(_FULLWIDTH)


def clean_text(text: str) -> str:
    """Half-width, trimmed, inner runs of spaces folded to one."""
    text = to_halfwidth(text)
    if "\t" in text or "  " in text:  # the regex only when there is a run to fold
        text = _SPACE_RUN.sub(" ", text)
    return text.strip()


def is_blank(value: object) -> bool:
    """True for None, NaN, NaT, empty or whitespace-only text and placeholder words like '无'."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if value is pd.NaT:
        return True
    if isinstance(value, str):
        return clean_text(value).casefold() in _BLANK_WORDS
    return False


def is_placeholder(value: object) -> bool:
    """True for a typed placeholder such as '同上', '同手机号', '无', 'N/A' (not for an empty cell).

    >>> is_placeholder("同手机号"), is_placeholder(" N/A "), is_placeholder(""), is_placeholder("王伟")
    (True, True, False, False)
    """
    return isinstance(value, str) and clean_text(value).casefold() in PLACEHOLDERS


def as_text(value: object) -> str:
    """Text of a cell value; whole floats lose their '.0' (phones typed as numbers)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return clean_text(str(value))


def text_or_none(value: object) -> str | None:
    """``None if is_blank(value) else as_text(value)``, cleaning a text cell once, not twice."""
    if isinstance(value, str):
        text = clean_text(value)
        return None if text.casefold() in _BLANK_WORDS else text
    return None if is_blank(value) else as_text(value)


#: What str.strip() removes from ASCII text besides spaces, and the separator below.
_ODD_ASCII = "\t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x00"


def plain_ascii(values: list[object]) -> tuple[str, np.ndarray] | None:
    """For texts that :func:`clean_text` leaves as they are (ASCII, no tab or line break, no
    space at either end or twice in a row): the texts joined by NUL and which are blank words.
    None otherwise. Checked on the joined text in C, not text by text.
    """
    if not values or set(map(type, values)) != {str}:
        return None
    texts: list[str] = values  # type: ignore[assignment]
    joined = "\x00".join(texts)
    if (
        not joined.isascii()
        or any(c in joined for c in _ODD_ASCII)
        or "  " in joined
        or "\x00 " in joined
        or " \x00" in joined
        or joined.startswith(" ")
        or joined.endswith(" ")
    ):
        return None
    blank = np.fromiter(
        map(_BLANK_WORDS.__contains__, map(str.casefold, texts)), dtype=bool, count=len(texts)
    )
    return joined, blank


#: What makes cleaning a text more than trimming it (see :func:`clean_text`).
_NOT_TRIM_ONLY = re.compile("[\t" + "".join(map(chr, _FULLWIDTH)) + "]|  ")


def clean_texts(values: list[object]) -> list[str | None] | None:
    """:func:`text_or_none` of each of ``values`` (all ``str``; else None: ask value by value).

    Cleaning a text with no full-width character, tab or run of spaces is trimming it: done
    for all with C loops; the few texts that hold one (found by one search of the joined
    texts) are cleaned one by one.
    """
    if not values or set(map(type, values)) != {str}:
        return None
    texts: list[str] = values  # type: ignore[assignment]
    trimmed = list(map(str.strip, texts))
    blank = map(_BLANK_WORDS.__contains__, map(str.casefold, trimmed))
    out: list[str | None] = [None if b else t for t, b in zip(trimmed, blank, strict=True)]
    joined = "\x00".join(texts)
    hits = [m.start() for m in _NOT_TRIM_ONLY.finditer(joined)]
    if hits:
        ends = np.cumsum(np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)) + 1)
        for i in np.unique(np.searchsorted(ends, hits, side="right")).tolist():
            out[i] = text_or_none(texts[i])
    return out
