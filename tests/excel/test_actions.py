"""The ribbon buttons after 校验, on the real template filled with sample rows (openpyxl-backed Book)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from addin.book import OpenpyxlBook
from addin.excel import buttons as excel
from addin.excel.classify import classify_book
from addin.excel.dedupe import DUPLICATE_COLOR, dedupe_book
from addin.excel.followups import followups_book
from addin.excel.sheet import OUTPUT_DIR
from addin.mail.secrets import SERVICE
from addin.sample.generate import generate_reps
from addin.schema import FIELDS
from addin.template.build import shipped_template_path
from tests.mail_fixtures import SECRET, USER, MemoryKeyring, StartServer

TEMPLATE = shipped_template_path("zh")
AS_OF = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def rows() -> pd.DataFrame:
    return generate_reps(n_reps=3, rows_per_rep=25, seed=3).rows


@pytest.fixture
def workbook(tmp_path: Path, rows: pd.DataFrame) -> Path:
    """The committed template, filled in with everyone's rows and a Settings sheet."""
    path = tmp_path / "team" / "客户登记.xlsm"
    path.parent.mkdir()
    shutil.copy(TEMPLATE, path)
    wb = openpyxl.load_workbook(path, keep_vba=True)
    ws = wb["客户信息"]
    keys = [f.key for f in FIELDS]
    for r, rec in enumerate(rows.to_dict("records"), start=2):
        for c, key in enumerate(keys, start=1):
            v = rec.get(key)
            if v is not None and not (isinstance(v, float) and v != v):
                ws.cell(row=r, column=c, value=v)
    settings = wb["设置"]
    for i, rep in enumerate(sorted(set(rows["rep"])), start=2):
        settings.cell(row=i, column=1, value=rep)
        settings.cell(row=i, column=2, value="李经理")
        settings.cell(row=i, column=3, value="li@example.com")
    wb.save(path)
    return path


def test_dedupe_marks_duplicate_rows_and_lists_groups(workbook: Path) -> None:
    book = OpenpyxlBook(workbook)
    groups = dedupe_book(book)
    assert groups > 0
    book.save()
    wb = openpyxl.load_workbook(workbook, keep_vba=True)
    sheet = [
        n for n in wb.sheetnames if n not in ("客户信息", "说明", "设置", "列表", "xlwings.conf")
    ]
    assert sheet and wb[sheet[0]].max_row > groups  # the Duplicates sheet, one row per member
    marked = [c for c in wb["客户信息"]["D"] if c.fill.fgColor.rgb.endswith(DUPLICATE_COLOR)]
    assert len(marked) >= 2 * groups
    assert all(c.comment is not None for c in marked)
    with zipfile.ZipFile(workbook) as zf:  # macros and ribbon survive
        assert {"xl/vbaProject.bin", "customUI/customUI.xml"} <= set(zf.namelist())


def test_classify_writes_the_classification_sheet(workbook: Path, rows: pd.DataFrame) -> None:
    book = OpenpyxlBook(workbook)
    classified = classify_book(book, as_of=AS_OF)
    assert len(classified) == len(rows)
    book.save()
    ws = openpyxl.load_workbook(workbook)["客户分类"]
    assert ws.max_row == len(rows) + 1
    assert "价值等级" in [c.value for c in ws[1]] or ws.max_column > 12
    assert book.messages[-1].startswith(f"已分类 {len(rows)} 位客户")


def test_followups_go_beside_the_workbook_with_the_settings_managers(workbook: Path) -> None:
    out = followups_book(OpenpyxlBook(workbook), as_of=AS_OF)
    assert out == workbook.parent / OUTPUT_DIR / "followups"
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [m["manager"] for m in manifest["managers"]] == ["李经理"]
    assert manifest["unassigned_reps"] == []


def test_email_button_sends_what_followups_wrote(
    workbook: Path, smtp_server: StartServer, memory_keyring: MemoryKeyring
) -> None:
    server = smtp_server(security="none", auth=True)
    memory_keyring.set_password(SERVICE, USER, SECRET)
    (workbook.parent / "intake.toml").write_text(
        f'[email]\nhost = "127.0.0.1"\nport = {server.port}\nsecurity = "none"\n'
        f'username = "{USER}"\nsender = "{USER}"\n',
        encoding="utf-8",
    )
    book = OpenpyxlBook(workbook)
    excel.followups_button(book)
    excel.email_button(book)
    assert [r.rcpt_tos for r in server.received] == [["li@example.com"]]
    assert "发送 1 封" in book.messages[-1]


def test_run_button_processes_the_folder(workbook: Path, rows: pd.DataFrame) -> None:
    book = OpenpyxlBook(workbook)
    excel.run_button(book)
    out = workbook.parent / OUTPUT_DIR
    assert {p.name for p in out.iterdir()} >= {
        "validation.xlsx",
        "duplicates.xlsx",
        "classification.xlsx",
        "followups",
    }
    assert f"{len(rows)} 条客户记录" in book.messages[-1]


def test_buttons_report_bad_workbooks_instead_of_crashing(tmp_path: Path) -> None:
    path = tmp_path / "other.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["月份", "销量"])  # type: ignore[union-attr]
    wb.save(path)
    book = OpenpyxlBook(path)
    for button in (excel.dedupe_button, excel.classify_button, excel.followups_button):
        button(book)
        assert "客户信息表" in book.messages[-1]
    excel.email_button(book)  # no e-mail settings beside this workbook
    assert "intake.toml" in book.messages[-1] and "sender" in book.messages[-1]
