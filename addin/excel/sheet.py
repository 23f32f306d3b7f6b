"""The open workbook as the buttons after 校验 see it: its customers, its file, its output folder.

Shared by the buttons after 校验 (:mod:`addin.excel.dedupe`, :mod:`addin.excel.classify`,
:mod:`addin.excel.followups`, :mod:`addin.excel.send`, :mod:`addin.excel.actions`); it imports
only the intake stage, so that each of them loads no more than it uses.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..book import Book
from ..intake import validate_frame
from ..intake.marks import read_book_intake
from ..schema import Lang

__all__ = ["OUTPUT_DIR", "book_customers", "book_file", "out_dir", "settings_overrides"]

#: Folder beside the workbook where the buttons write their files.
OUTPUT_DIR = "intake-output"


def book_file(book: Book) -> Path | None:
    """The workbook's file, when it is one on disk."""
    path = Path(book.name)
    return path if path.is_file() else None


def settings_overrides(book: Book) -> dict[str, dict[str, object]]:
    """The settings typed on the workbook's own 设置 sheet (none for a book not on disk)."""
    # start-up: addin.managers reads the 设置 sheet with openpyxl, ~0.17 s of
    # `python -X importtime -c "import addin.excel.dedupe"` that 查重 does not use
    from ..managers import read_settings_sheet

    path = book_file(book)
    return (
        read_settings_sheet(path).overrides
        if path and path.suffix.lower() in (".xlsx", ".xlsm")
        else {}
    )


def book_customers(book: Book, lang: Lang) -> tuple[pd.DataFrame, str, dict[str, int]]:
    """The intake sheet's customers (validated, bad cells blank), its name and its columns."""
    intake = read_book_intake(book, lang=lang)
    result = validate_frame(intake.frame, lang=lang)
    return result.customers, intake.sheet, intake.columns


def out_dir(book: Book) -> Path:
    """``intake-output/`` beside the workbook."""
    return Path(book.name).parent / OUTPUT_DIR
