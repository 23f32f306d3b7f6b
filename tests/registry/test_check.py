"""Entry-time check against a real registry (SQLite and PostgreSQL): statuses, owner, privacy."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from addin.cli import main
from addin.jobs.registry import open_configured, run_check, run_registry_import, run_registry_init
from addin.registry import FixedClock
from addin.registry.report import CHECK_KEYS
from addin.registry.tables import match_keys
from tests.registry.conftest import NOW, row, write_sheet

# 张三's customers, with contact details 李四 must never see.
ZHANG = [
    row("张三", "王伟", company="北京华信科技有限公司", mobile="138 1234 5678",
        email="wang.wei@huaxin.example", phone="010-8888 6666", address="北京市海淀区中关村大街1号"),
    row("张三", "刘洋", mobile="139 1111 2222", email="liu.yang@example.com"),
    row("张三", "陈静", mobile="137 3333 4444"),
]  # fmt: skip
PRIVATE = [
    "13812345678",
    "138 1234 5678",
    "wang.wei",
    "8888",
    "中关村",
    "王伟",
    "13911112222",
    "liu.yang",
]


@pytest.fixture
def registered(registry_url: str, tmp_path: Path, clock: FixedClock) -> str:
    run_registry_init(url=registry_url, lang="en")
    outcome = run_registry_import(
        [write_sheet(tmp_path / "zhang.xlsx", ZHANG)], url=registry_url, lang="en", clock=clock
    )
    assert outcome.counts["registered"] == 3
    return registry_url


def test_statuses_owner_and_reasons(registered: str, tmp_path: Path, clock: FixedClock) -> None:
    li = write_sheet(
        tmp_path / "li.xlsx",
        [
            row("李四", "王经理", company="华信科技(北京)有限责任公司", mobile="136 0000 0001"),  # same account
            row("李四", "Liu Yang", mobile="139 1111 2222"),  # same person (pinyin) + mobile
            row("李四", "陈先生", mobile="137 3333 4444"),  # same mobile, other name
            row("李四", "赵六", mobile="135 5555 6666"),  # nobody
            row("李四", "王总"),  # nothing to identify
        ],
    )  # fmt: skip
    outcome = run_check([li], url=registered, lang="en", clock=clock)
    got = [(r["customer_name"], r["status"], r["owner"]) for r in outcome.records]
    assert got == [
        ("王经理", "taken", "张三"),
        ("Liu Yang", "taken", "张三"),
        ("陈先生", "possible", "张三"),
        ("赵六", "new", None),
        ("王总", "possible", None),
    ]
    taken = outcome.records[0]
    assert list(taken) == list(CHECK_KEYS)
    assert taken["since"] == NOW.date().isoformat()
    assert taken["protected_until"] == "2027-02-21"  # 90 days
    assert "same company" in taken["reason"] and "张三" in taken["reason"]
    assert "same name and mobile" in outcome.records[1]["reason"]
    assert "nothing to identify" in outcome.records[4]["reason"]
    assert outcome.exit_code == 1


def test_own_rows_are_yours_and_exit_0(registered: str, tmp_path: Path, clock: FixedClock) -> None:
    outcome = run_check(
        [write_sheet(tmp_path / "again.xlsx", ZHANG[:2])], url=registered, lang="en", clock=clock
    )
    assert [r["status"] for r in outcome.records] == ["yours", "yours"]
    assert outcome.exit_code == 0


def test_after_protection_the_customer_is_in_the_pool(registered: str, tmp_path: Path) -> None:
    later = FixedClock(NOW)
    later.advance(days=91)
    li = write_sheet(tmp_path / "li.xlsx", [row("李四", "刘洋", mobile="139 1111 2222")])
    outcome = run_check([li], url=registered, lang="en", clock=later)
    (r,) = outcome.records
    assert (r["status"], r["owner"], r["protected_until"]) == ("pool", None, None)
    assert "public pool" in r["reason"]
    assert outcome.exit_code == 0


def test_cli_json_shows_no_private_data_and_exits_1(registered: str, tmp_path: Path) -> None:
    li = write_sheet(
        tmp_path / "li.xlsx",
        [row("李四", "王经理", company="华信科技有限公司", credit_code=None, mobile="136 0000 0001"),
         row("李四", "Liu Yang", mobile="139 1111 2222")],
    )  # fmt: skip
    result = CliRunner().invoke(
        main, ["check", str(li), "--registry", registered, "--format", "json"]
    )
    assert result.exit_code == 1, result.output
    data = json.loads(result.output)
    assert [r["status"] for r in data] == ["taken", "taken"]
    assert all(list(r) == list(CHECK_KEYS) for r in data)
    # the rep's own typed mobile may be shown back to them; 张三's details never are
    text = result.output.replace("13911112222", "").replace("139 1111 2222", "")
    for private in PRIVATE:
        assert private not in text, private
    table = CliRunner().invoke(main, ["check", str(li), "--registry", registered, "--lang", "en"])
    assert table.exit_code == 1
    assert "registered by 张三" in table.output and "2 taken" in table.output
    for private in PRIVATE:
        assert private not in table.output.replace("139 1111 2222", ""), private


def test_check_reads_only(registered: str, tmp_path: Path, clock: FixedClock) -> None:
    li = write_sheet(tmp_path / "li.xlsx", [row("李四", "赵六", mobile="135 5555 6666")])
    run_check([li], url=registered, lang="en", clock=clock)
    again = run_check([li], url=registered, lang="en", clock=clock)
    assert again.records[0]["status"] == "new"  # checking never registers


def test_same_company_same_city_without_the_full_key(
    registered: str, tmp_path: Path, clock: FixedClock
) -> None:
    # 华信 in 北京, written differently (place after the brand): still the same account
    li = write_sheet(
        tmp_path / "li.xlsx",
        [row("李四", "王经理", company="华信科技（北京）有限公司", mobile="136 0000 0001")],
    )
    (r,) = run_check([li], url=registered, lang="en", clock=clock).records
    assert (r["status"], r["owner"]) == ("taken", "张三")


def test_one_batch_registers_an_account_once_as_a_later_check_would_see_it(
    registry_url: str, tmp_path: Path, clock: FixedClock
) -> None:
    # 华信科技 typed without its city by 李四 and 北京华信科技 by 张三, imported together: the
    # check would call the first 张三's customer (same brand, one city) once the second is
    # registered, so the batch registers one customer, not two
    run_registry_init(url=registry_url, lang="en")
    zhang = write_sheet(tmp_path / "zhang.xlsx",
                        [row("张三", "王伟", company="北京华信科技有限公司", mobile="138 1234 5678")])  # fmt: skip
    li = write_sheet(tmp_path / "li.xlsx",
                     [row("李四", "王经理", company="华信科技有限公司", mobile="136 0000 0001",
                          registered_on=dt.date(2024, 5, 1))])  # fmt: skip
    batch = run_registry_import([zhang, li], url=registry_url, lang="en", clock=clock)
    assert (batch.counts["registered"], batch.counts["collisions"]) == (1, 1)
    rows = run_check([zhang, li], url=registry_url, lang="en", clock=clock).records
    assert [(r["status"], r["owner"]) for r in rows] == [("yours", "张三"), ("taken", "张三")]


def test_a_brand_in_two_cities_is_not_joined_in_a_batch(
    registry_url: str, tmp_path: Path, clock: FixedClock
) -> None:
    # 北京 and 上海 华信 are two accounts; 华信 without a city could be either: not joined
    run_registry_init(url=registry_url, lang="en")
    rows = [
        row("张三", "王伟", company="北京华信科技有限公司", mobile="138 1234 5678"),
        row("李四", "李强", company="上海华信科技有限公司", mobile="139 2222 3333"),
        row("王五", "王经理", company="华信科技有限公司", mobile="136 0000 0001"),
    ]
    batch = run_registry_import([write_sheet(tmp_path / "all.xlsx", rows)], url=registry_url,
                                lang="en", clock=clock)  # fmt: skip
    assert batch.counts["registered"] == 3


def test_the_owners_new_mobile_finds_the_customer(
    registered: str, tmp_path: Path, clock: FixedClock
) -> None:
    """张三 gives 刘洋 a new mobile (same e-mail): 李四 typing the new one is caught at entry."""
    moved = row("张三", "刘洋", mobile="186 0000 1111", email="liu.yang@example.com")
    again = run_registry_import(
        [write_sheet(tmp_path / "zhang2.xlsx", [moved])], url=registered, lang="en", clock=clock
    )
    assert again.counts["registered"] == 0  # the owner's own customer, not a new one
    li = write_sheet(tmp_path / "li.xlsx", [row("李四", "刘洋", mobile="186-0000-1111")])
    outcome = run_check([li], url=registered, lang="en", clock=clock)
    assert [(r["status"], r["owner"]) for r in outcome.records] == [("taken", "张三")]
    assert "same name and mobile" in outcome.records[0]["reason"]


def test_a_value_another_customer_holds_is_not_added(
    registered: str, tmp_path: Path, clock: FixedClock
) -> None:
    """刘洋's sheet now shows 陈静's mobile: it stays 陈静's key only (the two stay apart)."""
    mixed = row("张三", "刘洋", mobile="137 3333 4444", email="liu.yang@example.com")
    run_registry_import(
        [write_sheet(tmp_path / "zhang2.xlsx", [mixed])], url=registered, lang="en", clock=clock
    )
    registry = open_configured(None, registered, "en")
    with registry.read() as conn:
        mk = match_keys.c
        holders = conn.execute(
            sa.select(sa.func.count(sa.distinct(mk.customer_id))).where(
                mk.kind == "mobile", mk.value.like("%13733334444")
            )
        ).scalar()
    registry.close()
    assert holders == 1
