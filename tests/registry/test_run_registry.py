"""``intake run`` / ``intake dedupe`` with a registry (SQLite and PostgreSQL): registration,
follow-ups, an unusable registry, duplicate decisions kept in the registry."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from addin.cli import main
from addin.jobs.dedupe import run_dedupe
from addin.jobs.registry import open_configured, run_registry_init
from addin.jobs.run import run_pipeline
from addin.registry import history
from addin.registry.tables import customers, decisions, events
from tests.registry.conftest import row, write_sheet

AS_OF = dt.date(2026, 11, 23)

ZHANG = [
    row("张三", "王伟", company="北京华信科技有限公司", mobile="138 1234 5678"),
    row("张三", "刘洋", mobile="139 1111 2222", email="liu.yang@example.com"),
]  # fmt: skip
LI = [
    row("李四", "Liu Yang", mobile="139 1111 2222"),  # 张三's customer: taken
    row("李四", "王伟", company="上海华信科技有限公司", mobile="139 2222 3333"),  # other city
    row("李四", "赵六", mobile="135 5555 6666"),
]  # fmt: skip


@pytest.fixture
def reps(tmp_path: Path) -> Path:
    folder = tmp_path / "reps"
    folder.mkdir()
    write_sheet(folder / "zhang.xlsx", ZHANG)
    write_sheet(folder / "li.xlsx", LI)
    return folder


def _run(reps: Path, out: Path, url: str | None, **kw: object):  # type: ignore[no-untyped-def]
    return run_pipeline([reps], out, lang="en", as_of=AS_OF, registry=url, **kw)  # type: ignore[arg-type]


def test_run_registers_and_counts(registry_url: str, reps: Path, tmp_path: Path) -> None:
    run_registry_init(url=registry_url)
    result = _run(reps, tmp_path / "out", registry_url)
    # 张三's 2, 李四's 上海 王伟 and 赵六; Liu Yang is 张三's (same name + mobile): taken
    assert result.counts["registry_registered"] == 4
    assert result.counts["registry_taken"] == 1
    assert result.exit_code == 1  # a taken row, as intake registry import / check
    text = result.render("en")
    assert "4 customers registered, 1 rows taken" in text
    assert (tmp_path / "out" / "classification.xlsx").exists()
    # a later 最近联系日期 on the owner's row is a follow-up; the same sheets again add nothing
    write_sheet(
        reps / "zhang.xlsx", [{**ZHANG[0], "last_contact": dt.date(2026, 11, 20)}, ZHANG[1]]
    )
    again = _run(reps, tmp_path / "out", registry_url)
    assert again.counts["registry_registered"] == 0
    assert again.counts["registry_follow_ups"] == 1
    assert "follow-ups recorded for 1 customers" in again.render("en")


def test_run_records_sheet_figures_and_writes_the_kpi_book(
    registry_url: str, reps: Path, tmp_path: Path
) -> None:
    run_registry_init(url=registry_url)
    result = _run(reps, tmp_path / "out", registry_url)
    registry = open_configured(None, registry_url, "en")
    try:
        with registry.read() as conn:
            q = sa.select(events.c.rep, events.c.detail).where(events.c.kind == "sheet_imported")
            figures = {rep: json.loads(detail) for rep, detail in conn.execute(q)}
    finally:
        registry.close()
    assert figures["张三"]["rows"] == 2 and figures["李四"]["rows"] == 3
    book = openpyxl.load_workbook(result.outputs["kpi"])
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert any("张三" in r for r in rows) and any("李四" in r for r in rows)
    for r in rows:  # counts only: no customer's name or mobile
        assert not {"王伟", "刘洋", "赵六", "+8613811112222"} & {str(v) for v in r}


def test_unusable_registry_writes_the_rest(reps: Path, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "registry.sqlite"  # never initialised
    result = _run(reps, tmp_path / "out", str(missing))
    assert result.exit_code == 2
    assert "the customer registry cannot be used" in result.render("en")
    assert str(missing) in result.render("en")
    for name in ("validation.xlsx", "duplicates.xlsx", "classification.xlsx"):
        assert (tmp_path / "out" / name).exists()
    assert result.counts["followups"] > 0
    assert "registry_registered" not in result.counts


def test_cli_run_exit_code_and_summary(reps: Path, tmp_path: Path) -> None:
    url = str(tmp_path / "team.sqlite")
    run_registry_init(url=url)
    res = CliRunner().invoke(
        main,
        ["run", str(reps), "--out-dir", str(tmp_path / "out"), "--registry", url, "--lang", "en"],
    )
    assert res.exit_code == 1, res.output
    assert "customer registry" in res.output and "4 customers registered" in res.output


def test_default_file_is_not_configured(
    reps: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An existing registry in the data folder is not used unless it is named."""
    monkeypatch.delenv("INTAKE_REGISTRY")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    run_registry_init()  # the default file exists now
    result = _run(reps, tmp_path / "out", None)
    assert "registry_registered" not in result.counts
    assert result.exit_code == 0
    registry = open_configured(None, None, "en")
    try:
        with registry.read() as conn:
            assert conn.execute(sa.select(sa.func.count()).select_from(customers)).scalar_one() == 0
    finally:
        registry.close()


