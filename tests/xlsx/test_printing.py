"""Every sheet a person may print, as the demo writes it: page set-up, Excel tables, widths, and
(with LibreOffice) the PDF it prints to."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from addin.sample.demo import run_demo
from addin.template.build import build_template
from addin.template.sheets import INTAKE_PAGES_WIDE
from addin.xlsx.layout import READABLE_SCALE, display_width, print_scale

AS_OF = dt.date(2026, 11, 23)
#: The demo's outputs that people print (a rep's follow-ups: the first rep's file).
OUTPUTS = [
    "validation.xlsx",
    "duplicates.xlsx",
    "classification.xlsx",
    "followups/managers/李经理.xlsx",
    "followups/reps/*.xlsx",
]
_PAGE = re.compile(rb"/Type\s*/Page[^s]")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    run_demo(out, as_of=AS_OF)
    return out


def _book(demo: Path, rel: str) -> Path:
    return sorted(demo.glob(rel))[0]


def _widths(ws: Worksheet, ncols: int) -> list[float]:
    widths = [8.43] * ncols
    for dim in ws.column_dimensions.values():
        for i in range(dim.min, min(dim.max, ncols) + 1):
            widths[i - 1] = dim.width
    return widths


def _printed_columns(ws: Worksheet) -> int:
    if ws.print_area:
        last = ws.print_area.split(":")[-1].lstrip("$")
        col = re.match(r"\$?([A-Z]+)", last)
        assert col
        return openpyxl.utils.column_index_from_string(col.group(1))
    return ws.max_column


def pdf_pages(book: Path, out: Path) -> int:
    """Print ``book`` to PDF with LibreOffice; the number of pages."""
    out.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["soffice", f"-env:UserInstallation={(out / 'profile').as_uri()}", "--headless",
         "--convert-to", "pdf", "--outdir", str(out), str(book)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    return len(_PAGE.findall((out / f"{book.stem}.pdf").read_bytes()))


@pytest.mark.parametrize("rel", OUTPUTS)
def test_every_sheet_is_set_up_for_printing(demo: Path, rel: str) -> None:
    wb = openpyxl.load_workbook(_book(demo, rel))
    for ws in wb.worksheets:
        where = f"{rel} / {ws.title}"
        assert ws.page_setup.orientation == "landscape", where
        assert ws.page_setup.paperSize == 9, where  # A4
        if ws._charts:  # the summary: a fixed scale, so that page breaks keep charts whole
            assert ws.page_setup.scale == 90, where
            continue
        assert ws.sheet_properties.pageSetUpPr.fitToPage, where
        assert (ws.page_setup.fitToWidth or 1, ws.page_setup.fitToHeight) == (1, 0), where
        # the header row on every page, frozen on screen
        header = int(ws.print_title_rows.split(":")[0].lstrip("$"))
        assert ws.freeze_panes == f"A{header + 1}", where
        # readable type: the printed columns fit one A4 width at 70 % or more
        scale = print_scale(_widths(ws, _printed_columns(ws)))
        assert scale >= READABLE_SCALE, f"{where}: prints at {scale:.0%}"


@pytest.mark.parametrize("rel", OUTPUTS)
def test_output_sheets_are_excel_tables_with_readable_columns(demo: Path, rel: str) -> None:
    wb = openpyxl.load_workbook(_book(demo, rel))
    for ws in wb.worksheets:
        if ws._charts:
            continue
        tables = list(ws.tables.values())
        assert len(tables) == 1, ws.title
        table = tables[0]
        assert table.tableStyleInfo.name == "TableStyleMedium2"
        assert table.autoFilter is not None
        top = int(re.sub(r"[A-Z]", "", table.ref.split(":")[0]))
        header = [c.value for c in ws[top]]
        assert [str(h) for h in header] == [c.name for c in table.tableColumns]
        assert table.ref.endswith(str(max(ws.max_row, top + 1)))  # every data row is in it
        # no column cuts its header or a short value (CJK counted double)
        widths = _widths(ws, ws.max_column)
        for c, head in enumerate(header):
            assert widths[c] >= min(display_width(str(head)), 10), (ws.title, head)


def test_duplicates_sheet_bands_by_group_and_shows_customers_whole(demo: Path) -> None:
    wb = openpyxl.load_workbook(demo / "duplicates.xlsx")
    ws = wb["重复客户"]
    table = next(iter(ws.tables.values()))
    assert not table.tableStyleInfo.showRowStripes  # banded by group instead
    rules = [r for cf in ws.conditional_formatting for r in cf.rules]
    assert [r.formula for r in rules] == [["ISODD($A2)"]]
    header = [c.value for c in ws[1]]
    widths = _widths(ws, ws.max_column)
    for name in ("客户", "文件"):
        col = header.index(name)
        longest = max(display_width(str(r[col])) for r in ws.iter_rows(min_row=2, values_only=True))
        assert widths[col] >= longest, name
    pairs = [c.value for c in wb["配对明细"][1]]
    assert pairs[:4] == ["组号", "记录一·文件", "记录一·行号", "记录一·业务员"]
    assert all(re.search(r"[\u4e00-\u9fff]", str(h)) for h in pairs), pairs


def test_validation_problems_link_to_their_cell(demo: Path) -> None:
    ws = openpyxl.load_workbook(demo / "validation.xlsx")["错误"]
    header = [c.value for c in ws[1]]
    assert header[:5] == ["级别", "文件", "工作表", "行", "列"]
    rows = list(ws.iter_rows(min_row=2))
    assert rows
    for cells in rows:
        file, sheet, row, col = (c.value for c in cells[1:5])
        link = cells[1].hyperlink
        assert link is not None, file
        # relative to the report, so the folder can be moved or shared as a whole
        assert link.target.replace("\\", "/") == f"reps/{file}"
        assert link.location == f"'{sheet}'!{col}{row}"
        assert (demo / "reps" / file).is_file()


def test_summary_charts_are_not_cut_by_page_breaks(demo: Path) -> None:
    ws = openpyxl.load_workbook(demo / "classification.xlsx")["分类汇总"]
    breaks = sorted(b.id for b in ws.row_breaks.brk)  # a break goes below row ``id``
    charts = [c.anchor._from.row for c in ws._charts]
    assert len(charts) == 5 and breaks
    for top in charts:  # 0-based row of the chart's top; it is 15 rows high
        assert not [b for b in breaks if top < b < top + 16], (top, breaks)


def test_follow_ups_print_the_call_view_and_keep_the_rest_on_screen(demo: Path) -> None:
    ws = openpyxl.load_workbook(demo / "followups" / "managers" / "李经理.xlsx")["跟进清单"]
    header = [c.value for c in ws[2]]
    printed = _printed_columns(ws)
    assert header[printed - 1] == "建议行动"
    assert {"客户编号", "来源文件", "行号"} <= set(header[printed:])
    files = {r[header.index("来源文件")] for r in ws.iter_rows(min_row=3, values_only=True)}
    assert files and all("/" not in f and "\\" not in f for f in files)


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_libreoffice_prints_each_output(demo: Path, tmp_path: Path) -> None:
    """The page counts of the demo's outputs, printed one page wide (the demo is 8 reps x 60)."""
    pages = {rel: pdf_pages(_book(demo, rel), tmp_path / str(i)) for i, rel in enumerate(OUTPUTS)}
    assert pages["validation.xlsx"] <= 2, pages  # 16 problems and the summary
    assert pages["duplicates.xlsx"] <= 8, pages  # ~150 group members, pairs, notes
    # 408 customers on two sheets of ~20 rows a page (wrapped names), the five charts
    assert pages["classification.xlsx"] <= 48, pages
    assert pages["followups/managers/李经理.xlsx"] <= 20, pages  # 558 follow-ups
    assert all(n >= 1 for n in pages.values()), pages


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_libreoffice_prints_the_empty_template_without_blank_rows(tmp_path: Path) -> None:
    book = build_template(tmp_path / "t.xlsm", lang="zh")
    ws = openpyxl.load_workbook(book, keep_vba=True)["客户信息"]
    assert ws.print_title_rows == "$1:$1" and ws.print_area.startswith("'客户信息'!$A$1:$AI$")
    assert ws.page_setup.fitToWidth == INTAKE_PAGES_WIDE
    # the intake sheet's header across 4 pages, plus the instructions and the helper sheets
    # (it was 11 pages of empty rows for the intake sheet alone)
    assert pdf_pages(book, tmp_path / "pdf") <= INTAKE_PAGES_WIDE + 6
