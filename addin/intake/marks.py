"""Jobs that work on a :class:`~addin.book.Book`: what the ribbon buttons do, minus Excel.

:mod:`addin.excel.buttons` calls these with the workbook open in Excel; the CLI and the tests call
them with an :class:`~addin.book.OpenpyxlBook`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from ..book import Book, CellMark, OpenpyxlBook
from ..schema import Lang
from .cells import column_letter
from .problems import problems_frame
from .reader import intake_from_rows
from .report import SHEET_NAMES, localize_problems, sheet_name, summary_lines
from .result import Intake
from .validate import ValidationResult, validate_frame

__all__ = [
    "read_book_intake",
    "validate_book",
    "clear_marks_book",
    "mark_file",
    "marks_for",
    "OUTPUT_SHEETS",
]

#: Sheets our jobs write; never read as intake data.
OUTPUT_SHEETS = frozenset(name for pair in SHEET_NAMES.values() for name in pair)


def read_book_intake(book: Book, *, sheet: str | None = None, lang: Lang = "zh") -> Intake:
    """The intake sheet of an open book (found by its headers unless ``sheet`` is given)."""
    names = [n for n in book.sheet_names() if n not in OUTPUT_SHEETS or n == sheet]
    sheets = {n: book.read_values(n) for n in names}
    return intake_from_rows(sheets, file=book.name, sheet=sheet, lang=lang)


def marks_for(problems: pd.DataFrame, columns: dict[str, int], sheet: str) -> list[CellMark]:
    """One mark per problem cell; several problems in one cell share one note."""
    notes: dict[tuple[int, int], list[str]] = {}
    for rec in problems.to_dict("records"):
        col = columns.get(str(rec["field"])) if rec["field"] is not None else None
        if col is None or rec["row"] is None or pd.isna(rec["row"]):
            continue
        notes.setdefault((int(rec["row"]), col), []).append(str(rec["message"]))
    return [
        CellMark(sheet, r, c, "\n".join(dict.fromkeys(m))) for (r, c), m in sorted(notes.items())
    ]


def validate_book(
    book: Book, *, sheet: str | None = None, lang: Lang = "zh", today: dt.date | None = None
) -> ValidationResult:
    """Validate the intake sheet of ``book``: mark bad cells, write the Errors sheet, tell the user.

    Previous marks are cleared first, so running it again after fixing shows only what is left.
    The book is not saved: in Excel the user decides; file-based callers call ``book.save()``.

    Args:
        book: the workbook.
        sheet: the intake sheet; found by its headers when None.
        lang: language of sheet names and messages.
        today: reference date for 'in the future' checks.

    Example:
        >>> book = OpenpyxlBook("rep.xlsx", out="rep.checked.xlsx")  # doctest: +SKIP
        >>> validate_book(book).ok; book.save()  # doctest: +SKIP
    """
    book.clear_marks()
    intake = read_book_intake(book, sheet=sheet, lang=lang)
    result = validate_frame(
        intake.frame,
        lang=lang,
        column_maps={(str(intake.file), intake.sheet): intake.columns},
        today=today,
    )
    issues = problems_frame(
        {
            "level": i.level,
            "file": str(intake.file),
            "sheet": intake.sheet,
            "row": i.row,
            "column": column_letter(intake.columns[i.column])
            if i.column in intake.columns
            else None,
            "field": i.column,
            "value": i.value,
            "code": i.code,
            "message": i.message,
        }
        for i in intake.issues
    )
    problems = (
        pd.concat([issues, result.errors], ignore_index=True) if len(issues) else result.errors
    )
    result.errors = problems
    errors_only = problems[problems["level"] == "error"]
    book.mark(marks_for(errors_only, intake.columns, intake.sheet))
    book.write_frame(sheet_name("errors", lang), localize_problems(problems, lang))
    lines = summary_lines(problems, [(str(intake.file), intake.n_rows)], lang)
    book.message("\n".join(lines))
    return result


def clear_marks_book(book: Book, *, lang: Lang = "zh") -> int:
    """Remove the marks of the last validation; returns how many cells were restored."""
    n = book.clear_marks()
    book.message(("已清除 {n} 个标记" if lang == "zh" else "{n} marks cleared").format(n=n))
    return n


def mark_file(
    path: str | Path, out: str | Path | None, *, lang: Lang = "zh", today: dt.date | None = None
) -> ValidationResult:
    """Validate a workbook file and save a copy with the bad cells marked (or the file itself).

    Args:
        path: an .xlsx or .xlsm file.
        out: where to save the marked workbook; None marks ``path`` itself (a backup is kept).
        lang: language of the notes and the Errors sheet.
        today: reference date for 'in the future' checks.
    """
    book = OpenpyxlBook(path, out=out)
    result = validate_book(book, lang=lang, today=today)
    book.save()
    return result
