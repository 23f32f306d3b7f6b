"""The 业绩看板 workbook: one sheet, the table per rep and week, native charts below it.

The table is an Excel table (filter buttons, banded rows) sorted by rep and week, so each
rep's weeks are one block of rows; each chart has one series per rep pointing at that block
(categories: the week column), so a manager who corrects or filters nothing sees the charts
follow the table. On paper: A4 landscape, one page wide, the header repeated; the charts start
on a new page, two side by side and two rows of them per page, none cut.

The book holds counts only: no customer's name, mobile, e-mail or address is in it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import pandas as pd
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from ..cellsafe import xlsx_text
from ..files import atomic_write
from ..schema import Lang
from ..xlsx.layout import add_table, content_width, print_setup
from ..xlsx.sheets import new_workbook
from .texts import msg
from .weekly import KPI_COLUMNS

__all__ = ["CHARTS", "ChartSpec", "write_kpi_book"]

Kind = Literal["text", "date", "int", "percent", "number"]

#: Each column's kind (cell format) in the sheet.
_KINDS: dict[str, Kind] = {
    "rep": "text",
    "week": "text",
    "week_start": "date",
    "on_time_rate": "percent",
    "complete": "percent",
    "errors_per_100": "number",
}
_FORMATS: dict[Kind, dict[str, Any]] = {
    "text": {},
    "date": {"num_format": "yyyy-mm-dd", "align": "left"},
    "int": {"num_format": "#,##0"},
    "percent": {"num_format": "0.0%"},
    "number": {"num_format": "0.0"},
}
#: Rows a band of charts takes (a 300 px chart is 15 rows of 20 px, plus a gap).
_BAND_ROWS = 17
_CHART_HEIGHT = 300
_HEADER_ROW = 1


@dataclass(frozen=True)
class ChartSpec:
    """One chart: the column it shows, line or column, its title's text code."""

    column: str
    kind: Literal["line", "column"]
    title: str
    percent: bool = False


CHARTS = (
    ChartSpec("owned", "line", "kpi_chart_owned"),
    ChartSpec("registered", "column", "kpi_chart_registered"),
    ChartSpec("on_time_rate", "line", "kpi_chart_follow_ups", percent=True),
    ChartSpec("complete", "line", "kpi_chart_complete", percent=True),
    ChartSpec("errors_per_100", "line", "kpi_chart_errors"),
    ChartSpec("collisions", "column", "kpi_chart_collisions"),
)


def _header(column: str, lang: Lang) -> str:
    code = {"complete": "kpi_col_complete", "errors_per_100": "kpi_col_errors"}.get(column)
    return msg(code or f"kpi_col_{column}", lang)


