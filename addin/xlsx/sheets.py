"""Fast, print-ready sheets with xlsxwriter: typed columns as Excel tables, widths from the content.

Why xlsxwriter (and its native charts) rather than openpyxl for our outputs: the
classification sheet has one row per customer (100,000 in the benchmark), and xlsxwriter in
``constant_memory`` mode streams rows to disk several times faster than openpyxl builds them
in memory. Its charts are native Excel charts (DrawingML, the same XML openpyxl writes), so
they open and stay editable in Excel and LibreOffice; one library writes the whole book in
one pass, with no second load-and-save of a 100,000-row file to add the charts.

Dates are written as Excel serial numbers with a date format (what Excel stores anyway),
which is much faster than converting every value to ``datetime``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd
import xlsxwriter
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from ..cellsafe import XLSXWRITER_OPTIONS, xlsx_text
from ..schema import Lang
from .fastrows import PendingRows, splice_rows
from .layout import (
    add_table,
    column_values,
    content_width,
    print_setup,
    row_heights,
    wrapped_lines,
)

__all__ = ["Column", "SheetBook", "new_workbook", "write_table", "excel_serial"]

Kind = Literal["text", "date", "int", "money", "number", "percent"]

_EXCEL_EPOCH = np.datetime64("1899-12-30", "D")

_FORMATS: dict[Kind, dict[str, Any]] = {
    "text": {"valign": "top"},
    "date": {"num_format": "yyyy-mm-dd", "align": "left", "valign": "top"},
    "int": {"num_format": "0", "valign": "top"},
    "money": {"num_format": "#,##0.00", "valign": "top"},
    "number": {"num_format": "0.##", "valign": "top"},
    "percent": {"num_format": "0.0%", "valign": "top"},
}


@dataclass(frozen=True)
class Column:
    """One output column: where its values come from, its header, kind and widest width.

    The width is taken from the content (CJK counted double) up to ``width`` for wrapped
    columns (long texts, shown whole on several lines) and up to 45 for the others.
    """

    key: str
    header: str
    kind: Kind = "text"
    width: float = 12.0
    wrap: bool = False

    def fitted(self, values: pd.Series) -> float:
        """The column's width for these values."""
        high = self.width if self.wrap else max(self.width, 45.0)
        return content_width(self.header, column_values(values), low=4.0, high=high)


def new_workbook(path: Path, *, constant_memory: bool = True, in_memory: bool = False) -> Workbook:
    """An xlsxwriter workbook with our defaults (no URL/number guessing, NaN -> blank).

    ``in_memory`` keeps xlsxwriter's parts in memory instead of a temp file each (a dozen
    files created and removed per workbook: ~50 ms on a busy disk, times 200 rep books).
    """
    return xlsxwriter.Workbook(
        str(path),
        {
            "constant_memory": constant_memory,
            "in_memory": in_memory,
            **XLSXWRITER_OPTIONS,
            "nan_inf_to_errors": False,
            "default_date_format": "yyyy-mm-dd",
        },
    )


def excel_serial(values: pd.Series) -> np.ndarray:
    """Excel day numbers of a datetime column (NaN where missing)."""
    days = values.to_numpy(dtype="datetime64[D]")
    out = (days - _EXCEL_EPOCH).astype("timedelta64[D]").astype(np.int64).astype(float)
    out[np.isnat(days)] = np.nan
    return out


def _prepared(series: pd.Series, kind: Kind) -> np.ndarray:
    """Column values for :mod:`addin.xlsx.fastrows`: str or None for text, float (NaN) otherwise."""
    if kind == "date":
        return excel_serial(pd.to_datetime(series, errors="coerce"))
    if kind == "text":
        obj = series.astype(object)
        if pd.api.types.infer_dtype(obj, skipna=True) in ("string", "empty"):
            out: np.ndarray = obj.where(obj.notna(), None).to_numpy()  # texts already
            return out
        # mixed cells: what str() makes of each (1 and 1.0 must stay apart)
        return np.asarray(
            obj.where(obj.notna(), None).map(lambda v: v if v is None else str(v)), dtype=object
        )
    return pd.to_numeric(series, errors="coerce").astype(float).to_numpy()


