"""Field history (SQLite and PostgreSQL): key-field changes between imports as field_changed
events, shown by ``intake registry history``, never by ``intake check``."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from addin.cli import main
from addin.jobs.registry import open_configured, run_check, run_registry_import, run_registry_init
from addin.registry import FixedClock, history
from tests.registry.conftest import row, write_sheet

WANG = row(
    "张三",
    "王伟",
    company="北京华信科技有限公司",
    mobile="138 1234 5678",
    address="北京市海淀区中关村大街1号",
    stage="商务谈判",
)


def _events(url: str, cid: int = 1) -> list:  # type: ignore[type-arg]
    registry = open_configured(None, url, "en")
    try:
        with registry.read() as conn:
            return [e for e in history(conn, cid) if e.kind == "field_changed"]
    finally:
        registry.close()


def test_changes_are_events_with_old_and_new(
    registry_url: str, tmp_path: Path, clock: FixedClock
) -> None:
    run_registry_init(url=registry_url)
    sheet = tmp_path / "zhang.xlsx"
    run_registry_import([write_sheet(sheet, [WANG])], url=registry_url, lang="en", clock=clock)
    run_registry_import([sheet], url=registry_url, lang="en", clock=clock)  # unchanged
    assert _events(registry_url) == []
    changed = {
        **WANG,
        "mobile": "139 8765 4321",
        "address": "北京市朝阳区建国路88号",
        "stage": "成交",
    }
    write_sheet(sheet, [changed])
    run_registry_import([sheet], url=registry_url, lang="en", clock=clock)
    got = {
        e.detail["field"]: (e.detail["old"], e.detail["new"], e.rep) for e in _events(registry_url)
    }
    assert got == {
        "mobile": ("+8613812345678", "+8613987654321", "张三"),
        "address": ("北京市海淀区中关村大街1号", "北京市朝阳区建国路88号", "张三"),
        "stage": ("negotiation", "won", "张三"),  # picklist keys, as stored
    }
    # a cleared field is a change to blank
    write_sheet(sheet, [{k: v for k, v in changed.items() if k != "address"}])
    run_registry_import([sheet], url=registry_url, lang="en", clock=clock)
    last = _events(registry_url)[-1]
    assert (last.detail["field"], last.detail["new"]) == ("address", None)

    res = CliRunner().invoke(
        main, ["registry", "history", "1", "--registry", registry_url, "--lang", "en"]
    )
    assert res.exit_code == 0, res.output
    assert "field_changed" in res.output
    assert "Mobile changed +8613812345678 -> +8613987654321" in res.output
    assert "北京市朝阳区建国路88号 -> (blank)" in res.output


def test_other_reps_records_and_check_show_no_history(
    registry_url: str, tmp_path: Path, clock: FixedClock
) -> None:
    run_registry_init(url=registry_url)
    zhang = write_sheet(tmp_path / "zhang.xlsx", [WANG])
    run_registry_import([zhang], url=registry_url, lang="en", clock=clock)
    write_sheet(zhang, [{**WANG, "mobile": "139 8765 4321"}])
    run_registry_import([zhang], url=registry_url, lang="en", clock=clock)
    li_row = row("李四", "王经理", company="华信科技(北京)有限责任公司", mobile="136 0000 0001")
    li = write_sheet(tmp_path / "li.xlsx", [li_row])
    run_registry_import([li], url=registry_url, lang="en", clock=clock)
    write_sheet(li, [{**li_row, "mobile": "136 0000 0002"}])
    run_registry_import([li], url=registry_url, lang="en", clock=clock)
    assert [e.rep for e in _events(registry_url)] == ["张三"]  # the taken record is not history
    outcome = run_check([li], url=registry_url, lang="en", clock=clock)
    for text in (outcome.render("table"), outcome.render("json")):
        assert "8765" not in text and "1234" not in text and "field" not in text
