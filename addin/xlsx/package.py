"""Rewriting an .xlsx package: every part copied, chosen sheets written anew (streamed).

Used by :mod:`addin.xlsx.fastrows`, which lets xlsxwriter write a workbook around placeholder
rows and then puts the real rows in.
"""

from __future__ import annotations

import os
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import IO

__all__ = ["rewrite_sheets"]


#: The time stamp and file mode xlsxwriter gives the parts it wrote to temp files first.
_PART_TIME = (1980, 1, 31, 0, 0, 0)
_PART_MODE = 0o100600 << 16


def _as_on_disk(info: zipfile.ZipInfo) -> None:
    """Give a part written ``in_memory`` the stamp and mode of one written from a temp file."""
    if info.date_time == (1980, 1, 1, 0, 0, 0):
        info.date_time = _PART_TIME
        info.external_attr = _PART_MODE


def rewrite_sheets(
    path: Path,
    sheets: dict[int, Callable[[str, IO[bytes]], None]],
    parts: dict[str, Callable[[str, IO[bytes]], None]] | None = None,
) -> None:
    """Copy the package, letting ``sheets[i](xml, out)`` write sheet ``i + 1`` anew, and
    ``parts[name](xml, out)`` the part ``name``; in the package's order of parts."""
    if not sheets:
        return
    tmp = path.with_name(path.name + ".rows")
    by_name = {f"xl/worksheets/sheet{i + 1}.xml": fn for i, fn in sheets.items()}
    by_name.update(parts or {})
    # 0600 like the temp file it sits beside (customer names); removed if anything fails.
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o600)
    try:
        with (
            os.fdopen(fd, "wb") as raw,
            zipfile.ZipFile(path) as src,
            zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as dst,
        ):
            for info in src.infolist():
                fn = by_name.get(info.filename)
                _as_on_disk(info)
                if fn is None:
                    with src.open(info) as fin, dst.open(info, "w") as fout:
                        shutil.copyfileobj(fin, fout)
                    continue
                xml = src.read(info).decode("utf-8")
                with dst.open(info.filename, "w") as out:
                    fn(xml, out)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
