"""Button jobs through the Book interface, with the real openpyxl-backed implementation."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import PatternFill

from addin.book import MARK_COLOR, MARKS_SHEET, Book, OpenpyxlBook
from addin.excel import buttons as excel
from addin.intake.marks import clear_marks_book, mark_file, validate_book
from tests.conftest import GOOD_ROW, TODAY, WriteIntake


@pytest.fixture
def bad_book(write_intake: WriteIntake) -> Path:
    return write_intake(
        [GOOD_ROW | {"mobile": "123"}, GOOD_ROW, GOOD_ROW | {"email": "x@", "rep": None}]
    )


def test_openpyxl_book_satisfies_the_protocol(bad_book: Path) -> None:
    assert isinstance(OpenpyxlBook(bad_book), Book)


def test_validate_marks_cells_and_writes_errors_sheet(bad_book: Path, tmp_path: Path) -> None:
    out = tmp_path / "checked.xlsx"
    result = mark_file(bad_book, out, today=TODAY)
    assert not result.ok and len(result.errors) == 3
    wb = openpyxl.load_workbook(out)
    ws = wb["客户信息"]
    assert ws["H2"].fill.fgColor.rgb.endswith(MARK_COLOR)
    assert ws["H2"].comment is not None and "手机号码无效" in ws["H2"].comment.text
    assert ws["B4"].comment is not None and "必填" in ws["B4"].comment.text
    assert ws["H3"].comment is None
    errors = wb["错误"]
    assert [c.value for c in errors[1]][:4] == ["级别", "文件", "工作表", "行"]
    assert errors.max_row == 4
    assert wb[MARKS_SHEET].sheet_state == "veryHidden"


def test_input_untouched_when_writing_a_copy(bad_book: Path, tmp_path: Path) -> None:
    before = bad_book.read_bytes()
    mark_file(bad_book, tmp_path / "copy.xlsx", today=TODAY)
    assert bad_book.read_bytes() == before


def test_in_place_keeps_a_backup(bad_book: Path) -> None:
    before = bad_book.read_bytes()
    mark_file(bad_book, None, today=TODAY)
    backups = list((bad_book.parent / ".intake-backup").iterdir())
    assert len(backups) == 1 and backups[0].read_bytes() == before


def test_clear_marks_restores_the_reps_own_fill(bad_book: Path) -> None:
    wb = openpyxl.load_workbook(bad_book)
    wb["客户信息"]["H2"].fill = PatternFill("solid", start_color="FFFF00", end_color="FFFF00")
    wb.save(bad_book)
    book = OpenpyxlBook(bad_book)
    validate_book(book, today=TODAY)
    assert clear_marks_book(book) == 3
    book.save()
    ws = openpyxl.load_workbook(bad_book)["客户信息"]
    assert ws["H2"].fill.fgColor.rgb.endswith("FFFF00") and ws["H2"].comment is None
    assert ws["B4"].fill.fill_type is None
    assert MARKS_SHEET not in openpyxl.load_workbook(bad_book).sheetnames


def test_revalidating_after_a_fix_shows_only_what_is_left(bad_book: Path) -> None:
    book = OpenpyxlBook(bad_book)
    validate_book(book, today=TODAY)
    book.workbook["客户信息"]["H2"] = "13812345678"
    book.workbook["客户信息"]["J4"] = "ok@example.com"
    book.workbook["客户信息"]["B4"] = "李四"
    # read_values reads the saved file's values; save first as a rep would
    book.save()
    book = OpenpyxlBook(bad_book)
    result = validate_book(book, today=TODAY)
    assert result.ok
    assert book.messages == ["rep.xlsx：3 行，全部通过校验"]


def test_buttons_run_through_the_book_interface(bad_book: Path) -> None:
    book = OpenpyxlBook(bad_book)
    excel.validate_button(book)
    assert "3 个问题" in book.messages[-1]
    excel.clear_marks_button(book)
    assert book.messages[-1] == "已清除 3 个标记"


def test_button_shows_our_errors_in_a_message(write_intake: WriteIntake) -> None:
    path = write_intake([{"customer_name": "王伟", "mobile": "1", "email": "a@b.cn"}])
    book = OpenpyxlBook(path)
    excel.validate_button(book)
    assert "缺少必填列" in book.messages[-1]


def test_formulas_survive_marking(write_intake: WriteIntake, tmp_path: Path) -> None:
    path = write_intake([GOOD_ROW | {"!合计": "=1+1", "mobile": "1"}])
    out = tmp_path / "marked.xlsx"
    mark_file(path, out, today=TODAY)
    assert openpyxl.load_workbook(out)["客户信息"]["T2"].value == "=1+1"


def test_vba_project_survives_marking(tmp_path: Path) -> None:
    xlwings_cli = Path(sys.executable).with_name("xlwings")
    subprocess.run(
        [str(xlwings_cli), "quickstart", "qs", "--standalone"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
    )
    xlsm = tmp_path / "qs" / "qs.xlsm"
    wb = openpyxl.load_workbook(xlsm, keep_vba=True)
    ws = wb.create_sheet("客户信息")
    ws.append(["业务员", "录入日期", "客户姓名", "客户类型", "手机"])
    ws.append(["张三", "2024-01-01", "王伟", "个人", "12"])
    wb.save(xlsm)
    out = tmp_path / "marked.xlsm"
    mark_file(xlsm, out, today=TODAY)
    with zipfile.ZipFile(out) as zf:
        assert "xl/vbaProject.bin" in zf.namelist()


def test_core_never_imports_xlwings() -> None:
    code = (
        "import sys, addin.cli, addin.jobs.validate, addin.intake.marks, addin.intake.validate, addin.intake.reader, addin.book\n"
        "assert 'xlwings' not in sys.modules, 'core imported xlwings'\n"
        "import addin.excel.buttons\n"
        "assert 'xlwings' not in sys.modules, 'excel must import xlwings lazily'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_button_clicks_are_audited(bad_book: Path, _audit_log_in_tmp: Path) -> None:
    from addin.audit import read_audit

    excel.validate_button(OpenpyxlBook(bad_book))
    log = read_audit(_audit_log_in_tmp)
    assert log["action"].tolist() == ["button:validate"]
    assert str(bad_book) in log.loc[0, "inputs"]
