"""How output sheets look on screen and on paper: widths from the content, Excel tables, page set-up.

Every sheet a person may print gets the same set-up (:func:`print_setup`): A4 landscape, all
columns on one page width, the header row repeated on every page, a page footer. One page
width only stays readable when the columns are not too wide together: :func:`print_scale`
estimates the scale Excel will print at, and the writers keep their main sheets above
:data:`READABLE_SCALE` (wide detail columns go to a separate sheet).

On screen each table is an Excel table (a ListObject: style, banded rows, filter buttons) with
a frozen header; column widths come from the content, counting CJK characters double since
they are about twice as wide as a Latin letter.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd
from xlsxwriter.format import Format
from xlsxwriter.utility import xl_range
from xlsxwriter.worksheet import Worksheet

from ..schema import Lang
from .texts import msg

__all__ = [
    "LINE_HEIGHT",
    "READABLE_SCALE",
    "TABLE_STYLE",
    "add_table",
    "content_width",
    "display_width",
    "print_scale",
    "print_setup",
    "row_heights",
    "unique_headers",
    "wrapped_lines",
]

#: Table style of the output tables (blue, banded; one of Excel's built-in styles).
TABLE_STYLE = "Table Style Medium 2"
#: Lowest print scale that still gives readable type (11 pt printed at 70 % is 7.7 pt).
READABLE_SCALE = 0.7
#: Printable width of A4 landscape with our margins, in screen pixels (96 dpi).
_PAGE_PIXELS = (11.69 - 0.8) * 96
#: How many distinct values of a column are measured (enough to find the long ones).
_SAMPLE = 1000


def display_width(text: str) -> int:
    """Width of ``text`` in Latin-letter units: CJK, full-width forms and Chinese punctuation
    count 2.

    Those are the characters of three bytes in UTF-8 (U+0800 and up), so the width is half of
    bytes plus characters: a Latin letter (1 byte) gives 1, a Chinese character (3) gives 2.
    That is ~10x faster than looking up each character's East Asian Width, and counts “”、 as
    wide, as CJK fonts draw them.

    >>> display_width("华信科技 Ltd")
    12
    """
    return (len(text.encode("utf-8")) + len(text)) // 2


def display_widths(values: pd.Series) -> np.ndarray:
    """:func:`display_width` of many texts at once (blanks are 0).

    >>> display_widths(pd.Series(["华信科技 Ltd", None])).tolist()
    [12, 0]
    """
    if (
        isinstance(values, np.ndarray | pd.Series)
        and pd.api.types.infer_dtype(values, skipna=False) == "string"
    ):
        texts = list(values)  # texts already
    else:
        texts = [v if isinstance(v, str) else "" if _blank(v) else str(v) for v in values]
    longest = max(map(len, texts), default=0)
    if not texts:
        return np.zeros(0, dtype=np.int64)
    if len(texts) * longest > _WIDE_CELLS or "\x00" in "".join(texts):
        return np.fromiter((display_width(t) for t in texts), dtype=np.int64, count=len(texts))
    # All at once: the UTF-8 length of each character from its code point (0 = padding).
    points = np.array(texts, dtype=f"<U{max(longest, 1)}").view(np.uint32)
    points = points.reshape(len(texts), max(longest, 1))
    chars = (points > 0).sum(axis=1)
    utf8 = chars + (points >= 0x80).sum(axis=1) + (points >= 0x800).sum(axis=1)
    utf8 += (points >= 0x10000).sum(axis=1)
    out: np.ndarray = ((utf8 + chars) // 2).astype(np.int64)
    return out


#: Most characters (texts x longest text) measured at once; beyond, text by text.
_WIDE_CELLS = 20_000_000


def _blank(value: object) -> bool:
    return (
        value is None
        or value is pd.NA
        or value is pd.NaT
        or (isinstance(value, float) and value != value)
    )


def _header_need(header: str) -> float:
    """Width a header needs: all of it when short, else half (headers wrap onto two lines)."""
    w = display_width(header)
    return w + 0.5 if w <= 10 else max(10.5, math.ceil(w / 2) + 1.5)


def content_width(
    header: str, values: Iterable[object], *, low: float = 5.0, high: float = 40.0
) -> float:
    """Column width (Excel characters) for ``header`` and the longest of ``values``, in bounds.

    >>> content_width("客户", ["北京华信科技有限公司"])
    21.5
    """
    sample = pd.Series(list(itertools.islice(values, _SAMPLE)), dtype=object)
    longest = int(display_widths(sample).max()) if len(sample) else 0
    need = max(_header_need(header), longest + 1.5)
    return float(min(high, max(low, need)))


def column_values(series: pd.Series) -> list[object]:
    """The distinct values of a column, as they print (dates as yyyy-mm-dd)."""
    if pd.api.types.is_datetime64_any_dtype(series):
        return ["2026-01-01"] if series.notna().any() else []
    if pd.api.types.is_float_dtype(series) and series.notna().any():
        biggest = float(series.abs().max())
        return [f"{biggest:,.2f}"]
    # content_width measures the first _SAMPLE of them only, which a shorter start of the
    # column holds when it has that many distinct values
    distinct = pd.unique(series.head(_SAMPLE * 5))
    if len(distinct) < _SAMPLE and len(series) > _SAMPLE * 5:  # (a shorter one: seen whole)
        distinct = pd.unique(series.head(100_000))
    return list(distinct[:_SAMPLE])


#: Height of one line of 11 pt text, in points (Excel's default row height).
LINE_HEIGHT = 15.0


def wrapped_lines(values: Sequence[object] | pd.Series | np.ndarray, width: float) -> np.ndarray:
    """Lines each value takes in a wrapped column of ``width`` (each distinct value measured once).

    Neither Excel nor LibreOffice reliably grows the rows of a generated file to fit wrapped
    text when it opens it, so the writers set the heights themselves.
    """
    flat = values.to_numpy(dtype=object) if isinstance(values, pd.Series) else values
    codes, uniques = pd.factorize(pd.Series(np.asarray(flat, dtype=object), dtype=object))
    per_line = max(width - 1.0, 1.0)
    widths = display_widths(pd.Series(uniques, dtype=object))
    counts = np.maximum(1, np.ceil(widths * 1.05 / per_line)).astype(np.int64)
    table = np.append(counts, 1)  # code -1 (blank) -> one line
    return table[np.asarray(codes)]


def row_heights(lines: Sequence[np.ndarray], n: int) -> np.ndarray:
    """Row heights in points from the lines of each wrapped column; NaN where one line does."""
    most = np.ones(n, dtype=np.int64)
    for ln in lines:
        most = np.maximum(most, ln)
    return np.where(most > 1, most * LINE_HEIGHT, np.nan)


def print_scale(widths: Sequence[float]) -> float:
    """The scale Excel prints a sheet of these column widths at when fitted to one A4 width.

    Excel shows a column of width w as ``trunc(7 w + 5)`` pixels (Calibri 11).
    """
    pixels = sum(math.trunc(7 * w + 5) for w in widths)
    return min(1.0, _PAGE_PIXELS / pixels) if pixels else 1.0


def print_setup(ws: Worksheet, header_row: int, title: str, lang: Lang) -> None:
    """A4 landscape, one page wide, header row repeated, title and page numbers, frozen header."""
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    ws.repeat_rows(header_row)
    ws.fit_to_pages(1, 0)  # all columns on one page width, as many pages down as needed
    ws.set_header("&L&8" + title.replace("&", "&&"))
    ws.set_footer("&C&8" + msg("xlsx_page_footer", lang))
    ws.freeze_panes(header_row + 1, 0)


def unique_headers(headers: Sequence[str]) -> list[str]:
    """Non-empty headers, unique case-blind as Excel tables require ("名称", "名称 2")."""
    seen: set[str] = set()
    out = []
    for h in headers:
        base = str(h).strip() or "-"
        name, n = base, 2
        while name.casefold() in seen:
            name, n = f"{base} {n}", n + 1
        seen.add(name.casefold())
        out.append(name)
    return out


def add_table(
    ws: Worksheet,
    top: int,
    nrows: int,
    headers: Sequence[str],
    header_format: Format | None = None,
    *,
    banded: bool = True,
) -> None:
    """Make rows ``top`` (header) .. ``top + nrows`` an Excel table with filter buttons.

    The data rows may be written later (:mod:`addin.xlsx.fastrows` streams them): the table is
    declared on its header and first row and then stretched, which spares xlsxwriter a check
    of every cell of a 100,000-row range.
    """
    if not headers:
        return
    last_col = len(headers) - 1
    columns = [{"header": h, "header_format": header_format} for h in unique_headers(headers)]
    ws.add_table(
        top,
        0,
        top + 1,
        last_col,
        {"columns": columns, "style": TABLE_STYLE, "banded_rows": banded, "autofilter": True},
    )
    table = ws.tables[-1]
    last_row = top + max(nrows, 1)
    table["range"] = xl_range(top, 0, last_row, last_col)
    table["a_range"] = table["range"]
