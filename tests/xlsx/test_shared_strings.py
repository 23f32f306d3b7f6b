"""Repeated texts of the big tables go to the shared-string table: the same cells as inline."""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from unittest.mock import patch

import openpyxl
import pandas as pd
import pytest
from python_calamine import CalamineWorkbook

from addin.cellsafe import EXCEL_CELL_MAX
from addin.xlsx import fastrows
from addin.xlsx.shared import SST_PART, shared_strings
from addin.xlsx.sheets import Column, SheetBook, write_table

REASONS = ["没有成交金额，归为 C 类", "  leading space", "trailing space ", 'a & b <c> "d"', ""]
HOSTILE = [
    "=1+1",
    "ctrl\x02char",
    "\x03 after a control character",
    "_x0041_",
    "line\nbreak",
    "x" * (EXCEL_CELL_MAX + 10),
]


def _frame(n: int) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "name": [f"客户{k}" if k % 7 else None for k in range(n)],
            "reason": [REASONS[k % len(REASONS)] for k in range(n)],
            "tier": ["A类" if k % 3 else "企业" for k in range(n)],
            "other": [HOSTILE[k % len(HOSTILE)] for k in range(n)],
            "amount": [float(k) if k % 4 else None for k in range(n)],
            "day": pd.to_datetime(["2026-11-30"] * n),
        }
    )


COLUMNS = [
    Column("name", "姓名"),
    Column("reason", "原因", wrap=True),
    Column("tier", "价值"),
    Column("other", "其他"),
    Column("amount", "金额", "money"),
    Column("day", "日期", "date"),
]


def _book(path: Path, n: int = 60) -> Path:
    book = SheetBook(path)
    frame = _frame(n)
    write_table(book, "一", frame, COLUMNS, lang="zh", highlight=[k % 5 == 0 for k in range(n)])
    # a second sheet with some of the same texts ("企业" as a value of another column too)
    write_table(book, "二", frame.assign(name="企业"), COLUMNS[:3], lang="zh", title="标题")
    book.close()
    return path


def _inline(path: Path) -> Path:
    with patch.object(fastrows, "shared_strings", lambda *_: None):
        return _book(path)


def _cells(path: Path) -> list[list[tuple[object, ...]]]:
    wb = openpyxl.load_workbook(path)
    return [
        [
            (
                c.coordinate,
                c.value,
                c.data_type,
                c.number_format,
                c.fill.fgColor.rgb,
                c.alignment.wrap_text,
                ws.row_dimensions[c.row].height,
            )
            for row in ws.iter_rows()
            for c in row
        ]  # fmt: skip
        for ws in wb.worksheets
    ]


def test_the_same_cells_types_and_styles_as_inline(tmp_path: Path) -> None:
    shared, inline = _book(tmp_path / "s.xlsx"), _inline(tmp_path / "i.xlsx")
    assert _cells(shared) == _cells(inline)
    for name in ("一", "二"):
        a = CalamineWorkbook.from_path(str(shared)).get_sheet_by_name(name).to_python()
        b = CalamineWorkbook.from_path(str(inline)).get_sheet_by_name(name).to_python()
        assert a == b
    ws = openpyxl.load_workbook(shared)["一"]
    assert ws["D2"].value == "=1+1" and ws["D2"].data_type == "s"  # a text, never a formula
    assert ws["C3"].value == "A类" and ws["B3"].value == REASONS[1]


def _parts(path: Path) -> tuple[str, str]:
    with zipfile.ZipFile(path) as z:
        sst = z.read(SST_PART).decode()
        sheets = "".join(z.read(f"xl/worksheets/sheet{i}.xml").decode() for i in (1, 2))
    return sst, sheets


def _counts(sst: str) -> tuple[int, int]:
    found = re.search(r'count="(\d+)" uniqueCount="(\d+)"', sst)
    assert found is not None
    return int(found.group(1)), int(found.group(2))


def test_each_text_once_and_the_counts_true(tmp_path: Path) -> None:
    sst, sheets = _parts(_book(tmp_path / "s.xlsx"))
    entries = re.findall(r"<si><t[^>]*>(.*?)</t></si>", sst, flags=re.S)
    assert len(entries) == len(set(entries))  # 企业 of two columns and two sheets: once
    count, unique = _counts(sst)
    assert unique == len(entries)
    # the cells added refer to it once each (xlsxwriter counts its headers as it likes)
    inline_sst, inline_sheets = _parts(_inline(tmp_path / "i.xlsx"))
    assert count - _counts(inline_sst)[0] == sheets.count(' t="s"') - inline_sheets.count(' t="s"')
    # of the text columns only the names (51 distinct in 60 rows) are inline: they do not repeat
    assert sheets.count("inlineStr") == sum(1 for k in range(60) if k % 7)
    assert '<t xml:space="preserve">  leading space</t>' in sst
    assert '<t xml:space="preserve"> after a control character</t>' in sst  # its edge once removed
    assert "<si><t>企业</t></si>" in sst
    assert "\x02" not in sst and "a &amp; b &lt;c&gt;" in sst


def test_mostly_distinct_big_columns_stay_inline(tmp_path: Path) -> None:
    n = 4 * fastrows._CHUNK  # from this many rows a column of distinct texts is made per chunk
    book = SheetBook(tmp_path / "big.xlsx")
    frame = pd.DataFrame({"name": [f"客户{k}" for k in range(n)], "tier": ["A类"] * n})
    write_table(book, "一", frame, [Column("name", "姓名"), Column("tier", "价值")], lang="zh")
    book.close()
    with zipfile.ZipFile(book.path) as z:
        xml = z.read("xl/worksheets/sheet1.xml").decode()
    assert xml.count("inlineStr") == n and xml.count(' t="s"') == n + 2  # tiers + headers
    rows = CalamineWorkbook.from_path(str(book.path)).get_sheet_by_index(0).to_python()
    assert rows[-1] == [f"客户{n - 1}", "A类"]


def _package(path: Path, names: list[str]) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        for name in names:
            body = (
                '<sst count="1" uniqueCount="1"><si><t>x</t></si></sst>' if "shared" in name else ""
            )
            z.writestr(name, body)
    return path


def test_a_table_before_the_sheets_or_none_means_inline(tmp_path: Path) -> None:
    sheet = "xl/worksheets/sheet1.xml"
    assert shared_strings(_package(tmp_path / "a.xlsx", [sheet, SST_PART]), [0]) is not None
    assert shared_strings(_package(tmp_path / "b.xlsx", [SST_PART, sheet]), [0]) is None
    assert shared_strings(_package(tmp_path / "c.xlsx", [sheet]), [0]) is None


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_libreoffice_reads_the_same_texts(tmp_path: Path) -> None:
    shared, inline = _book(tmp_path / "s.xlsx"), _inline(tmp_path / "i.xlsx")
    texts = []
    for book in (shared, inline):
        out = tmp_path / book.stem
        subprocess.run(
            ["soffice", f"-env:UserInstallation={(out / 'profile').as_uri()}", "--headless",
             "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", str(out),
             str(book)],
            check=True, capture_output=True, timeout=300,
        )  # fmt: skip
        with (out / f"{book.stem}.csv").open(encoding="utf-8", newline="") as f:
            texts.append(list(csv.reader(f)))
    assert texts[0] == texts[1]
    assert texts[0][1][1] == REASONS[0] and len(texts[0]) == 61
