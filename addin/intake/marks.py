"""Marking bad cells on a :class:`~addin.book.Book`: the 校验 and 清除标记 buttons, and marked copies.

:mod:`addin.excel.buttons` calls :func:`validate_book` with the workbook open in Excel; the
CLI and the pipeline mark copies of files already read and validated (:func:`mark_copies`).
"""

from __future__ import annotations

import datetime as dt
import os
import unicodedata
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from ..book import Book, CellMark, OpenpyxlBook
from ..schema import Lang
from .address import column_letter
from .problems import problems_frame
from .reader import intake_from_rows
from .report import SHEET_NAMES, localize_problems, sheet_name, summary_lines
from .result import Intake
from .texts import msg
from .validate import ValidationResult, validate_frame

__all__ = [
    "MARKABLE",
    "OUTPUT_SHEETS",
    "clear_marks_book",
    "mark_copies",
    "mark_file",
    "mark_intake",
    "marked_names",
    "marks_for",
    "read_book_intake",
    "validate_book",
]

#: Sheets our jobs write; never read as intake data.
OUTPUT_SHEETS = frozenset(name for pair in SHEET_NAMES.values() for name in pair)
#: Workbooks that can hold marks (CSV and .xls cannot).
MARKABLE = (".xlsx", ".xlsm")


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
    _mark_book(book, intake, problems, lang)
    return result


def _mark_book(book: Book, intake: Intake, problems: pd.DataFrame, lang: Lang) -> None:
    """Mark the error cells, write the Errors sheet and tell the user the summary."""
    errors_only = problems[problems["level"] == "error"]
    book.mark(marks_for(errors_only, intake.columns, intake.sheet))
    book.write_frame(sheet_name("errors", lang), localize_problems(problems, lang))
    lines = summary_lines(problems, [(str(intake.file), intake.n_rows)], lang)
    book.message("\n".join(lines))


def clear_marks_book(book: Book, *, lang: Lang = "zh") -> int:
    """Remove the marks of the last validation; returns how many cells were restored."""
    n = book.clear_marks()
    book.message(msg("intake_marks_cleared", lang, n=n))
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


def mark_intake(
    intake: Intake, problems: pd.DataFrame, out: str | Path | None, *, lang: Lang = "zh"
) -> Path:
    """Save a copy of an already-read workbook with its problems marked (or mark it in place).

    ``problems`` are those found when ``intake`` was read and validated (other files' rows are
    ignored), so nothing is read or validated again. Returns the workbook written.
    """
    own = problems[problems["file"] == str(intake.file)].reset_index(drop=True)
    book = OpenpyxlBook(intake.file, out=out)
    book.clear_marks()
    _mark_book(book, intake, own, lang)
    book.save()
    return book.out


def marked_names(files: Sequence[Path]) -> dict[Path, Path]:
    """Where each file's marked copy goes, relative to the copies' folder: unique and stable.

    The path below the files' common folder is kept (``team1/周报.xlsx`` and
    ``team2/周报.xlsx`` stay apart; one file alone keeps just its name), NFC-normalised so a
    name typed on a Mac and on Windows is one file.
    """
    if not files:
        return {}
    resolved = [f.resolve() for f in files]
    base = Path(os.path.commonpath([str(r.parent) for r in resolved]))
    return {
        f: Path(unicodedata.normalize("NFC", r.relative_to(base).as_posix()))
        for f, r in zip(files, resolved, strict=True)
    }


def mark_copies(
    problems: pd.DataFrame, intakes: Sequence[Intake], folder: Path | None, *, lang: Lang = "zh"
) -> list[Path]:
    """Mark the bad cells of every workbook with errors: copies into ``folder``, or in place.

    Works from the intakes and problems already computed (:func:`~addin.intake.load_customers`).
    CSV and .xls files cannot hold marks and are left out; returns the workbooks written.
    """
    bad = set(problems.loc[problems["level"] == "error", "file"])
    names = marked_names([i.file for i in intakes])
    return [
        mark_intake(
            intake, problems, None if folder is None else folder / names[intake.file], lang=lang
        )
        for intake in intakes
        if str(intake.file) in bad and intake.file.suffix.lower() in MARKABLE
    ]
