"""校验 and 登记客户 with a registry (SQLite and PostgreSQL), through the book interface on the
committed template: taken rows marked with the owner, never another rep's data."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import sqlalchemy as sa

from addin.book import OpenpyxlBook
from addin.excel import buttons as excel
from addin.excel.registry import TAKEN_COLOR
from addin.jobs.registry import open_configured, run_registry_import, run_registry_init
from addin.registry.tables import customers
from addin.schema import FIELDS
from addin.template.build import shipped_template_path
from tests.registry.conftest import row, write_sheet
from tests.registry.test_check import PRIVATE, ZHANG

LI = [
    row("李四", "Liu Yang", mobile="139 1111 2222"),  # 张三's 刘洋: taken
    row("李四", "赵六", mobile="135 5555 6666"),  # new
    row("李四", "王总"),  # nothing to identify: possible
]  # fmt: skip


def _workbook(folder: Path, rows: list[dict[str, Any]], url: str | None) -> Path:
    """The template filled with ``rows``; intake.toml beside it naming the registry."""
    folder.mkdir(exist_ok=True)
    path = folder / "李四.xlsm"
    shutil.copy(shipped_template_path("zh"), path)
    wb = openpyxl.load_workbook(path, keep_vba=True)
    ws = wb["客户信息"]
    keys = [f.key for f in FIELDS]
    for r, rec in enumerate(rows, start=2):
        for c, key in enumerate(keys, start=1):
            if rec.get(key) is not None:
                ws.cell(row=r, column=c, value=rec[key])
    wb.save(path)
    if url is not None:
        (folder / "intake.toml").write_text(f"[registry]\nurl = {url!r}\n", encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def _no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """The registry comes from intake.toml beside the workbook ($INTAKE_REGISTRY would win)."""
    monkeypatch.delenv("INTAKE_REGISTRY")


@pytest.fixture
def registered(registry_url: str, tmp_path: Path) -> str:
    run_registry_init(url=registry_url)
    run_registry_import([write_sheet(tmp_path / "zhang.xlsx", ZHANG)], url=registry_url)
    return registry_url


def _name_cells(path: Path) -> dict[str, Any]:
    wb = openpyxl.load_workbook(path, keep_vba=True)
    ws = wb["客户信息"]
    col = [f.key for f in FIELDS].index("customer_name") + 1
    return {ws.cell(r, col).value: ws.cell(r, col) for r in range(2, 5)}


def test_validate_marks_taken_rows_with_the_owner(registered: str, tmp_path: Path) -> None:
    path = _workbook(tmp_path / "li", LI, registered)
    book = OpenpyxlBook(path)
    excel.validate_button(book)
    (message,) = book.messages  # one message box: the check and the registry
    assert "1 行是其他业务员保护中的客户" in message
    book.save()
    cells = _name_cells(path)
    taken = cells["Liu Yang"]
    assert taken.fill.fgColor.rgb.endswith(TAKEN_COLOR)
    assert "张三" in taken.comment.text
    assert not cells["赵六"].fill.fgColor.rgb.endswith(TAKEN_COLOR)
    wb = openpyxl.load_workbook(path)
    errors = [list(r) for r in wb["错误"].iter_rows(values_only=True)]
    lines = [r for r in errors if "regrun_taken" in r]
    assert len(lines) == 1 and any("张三" in str(v) for v in lines[0])
    shown = " ".join(str(v) for r in errors for v in r) + taken.comment.text + message
    assert not [p for p in PRIVATE if p in shown]  # 张三's customers' data never shows
    assert not _registered_for(registered, "李四")  # 校验 only reads


class _CountingBook(OpenpyxlBook):
    """Counts the reads of each sheet (in Excel each is a round trip of the whole sheet)."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.reads: dict[str, int] = {}

    def read_values(self, sheet: str) -> list[list[object]]:
        self.reads[sheet] = self.reads.get(sheet, 0) + 1
        return super().read_values(sheet)


def test_validate_with_a_registry_reads_each_sheet_once(registered: str, tmp_path: Path) -> None:
    book = _CountingBook(_workbook(tmp_path / "li", LI, registered))
    excel.validate_button(book)
    assert "1 行是其他业务员保护中的客户" in book.messages[0]  # the taken row was marked
    assert book.reads and set(book.reads.values()) == {1}


def _registered_for(url: str, rep: str) -> list[str]:
    registry = open_configured(None, url, "zh")
    try:
        with registry.read() as conn:
            q = sa.select(customers.c.display_name).where(customers.c.owner == rep)
            return [str(n) for n in conn.execute(q).scalars()]
    finally:
        registry.close()


def test_register_button_registers_and_tells(registered: str, tmp_path: Path) -> None:
    path = _workbook(tmp_path / "li", LI, registered)
    book = OpenpyxlBook(path)
    excel.register_button(book)
    (message,) = book.messages
    assert "已登记 1 位新客户：赵六" in message
    assert "1 行已被其他业务员登记" in message and "Liu Yang（张三）" in message
    assert "1 行可能是已登记的客户或信息不足" in message and "王总" in message
    assert not [p for p in PRIVATE if p in message]
    assert _registered_for(registered, "李四") == ["赵六"]
    book.save()
    assert _name_cells(path)["Liu Yang"].fill.fgColor.rgb.endswith(TAKEN_COLOR)
    # pressed again: nothing new, the rows are the rep's own now
    again = OpenpyxlBook(path)
    excel.register_button(again)
    assert "已登记 0 位新客户" in again.messages[0]
    assert _registered_for(registered, "李四") == ["赵六"]


def test_without_a_registry(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "li", LI, None)
    book = OpenpyxlBook(path)
    excel.register_button(book)
    assert "没有指定客户登记库" in book.messages[0] and "[registry] url" in book.messages[0]
    excel.validate_button(book)  # the plain check, as before
    assert "登记库" not in book.messages[1]


def test_unusable_registry_is_said_and_validation_still_done(tmp_path: Path) -> None:
    missing = tmp_path / "gone" / "registry.sqlite"
    path = _workbook(tmp_path / "li", [*LI, row("李四", "坏日期", mobile="12")], str(missing))
    book = OpenpyxlBook(path)
    excel.validate_button(book)
    (message,) = book.messages
    assert "客户登记库无法使用，未对照登记库检查" in message and str(missing) in message
    book.save()
    wb = openpyxl.load_workbook(path)
    assert wb["错误"].max_row > 1  # the validation's own report is there


def test_the_buttons_name_the_registrys_environment_variable() -> None:
    # beside.py keeps its own copy so that 校验 need not load SQLAlchemy to look for it
    from addin.excel import beside
    from addin.registry.settings import ENV_URL

    assert beside._ENV_URL == ENV_URL
