"""Summary tables with native Excel charts (xlsxwriter): one table and one chart per dimension.

Each table is ``label | count | amount | share of amount``; the chart next to it is a pie for
dimensions with few values (tier, source) and a horizontal bar chart for the others, where
long Chinese labels stay readable.

On paper (A4 landscape at 90 %, which fits the table and the chart side by side) a page break
goes before each block that would not fit on the rest of the page, so that no chart is cut.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import pandas as pd
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from ..cellsafe import xlsx_text
from ..schema import Lang
from .texts import msg

__all__ = ["SummaryTable", "write_summary_sheet"]

ChartKind = Literal["pie", "bar"]

#: Rows a block takes at least: the chart (300 px) is about 15 rows of 20 px high.
_BLOCK_ROWS = 18
#: Rows of 15 pt on one A4 landscape page at 90 % (504 pt of printable height), with a margin.
_PAGE_ROWS = 34

#: Text codes of the headers right of each block's labels: count, amount, share of amount.
_HEADERS = ("xlsx_col_count", "xlsx_col_amount", "xlsx_col_share")


@dataclass(frozen=True)
class SummaryTable:
    """One block of the summary sheet: a title, rows of (label, count, amount), a chart kind."""

    title: str
    table: pd.DataFrame  # columns: label, count, amount
    chart: ChartKind
    chart_value: Literal["count", "amount"] = "count"


def write_summary_sheet(
    wb: Workbook, name: str, blocks: Sequence[SummaryTable], *, lang: Lang, heading: str
) -> None:
    """Write the tables one below the other, each with its chart to the right.

    Args:
        wb: the workbook.
        name: sheet name.
        blocks: the tables, in order.
        lang: language of the column headers.
        heading: first line of the sheet (e.g. "客户分类汇总 · 截至 2026-11-23 · 共 1,234 位客户").

    Example:
        >>> write_summary_sheet(wb, "分类汇总", [block], lang="zh", heading="汇总")  # doctest: +SKIP
    """
    ws = wb.add_worksheet(name[:31])
    bold = wb.add_format({"bold": True, "font_size": 12})
    head = wb.add_format(
        {"bold": True, "bg_color": "#1F4E78", "font_color": "#FFFFFF", "border": 1}
    )
    cell = wb.add_format({"border": 1})
    count_fmt = wb.add_format({"num_format": "#,##0", "border": 1})
    money = wb.add_format({"num_format": "#,##0.00", "border": 1})
    pct = wb.add_format({"num_format": "0.0%", "border": 1})
    ws.set_column(0, 0, 22)
    ws.set_column(1, 1, 10)
    ws.set_column(2, 2, 16)
    ws.set_column(3, 3, 12)
    ws.set_landscape()
    ws.set_paper(9)
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    ws.set_print_scale(90)
    ws.set_footer("&C&8" + msg("xlsx_page_footer", lang))
    ws.write_string(0, 0, heading, wb.add_format({"bold": True, "font_size": 14}))
    sheet = name[:31]
    row = 2
    page_top = 0
    breaks: list[int] = []
    labels = [msg(code, lang) for code in _HEADERS]
    for block in blocks:
        t = block.table
        height = max(len(t) + 4, _BLOCK_ROWS)
        if row > page_top and row - page_top + height > _PAGE_ROWS:
            breaks.append(row)  # the break goes above this row: the block starts a new page
            page_top = row
        ws.write_string(row, 0, block.title, bold)
        ws.write_row(row + 1, 0, [block.title, *labels], head)
        total = float(t["amount"].sum())
        first = row + 2
        rows: list[tuple[Any, Any, Any]] = list(
            zip(t["label"].tolist(), t["count"].tolist(), t["amount"].tolist(), strict=True)
        )
        for i, (name, count, amount) in enumerate(rows):
            r = first + i
            ws.write_string(r, 0, xlsx_text(str(name)), cell)
            ws.write_number(r, 1, int(count), count_fmt)
            ws.write_number(r, 2, float(amount), money)
            ws.write_number(r, 3, float(amount) / total if total else 0.0, pct)
        last = first + max(len(t), 1) - 1
        if len(t):
            _chart(wb, ws, block, sheet, first, last, row, lang)
        # Leave room for the chart (about 15 rows high) before the next block.
        row = max(last + 3, row + _BLOCK_ROWS)
    ws.set_h_pagebreaks(breaks)


def _chart(
    wb: Workbook,
    ws: Worksheet,
    block: SummaryTable,
    sheet: str,
    first: int,
    last: int,
    anchor: int,
    lang: Lang,
) -> None:
    col = 1 if block.chart_value == "count" else 2
    chart = wb.add_chart({"type": block.chart})
    assert chart is not None
    value_name = msg(_HEADERS[col - 1], lang)
    series: dict[str, object] = {
        "name": value_name,
        "categories": [sheet, first, 0, last, 0],
        "values": [sheet, first, col, last, col],
    }
    if block.chart == "pie":
        series["data_labels"] = {"percentage": True, "category": True, "separator": "\n"}
    else:
        series["data_labels"] = {"value": True}
        series["fill"] = {"color": "#2E75B6"}
    chart.add_series(series)
    chart.set_title({"name": f"{block.title} · {value_name}"})
    if block.chart == "bar":
        chart.set_legend({"none": True})
        chart.set_y_axis({"reverse": True})  # first row at the top, like the table
    chart.set_size({"width": 520, "height": 300})
    ws.insert_chart(anchor, 5, chart)
