"""The check's brand rule agrees with 查重's: another trade, a bare brand in several trades, or
no city where the registry holds the brand in several cities is "possible", not "taken"."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from addin.duplicates import find_duplicates
from addin.jobs.registry import run_check, run_registry_import, run_registry_init
from addin.records import make_customers
from addin.registry import FixedClock
from tests.registry.conftest import row, write_sheet

ZHANG = [
    row("张三", "王伟", company="杭州凯通星能源有限公司", mobile="138 1234 5678"),
    row("张三", "刘洋", company="北京华信科技有限公司", mobile="139 1111 2222"),
    row("张三", "陈静", company="上海华信科技有限公司", mobile="137 3333 4444"),
    row("张三", "赵敏", company="北京蓝海物流有限公司", mobile="136 5555 6666"),
    row("张三", "孙丽", company="上海蓝海科技有限公司", mobile="135 7777 8888"),
]  # fmt: skip

CASES = [
    # (company typed by 李四, status, note words): one line per rule
    ("凯通星物流", "possible", "another trade"),  # was "taken" by 杭州凯通星能源
    ("华信科技有限公司", "possible", "several cities"),  # 北京 or 上海? was "taken" by 北京
    ("蓝海有限公司", "possible", "several trades"),  # 蓝海物流 or 蓝海科技? was "taken"
    ("北京蓝海科技有限公司", "possible", "another trade"),  # one account key with 北京蓝海物流
    ("凯通星能源", "taken", ""),  # one account of the brand in its trade: the same customer
    ("上海华信科技", "taken", ""),  # its city named: the same customer
    ("北京蓝海有限公司", "taken", ""),  # the brand alone, but in 北京 the registry has one trade
]


@pytest.fixture
def registered(registry_url: str, tmp_path: Path, clock: FixedClock) -> str:
    run_registry_init(url=registry_url, lang="en")
    sheet = write_sheet(tmp_path / "zhang.xlsx", ZHANG)
    outcome = run_registry_import([sheet], url=registry_url, lang="en", clock=clock)
    assert outcome.counts["registered"] == len(ZHANG)
    return registry_url


def test_brand_rule_as_in_dedupe(registered: str, tmp_path: Path, clock: FixedClock) -> None:
    rows = [row("李四", f"李{k}", company=c, mobile=f"133 0000 00{k:02d}")
            for k, (c, _, _) in enumerate(CASES)]  # fmt: skip
    sheet = write_sheet(tmp_path / "li.xlsx", rows)
    got = run_check([sheet], url=registered, lang="en", clock=clock).records
    for (company, status, words), r in zip(CASES, got, strict=True):
        assert r["status"] == status, (company, r)
        assert words in r["reason"], (company, r["reason"])
        assert r["owner"] == "张三"


def _dedupe_tier(a: dict[str, Any], b: dict[str, Any]) -> str:
    pairs = find_duplicates(make_customers([a, b]), lang="en").pairs
    return str(pairs["tier"].iloc[0]) if len(pairs) else "none"


def test_dedupe_agrees_on_another_trade() -> None:
    """查重 on the pair of the first case: not a duplicate either."""
    a = {"rep": "张三", "customer_name": "王伟", "company": "杭州凯通星能源有限公司"}
    b = {"rep": "李四", "customer_name": "李明", "company": "凯通星物流"}
    assert _dedupe_tier(a, b) != "duplicate"


@pytest.mark.parametrize(("company", "status", "words"), CASES)
def test_dedupe_says_the_same(company: str, status: str, words: str) -> None:
    """查重 on 张三's rows and the record: a duplicate exactly where the check says taken."""
    rows = [{"rep": r["rep"], "customer_name": r["customer_name"], "company": r["company"]}
            for r in ZHANG]  # fmt: skip
    rows.append({"rep": "李四", "customer_name": "李明", "company": company})
    pairs = find_duplicates(make_customers(rows), lang="en").pairs
    mine = pairs[pairs["j"] == len(ZHANG)]
    assert (mine["tier"] == "duplicate").any() == (status == "taken"), mine.to_dict("records")