def _shown(kpis: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    out = kpis.sort_values(["rep", "week_start"], kind="stable").reset_index(drop=True)
    out["rep"] = out["rep"].map(lambda r: xlsx_text(str(r)) if r else msg("kpi_no_rep", lang))
    return out


def _write_cells(wb: Workbook, ws: Worksheet, shown: pd.DataFrame, lang: Lang) -> list[float]:
    """Header and data rows; returns the column widths."""
    head = wb.add_format(
        {"bold": True, "bg_color": "#1F4E78", "font_color": "#FFFFFF", "text_wrap": True,
         "valign": "vcenter", "border": 1}
    )  # fmt: skip
    fmts = {k: wb.add_format(v) for k, v in _FORMATS.items()}
    headers = [_header(c, lang) for c in KPI_COLUMNS]
    ws.set_row(_HEADER_ROW, 32)
    widths = []
    for c, (col, header) in enumerate(zip(KPI_COLUMNS, headers, strict=True)):
        kind = _KINDS.get(col, "int")
        ws.write_string(_HEADER_ROW, c, header, head)
        sample = shown[col].astype(str) if kind == "text" else ["2026-11-23"]
        width = content_width(header, sample, low=8.0, high=24.0)
        ws.set_column(c, c, width)
        widths.append(width)
        for r, value in enumerate(shown[col].tolist(), start=_HEADER_ROW + 1):
            if kind == "text":
                ws.write_string(r, c, str(value), fmts[kind])
            elif kind == "date":
                ws.write_datetime(r, c, pd.Timestamp(value).to_pydatetime(), fmts[kind])
            elif value is None or (isinstance(value, float) and math.isnan(value)):
                ws.write_blank(r, c, None, fmts[kind])
            else:
                ws.write_number(r, c, float(value), fmts[kind])
    add_table(ws, _HEADER_ROW, len(shown), headers, head)
    return widths


def _blocks(shown: pd.DataFrame) -> list[tuple[int, int]]:
    """First and last sheet row of each rep's weeks."""
    first = _HEADER_ROW + 1
    out = []
    for _, g in shown.groupby("rep", sort=False):
        out.append((first + int(g.index[0]), first + int(g.index[-1])))
    return out


def _charts(
    wb: Workbook, ws: Worksheet, shown: pd.DataFrame, widths: list[float], lang: Lang
) -> list[int]:
    """The charts below the table; returns the rows above which a page break goes."""
    sheet = ws.get_name()
    pixels = sum(math.trunc(7 * w + 5) for w in widths)
    width = max(420, (pixels - 16) // 2)
    top = _HEADER_ROW + len(shown) + 3
    cols = {c: i for i, c in enumerate(KPI_COLUMNS)}
    for n, spec in enumerate(CHARTS):
        chart = wb.add_chart({"type": spec.kind})
        assert chart is not None
        col = cols[spec.column]
        for first, last in _blocks(shown):
            series: dict[str, Any] = {
                "name": [sheet, first, 0],
                "categories": [sheet, first, 1, last, 1],
                "values": [sheet, first, col, last, col],
            }
            if spec.kind == "line":
                series["marker"] = {"type": "circle", "size": 5}
            chart.add_series(series)
        chart.set_title({"name": msg(spec.title, lang), "name_font": {"size": 11}})
        axis: dict[str, Any] = {"min": 0}
        if spec.percent:
            axis |= {"max": 1, "num_format": "0%"}
        chart.set_y_axis(axis)
        chart.set_legend({"position": "bottom"})
        chart.show_blanks_as("gap")
        chart.set_size({"width": width, "height": _CHART_HEIGHT})
        band, side = divmod(n, 2)
        # one row below the page break: LibreOffice draws a chart on the break on both pages
        at = top + band * _BAND_ROWS + 1
        ws.insert_chart(at, 0, chart, {"x_offset": side * (width + 16)})
    bands = math.ceil(len(CHARTS) / 2)
    return [top + b * _BAND_ROWS for b in range(0, bands, 2)]


def write_kpi_book(kpis: pd.DataFrame, path: str | Path, *, lang: Lang, heading: str) -> Path:
    """Write the 业绩看板 sheet (atomically; an existing file is backed up).

    Args:
        kpis: :func:`~addin.kpi.weekly.weekly_kpis`.
        path: the .xlsx to write.
        lang: language of the sheet name, headers and chart titles.
        heading: the first line (what, which weeks, as of when).

    Example:
        >>> write_kpi_book(weekly_kpis(h, now), "业绩看板.xlsx", lang="zh", heading="业绩看板")  # doctest: +SKIP
    """
    shown = _shown(kpis, lang)

    def write(tmp: Path) -> None:
        wb = new_workbook(tmp, constant_memory=False)
        ws = wb.add_worksheet(msg("kpi_sheet", lang))
        ws.write_string(0, 0, xlsx_text(heading), wb.add_format({"bold": True, "font_size": 13}))
        ws.set_row(0, 22)
        widths = _write_cells(wb, ws, shown, lang)
        print_setup(ws, _HEADER_ROW, heading, lang)
        if len(shown):
            ws.set_h_pagebreaks(_charts(wb, ws, shown, widths, lang))
        wb.close()

    return atomic_write(Path(path), write, lang=lang)