def _decide(workbook: Path, text: str) -> None:
    """Write ``text`` into 处理 of every challenger row (not the group's owner)."""
    wb = openpyxl.load_workbook(workbook)
    ws = wb.worksheets[0]
    header = [c.value for c in ws[1]]
    col = {h: k + 1 for k, h in enumerate(header)}
    role, decision = col["Role"], col[header[-1]]
    for r in range(2, ws.max_row + 1):
        if ws.cell(r, role).value not in (None, "owner"):
            ws.cell(r, decision, value=text)
    wb.save(workbook)


def test_decisions_are_kept_in_the_registry(registry_url: str, reps: Path, tmp_path: Path) -> None:
    run_registry_init(url=registry_url)
    first = _run(reps, tmp_path / "one", registry_url)
    assert first.counts["possible_groups"] == 1  # the two 王伟 at 华信, Beijing and Shanghai
    sheet = tmp_path / "one" / "duplicates.xlsx"
    _decide(sheet, "not a duplicate")
    second = _run(reps, tmp_path / "two", registry_url, decisions=sheet)
    assert second.counts["possible_groups"] == 0
    assert second.counts["registry_decisions_stored"] == 1
    assert "duplicate decisions stored in the registry: 1" in second.render("en")
    # stored once: the same workbook again adds nothing
    assert (
        _run(reps, tmp_path / "two", registry_url, decisions=sheet).counts[
            "registry_decisions_stored"
        ]
        == 0
    )
    # later runs apply it without the workbook, and so does intake dedupe
    third = _run(reps, tmp_path / "three", registry_url)
    assert third.counts["possible_groups"] == 0
    assert third.counts["registry_decisions_applied"] == 1
    dd = run_dedupe([reps], tmp_path / "dd.xlsx", lang="en", registry=registry_url)
    assert dd.exit_code == 0
    assert not (dd.result.groups["tier"] == "possible").any()
    registry = open_configured(None, registry_url, "en")
    try:
        with registry.read() as conn:
            (stored,) = conn.execute(sa.select(decisions)).all()
            assert stored.decision == "not_duplicate" and stored.manager
            assert "duplicates.xlsx" in stored.reason
            kinds = [e.kind for e in history(conn, stored.customer_id)]
    finally:
        registry.close()
    assert "decision" in kinds


def test_dedupe_stores_the_decisions(registry_url: str, reps: Path, tmp_path: Path) -> None:
    run_registry_init(url=registry_url)
    _run(reps, tmp_path / "one", registry_url)  # registers everyone
    sheet = tmp_path / "one" / "duplicates.xlsx"
    _decide(sheet, "confirmed duplicate")
    res = CliRunner().invoke(
        main,
        ["dedupe", str(reps), "--out", str(tmp_path / "d.xlsx"), "--decisions", str(sheet),
         "--registry", registry_url, "--lang", "en"],
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    assert "duplicate decisions stored in the registry: 1" in res.output
    later = run_dedupe([reps], tmp_path / "e.xlsx", lang="en", registry=registry_url)
    decided = later.result.groups
    assert (decided["tier"] == "duplicate").sum() >= 2  # settled as 确认重复, by the registry
