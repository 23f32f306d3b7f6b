"""What calamine's cell values do not show, read from the file itself.

* error cells (``#N/A``) and formula cells (with or without a cached result) of an .xlsx
  sheet, found by scanning its XML once (only when the XML contains any);
* CSV rows in UTF-8 (with or without BOM) or GBK/GB18030, delimiter sniffed;
* Excel column letters of column numbers, for pointing at a cell.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from ..errors import UnreadableFileError
from ..schema import Lang
from .texts import msg

__all__ = ["column_letter", "read_csv_rows", "special_cells"]

# --- cell addresses -----------------------------------------------------------------------


def column_letter(index: int) -> str:
    """1-based column number to Excel letters: 1 -> 'A', 28 -> 'AB'."""
    out = ""
    while index > 0:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out


# --- cells calamine does not show: error values and formulas --------------------------------

_CELL_RE = re.compile(rb"<c\b([^>]*)>(.*?)</c>", re.S)
_REF_RE = re.compile(rb'\br="([A-Z]+)(\d+)"')
_TYPE_E = re.compile(rb'\bt="e"')
_V_RE = re.compile(rb"<v>([^<]*)</v>")


def _col_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n


def _sheet_xml_path(zf: zipfile.ZipFile, sheet: str) -> str | None:
    ns = {
        "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
        "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    }
    wb = ET.fromstring(zf.read("xl/workbook.xml"))
    rid = None
    for s in wb.iterfind("m:sheets/m:sheet", ns):
        if s.get("name") == sheet:
            rid = s.get(f"{{{ns['r']}}}id")
    if rid is None:
        return None
    rels = ET.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    for rel in rels:
        if rel.get("Id") == rid:
            target = rel.get("Target", "")
            return target.lstrip("/") if target.startswith("/") else "xl/" + target
    return None


def special_cells(
    path: Path, sheet: str
) -> tuple[dict[tuple[int, int], str], dict[tuple[int, int], bool]]:
    """Error-value cells ((row, col) -> '#N/A') and formula cells ((row, col) -> has a value)."""
    errors: dict[tuple[int, int], str] = {}
    formulas: dict[tuple[int, int], bool] = {}
    try:
        with zipfile.ZipFile(path) as zf:
            member = _sheet_xml_path(zf, sheet)
            if member is None:
                return errors, formulas
            data = zf.read(member)
    except (KeyError, zipfile.BadZipFile, OSError):
        return errors, formulas
    if b't="e"' not in data and b"<f" not in data:
        return errors, formulas
    for m in _CELL_RE.finditer(data):
        attrs, body = m.group(1), m.group(2)
        ref = _REF_RE.search(attrs)
        if ref is None:
            continue
        key = (int(ref.group(2)), _col_number(ref.group(1)))
        v = _V_RE.search(body)
        if _TYPE_E.search(attrs):
            errors[key] = v.group(1).decode() if v else "#N/A"
        if b"<f" in body:
            formulas[key] = bool(v and v.group(1))
    return errors, formulas


# --- CSV ------------------------------------------------------------------------------------


def read_csv_rows(path: Path, lang: Lang) -> list[list[Any]]:
    """The rows of a CSV file as text, its encoding and delimiter guessed."""
    data = path.read_bytes()
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise UnreadableFileError(msg("csv_encoding", lang), file=path)
    sample = text[:20000]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",\t;|")
    except csv.Error:
        dialect = csv.excel
    return [list(r) for r in csv.reader(io.StringIO(text), dialect)]
