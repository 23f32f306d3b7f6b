"""Reading intake files, good and bad: every bad input gets a message naming file/sheet/row."""

from __future__ import annotations

import datetime as dt
import hashlib
import zipfile
from pathlib import Path

import openpyxl
import pytest
from msoffcrypto.format.ooxml import OOXMLFile

from addin.errors import (
    EmptySheetError,
    HeaderError,
    NoIntakeSheetError,
    NotAWorkbookError,
    PasswordProtectedError,
    UnreadableFileError,
)
from addin.intake.reader import find_inputs, read_intake
from tests.conftest import GOOD_ROW, WriteIntake


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_reads_rows_with_source_positions_and_keeps_unknown_columns(
    write_intake: WriteIntake,
) -> None:
    path = write_intake(
        [GOOD_ROW | {"!我的备注": "x"}, GOOD_ROW | {"customer_name": "李娜"}], title_rows=2
    )
    before = digest(path)
    intake = read_intake(path)
    assert intake.header_row == 3
    assert intake.frame["_row"].tolist() == [4, 5]
    assert intake.frame["customer_name"].tolist() == ["王伟", "李娜"]
    assert intake.unknown_columns == ["我的备注"]
    assert intake.frame["我的备注"].tolist() == ["x", None]
    assert [i.code for i in intake.issues] == ["unknown_column"]
    assert digest(path) == before  # inputs are never modified


def test_english_headers_and_blank_rows_skipped(write_intake: WriteIntake) -> None:
    path = write_intake([GOOD_ROW, {}, GOOD_ROW], lang="en", sheet="Customers")
    intake = read_intake(path)
    assert intake.sheet == "Customers"
    assert intake.frame["_row"].tolist() == [2, 4]


