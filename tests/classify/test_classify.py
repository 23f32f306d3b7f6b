"""Classification rules with hand-computed expectations, and the workbook read back."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest

from addin.classify import (
    CLASSIFICATIONS,
    ClassifySettings,
    classify,
    load_classify_settings,
    rule_lists,
    write_classification,
)
from addin.errors import ConfigError
from addin.records import make_customers
from addin.rules import Rule, apply_rules, check_rules

AS_OF = dt.date(2026, 11, 23)


def run(rows: list[dict[str, Any]], **settings: Any) -> pd.DataFrame:
    return classify(make_customers(rows), ClassifySettings(**settings), as_of=AS_OF)


# --- ABC tiers -------------------------------------------------------------------------------
# Amounts 50, 30, 10, 5, 5 (total 100). Share held by strictly larger amounts:
# 50 -> 0, 30 -> .5, 10 -> .8, 5 and 5 -> .9 (ties share it). A < .8 <= B < .95 <= C.
@pytest.mark.parametrize(
    ("amounts", "tiers"),
    [
        ([50, 30, 10, 5, 5], ["A", "A", "B", "B", "B"]),
        ([50, 30, 10, 5, 5, None, 0], ["A", "A", "B", "B", "B", "C", "C"]),
        ([100], ["A"]),
        ([None, None], ["C", "C"]),
        ([60, 20, 15, 5], ["A", "A", "B", "C"]),  # 5 has .95 before it: not < .95
        ([25, 25, 25, 25], ["A", "A", "A", "A"]),  # all tied: nobody is larger
    ],
)
def test_abc_tiers_hand_computed(amounts: list[float | None], tiers: list[str]) -> None:
    out = run([{"total_amount": a} for a in amounts])
    assert out["value_tier"].tolist() == tiers


def test_abc_thresholds_are_configurable() -> None:
    out = run(
        [{"total_amount": a} for a in (50, 30, 10, 5, 5)], tier_a_share=0.5, tier_b_share=0.85
    )
    assert out["value_tier"].tolist() == ["A", "B", "B", "C", "C"]
    assert out["value_tier_rule"].tolist() == ["top_share", "middle_share", "middle_share",
                                               "otherwise", "otherwise"]  # fmt: skip


def test_empty_amount_is_c_with_its_reason() -> None:
    out = run([{"total_amount": None}, {"total_amount": 10}])
    assert out.loc[0, "value_tier_rule"] == "no_amount"
    assert out.loc[0, "value_tier_reason"] == "没有成交金额，归为 C 类"


# --- RFM -------------------------------------------------------------------------------------
def test_rfm_quintile_scores_hand_computed() -> None:
    # 10 buyers; score = 1 + floor(5 * (rank - 1) / 10): ranks 1,2 -> 1; 3,4 -> 2; ... 9,10 -> 5.
    rows = [
        {"total_amount": 100 * (i + 1), "order_count": i + 1,
         "last_purchase": AS_OF - dt.timedelta(days=10 * (10 - i))}
        for i in range(10)
    ]  # fmt: skip
    out = run(rows)
    expected = [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    for letter in "rfm":
        assert out[f"rfm_{letter}"].tolist() == expected
    assert out["rfm_segment"].tolist()[:4] == ["general_retain"] * 4
    assert out["rfm_segment"].tolist()[4:] == ["important_value"] * 6
    assert out.loc[9, "rfm_segment_reason"].startswith("R5 F5 M5：")


def test_rfm_ties_share_the_lower_score_and_missing_date_is_worst() -> None:
    rows = [
        {"total_amount": 10, "order_count": 1, "last_purchase": "2026-11-01"},
        {"total_amount": 10, "order_count": 1, "last_purchase": "2026-11-01"},
        {"total_amount": 20, "order_count": 2, "last_purchase": None},
        {"total_amount": 30, "order_count": 3, "last_purchase": "2026-11-20"},
        {"total_amount": 40, "order_count": 4, "last_purchase": "2026-01-01"},
    ]
    out = run(rows)
    # R: no date is worst (rank 1), then Jan (2), the tied Nov 1 pair (3, 3), Nov 20 (5).
    assert out["rfm_r"].tolist() == [3, 3, 1, 5, 2]
    assert out["rfm_m"].tolist() == [1, 1, 3, 4, 5]


@pytest.mark.parametrize(
    ("r", "f", "m", "segment"),
    [
        (5, 5, 5, "important_value"),
        (5, 1, 5, "important_develop"),
        (1, 5, 5, "important_keep"),
        (1, 1, 5, "important_retain"),
        (5, 5, 1, "general_value"),
        (5, 1, 1, "general_develop"),
        (1, 5, 1, "general_keep"),
        (1, 1, 1, "general_retain"),
    ],
)
def test_the_eight_rfm_segments(r: int, f: int, m: int, segment: str) -> None:
    hi = 3
    facts = pd.DataFrame(
        {"bought": [True], "r_high": [r >= hi], "f_high": [f >= hi], "m_high": [m >= hi]}
    )
    result = apply_rules(facts, rule_lists(ClassifySettings())["rfm_segment"])
    assert result.value.tolist() == [segment]


def test_non_buyers_are_not_rfm_scored() -> None:
    out = run([{"stage": "lead"}, {"total_amount": 10}])
    assert out.loc[0, "rfm_segment"] == "no_purchase"
    assert out["rfm_r"].isna().tolist() == [True, False]


# --- behaviour, lifecycle, needs, type ---------------------------------------------------------
@pytest.mark.parametrize(
    ("row", "behaviour", "lifecycle"),
    [
        ({}, "never", "prospect"),
        ({"stage": "lost", "total_amount": 100, "order_count": 9}, "frequent", "churned"),
        ({"total_amount": 5, "order_count": 5, "last_purchase": "2025-11-22"}, "frequent", "churned"),
        ({"total_amount": 5, "order_count": 1, "last_purchase": "2025-11-23"}, "occasional", "mature"),
        ({"total_amount": 5, "order_count": 1, "last_purchase": "2026-05-27"}, "occasional", "new"),
        ({"total_amount": 5, "order_count": 1, "last_purchase": "2026-05-26"}, "occasional", "mature"),
        ({"total_amount": 5, "order_count": 3, "first_purchase": "2026-06-01",
          "last_purchase": "2026-11-01"}, "occasional", "new"),
    ],
)  # fmt: skip
def test_behaviour_and_lifecycle_edges(row: dict[str, Any], behaviour: str, lifecycle: str) -> None:
    # 365 days before 2026-11-23 is 2025-11-23 (not churned); 180 days is 2026-05-27 (new).
    out = run([row])
    assert (out.loc[0, "purchase_behavior"], out.loc[0, "lifecycle"]) == (behaviour, lifecycle)


@pytest.mark.parametrize(
    ("tags", "focus"),
    [("价格敏感,重视服务", "price"), ("重视品质", "quality"), ("Service first", "service"),
     ("VIP", "none"), (None, "none")],
)  # fmt: skip
def test_needs_focus_first_matching_tag_wins(tags: str | None, focus: str) -> None:
    assert run([{"tags": tags}]).loc[0, "needs_focus"] == focus


@pytest.mark.parametrize(
    ("row", "cls", "rule"),
    [
        ({"customer_type": "individual", "company": "市交通局"}, "individual", "type_individual"),
        ({"company": "杭州市交通运输局"}, "government", "company_government"),
        ({"company": "华信科技有限公司"}, "enterprise", "company_named"),
        ({}, "individual", "otherwise"),
    ],
)
def test_customer_class(row: dict[str, Any], cls: str, rule: str) -> None:
    out = run([row])
    assert (out.loc[0, "customer_class"], out.loc[0, "customer_class_rule"]) == (cls, rule)


def test_every_classification_has_value_rule_and_reason_columns() -> None:
    out = classify(make_customers([{"total_amount": 1}]), as_of=AS_OF, lang="en")
    for name in CLASSIFICATIONS:
        assert out[f"{name}_reason"].map(lambda s: isinstance(s, str) and s != "").all()
    assert out.loc[0, "value_tier_reason"] == "within the top 80% of revenue"


def test_input_frame_is_not_modified() -> None:
    df = make_customers([{"total_amount": 1}])
    before = df.copy()
    classify(df, as_of=AS_OF)
    pd.testing.assert_frame_equal(df, before)


# --- rules and settings ----------------------------------------------------------------------
def test_rule_lists_end_in_an_explicit_else() -> None:
    for rules in rule_lists(ClassifySettings()).values():
        check_rules(rules)
    with pytest.raises(ValueError, match="otherwise"):
        check_rules([Rule("x", "x", lambda f: f["a"] > 1, "", "")])


@pytest.mark.parametrize(
    "bad", [{"tier_a_share": 0.96}, {"rfm_high_score": 6}, {"churned_after_days": 0}]
)
def test_invalid_settings_are_config_errors(bad: dict[str, Any]) -> None:
    with pytest.raises(ConfigError):
        load_classify_settings(None, {"classify": {k: str(v) for k, v in bad.items()}})


def test_settings_sheet_values_are_coerced() -> None:
    s = load_classify_settings(
        None, {"classify": {"tier_a_share": "70%", "price_tags": "价，折扣"}}
    )
    assert (s.tier_a_share, s.price_tags) == (0.7, ("价", "折扣"))


# --- workbook ----------------------------------------------------------------------------------
def _sample() -> pd.DataFrame:
    rows = [
        {"rep": "张伟", "customer_name": "王五", "company": "华信科技", "customer_type": "enterprise",
         "industry": "it", "source": "expo", "total_amount": 50, "order_count": 6,
         "last_purchase": "2026-11-01", "tags": "价格敏感", "_file": "a.xlsx", "_row": 2},
        {"rep": "王芳", "customer_name": "李四", "customer_type": "individual", "total_amount": 30,
         "order_count": 1, "last_purchase": "2026-01-01", "_file": "b.xlsx", "_row": 3},
        {"rep": "张伟", "customer_name": "赵六 & <Co>", "customer_type": "government",
         "company": "市交通局", "_file": "a.xlsx", "_row": 4},
    ]  # fmt: skip
    return classify(make_customers(rows), as_of=AS_OF)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_workbook_read_back(tmp_path: Path, lang: Any) -> None:
    path = write_classification(_sample(), tmp_path / "c.xlsx", lang=lang, as_of=AS_OF)
    wb = openpyxl.load_workbook(path)
    # the classes, their reasons (a sheet apart, so that each prints readably) and the summary
    names = (
        ["客户分类", "分类依据", "分类汇总"]
        if lang == "zh"
        else ["Classification", "Reasons", "Summary"]
    )
    assert wb.sheetnames == names
    ws = wb[names[0]]
    rows = list(ws.iter_rows(values_only=True))
    header = rows[0]
    assert header[0] == ("业务员" if lang == "zh" else "Sales rep")
    assert len(rows) == 4
    by_name = {r[2]: dict(zip(header, r, strict=True)) for r in rows[1:]}
    tier = "价值等级" if lang == "zh" else "Value tier"
    if lang == "zh":
        assert by_name["王五"][tier] == "A类"
        assert by_name["王五"]["最近购买日期"] == dt.datetime(2026, 11, 1)
        assert by_name["赵六 & <Co>"]["客户类型"] == "政府"
        assert by_name["赵六 & <Co>"]["累计金额"] is None
    assert ws.print_title_rows == "$1:$1" and ws.freeze_panes == "A2"
    assert ws.page_setup.orientation == "landscape"
    reasons = list(wb[names[1]].iter_rows(values_only=True))
    assert [r[2] for r in reasons[1:]] == [r[2] for r in rows[1:]]  # the same rows, same order
    assert ("价值等级原因" if lang == "zh" else "Value tier reason") in reasons[0]
    summary = wb[names[2]]
    assert len(summary._charts) == 5
    assert summary["A1"].value.startswith(
        "客户分类汇总" if lang == "zh" else "Customer classification"
    )


def test_empty_frame_writes_a_valid_workbook(tmp_path: Path) -> None:
    classified = classify(make_customers([]), as_of=AS_OF)
    path = write_classification(classified, tmp_path / "empty.xlsx", as_of=AS_OF)
    wb = openpyxl.load_workbook(path)
    assert wb["客户分类"].max_row >= 1


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_libreoffice_opens_the_workbook(tmp_path: Path) -> None:
    """LibreOffice reads the streamed rows and the five charts (and writes them back out)."""
    path = write_classification(_sample(), tmp_path / "c.xlsx", lang="en", as_of=AS_OF)
    out = tmp_path / "lo"
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
         "--convert-to", "xlsx", "--outdir", str(out), str(path)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    wb = openpyxl.load_workbook(out / "c.xlsx")
    values = [v for row in wb["Classification"].iter_rows(values_only=True) for v in row]
    assert "Sales rep" in values and "Champions (important value)" in values
    assert "赵六 & <Co>" in values
    assert len(wb["Summary"]._charts) == 5
