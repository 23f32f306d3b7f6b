"""The buttons and the customer registry: 校验 checks the open sheet against it, 登记客户 registers.

Both use the registry named by ``[registry] url`` in ``intake.toml`` beside the workbook (or
``$INTAKE_REGISTRY``); without one, 校验 is what it always was and 登记客户 says how to name one.
A row that is another rep's protected customer (taken, 撞单) gets a mark on its name cell
(orange, with a note) and a line on the Errors sheet: the owner's name, since when and until
when it is protected, and the kind of evidence. Never the other rep's data: not its mobile,
e-mail, address, nor the name it was registered under (the rep's own typing is all that shows).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from ..book import Book, CellMark
from ..config import Config
from ..errors import ConfigError
from ..intake import ValidationResult, problems_frame, validate_book, validate_frame
from ..intake.address import column_letter
from ..intake.marks import read_book_intake
from ..intake.report import localize_problems, sheet_name
from ..intake.result import Intake
from ..jobs.registry_run import RegistryStep, registry_configured, registry_step
from ..registry import Clock
from ..schema import Lang
from .beside import book_config
from .texts import msg

__all__ = ["TAKEN_COLOR", "register_book", "validate_registry_book"]

#: Fill of a taken row's name cell (Excel's orange accent, light): neither error red nor
#: the duplicates' yellow.
TAKEN_COLOR = "F8CBAD"
#: Names listed per status in the message box (the rest are counted).
_LISTED = 10


class _Held:
    """A :class:`Book` whose messages are kept, so the user gets one message box at the end,
    and whose sheets are read from Excel once (the taken rows' marks need the intake again)."""

    def __init__(self, book: Book) -> None:
        self.book = book
        self.said: list[str] = []
        self._values: dict[str, list[list[object]]] = {}

    @property
    def name(self) -> str:
        return self.book.name

    def sheet_names(self) -> list[str]:
        return self.book.sheet_names()

    def read_values(self, sheet: str) -> list[list[object]]:
        if sheet not in self._values:
            self._values[sheet] = self.book.read_values(sheet)
        return self._values[sheet]

    def write_frame(self, sheet: str, frame: pd.DataFrame) -> None:
        self._values.pop(sheet, None)
        self.book.write_frame(sheet, frame)

    def mark(self, marks: Sequence[CellMark]) -> None:
        self.book.mark(marks)

    def clear_marks(self) -> int:
        return self.book.clear_marks()

    def message(self, text: str) -> None:
        self.said.append(text)

    def save(self) -> None:
        self.book.save()


def _taken(step: RegistryStep) -> list[dict[str, Any]]:
    return [r for r in step.records if r["status"] == "taken"]


def _mark_taken(book: Book, step: RegistryStep, intake: Intake, lang: Lang) -> pd.DataFrame:
    """Mark the taken rows' name cells (of ``intake``, the sheet checked); their Errors lines."""
    column = intake.columns.get("customer_name", 1)
    taken = _taken(step)
    book.mark(
        [
            CellMark(
                intake.sheet,
                int(r["row"]),
                column,
                msg("regrun_xl_taken_note", lang, reason=r["reason"]),
                TAKEN_COLOR,
            )
            for r in taken
        ]
    )
    return problems_frame(
        {
            "level": "warning",
            "file": r["file"],
            "sheet": r["sheet"],
            "row": r["row"],
            "column": column_letter(column),
            "field": "customer_name",
            "value": r["customer_name"],
            "code": "regrun_taken",
            "message": r["reason"],
        }
        for r in taken
    )


def validate_registry_book(
    book: Book, *, lang: Lang = "zh", config: Config | None = None, clock: Clock | None = None
) -> ValidationResult:
    """校验 with the registry: the usual check, then taken rows marked with their owner.

    The registry is only read. When it cannot be used the check is done all the same and the
    message says why the registry part is missing.
    """
    config = config or book_config(book)
    if not registry_configured(config):
        return validate_book(book, lang=lang)
    held = _Held(book)
    result = validate_book(held, lang=lang)
    lines = held.said
    step = None
    if not result.customers.empty:
        step = registry_step(
            result.customers, config=config, lang=lang, register=False, clock=clock
        )
    if step is not None and not step.failed:
        extra = _mark_taken(book, step, read_book_intake(held, lang=lang), lang)
        if len(extra):
            result.errors = pd.concat([result.errors, extra], ignore_index=True)
            book.write_frame(sheet_name("errors", lang), localize_problems(result.errors, lang))
        lines = [*lines, msg("regrun_xl_checked", lang, taken=step.counts.get("taken", 0),
                                 possible=step.counts.get("possible", 0))]  # fmt: skip
    elif step is not None:
        lines = [*lines, *step.notes]
    book.message("\n".join(lines))
    return result


def _names(records: Sequence[dict[str, Any]], lang: Lang, owner: bool = False) -> str:
    shown = [
        msg("regrun_xl_owned_by", lang, name=r["customer_name"] or "-", owner=r["owner"] or "")
        if owner
        else str(r["customer_name"] or "-")
        for r in records[:_LISTED]
    ]
    more = len(records) - _LISTED
    if more > 0:
        shown.append(msg("regrun_xl_more", lang, n=more))
    return msg("regrun_xl_sep", lang).join(shown) or "-"


def register_book(
    book: Book, *, lang: Lang = "zh", config: Config | None = None, clock: Clock | None = None
) -> RegistryStep:
    """登记客户: register the open sheet's new customers for its rep (each row's 业务员).

    Tells the rep what was registered, what is taken (marked on the sheet, with the owner) and
    what a manager has to look at. Nothing is registered without a named registry; cells that
    fail validation count as blank (校验 shows them).

    Raises:
        ConfigError: no registry is named (the message says how to name one).
    """
    config = config or book_config(book)
    if not registry_configured(config):
        raise ConfigError(msg("regrun_xl_no_registry", lang), file=book.name)
    intake = read_book_intake(book, lang=lang)
    customers = validate_frame(intake.frame, lang=lang).customers
    step = registry_step(customers, config=config, lang=lang, clock=clock)
    if step is None or step.failed:
        book.message("\n".join(step.notes if step else []))
        return step or RegistryStep(failed=True)
    _mark_taken(book, step, intake, lang)
    registered = [r for r, a in zip(step.records, step.actions, strict=True) if a == "registered"]
    taken = _taken(step)
    possible = [r for r in step.records if r["status"] == "possible"]
    lines = [msg("regrun_xl_registered", lang, n=len(registered), names=_names(registered, lang))]
    if taken:
        lines.append(msg("regrun_xl_taken", lang, n=len(taken), names=_names(taken, lang, True)))
    if possible:
        lines.append(msg("regrun_xl_possible", lang, n=len(possible), names=_names(possible, lang)))
    over = step.counts.get("over_limit", 0)
    if over:
        lines.append(msg("regrun_xl_over_limit", lang, n=over))
    book.message("\n".join(lines))
    return step