def test_intake_sheet_found_among_others(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.append(["随便", "写点"])  # type: ignore[union-attr]
    ws = wb.create_sheet("第二页")
    ws.append(["业务员", "录入日期", "客户姓名", "客户类型"])
    ws.append(["张三", dt.date(2024, 1, 1), "王伟", "个人"])
    wb.save(tmp_path / "b.xlsx")
    assert read_intake(tmp_path / "b.xlsx").sheet == "第二页"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_csv_in_utf8_and_gbk(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "rep.csv"
    path.write_text(
        "业务员,录入日期,客户姓名,客户类型,手机\n张三,2024-03-15,王伟,个人,138 1234 5678\n",
        encoding=encoding,
    )
    intake = read_intake(path)
    assert intake.frame["customer_name"].tolist() == ["王伟"]
    assert intake.frame["_row"].tolist() == [2]


def test_merged_data_cells_filled_with_warning(write_intake: WriteIntake) -> None:
    path = write_intake([GOOD_ROW, GOOD_ROW | {"rep": None}])
    wb = openpyxl.load_workbook(path)
    wb.active.merge_cells("B2:B3")  # type: ignore[union-attr]
    wb.save(path)
    intake = read_intake(path)
    assert intake.frame["rep"].tolist() == ["张三", "张三"]
    issue = next(i for i in intake.issues if i.code == "merged_cells")
    assert issue.row == 2 and issue.column == "rep" and "B2:B3" in issue.message


def test_merged_header_is_an_error(write_intake: WriteIntake) -> None:
    path = write_intake([GOOD_ROW])
    wb = openpyxl.load_workbook(path)
    wb.active.merge_cells("A1:B1")  # type: ignore[union-attr]
    wb.save(path)
    with pytest.raises(HeaderError, match="A1:B1") as exc:
        read_intake(path)
    assert exc.value.row == 1 and exc.value.file == str(path)


def test_error_values_and_formulas(write_intake: WriteIntake) -> None:
    path = write_intake([GOOD_ROW, GOOD_ROW, GOOD_ROW])
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    assert ws is not None
    ws["H2"] = "#N/A"  # openpyxl writes an error cell
    ws["K3"] = "=UPPER(A2)"  # never calculated: no cached value
    wb.save(path)
    intake = read_intake(path)
    assert intake.frame.loc[0, "mobile"] == "#N/A"
    issue = next(i for i in intake.issues if i.code == "formula_no_value")
    assert (issue.row, issue.column, issue.level) == (3, "company", "error")


def test_duplicate_and_missing_headers(write_intake: WriteIntake) -> None:
    dup = write_intake(
        [
            {
                "rep": "a",
                "registered_on": "2024-01-01",
                "customer_name": "b",
                "customer_type": "个人",
                "!手机": "1",
                "mobile": "2",
            }
        ],
        name="dup.xlsx",
    )
    with pytest.raises(HeaderError, match="出现了两次") as exc:
        read_intake(dup)
    assert exc.value.column == "F"
    missing = write_intake(
        [{"customer_name": "b", "mobile": "1", "email": "x@y.cn"}], name="missing.xlsx"
    )
    with pytest.raises(HeaderError, match="业务员、录入日期、客户类型"):
        read_intake(missing)


def test_bad_files(tmp_path: Path, write_intake: WriteIntake) -> None:
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    with pytest.raises(UnreadableFileError, match="空"):
        read_intake(empty)
    good = write_intake([GOOD_ROW])
    truncated = tmp_path / "truncated.xlsx"
    truncated.write_bytes(good.read_bytes()[:400])
    with pytest.raises(UnreadableFileError, match="损坏"):
        read_intake(truncated)
    csv_named_xlsx = tmp_path / "csv.xlsx"
    csv_named_xlsx.write_text("业务员,客户姓名\n张三,王伟\n", encoding="utf-8")
    with pytest.raises(NotAWorkbookError):
        read_intake(csv_named_xlsx)
    with pytest.raises(UnreadableFileError, match="找不到"):
        read_intake(tmp_path / "nope.xlsx")
    with pytest.raises(UnreadableFileError, match=r"\.txt"):
        (tmp_path / "a.txt").write_text("x")
        read_intake(tmp_path / "a.txt")


def test_password_protected(tmp_path: Path, write_intake: WriteIntake) -> None:
    plain = write_intake([GOOD_ROW])
    locked = tmp_path / "locked.xlsx"
    with open(plain, "rb") as src, open(locked, "wb") as out:
        OOXMLFile(src).encrypt("secret", out)
    with pytest.raises(PasswordProtectedError, match="密码"):
        read_intake(locked)


def test_empty_and_foreign_workbooks(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.save(tmp_path / "blank.xlsx")
    with pytest.raises(EmptySheetError):
        read_intake(tmp_path / "blank.xlsx")
    wb = openpyxl.Workbook()
    wb.active.append(["月份", "销量"])  # type: ignore[union-attr]
    wb.save(tmp_path / "other.xlsx")
    with pytest.raises(NoIntakeSheetError, match="客户信息表"):
        read_intake(tmp_path / "other.xlsx")


def test_header_only_sheet(write_intake: WriteIntake) -> None:
    path = write_intake([], keys=["rep", "registered_on", "customer_name", "customer_type"])
    with pytest.raises(EmptySheetError, match="数据行") as exc:
        read_intake(path)
    assert exc.value.row == 1


def test_open_in_excel_warns(write_intake: WriteIntake) -> None:
    path = write_intake([GOOD_ROW])
    (path.parent / f"~${path.name}").write_bytes(b"owner")
    intake = read_intake(path)
    assert "file_open_in_excel" in [i.code for i in intake.issues]


def test_find_inputs_skips_lock_and_hidden_files(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    for p in (
        "a/rep.xlsx",
        "b/rep.xlsx",
        "a/~$rep.xlsx",
        "b/notes.txt",
        ".intake-backup/rep.1.xlsx",
    ):
        (tmp_path / p).parent.mkdir(exist_ok=True)
        (tmp_path / p).write_bytes(b"x")
    found = [p.relative_to(tmp_path).as_posix() for p in find_inputs([tmp_path])]
    assert found == ["a/rep.xlsx", "b/rep.xlsx"]


def test_xlsx_is_a_zip_we_do_not_touch(write_intake: WriteIntake) -> None:
    path = write_intake([GOOD_ROW])
    with zipfile.ZipFile(path) as zf:
        assert "xl/workbook.xml" in zf.namelist()
