"""The texts of the sheet writer: the catalogue ``xlsx`` of codes -> (zh, en)."""

from __future__ import annotations

from ..messages import Catalogue

__all__ = ["TEXTS", "msg"]

TEXTS = Catalogue(
    "xlsx",
    {
        # Excel's page footer: &P is the page number, &N the number of pages.
        "xlsx_page_footer": ("第 &P 页，共 &N 页", "Page &P of &N"),
        # --- summary sheet: the columns next to each block's labels ---------------------------
        "xlsx_col_count": ("数量", "Customers"),
        "xlsx_col_amount": ("金额（元）", "Amount (CNY)"),
        "xlsx_col_share": ("金额占比", "Share of amount"),
    },
)
msg = TEXTS.msg
