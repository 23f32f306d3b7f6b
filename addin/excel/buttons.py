"""The Excel front end: ribbon buttons -> VBA ``RunPython`` -> these functions.

The only module that imports xlwings. Each button function takes an optional
:class:`~addin.book.Book` so tests can pass an :class:`~addin.book.OpenpyxlBook`; in Excel it is
called without arguments and wraps ``xw.Book.caller()`` (looked up inside the function,
never at import). What each button does lives in its own module (:mod:`addin.excel.dedupe`,
:mod:`addin.excel.classify`, :mod:`addin.excel.followups`, :mod:`addin.excel.send`,
:mod:`addin.excel.actions`, :mod:`addin.excel.registry`; 校验 in
:mod:`addin.intake.marks`), imported when the button is pressed.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import pandas as pd

from .. import audit
from ..book import MARKS_SHEET, Book, CellMark, frame_to_rows
from ..cellsafe import quoted_for_excel
from ..errors import IntakeError
from ..intake.marks import clear_marks_book, validate_book
from ..schema import Lang
from .beside import book_config, book_lang, registry_named

# start-up: 校验 and 清除标记 need only the intake stage. The other buttons' modules import
# what each uses, when it is pressed (python -X importtime; benchmarks/startup_bench.py):
# 查重 addin.excel.dedupe (the duplicates stage), 客户分类 addin.excel.classify, 生成跟进表
# addin.excel.followups, 发送给经理 addin.excel.send (the mail only), 一键处理
# addin.excel.actions (the whole pipeline), 登记客户 addin.excel.registry (SQLAlchemy).

__all__ = [
    "XlwingsBook",
    "book_lang",
    "classify_button",
    "clear_marks_button",
    "dedupe_button",
    "email_button",
    "followups_button",
    "register_button",
    "run_button",
    "validate_button",
]

F = TypeVar("F", bound=Callable[..., Any])


class XlwingsBook:
    """:class:`~addin.book.Book` over a workbook open in Excel (an ``xlwings.Book``)."""

    def __init__(self, xlbook: Any) -> None:
        self.xl = xlbook

    @property
    def name(self) -> str:
        return str(self.xl.fullname)

    def sheet_names(self) -> list[str]:
        return [s.name for s in self.xl.sheets if s.name != MARKS_SHEET]

    def read_values(self, sheet: str) -> list[list[object]]:
        ws = self.xl.sheets[sheet]
        last = ws.used_range.last_cell
        values = ws.range((1, 1), (last.row, last.column)).options(ndim=2).value
        return [list(r) for r in values]

    def _sheet(self, name: str, *, clear: bool) -> Any:
        names = [s.name for s in self.xl.sheets]
        if name in names:
            ws = self.xl.sheets[name]
            if clear:
                ws.clear()
            return ws
        return self.xl.sheets.add(name, after=self.xl.sheets[len(names) - 1])

    def write_frame(self, sheet: str, frame: pd.DataFrame) -> None:
        ws = self._sheet(sheet, clear=True)
        rows = frame_to_rows(frame, quote=True)  # '=...' typed by a rep stays text in Excel
        ws.range("A1").value = rows
        ws.range((1, 1), (1, max(1, len(rows[0])))).font.bold = True
        ws.autofit(axis="columns")

    def mark(self, marks: Sequence[CellMark]) -> None:
        if not marks:
            return
        log = self._sheet(MARKS_SHEET, clear=False)
        log.visible = False
        start = (log.used_range.last_cell.row + 1) if log.range("A1").value else 1
        entries = []
        for m in marks:
            cell = self.xl.sheets[m.sheet].range((m.row, m.column))
            old = cell.color
            entries.append(
                [
                    quoted_for_excel(m.sheet),
                    m.row,
                    m.column,
                    "" if old is None else "{:02X}{:02X}{:02X}".format(*old),
                ]
            )
            cell.color = tuple(int(m.color[i : i + 2], 16) for i in (0, 2, 4))
            if cell.note is not None:
                cell.note.delete()
            cell.add_note(m.note)
        log.range((start, 1)).value = entries

    def clear_marks(self) -> int:
        if MARKS_SHEET not in [s.name for s in self.xl.sheets]:
            return 0
        log = self.xl.sheets[MARKS_SHEET]
        values = log.used_range.options(ndim=2).value or []
        done = set()
        for sheet, row, column, old in reversed([r for r in values if r and r[0]]):
            cell = self.xl.sheets[sheet].range((int(row), int(column)))
            if cell.note is not None:
                cell.note.delete()
            cell.color = tuple(int(str(old)[i : i + 2], 16) for i in (0, 2, 4)) if old else None
            done.add((sheet, int(row), int(column)))
        log.delete()
        return len(done)

    def message(self, text: str) -> None:
        self.xl.app.alert(text, title="客户管理 / Customer intake")

    def save(self) -> None:
        self.xl.save()


def _caller() -> Book:
    # Imported here, not at the top: `import addin.excel` must work on machines without Excel
    # (the CLI, CI), and for start-up time: xlwings adds ~70 ms on top of `import addin.excel`
    # (measured: python -X importtime -c "import addin.excel; import xlwings").
    import xlwings as xw

    return XlwingsBook(xw.Book.caller())


def _button(fn: Callable[[Book, Lang], object]) -> Callable[[Book | None], None]:
    """Wrap a job as a button: find the calling book, run, show our errors in a message box."""

    @functools.wraps(fn)
    def button(book: Book | None = None) -> None:
        book = book if book is not None else _caller()
        status, note = "ok", ""
        try:
            fn(book, book_lang(book))
        except IntakeError as exc:
            status, note = "failed", type(exc).__name__
            book.message(str(exc))
        try:  # the configured [audit] path; a config that cannot be read was reported above
            config = book_config(book)
        except IntakeError:
            config = None
        audit.record(
            f"button:{fn.__name__.removesuffix('_button')}",
            inputs=[book.name],
            status=status,
            message=note,
            config=config,
        )

    return button


@_button
def validate_button(book: Book, lang: Lang) -> None:
    """校验: check the intake sheet, mark bad cells, write the Errors sheet; with a registry,
    also mark the rows that are other reps' protected customers (their owner in the note)."""
    if not registry_named(book):
        validate_book(book, lang=lang)
        return
    # start-up: the registry (SQLAlchemy, addin.jobs) adds ~0.6 s (python -X importtime),
    # paid only by a workbook that names a registry
    from .registry import validate_registry_book

    validate_registry_book(book, lang=lang)


