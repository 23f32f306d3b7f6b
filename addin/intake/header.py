"""Finding the intake sheet of a workbook and the header row within a sheet."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import python_calamine as pc

from ..errors import EmptySheetError, InputError, NoIntakeSheetError, UnreadableFileError
from ..schema import Lang, fold_header, header_lookup
from .text import is_blank
from .texts import msg

__all__ = [
    "HEADER_SCAN_ROWS",
    "MIN_HEADER_MATCHES",
    "choose_rows_sheet",
    "choose_sheet",
    "find_header",
]

#: How many rows from the top are searched for the header row.
HEADER_SCAN_ROWS = 30
#: A row is the header when at least this many of its cells name a field.
MIN_HEADER_MATCHES = 3
_PREFERRED_SHEETS = ("客户信息", "客户登记", "客户", "customers", "customer intake", "intake")


def _header_score(row: Sequence[object], lookup: dict[str, str]) -> int:
    return sum(1 for v in row if isinstance(v, str) and fold_header(v) in lookup)


def find_header(rows: list[list[Any]], lookup: dict[str, str]) -> tuple[int, int]:
    """(0-based row, fields named) of the row among the first ones naming the most fields."""
    best, best_score = -1, 0
    for i, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        score = _header_score(row, lookup)
        if score > best_score:
            best, best_score = i, score
    return best, best_score


def choose_sheet(
    wb: pc.CalamineWorkbook, path: Path, sheet: str | None, lang: Lang
) -> tuple[str, list[list[Any]], int, pc.CalamineSheet]:
    """The intake sheet of a workbook: (name, rows, 0-based header row, the sheet)."""
    lookup = header_lookup()
    names = list(wb.sheet_names)
    if sheet is not None:
        if sheet not in names:
            raise InputError(
                msg("sheet_missing", lang, sheet=sheet, sheets="、".join(names)), file=path
            )
        candidates = [sheet]
    else:
        visible = [m.name for m in wb.sheets_metadata if m.visible == pc.SheetVisibleEnum.Visible]
        preferred = [n for n in visible if fold_header(n) in map(fold_header, _PREFERRED_SHEETS)]
        candidates = preferred + [n for n in visible if n not in preferred]
        candidates += [n for n in names if n not in candidates]
    best: tuple[int, str, list[list[Any]], int, pc.CalamineSheet] | None = None
    for name in candidates:
        try:
            sh = wb.get_sheet_by_name(name)
            rows = sh.to_python(skip_empty_area=False)
        except Exception as exc:
            raise UnreadableFileError(msg("file_corrupt", lang), file=path, sheet=name) from exc
        hdr, score = find_header(rows, lookup)
        if sheet is not None:
            if not rows or all(is_blank(v) for r in rows for v in r):
                raise EmptySheetError(msg("sheet_empty", lang), file=path, sheet=name)
            if score == 0:
                raise NoIntakeSheetError(
                    msg("no_intake_sheet", lang, rows=HEADER_SCAN_ROWS), file=path, sheet=name
                )
            return name, rows, hdr, sh
        if score >= MIN_HEADER_MATCHES and (best is None or score > best[0]):
            best = (score, name, rows, hdr, sh)
    if best is None:
        if all(_sheet_is_empty(wb, n) for n in names):
            raise EmptySheetError(
                msg("sheet_empty", lang), file=path, sheet=names[0] if names else None
            )
        raise NoIntakeSheetError(msg("no_intake_sheet", lang, rows=HEADER_SCAN_ROWS), file=path)
    _, name, rows, hdr, sh = best
    return name, rows, hdr, sh


def _sheet_is_empty(wb: pc.CalamineWorkbook, name: str) -> bool:
    try:
        return wb.get_sheet_by_name(name).height == 0
    except Exception:
        return True


def choose_rows_sheet(
    sheets: dict[str, list[list[Any]]], path: Path, sheet: str | None, lang: Lang
) -> tuple[str, int]:
    """(sheet name, 0-based header row) among sheets already in memory."""
    lookup = header_lookup()
    if sheet is not None:
        if sheet not in sheets:
            raise InputError(
                msg("sheet_missing", lang, sheet=sheet, sheets="、".join(sheets)), file=path
            )
        names = [sheet]
    else:
        names = list(sheets)
    best: tuple[int, str, int] | None = None
    for name in names:
        hdr, score = find_header(sheets[name], lookup)
        if score >= (1 if sheet else MIN_HEADER_MATCHES) and (best is None or score > best[0]):
            best = (score, name, hdr)
    if best is None:
        if sheet is not None and not any(not is_blank(v) for r in sheets[sheet] for v in r):
            raise EmptySheetError(msg("sheet_empty", lang), file=path, sheet=sheet)
        raise NoIntakeSheetError(
            msg("no_intake_sheet", lang, rows=HEADER_SCAN_ROWS), file=path, sheet=sheet
        )
    _, name, hdr = best
    return name, hdr
