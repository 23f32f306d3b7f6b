"""Manager map from TOML and the Settings sheet; rule overrides; the two CLI commands."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from addin.cli import main
from addin.config import Config, load_config
from addin.errors import ConfigError
from addin.followups import load_followup_settings
from addin.managers import Manager, load_managers, read_settings_sheet
from tests.conftest import GOOD_ROW, WriteIntake


def settings_book(
    path: Path, managers: list[tuple[Any, ...]], overrides: Sequence[tuple[Any, Any]] = (),
    *, lang: str = "zh",
) -> Path:  # fmt: skip
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "客户信息"
    s = wb.create_sheet("设置" if lang == "zh" else "Settings")
    s.append(
        ["业务员", "经理", "经理邮箱"]
        if lang == "zh"
        else ["Sales rep", "Manager", "Manager e-mail"]
    )
    for row in managers:
        s.append(list(row))
    s["E1"], s["F1"] = ("设置项", "值") if lang == "zh" else ("Setting", "Value")
    for i, (key, value) in enumerate(overrides, start=2):
        s.cell(i, 5, key)
        s.cell(i, 6, value)
    wb.save(path)
    return path


def test_toml_managers(tmp_path: Path) -> None:
    toml = tmp_path / "intake.toml"
    toml.write_text(
        '[managers]\n"张伟" = { manager = "李经理", email = "li@example.com" }\n"王芳" = "李经理"\n',
        encoding="utf-8",
    )
    m = load_managers(load_config(toml))
    assert m.manager_of("张伟") == Manager("李经理", "li@example.com")
    assert m.manager_of(" 王芳 ") == Manager("李经理", "li@example.com")  # e-mail filled in
    assert m.manager_of("赵六") is None


@pytest.mark.parametrize(
    "table",
    [{"张伟": {"boss": "x"}}, {"张伟": 3},
     {"a": {"manager": "李", "email": "a@x.com"}, "b": {"manager": "李", "email": "b@x.com"}}],
)  # fmt: skip
def test_bad_manager_tables(table: dict[str, Any]) -> None:
    with pytest.raises(ConfigError):
        load_managers(Config(sections={"managers": table}))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_settings_sheet(tmp_path: Path, lang: str) -> None:
    book = settings_book(
        tmp_path / "t.xlsx",
        [("张伟", "李经理", "li@example.com"), ("王芳", "周经理", None), (None, None, None)],
        [("followups.cadence_a_days", 5), ("classify.tier_a_share", "70%")],
        lang=lang,
    )
    sheet = read_settings_sheet(book)
    assert sheet.managers.manager_of("王芳") == Manager("周经理", "")
    assert sheet.overrides == {
        "followups": {"cadence_a_days": 5},
        "classify": {"tier_a_share": "70%"},
    }
    assert load_followup_settings(None, sheet.overrides).cadence_a_days == 5


def test_settings_sheet_wins_over_toml(tmp_path: Path) -> None:
    book = settings_book(tmp_path / "t.xlsx", [("张伟", "周经理", "zhou@example.com")])
    config = Config(sections={"managers": {"张伟": {"manager": "李经理"}, "王芳": "李经理"}})
    m = load_managers(config, book)
    assert m.manager_of("张伟") == Manager("周经理", "zhou@example.com")
    assert m.manager_of("王芳") == Manager("李经理", "")


def test_workbook_without_settings_sheet(tmp_path: Path) -> None:
    path = tmp_path / "plain.xlsx"
    openpyxl.Workbook().save(path)
    assert len(read_settings_sheet(path).managers) == 0


@pytest.mark.parametrize(
    ("key", "value"),
    [("cadence_a_days", 7), ("followups.no_such", 1), ("followups.cadence_a_days", "abc")],
)
def test_bad_overrides(tmp_path: Path, key: str, value: object) -> None:
    book = settings_book(tmp_path / "t.xlsx", [], [(key, value)])
    with pytest.raises(ConfigError):
        load_followup_settings(None, read_settings_sheet(book).overrides)


# --- CLI -----------------------------------------------------------------------------------
ROWS = [
    {"rep": "张三", "registered_on": dt.date(2026, 10, 1), "customer_name": "王伟",
     "customer_type": "企业", "company": "北京华信科技有限公司", "mobile": "138 1234 5678",
     "total_amount": 12800, "order_count": 3, "stage": "成交", "last_purchase": dt.date(2026, 11, 1),
     "last_contact": dt.date(2026, 11, 1)},
    {"rep": "李四", "registered_on": dt.date(2026, 9, 1), "customer_name": "赵敏",
     "customer_type": "个人", "mobile": "139 0000 1111", "stage": "线索"},
]  # fmt: skip


def test_cli_classify(write_intake: WriteIntake, tmp_path: Path) -> None:
    src = write_intake(ROWS)
    before = src.read_bytes()
    out = tmp_path / "分类.xlsx"
    result = CliRunner().invoke(
        main, ["classify", str(src), "--out", str(out), "--as-of", "2026-11-23", "--lang", "en"]
    )
    assert result.exit_code == 0, result.output
    assert "classified 2 customers (A=1 B=0 C=1)" in result.output
    assert openpyxl.load_workbook(out).sheetnames == ["Classification", "Reasons", "Summary"]
    assert src.read_bytes() == before


def test_cli_followups_with_settings_workbook(write_intake: WriteIntake, tmp_path: Path) -> None:
    src = write_intake(ROWS)
    book = settings_book(tmp_path / "设置.xlsx", [("张三", "李经理", "li@example.com")],
                         [("followups.cadence_c_days", 10)])  # fmt: skip
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main,
        ["followups", str(src), "--out-dir", str(out), "--as-of", "2026-11-23",
         "--settings", str(book)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "未分配经理的业务员：李四" in result.output
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [m["manager"] for m in manifest["managers"]] == ["李经理"]
    assert manifest["unassigned_reps"] == ["李四"]
    assert (out / "reps" / "李四.xlsx").is_file() and (out / "managers" / "李经理.xlsx").is_file()
    # 李四's customer, never contacted, registered 1 Sep: C tier every 10 days -> due 11 Sep.
    rep = openpyxl.load_workbook(out / "reps" / "李四.xlsx")["跟进清单"]
    rows = {r[1]: r for r in rep.iter_rows(min_row=3, values_only=True)}
    assert rows["逾期未跟进"][3] == dt.datetime(2026, 9, 11)


@pytest.mark.parametrize("command", ["classify", "followups"])
def test_cli_unusable_input_exits_2(tmp_path: Path, command: str) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    result = CliRunner().invoke(main, [command, str(empty), "--as-of", "2026-11-23"])
    assert result.exit_code == 2
    assert "错误：" in result.output  # Chinese by default


def test_cli_bad_override_exits_2(write_intake: WriteIntake, tmp_path: Path) -> None:
    src = write_intake(ROWS)
    book = settings_book(tmp_path / "s.xlsx", [], [("classify.tier_a_share", "2")])
    result = CliRunner().invoke(main, ["classify", str(src), "--settings", str(book),
                                       "--out", str(tmp_path / "c.xlsx")])  # fmt: skip
    assert result.exit_code == 2 and "tier_a_share" in result.output


# --- issue 11, item 9: line breaks and absurd lengths in names ------------------------------


def test_line_breaks_in_settings_names_become_one_space(tmp_path: Path) -> None:
    book = settings_book(
        tmp_path / "s.xlsx",
        [("张伟", "李\n经理", "li@example.com\n"), ("王芳", "Chen\r\n\tJing", "")],
    )
    managers = read_settings_sheet(book).managers
    assert managers.manager_of("张伟") == Manager("李 经理", "li@example.com")
    assert managers.manager_of("王芳") == Manager("Chen Jing", "")


def test_overlong_manager_name_in_the_settings_sheet_names_the_cell(tmp_path: Path) -> None:
    book = settings_book(tmp_path / "s.xlsx", [("张伟", "李经理"), ("王芳", "李" * 500)])
    with pytest.raises(ConfigError) as err:
        read_settings_sheet(book)
    assert (err.value.sheet, err.value.row, err.value.column) == ("设置", 3, "B")
    assert "500 characters" in str(err.value) and "s.xlsx" in str(err.value)


def test_overlong_manager_name_in_toml_names_the_key(tmp_path: Path) -> None:
    toml = tmp_path / "intake.toml"
    toml.write_text(f'[managers]\n"张伟" = {{ manager = "{"李" * 500}" }}\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r'\[managers\] "张伟"\.manager: .*500 characters'):
        load_managers(load_config(toml))


def test_run_with_an_overlong_manager_name_exits_2_with_an_audit_entry(
    tmp_path: Path, write_intake: WriteIntake, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = tmp_path / "audit.jsonl"
    monkeypatch.setenv("INTAKE_AUDIT_LOG", str(log))
    src = write_intake([GOOD_ROW])
    toml = tmp_path / "intake.toml"
    toml.write_text(f'[managers]\n"张三" = "{"李" * 500}"\n', encoding="utf-8")
    args = ["run", str(src), "--out-dir", str(tmp_path / "out"), "--config", str(toml)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    assert '[managers] "张三"' in result.output and "500 characters" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    entry = json.loads(log.read_text("utf-8").splitlines()[-1])
    assert (entry["action"], entry["status"]) == ("run", "failed")


def test_names_with_line_breaks_and_an_81_character_rep_still_get_mail(
    tmp_path: Path, write_intake: WriteIntake
) -> None:
    rep = "张" * 81
    src = write_intake([{**GOOD_ROW, "rep": rep}])
    toml = tmp_path / "intake.toml"
    toml.write_text(
        '[email]\nsender = "sales@example.com"\nsender_name = "销售部\\n华东区"\n'
        f'[managers]\n"{rep}" = {{ manager = "李\\n经理", email = "li@example.com" }}\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    args = ["run", str(src), "--out-dir", str(out), "--config", str(toml), "--dry-run"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code in (0, 1), result.output
    (book,) = (out / "followups" / "reps").glob("*.xlsx")
    # clipped to 150 bytes; a changed name carries a tag of the full name (one file, one person)
    assert re.fullmatch("张{40,50}-[0-9a-f]{6}", book.stem) and len(book.name.encode()) < 255
    manifest = json.loads((out / "followups" / "manifest.json").read_text("utf-8"))
    assert manifest["managers"][0]["manager"] == "李 经理"
    (eml,) = (out / "followups" / "outbox").glob("*.eml")
    message = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    assert str(message["To"]) == "李 经理 <li@example.com>"
    assert str(message["From"]) == "销售部 华东区 <sales@example.com>"
