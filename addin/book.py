"""A small workbook interface the button jobs work through.

Two implementations: :class:`OpenpyxlBook` here (files on disk: the CLI's marked copies and
every test) and ``XlwingsBook`` in :mod:`addin.excel.buttons` (the workbook open in Excel). The jobs in
:mod:`addin.intake.marks` only see :class:`Book`, so everything but the last inch is tested on
Linux without Excel.

Marks (the red fill and note on a bad cell) are recorded in a hidden sheet ``_intake_marks``
with the cell's original fill, so "clear marks" restores exactly what the rep had.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

import pandas as pd

from .cellsafe import cell_text, fit_cell, quoted_for_excel
from .files import atomic_write

if TYPE_CHECKING:
    import openpyxl
    import openpyxl.worksheet.worksheet

# start-up: openpyxl takes ~0.2 s to import (python -X importtime -c "import openpyxl") and
# only OpenpyxlBook uses it, never a ribbon button in Excel (that is XlwingsBook): it is
# imported in OpenpyxlBook's methods, not here.

__all__ = ["Book", "CellMark", "OpenpyxlBook", "MARK_COLOR", "MARKS_SHEET", "frame_to_rows"]

#: Fill of a marked cell (Excel's "bad" light red).
MARK_COLOR = "FFC7CE"
#: Hidden sheet remembering marked cells and their original fills.
MARKS_SHEET = "_intake_marks"
_AUTHOR = "intake"


@dataclass(frozen=True)
class CellMark:
    """A cell to mark: 1-based row and column, and the note to show on it."""

    sheet: str
    row: int
    column: int
    note: str
    color: str = MARK_COLOR


@runtime_checkable
class Book(Protocol):
    """What the jobs need from a workbook."""

    @property
    def name(self) -> str:
        """Full name (path) of the workbook, for messages and reports."""
        ...

    def sheet_names(self) -> list[str]: ...

    def read_values(self, sheet: str) -> list[list[object]]:
        """Cell values from A1 to the last used cell, row by row."""
        ...

    def write_frame(self, sheet: str, frame: pd.DataFrame) -> None:
        """Create or replace ``sheet`` with ``frame`` (header row bold, filter, frozen)."""
        ...

    def mark(self, marks: Sequence[CellMark]) -> None:
        """Fill the cells light red and attach the note; remember the original fills."""
        ...

    def clear_marks(self) -> int:
        """Remove every mark made by :meth:`mark`; return how many cells were restored."""
        ...

    def message(self, text: str) -> None:
        """Tell the user something (a message box in Excel)."""
        ...

    def save(self) -> None: ...


def frame_to_rows(frame: pd.DataFrame, *, quote: bool = False) -> list[list[object]]:
    """Header + rows of plain Python values Excel can hold (NaN/NaT -> None, Timestamps -> datetime).

    ``quote`` (for a live Excel, which reads '=...' as a formula): text gets Excel's ``'`` prefix
    where it would start a formula, and is cut to Excel's cell limit.
    """

    def plain(v: object) -> object:
        if v is None or v is pd.NaT:
            return None
        if isinstance(v, float) and v != v:
            return None
        if isinstance(v, pd.Timestamp):
            return v.to_pydatetime()
        if hasattr(v, "item") and not isinstance(v, str | bytes):
            return v.item()  # numpy scalar
        if v is pd.NA:
            return None
        return v

    rows: list[list[object]] = [[str(c) for c in frame.columns]]
    rows.extend([plain(v) for v in rec] for rec in frame.itertuples(index=False, name=None))
    if quote:
        return [[quoted_for_excel(v) for v in r] for r in rows]
    return rows


def _append(ws: openpyxl.worksheet.worksheet.Worksheet, values: Sequence[object]) -> None:
    """Append a row whose text is stored as text, never as a formula (addin.cellsafe)."""
    ws.append([cell_text(v) if isinstance(v, str) else v for v in values])
    for cell in ws[ws.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"  # openpyxl made '=...' a formula when it was assigned


class OpenpyxlBook:
    """A workbook file opened with openpyxl; :meth:`save` writes atomically (to ``out`` or in place).

    Args:
        path: the .xlsx/.xlsm to open (VBA and the ribbon part are kept).
        out: where :meth:`save` writes; by default the file itself, with a backup of the old one.

    Example:
        >>> book = OpenpyxlBook("rep.xlsx", out="rep.checked.xlsx")  # doctest: +SKIP
    """

    def __init__(self, path: str | Path, *, out: str | Path | None = None) -> None:
        self.path = Path(path)
        self.out = Path(out) if out is not None else self.path
        import openpyxl  # start-up: see the note at the top of this module

        self._wb = openpyxl.load_workbook(self.path, keep_vba=self.path.suffix.lower() == ".xlsm")
        self._values: openpyxl.Workbook | None = None
        self.messages: list[str] = []

    @property
    def name(self) -> str:
        return str(self.path)

    @property
    def workbook(self) -> openpyxl.Workbook:
        return self._wb

    def sheet_names(self) -> list[str]:
        return [n for n in self._wb.sheetnames if n != MARKS_SHEET]

    def read_values(self, sheet: str) -> list[list[object]]:
        # Formulas are read by their cached results, as Excel shows them; the workbook we save
        # is a separate load, so the formulas themselves are kept.
        if self._values is None:
            import openpyxl  # start-up: see the note at the top of this module

            self._values = openpyxl.load_workbook(self.path, data_only=True, read_only=True)
        if sheet not in self._values.sheetnames:  # written by us since loading
            ws = self._wb[sheet]
            return [list(r) for r in ws.iter_rows(min_row=1, min_col=1, values_only=True)]
        ws = self._values[sheet]
        return [list(r) for r in ws.iter_rows(min_row=1, min_col=1, values_only=True)]

    def write_frame(self, sheet: str, frame: pd.DataFrame) -> None:
        from openpyxl.styles import Font  # start-up: see the note at the top of this module
        from openpyxl.utils import get_column_letter  # start-up: as above

        if sheet in self._wb.sheetnames:
            index = self._wb.sheetnames.index(sheet)
            del self._wb[sheet]
            ws = self._wb.create_sheet(sheet, index)
        else:
            ws = self._wb.create_sheet(sheet)
        rows = frame_to_rows(frame)
        for r in rows:
            _append(ws, r)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        ws.freeze_panes = "A2"
        if len(rows) > 1 and len(rows[0]):
            ws.auto_filter.ref = f"A1:{get_column_letter(len(rows[0]))}{len(rows)}"
        for i, col in enumerate(rows[0], start=1):
            width = max([len(str(col)) * 2] + [len(str(r[i - 1] or "")[:80]) for r in rows[1:200]])
            ws.column_dimensions[get_column_letter(i)].width = min(60, max(8, width + 2))
        for r in ws.iter_rows(min_row=2):
            for cell in r:
                if isinstance(cell.value, dt.datetime):
                    cell.number_format = "yyyy-mm-dd"

    def _marks_sheet(self) -> openpyxl.worksheet.worksheet.Worksheet:
        if MARKS_SHEET in self._wb.sheetnames:
            return self._wb[MARKS_SHEET]
        ws = self._wb.create_sheet(MARKS_SHEET)
        ws.sheet_state = "veryHidden"
        _append(ws, ["sheet", "row", "column", "fill"])
        return ws

    def mark(self, marks: Sequence[CellMark]) -> None:
        from openpyxl.cell.cell import MergedCell  # start-up: see the top of this module
        from openpyxl.comments import Comment  # start-up: as above
        from openpyxl.styles import PatternFill  # start-up: as above

        if not marks:
            return
        log = self._marks_sheet()
        for m in marks:
            ws = self._wb[m.sheet]
            cell = ws.cell(row=m.row, column=m.column)
            if isinstance(cell, MergedCell):  # notes live on the top-left cell of a merged range
                for rng in ws.merged_cells.ranges:
                    if cell.coordinate in rng:
                        cell = ws.cell(row=rng.min_row, column=rng.min_col)
                        break
            old = cell.fill.fgColor.rgb if cell.fill and cell.fill.fill_type == "solid" else ""
            _append(log, [m.sheet, cell.row, cell.column, old if isinstance(old, str) else ""])
            cell.fill = PatternFill("solid", start_color=m.color, end_color=m.color)
            comment = Comment(fit_cell(m.note), _AUTHOR)
            comment.width, comment.height = 300, 90
            cell.comment = comment

    def clear_marks(self) -> int:
        from openpyxl.styles import PatternFill  # start-up: see the note at the top of this module

        if MARKS_SHEET not in self._wb.sheetnames:
            return 0
        log = self._wb[MARKS_SHEET]
        restored: set[tuple[str, int, int]] = set()
        entries = list(log.iter_rows(min_row=2, values_only=True))
        for sheet, row, column, old in reversed(entries):
            if sheet not in self._wb.sheetnames or row is None or column is None:
                continue
            cell = self._wb[str(sheet)].cell(row=int(row), column=int(column))
            if cell.comment is not None and cell.comment.author == _AUTHOR:
                cell.comment = None
            cell.fill = (
                PatternFill("solid", start_color=old, end_color=old) if old else PatternFill()
            )
            restored.add((str(sheet), int(row), int(column)))
        del self._wb[MARKS_SHEET]
        return len(restored)

    def message(self, text: str) -> None:
        self.messages.append(text)

    def close(self) -> None:
        if self._values is not None:
            self._values.close()
            self._values = None

    def save(self) -> None:
        self.close()
        atomic_write(self.out, lambda tmp: self._wb.save(tmp), backup=True)
