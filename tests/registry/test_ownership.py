"""Ownership rules on both databases: first registered wins, protection, 公海, limit, transfers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import sqlalchemy as sa

from addin.config import Config
from addin.jobs.registry import (
    open_configured,
    run_check,
    run_registry_import,
    run_registry_init,
)
from addin.jobs.registry_admin import (
    run_registry_claim,
    run_registry_history,
    run_registry_release,
    run_registry_status,
    run_registry_transfer,
)
from addin.registry import FixedClock, history
from addin.registry.tables import customers, events
from tests.registry.conftest import NOW, row, write_sheet


def _config(**registry: object) -> Config:
    return Config(
        sections={
            "registry": registry,
            "managers": {"张三": {"manager": "李经理"}, "李四": {"manager": "李经理"}},
        }
    )


@pytest.fixture
def reg(registry_url: str) -> str:
    run_registry_init(url=registry_url)
    return registry_url


def _import(
    url: str, path: Path, clock: FixedClock, config: Config | None = None
) -> dict[str, int]:
    return run_registry_import([path], url=url, lang="en", clock=clock, config=config).counts


def _kinds(url: str, customer: int = 1) -> list[str]:
    registry = open_configured(None, url, "en")
    with registry.read() as conn:
        kinds = [e.kind for e in history(conn, customer)]
    registry.close()
    return kinds


def test_first_registered_wins_not_the_typed_date(
    reg: str, tmp_path: Path, clock: FixedClock
) -> None:
    zhang = write_sheet(tmp_path / "zhang.xlsx", [row("张三", "刘洋", mobile="139 1111 2222")])
    _import(reg, zhang, clock)
    clock.advance(hours=1)
    # 李四 backdates 录入日期 by years: the registry's clock decides, not the typed date
    li = write_sheet(
        tmp_path / "li.xlsx",
        [row("李四", "刘洋", mobile="139 1111 2222", registered_on=dt.date(2019, 1, 1))],
    )
    counts = _import(reg, li, clock)
    assert counts["registered"] == 0 and counts["collisions"] == 1
    outcome = run_check([li], url=reg, lang="en", clock=clock)
    assert (outcome.records[0]["status"], outcome.records[0]["owner"]) == ("taken", "张三")
    assert _kinds(reg) == ["registered", "collision"]
    _import(reg, li, clock)  # the same sheet again is not a second collision
    assert _kinds(reg) == ["registered", "collision"]


def test_one_batch_owner_by_the_dedupe_rule(reg: str, tmp_path: Path, clock: FixedClock) -> None:
    both = write_sheet(
        tmp_path / "team.xlsx",
        [row("李四", "刘洋", mobile="139 1111 2222", registered_on=dt.date(2024, 5, 1)),
         row("张三", "Liu Yang", mobile="139 1111 2222", registered_on=dt.date(2024, 4, 1))],
    )  # fmt: skip
    counts = _import(reg, both, clock)
    assert counts["registered"] == 1 and counts["collisions"] == 1
    records = run_check([both], url=reg, lang="en", clock=clock).records
    assert [r["status"] for r in records] == ["taken", "yours"]


def test_follow_up_restarts_protection_then_pool_and_claim(
    reg: str, tmp_path: Path, clock: FixedClock
) -> None:
    first = write_sheet(
        tmp_path / "a.xlsx",
        [row("张三", "刘洋", mobile="139 1111 2222", last_contact=dt.date(2026, 11, 1))],
    )
    _import(reg, first, clock)
    clock.advance(days=60)
    later = write_sheet(
        tmp_path / "b.xlsx",
        [row("张三", "刘洋", mobile="139 1111 2222", last_contact=dt.date(2027, 1, 20))],
    )
    _import(reg, later, clock)
    li = write_sheet(tmp_path / "li.xlsx", [row("李四", "刘洋", mobile="139 1111 2222")])
    clock.advance(days=80)  # 140 days after registration, 80 after the follow-up: still protected
    assert run_check([li], url=reg, lang="en", clock=clock).records[0]["status"] == "taken"
    clock.advance(days=11)
    assert run_check([li], url=reg, lang="en", clock=clock).records[0]["status"] == "pool"
    done = run_registry_claim("刘洋", "李四", url=reg, lang="en", clock=clock)
    assert done.exit_code == 0 and "now belongs to 李四" in done.message
    assert run_check([li], url=reg, lang="en", clock=clock).records[0]["status"] == "yours"
    assert _kinds(reg) == ["registered", "follow_up", "released", "claimed"]
    again = run_registry_claim("刘洋", "王五", url=reg, lang="en", clock=clock)
    assert again.exit_code == 1 and "owned by 李四" in again.message


def test_deal_protects_longer(reg: str, tmp_path: Path, clock: FixedClock) -> None:
    sheet = write_sheet(
        tmp_path / "a.xlsx",
        [row("张三", "刘洋", mobile="139 1111 2222", stage="成交", total_amount=5000)],
    )
    _import(reg, sheet, clock, _config(deal_protection_days=365))
    clock.advance(days=300)
    li = write_sheet(tmp_path / "li.xlsx", [row("李四", "刘洋", mobile="139 1111 2222")])
    assert run_check([li], url=reg, lang="en", clock=clock).records[0]["status"] == "taken"
    clock.advance(days=66)
    assert run_check([li], url=reg, lang="en", clock=clock).records[0]["status"] == "pool"


def test_limit_refuses_registration_and_claims(reg: str, tmp_path: Path, clock: FixedClock) -> None:
    config = _config(max_owned_per_rep=1)
    sheet = write_sheet(
        tmp_path / "a.xlsx",
        [row("张三", "刘洋", mobile="139 1111 2222"), row("张三", "陈静", mobile="137 3333 4444")],
    )
    counts = run_registry_import([sheet], url=reg, lang="en", clock=clock, config=config).counts
    assert counts["registered"] == 1 and counts["over_limit"] == 1
    run_registry_release("刘洋", "张三", reason="not interested", url=reg, lang="en", clock=clock)
    _import(
        reg,
        write_sheet(tmp_path / "b.xlsx", [row("张三", "陈静", mobile="137 3333 4444")]),
        clock,
        config,
    )
    refused = run_registry_claim("刘洋", "张三", url=reg, lang="en", clock=clock, config=config)
    assert refused.exit_code == 1 and "limit" in refused.message


def test_release_and_transfer_are_events(reg: str, tmp_path: Path, clock: FixedClock) -> None:
    _import(
        reg, write_sheet(tmp_path / "a.xlsx", [row("张三", "刘洋", mobile="139 1111 2222")]), clock
    )
    assert (
        run_registry_release("刘洋", "李四", url=reg, lang="en", clock=clock).exit_code == 1
    )  # not the owner
    bad = run_registry_transfer(
        "1", "李四", "王经理", url=reg, lang="en", clock=clock, config=_config()
    )
    assert bad.exit_code == 1 and "not the manager" in bad.message
    ok = run_registry_transfer(
        "#1",
        "李四",
        "李经理",
        reason="张三 left",
        url=reg,
        lang="en",
        clock=clock,
        config=_config(),
    )
    assert ok.exit_code == 0, ok.message
    assert _kinds(reg) == ["registered", "transferred"]
    text = run_registry_history("1", url=reg, lang="en").message
    assert "transferred" in text and "张三 left" in text and "old_owner=张三" in text
    status = run_registry_status(url=reg, lang="en").message
    assert "1 customers (1 owned, 0 in the pool)" in status and "李四: 1" in status


def test_events_cannot_be_changed(reg: str, tmp_path: Path, clock: FixedClock) -> None:
    _import(
        reg, write_sheet(tmp_path / "a.xlsx", [row("张三", "刘洋", mobile="139 1111 2222")]), clock
    )
    registry = open_configured(None, reg, "en")
    for statement in (events.update().values(actor="someone else"), events.delete()):
        with pytest.raises(sa.exc.DBAPIError, match="append-only"), registry.engine.begin() as conn:
            conn.execute(statement)
    with registry.read() as conn:
        assert conn.execute(sa.select(customers.c.registered_at)).scalar_one() == NOW
    registry.close()
