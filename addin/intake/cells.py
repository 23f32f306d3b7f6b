"""What calamine's cell values do not show, read from the file itself.

* error cells (``#N/A``) and formula cells (with or without a cached result) of an .xlsx
  sheet, found by scanning its XML once (only when the XML contains any);
* CSV rows in UTF-8 (with or without BOM) or GBK/GB18030, delimiter sniffed;
* Excel column letters of column numbers, for pointing at a cell.
"""

from __future__ import annotations

import codecs
import csv
import io
import posixpath
import re
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from ..errors import TooLargeError, UnreadableFileError
from ..schema import Lang
from .address import column_letter, column_number
from .limits import MAX_CSV_FIELD, MAX_SHEET_CELLS
from .texts import msg

__all__ = ["read_csv_rows", "special_cells"]


# --- cells calamine does not show: error values and formulas --------------------------------

_CELL_RE = re.compile(rb"<c\b([^>]*)>(.*?)</c>", re.S)
_REF_RE = re.compile(rb'\br="([A-Z]+)(\d+)"')
_TYPE_E = re.compile(rb'\bt="e"')
_V_RE = re.compile(rb"<v>([^<]*)</v>")


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
    path: Path, sheet: str, holding: Mapping[str, bool] | None = None
) -> tuple[dict[tuple[int, int], str], dict[tuple[int, int], bool]]:
    """Error-value cells ((row, col) -> '#N/A') and formula cells ((row, col) -> has a value).

    ``holding``: per worksheet part, whether it holds any (from the size pre-scan); a sheet
    known to hold none is not read again.
    """
    errors: dict[tuple[int, int], str] = {}
    formulas: dict[tuple[int, int], bool] = {}
    try:
        with zipfile.ZipFile(path) as zf:
            member = _sheet_xml_path(zf, sheet)
            if member is None or (holding or {}).get(posixpath.normpath(member)) is False:
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
        key = (int(ref.group(2)), column_number(ref.group(1)))
        v = _V_RE.search(body)
        if _TYPE_E.search(attrs):
            errors[key] = v.group(1).decode() if v else "#N/A"
        if b"<f" in body:
            formulas[key] = bool(v and v.group(1))
    return errors, formulas


# --- CSV ------------------------------------------------------------------------------------


def _csv_encodings(data: bytes) -> tuple[str, ...]:
    """Encodings to try, most likely first: UTF-16 when a BOM or the NUL bytes say so."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return ("utf-16",)
    head = data[:4096]
    if len(head) >= 4 and head.count(0) > len(head) // 4:  # ASCII text in UTF-16: every 2nd byte
        odd = head[1::2].count(0)
        return ("utf-16-le", "utf-16-be") if odd >= head[0::2].count(0) else ("utf-16-be",)
    return ("utf-8-sig", "gb18030")


def read_csv_rows(path: Path, lang: Lang) -> list[list[Any]]:
    """The rows of a CSV file as text, its encoding, delimiter and line ends guessed.

    UTF-8 (with or without BOM), GBK/GB18030 and UTF-16 (with or without BOM); CRLF, LF and
    CR-only line ends (Excel for Mac); fields up to :data:`~addin.intake.limits.MAX_CSV_FIELD`
    characters and sheets up to :data:`~addin.intake.limits.MAX_SHEET_CELLS` cells.
    """
    data = path.read_bytes()
    for enc in _csv_encodings(data):
        try:
            text = data.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise UnreadableFileError(msg("csv_encoding", lang), file=path)
    del data
    sample = text[:20000]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",\t;|")
    except csv.Error:
        dialect = csv.excel
    if csv.field_size_limit() < MAX_CSV_FIELD:
        csv.field_size_limit(MAX_CSV_FIELD)
    # newline="": the csv module sees \r, \n and \r\n itself (CR-only files are one line else).
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    rows: list[list[Any]] = []
    cells = done = 0  # done: lines read by the last complete record
    try:
        for r in reader:
            cells += max(len(r), 1)
            if cells > MAX_SHEET_CELLS:
                raise TooLargeError(
                    msg(
                        "too_many_cells",
                        lang,
                        ref=f"{column_letter(len(r))}{reader.line_num}",
                        cells=cells,
                        limit=MAX_SHEET_CELLS,
                    ),
                    file=path,
                    row=reader.line_num,
                )
            rows.append(r)
            done = reader.line_num
    except csv.Error as exc:
        row = done + 1
        text_err = str(exc)
        code = "csv_field_too_long" if "field larger" in text_err else "csv_unreadable"
        raise UnreadableFileError(
            msg(code, lang, row=row, limit=MAX_CSV_FIELD, error=text_err), file=path, row=row
        ) from exc
    return rows