@_button
def register_button(book: Book, lang: Lang) -> None:
    """登记客户: register the sheet's new customers in the registry; say what is taken."""
    from .registry import register_book  # start-up: see the note on the imports above

    register_book(book, lang=lang)


@_button
def clear_marks_button(book: Book, lang: Lang) -> None:
    """清除标记: remove the marks of the last check."""
    clear_marks_book(book, lang=lang)


@_button
def dedupe_button(book: Book, lang: Lang) -> None:
    """查重: list duplicate customers on a Duplicates sheet and mark their rows."""
    from .dedupe import dedupe_book  # start-up: see the note on the imports above

    dedupe_book(book, lang=lang)


@_button
def classify_button(book: Book, lang: Lang) -> None:
    """客户分类: write the Classification sheet."""
    from .classify import classify_book  # start-up: see the note on the imports above

    classify_book(book, lang=lang)


@_button
def followups_button(book: Book, lang: Lang) -> None:
    """生成跟进表: write follow-up workbooks per rep and manager beside this workbook."""
    from .followups import followups_book  # start-up: see the note on the imports above

    followups_book(book, lang=lang)


@_button
def email_button(book: Book, lang: Lang) -> None:
    """发送给经理: e-mail each manager their follow-up workbook."""
    from .send import email_book  # start-up: see the note on the imports above

    email_book(book, lang=lang)


@_button
def run_button(book: Book, lang: Lang) -> None:
    """一键处理: the whole pipeline over the reps' files in this workbook's folder."""
    from .actions import run_book  # start-up: see the note on the imports above

    run_book(book, lang=lang)
