"""The bad-input corpus (tests/data/bad): each file gets a clear message and is never modified."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from addin.intake.load import load_customers

BAD = Path(__file__).parents[1] / "data" / "bad"

#: file -> (problem codes expected, customer rows that still come through, words the message must contain)
EXPECTED: dict[str, tuple[set[str], int, str]] = {
    "wrong_headers.xlsx": ({"NoIntakeSheetError"}, 0, "客户信息表"),
    "missing_required.xlsx": ({"HeaderError"}, 0, "缺少必填列"),
    "duplicate_headers.xlsx": ({"HeaderError"}, 0, "出现了两次"),
    "merged_header.xlsx": ({"HeaderError"}, 0, "A1:B1"),
    "merged_data.xlsx": ({"merged_cells"}, 3, "A2:A4"),
    "formula_no_value.xlsx": ({"formula_no_value"}, 1, "公式"),
    "formula_cached.xlsx": ({"formula_cells"}, 1, "计算结果"),
    "error_values.xlsx": ({"excel_error"}, 2, "#N/A"),
    "dates_as_text.xlsx": ({"date"}, 4, "3月5号"),
    "excel_serials.xlsx": ({"date"}, 2, "60"),
    "serials_as_text.csv": (set(), 1, ""),
    "fullwidth_emoji.xlsx": ({"mobile"}, 2, "138😀1234"),
    "max_rows.xlsx": ({"required"}, 2, "必填"),
    "hidden_sheet.xlsx": (set(), 1, ""),
    "password.xlsx": ({"PasswordProtectedError"}, 0, "密码"),
    "legacy.xls": (set(), 1, ""),
    "truncated.xlsx": ({"UnreadableFileError"}, 0, "损坏"),
    "empty_file.xlsx": ({"UnreadableFileError"}, 0, "空"),
    "empty_workbook.xlsx": ({"EmptySheetError"}, 0, "空"),
    "header_only.xlsx": ({"EmptySheetError"}, 0, "没有数据行"),
    "csv_named.xlsx": ({"NotAWorkbookError"}, 0, "扩展名"),
    "not_a_workbook.xlsx": ({"NotAWorkbookError"}, 0, "扩展名"),
    "notes.txt": ({"UnreadableFileError"}, 0, ".txt"),
    "gbk.csv": (set(), 1, ""),
    "bom.csv": (set(), 1, ""),
    "semicolon.csv": (set(), 1, ""),
    "open_in_excel.xlsx": ({"file_open_in_excel"}, 1, "Excel"),
    "title_rows.xlsx": (set(), 1, ""),
    "phones_as_numbers.xlsx": ({"mobile"}, 2, "1088886666"),
    "messy_headers.xlsx": (set(), 1, ""),
    # issue 11
    "far_cell.xlsx": ({"TooLargeError"}, 0, "XFD1048576"),
    "dimension_lie.xlsx": ({"TooLargeError"}, 0, "ZZ1048576"),
    "formula_text.xlsx": (set(), 1, ""),
    "required_blank.xlsx": ({"required"}, 2, "必填"),
    "mac.csv": (set(), 1, ""),
    "utf16_no_bom.csv": (set(), 1, ""),
    "long_cell.csv": ({"cell_too_long"}, 1, "截断"),
}


def test_corpus_is_complete() -> None:
    on_disk = {p.name for p in BAD.iterdir() if p.suffix != ".py" and not p.name.startswith("~$")}
    assert on_disk == set(EXPECTED)
    assert len(EXPECTED) >= 25


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_input(name: str, tmp_path: Path) -> None:
    # Work on a copy so a bug can never damage the corpus; the copy's hash is what we check.
    for p in BAD.glob(f"*{name}"):
        shutil.copy2(p, tmp_path / p.name)
    path = tmp_path / name
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    codes, rows, words = EXPECTED[name]
    result = load_customers([path])
    assert set(result.problems["code"]) == codes
    assert len(result.customers) == rows
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        p.name for p in BAD.glob(f"*{name}")
    )
    if codes:
        text = (
            " ".join(str(m) for m in result.problems["message"])
            + " "
            + " ".join(str(v) for v in result.problems["value"].dropna())
        )
        assert words in text
        assert (result.problems["file"] == str(path)).all()  # every message names its file


def test_whole_corpus_as_a_folder_processes_the_good_ones(tmp_path: Path) -> None:
    folder = tmp_path / "reps"
    shutil.copytree(BAD, folder, ignore=shutil.ignore_patterns("*.py"))
    result = load_customers([folder])
    assert len(result.customers) == sum(rows for _, rows, _ in EXPECTED.values())
    # notes.txt is not an intake file type, so a folder scan does not even pick it up
    unusable = [n for n, (_, rows, _) in EXPECTED.items() if rows == 0 and not n.endswith(".txt")]
    assert sorted(p.name for p in result.skipped) == sorted(unusable)
