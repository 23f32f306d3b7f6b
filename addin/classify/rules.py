"""The rule lists of :mod:`addin.classify.classifier`: one ordered list per classification, each ending
in an explicit else, built from the settings so the reasons quote the configured thresholds."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..rules import Condition, Rule

if TYPE_CHECKING:
    from .settings import ClassifySettings

__all__ = ["rule_lists"]


def _any_word(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(w) for w in words if w) or "(?!)"


def _some(words: tuple[str, ...]) -> str:
    return "、".join(words[:3]) + ("等" if len(words) > 3 else "")


def _contains(values: pd.Series, pattern: str) -> pd.Series:
    """Whether each text matches ``pattern`` (case-blind; blanks and non-texts do not), each
    distinct text matched once."""
    codes, uniques = pd.factorize(values)
    hit = pd.Series(uniques, dtype=object).str.contains(pattern, case=False, regex=True, na=False)
    table = np.append(hit.to_numpy(dtype=bool), False)  # code -1 (blank): no match
    return pd.Series(table[codes], index=values.index)


def rule_lists(s: ClassifySettings) -> dict[str, list[Rule]]:
    """The rule list of every classification, built from the settings (first match wins)."""
    a, b = f"{s.tier_a_share:.0%}", f"{s.tier_b_share:.0%}"
    hi = s.rfm_high_score
    gov = _any_word(s.government_keywords)

    def rfm(key: str, r: bool, f: bool, m: bool, zh: str, en: str) -> Rule:
        def when(x: pd.DataFrame) -> pd.Series[bool]:
            return x["bought"] & (x["r_high"] == r) & (x["f_high"] == f) & (x["m_high"] == m)

        return Rule(key, key, when, zh, en)

    def tags(words: tuple[str, ...]) -> Condition:
        pattern = _any_word(words)
        return lambda x: _contains(x["tags"], pattern)

    return {
        "customer_class": [
            Rule(
                "type_government",
                "government",
                lambda x: x["type"] == "government",
                "客户类型填写为“政府”",
                "customer type is Government",
            ),
            Rule(
                "type_enterprise",
                "enterprise",
                lambda x: x["type"] == "enterprise",
                "客户类型填写为“企业”",
                "customer type is Enterprise",
            ),
            Rule(
                "type_individual",
                "individual",
                lambda x: x["type"] == "individual",
                "客户类型填写为“个人”",
                "customer type is Individual",
            ),
            Rule(
                "company_government",
                "government",
                lambda x: x["company"].str.contains(gov, regex=True, na=False),
                "未填类型，单位名称像政府机构",
                "type blank; the organisation name looks governmental",
            ),
            Rule(
                "company_named",
                "enterprise",
                lambda x: x["company"].notna(),
                "未填类型，有公司名称",
                "type blank; a company name is given",
            ),
            Rule(
                "otherwise",
                "individual",
                None,
                "未填类型，也没有公司名称",
                "type blank and no company name",
            ),
        ],
        "value_tier": [
            Rule(
                "no_amount",
                "C",
                lambda x: x["amount"] <= 0,
                "没有成交金额，归为 C 类",
                "no sales amount, so C",
            ),
            Rule(
                "top_share",
                "A",
                lambda x: x["share_before"] < s.tier_a_share,
                f"按金额从高到低累计，位于前 {a} 收入内",
                f"within the top {a} of revenue",
            ),
            Rule(
                "middle_share",
                "B",
                lambda x: x["share_before"] < s.tier_b_share,
                f"按金额累计位于 {a}–{b} 之间",
                f"between {a} and {b} of revenue",
            ),
            Rule(
                "otherwise",
                "C",
                None,
                f"按金额累计位于 {b} 之后（长尾）",
                f"in the tail after {b} of revenue",
            ),
        ],
        "rfm_segment": [
            Rule(
                "no_purchase",
                "no_purchase",
                lambda x: ~x["bought"],
                "没有购买记录，不参与 RFM",
                "no purchases, not scored",
            ),
            rfm(
                "important_value",
                True,
                True,
                True,
                f"R、F、M 均高（≥{hi}）",
                f"R, F and M all high (>= {hi})",
            ),
            rfm(
                "important_develop",
                True,
                False,
                True,
                "R 高、F 低、M 高：近期大额但购买少",
                "R high, F low, M high",
            ),
            rfm(
                "important_keep",
                False,
                True,
                True,
                "R 低、F 高、M 高：老大客户，近期未购买",
                "R low, F high, M high",
            ),
            rfm(
                "important_retain",
                False,
                False,
                True,
                "R 低、F 低、M 高：大额客户有流失风险",
                "R low, F low, M high",
            ),
            rfm("general_value", True, True, False, "R 高、F 高、M 低", "R high, F high, M low"),
            rfm("general_develop", True, False, False, "R 高、F 低、M 低", "R high, F low, M low"),
            rfm("general_keep", False, True, False, "R 低、F 高、M 低", "R low, F high, M low"),
            Rule(
                "otherwise",
                "general_retain",
                None,
                f"R、F、M 均低（<{hi}）",
                f"R, F and M all low (< {hi})",
            ),
        ],
        "purchase_behavior": [
            Rule(
                "no_purchase",
                "never",
                lambda x: ~x["bought"],
                "没有订单、金额或购买日期",
                "no orders, amount or purchase date",
            ),
            Rule(
                "many_orders",
                "frequent",
                lambda x: x["orders"] >= s.frequent_min_orders,
                f"订单数 ≥ {s.frequent_min_orders}",
                f"{s.frequent_min_orders} or more orders",
            ),
            Rule(
                "otherwise",
                "occasional",
                None,
                f"有购买，订单数少于 {s.frequent_min_orders}",
                f"has bought, fewer than {s.frequent_min_orders} orders",
            ),
        ],
        "lifecycle": [
            Rule(
                "stage_lost",
                "churned",
                lambda x: x["stage"] == "lost",
                "销售阶段为“流失”",
                "stage is Lost",
            ),
            Rule(
                "no_purchase", "prospect", lambda x: ~x["bought"], "尚未成交", "has not bought yet"
            ),
            Rule(
                "inactive",
                "churned",
                lambda x: x["recency"] > s.churned_after_days,
                f"最近一次购买距今超过 {s.churned_after_days} 天",
                f"last purchase more than {s.churned_after_days} days ago",
            ),
            Rule(
                "recent_first",
                "new",
                lambda x: x["since_first"] <= s.new_customer_days,
                f"首次购买在 {s.new_customer_days} 天内",
                f"first purchase within {s.new_customer_days} days",
            ),
            Rule(
                "otherwise",
                "mature",
                None,
                f"已成交超过 {s.new_customer_days} 天且仍在购买",
                f"buying for more than {s.new_customer_days} days and still active",
            ),
        ],
        "needs_focus": [
            Rule(
                "price_tag",
                "price",
                tags(s.price_tags),
                "标签含价格类词：" + _some(s.price_tags),
                "tags mention price",
            ),
            Rule(
                "quality_tag",
                "quality",
                tags(s.quality_tags),
                "标签含质量类词：" + _some(s.quality_tags),
                "tags mention quality",
            ),
            Rule(
                "service_tag",
                "service",
                tags(s.service_tags),
                "标签含服务类词：" + _some(s.service_tags),
                "tags mention service",
            ),
            Rule(
                "otherwise",
                "none",
                None,
                "标签中没有价格、质量或服务相关词",
                "no price, quality or service tags",
            ),
        ],
    }
