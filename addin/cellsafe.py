"""Making input text safe to put into a cell: never a formula, never over Excel's limit.

Every workbook and CSV the add-in writes passes text from the reps' files through here:

* :func:`fit_cell` cuts text longer than Excel's 32,767-character cell limit and ends it with
  :data:`TRUNCATED`, so the cut is visible (the reader reports each such cell);
* :func:`set_text` puts a value into an openpyxl cell as a *string* (openpyxl would otherwise
  store ``=...`` as a formula) without the control characters openpyxl refuses;
* :func:`csv_cell` escapes a CSV cell the way OWASP recommends for CSV injection: text
  starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading ``'``;
* :func:`quoted_for_excel` is the same for values handed to a live Excel (xlwings), where a
  leading ``'`` is Excel's own "this is text" prefix and is not shown.

xlsxwriter workbooks are opened with ``strings_to_formulas=False`` (:data:`XLSXWRITER_OPTIONS`)
and our fast row writers only emit inline strings, so neither can produce a formula from text.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = [
    "EXCEL_CELL_MAX",
    "FORMULA_START",
    "TRUNCATED",
    "XLSXWRITER_OPTIONS",
    "cell_text",
    "csv_cell",
    "fit_cell",
    "quoted_for_excel",
    "set_text",
    "too_long",
    "xlsx_text",
]

#: Excel's limit for the text of one cell, in UTF-16 code units.
EXCEL_CELL_MAX = 32767
#: Appended to text cut to :data:`EXCEL_CELL_MAX` (both languages: the writers do not know one).
TRUNCATED = " …[已截断 truncated]"
#: First characters that make a spreadsheet read a cell as a formula (OWASP's list).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: The options every xlsxwriter workbook we write is opened with: text stays text.
XLSXWRITER_OPTIONS: dict[str, Any] = {
    "strings_to_numbers": False,
    "strings_to_formulas": False,
    "strings_to_urls": False,
}

_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # what openpyxl refuses to store


def _utf16_len(text: str) -> int:
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def too_long(text: str) -> bool:
    """Whether ``text`` is over Excel's cell limit."""
    return len(text) > EXCEL_CELL_MAX // 2 and _utf16_len(text) > EXCEL_CELL_MAX


def fit_cell(text: str) -> str:
    """``text`` if Excel can hold it, else its start followed by :data:`TRUNCATED`.

    >>> len(fit_cell("x" * 40000)) <= EXCEL_CELL_MAX, fit_cell("ok")
    (True, 'ok')
    """
    if not too_long(text):
        return text
    room = EXCEL_CELL_MAX - _utf16_len(TRUNCATED)
    cut = text[:room]
    while (excess := _utf16_len(cut) - room) > 0:  # astral characters count twice
        cut = cut[: len(cut) - (excess + 1) // 2]
    if cut and "\ud800" <= cut[-1] <= "\udbff":  # never split a surrogate pair
        cut = cut[:-1]
    return cut + TRUNCATED


def cell_text(text: str) -> str:
    """``text`` without the control characters a workbook cannot hold, fitted to the limit."""
    return fit_cell(_ILLEGAL.sub("", text))


def xlsx_text(text: str) -> str:
    """Text for xlsxwriter's ``write_string``: fitted, and never passed through as raw XML.

    xlsxwriter writes a string that starts with ``<r>`` and ends with ``</r>`` unescaped (it
    takes it for rich text), so a rep's cell could inject any XML, a formula included. Such
    text is wrapped here in a real rich-text run holding it escaped: Excel shows it unchanged.

    >>> xlsx_text("<r>x</r>")
    '<r><t xml:space="preserve">&lt;r&gt;x&lt;/r&gt;</t></r>'
    """
    text = fit_cell(text)
    if text.startswith("<r>") and text.endswith("</r>"):
        body = (
            _ILLEGAL.sub("", text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        )
        return f'<r><t xml:space="preserve">{body}</t></r>'
    return text


def set_text(cell: Any, value: object) -> None:
    """Store ``value`` in an openpyxl cell; text always as a string, fitted, never a formula."""
    if not isinstance(value, str):
        cell.value = value
        return
    cell.value = cell_text(value)
    cell.data_type = "s"  # openpyxl makes '=...' a formula on assignment; it is text


def csv_cell(value: object) -> object:
    """``value`` escaped against CSV injection (OWASP): a leading ``'`` before = + - @ TAB CR.

    >>> csv_cell("=1+1"), csv_cell("王伟"), csv_cell(3)
    ("'=1+1", '王伟', 3)
    """
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def quoted_for_excel(value: object) -> object:
    """A value for a live Excel range: text Excel would read as a formula gets its ``'`` prefix."""
    if isinstance(value, str):
        text = fit_cell(value)
        return "'" + text if text.startswith(("=", "+", "-", "@")) else text
    return value