class SheetBook:
    """An xlsxwriter workbook whose big tables get their rows spliced in on :meth:`close`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        # The data rows come later (splice_rows), so what xlsxwriter holds is small: in memory.
        self.wb = new_workbook(path, constant_memory=False, in_memory=True)
        self.pending: list[PendingRows] = []

    def close(self) -> None:
        """Write the file, then stream the data rows of every table into it."""
        self.wb.close()
        splice_rows(self.path, self.pending)


def write_table(
    book: SheetBook,
    name: str,
    frame: pd.DataFrame,
    columns: Sequence[Column],
    *,
    lang: Lang,
    title: str | None = None,
    highlight: Sequence[bool] | np.ndarray | None = None,
    printed: int | None = None,
) -> Worksheet:
    """Write ``frame[columns]`` to a new print-ready sheet; a title line above the header if given.

    Args:
        book: the workbook; the rows are added when it is closed (:mod:`addin.xlsx.fastrows`).
        name: sheet name (max 31 characters).
        frame: the data; ``Column.key`` names its columns.
        columns: what to show, in order.
        lang: language of the page header and footer.
        title: optional first line (bold), e.g. "跟进清单 · 张伟 · 截至 2026-11-23".
        highlight: optional flag per row; flagged rows get a light red fill (e.g. overdue).
        printed: print only the first ``printed`` columns (the print area); default all.

    Example:
        >>> write_table(book, "客户分类", df, [Column("rep", "业务员")], lang="zh")  # doctest: +SKIP
    """
    wb = book.wb
    ws = wb.add_worksheet(name[:31])
    header = wb.add_format(
        {
            "bold": True,
            "bg_color": "#1F4E78",
            "font_color": "#FFFFFF",
            "text_wrap": True,
            "valign": "vcenter",
            "border": 1,
        }
    )
    wrap = {"text_wrap": True}
    fmts = {
        (k, w): wb.add_format({**v, **(wrap if w else {})})
        for k, v in _FORMATS.items()
        for w in (False, True)
    }
    marked = {
        (k, w): wb.add_format({**v, **(wrap if w else {}), "bg_color": "#FCE4E4"})
        for k, v in _FORMATS.items()
        for w in (False, True)
    }
    top = 0
    widths = [col.fitted(frame[col.key]) for col in columns]
    for c, width in enumerate(widths):
        ws.set_column(c, c, width)
    values = [_prepared(frame[col.key], col.kind) for col in columns]
    wrapped = [  # wrapped columns are text: their prepared values are str or None
        wrapped_lines(v, w) for col, v, w in zip(columns, values, widths, strict=True) if col.wrap
    ]
    if title:
        ws.set_row(0, 22)
        ws.write_string(0, 0, xlsx_text(title), wb.add_format({"bold": True, "font_size": 13}))
        top = 1
    ws.set_row(top, 30)
    for c, col in enumerate(columns):
        ws.write_string(top, c, col.header, header)
    n = len(frame)
    plain = [fmts[col.kind, col.wrap] for col in columns]
    red = [marked[col.kind, col.wrap] for col in columns]
    # Two placeholder rows register the cell formats; _fastrows replaces them by the data.
    for c in range(len(columns)):
        ws.write_blank(top + 1, c, None, plain[c])
        ws.write_blank(top + 2, c, None, red[c])
    flags = np.zeros(n, dtype=bool) if highlight is None else np.asarray(highlight, dtype=bool)
    book.pending.append(
        PendingRows(
            index=len(wb.worksheets()) - 1,
            first_row=top + 1,
            ncols=len(columns),
            values=values,
            is_text=[col.kind == "text" for col in columns],
            plain=plain,
            marked=red,
            highlight=flags,
            heights=row_heights(wrapped, n) if wrapped else None,
        )
    )
    add_table(ws, top, n, [col.header for col in columns], header)
    print_setup(ws, top, title or name, lang)
    if printed is not None and 0 < printed < len(columns):
        ws.print_area(0, 0, top + max(n, 1), printed - 1)
    return ws
