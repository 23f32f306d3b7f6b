"""Customer classification: type, ABC value tier, RFM segment, purchase behaviour, lifecycle, needs.

Every classification is an ordered rule list (see :mod:`addin.rules`) ending in an explicit
else; each adds three columns to the customer frame: ``<name>`` (a stable key such as
``"A"`` or ``"important_value"``), ``<name>_rule`` (key of the rule that placed the row) and
``<name>_reason`` (that rule's text in the chosen language).

Definitions (all dates relative to ``as_of``; thresholds are :class:`ClassifySettings`):

* **buyer**: a customer with ``total_amount > 0``, ``order_count > 0`` or a last-purchase date.
* **ABC tier (Pareto)**: buyers sorted by amount, largest first. ``share_before`` is the share
  of all revenue held by customers with a *strictly larger* amount (so ties share a tier).
  A: ``share_before < tier_a_share`` (0.8); B: ``< tier_b_share`` (0.95); else C. No amount: C.
* **RFM scores** 1..``rfm_bins`` (5), among buyers only, by rank: ``1 + floor(bins * (rank - 1)
  / n)`` where ``rank`` is the 1-based ascending rank with ties at their lowest rank (ties
  share the lower score). R ranks recency (fewer days since the last purchase is better; no
  date is worst), F the order count, M the total amount. A score is *high* when
  ``>= rfm_high_score`` (3: the mean of a uniform 1..5 score). The eight classic segments
  follow from (R high?, F high?, M high?); non-buyers get ``no_purchase``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..config import Config
from ..rules import apply_rules
from ..schema import Lang
from .rules import rule_lists

__all__ = [
    "CLASSIFICATIONS",
    "ClassifySettings",
    "classify",
    "rule_lists",
    "class_label",
    "value_label",
    "load_classify_settings",
    "write_classification",
]

#: The classification columns, in the order they are shown.
CLASSIFICATIONS: tuple[str, ...] = (
    "customer_class",
    "value_tier",
    "rfm_segment",
    "purchase_behavior",
    "lifecycle",
    "needs_focus",
)

_CLASS_LABELS: dict[str, tuple[str, str]] = {
    "customer_class": ("客户类别", "Customer class"),
    "value_tier": ("价值等级", "Value tier"),
    "rfm_segment": ("RFM分群", "RFM segment"),
    "purchase_behavior": ("购买行为", "Purchase behaviour"),
    "lifecycle": ("生命周期", "Lifecycle"),
    "needs_focus": ("需求侧重", "Needs focus"),
    "rfm_r": ("R得分", "R score"),
    "rfm_f": ("F得分", "F score"),
    "rfm_m": ("M得分", "M score"),
    "_rule": ("依据", "Rule"),
    "_reason": ("原因", "Reason"),
}

_VALUE_LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "customer_class": {
        "government": ("政府", "Government"),
        "enterprise": ("企业", "Enterprise"),
        "individual": ("个人", "Individual"),
    },
    "value_tier": {"A": ("A类", "A"), "B": ("B类", "B"), "C": ("C类", "C")},
    "rfm_segment": {
        "important_value": ("重要价值客户", "Champions (important value)"),
        "important_keep": ("重要保持客户", "Loyal, lapsing (important keep)"),
        "important_develop": ("重要发展客户", "Big new spenders (important develop)"),
        "important_retain": ("重要挽留客户", "Big spenders at risk (important retain)"),
        "general_value": ("一般价值客户", "Regulars (general value)"),
        "general_keep": ("一般保持客户", "Regulars, lapsing (general keep)"),
        "general_develop": ("一般发展客户", "Newcomers (general develop)"),
        "general_retain": ("一般挽留客户", "Low value, lapsing (general retain)"),
        "no_purchase": ("未成交（不评RFM）", "No purchase (not scored)"),
    },
    "purchase_behavior": {
        "frequent": ("频繁购买", "Frequent"),
        "occasional": ("偶尔购买", "Occasional"),
        "never": ("从未购买", "Never"),
    },
    "lifecycle": {
        "prospect": ("潜在", "Prospect"),
        "new": ("新客户", "New"),
        "mature": ("成熟", "Mature"),
        "churned": ("流失", "Churned"),
    },
    "needs_focus": {
        "price": ("价格", "Price"),
        "quality": ("质量", "Quality"),
        "service": ("服务", "Service"),
        "none": ("未标注", "Not tagged"),
    },
}


def class_label(column: str, lang: Lang) -> str:
    """Header of a classification column (``value_tier_reason`` -> ``价值等级原因``)."""
    for suffix in ("_rule", "_reason"):
        if column.endswith(suffix) and column[: -len(suffix)] in _CLASS_LABELS:
            base, extra = _CLASS_LABELS[column[: -len(suffix)]], _CLASS_LABELS[suffix]
            return base[0] + extra[0] if lang == "zh" else f"{base[1]} {extra[1].lower()}"
    zh, en = _CLASS_LABELS.get(column, (column, column))
    return zh if lang == "zh" else en


def value_label(column: str, key: object, lang: Lang) -> object:
    """Display label of a classification key; other values pass through."""
    pair = _VALUE_LABELS.get(column, {}).get(key) if isinstance(key, str) else None
    return pair[0 if lang == "zh" else 1] if pair else key


@dataclass(frozen=True)
class ClassifySettings:
    """Thresholds of the classification rules (TOML ``[classify]``, sheet ``classify.<key>``)."""

    tier_a_share: float = 0.8
    tier_b_share: float = 0.95
    rfm_bins: int = 5
    rfm_high_score: int = 3
    frequent_min_orders: int = 5
    new_customer_days: int = 180
    churned_after_days: int = 365
    government_keywords: tuple[str, ...] = ("政府", "局", "委员会", "厅", "办事处", "管委会")
    price_tags: tuple[str, ...] = ("价格", "价钱", "折扣", "优惠", "便宜", "price", "discount")
    quality_tags: tuple[str, ...] = ("质量", "品质", "耐用", "quality")
    service_tags: tuple[str, ...] = ("服务", "售后", "响应", "service", "support")

    def __post_init__(self) -> None:
        if not 0 < self.tier_a_share < self.tier_b_share <= 1:
            raise ValueError("need 0 < tier_a_share < tier_b_share <= 1")
        if self.rfm_bins < 2 or not 1 <= self.rfm_high_score <= self.rfm_bins:
            raise ValueError("need rfm_bins >= 2 and 1 <= rfm_high_score <= rfm_bins")
        if min(self.frequent_min_orders, self.new_customer_days, self.churned_after_days) < 1:
            raise ValueError("order and day thresholds must be at least 1")


def load_classify_settings(
    config: Config | None = None, overrides: dict[str, dict[str, object]] | None = None
) -> ClassifySettings:
    """``[classify]`` of the TOML with Settings-sheet overrides applied on top."""
    from ..config_tables import load_settings

    return load_settings(ClassifySettings, "classify", config, overrides)


def _scores(better: np.ndarray, bins: int) -> np.ndarray:
    """Rank scores 1..bins (ties share the lower score); see the module doc."""
    n = len(better)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    rank = pd.Series(better).rank(method="min").to_numpy()
    return (1 + np.floor(bins * (rank - 1) / n)).astype(np.int64)


def _facts(c: pd.DataFrame, s: ClassifySettings, as_of: dt.date) -> pd.DataFrame:
    """The numbers the rules look at, computed once for all rule lists."""
    today = pd.Timestamp(as_of)
    amount = c["total_amount"].fillna(0.0).clip(lower=0.0).to_numpy(dtype=float)
    orders = c["order_count"].fillna(0).clip(lower=0).to_numpy(dtype=np.int64)
    last = c["last_purchase"]
    bought = (amount > 0) | (orders > 0) | last.notna().to_numpy()
    recency = (today - last).dt.days.to_numpy(dtype=float)
    # Without a first-purchase date, a single purchase is its own first one.
    first = c["first_purchase"].where(c["first_purchase"].notna() | (orders > 1), last)
    f = pd.DataFrame(
        {
            "type": c["customer_type"].to_numpy(dtype=object),
            "company": c["company"].astype(object).to_numpy(dtype=object),
            "stage": c["stage"].to_numpy(dtype=object),
            "tags": c["tags"].to_numpy(dtype=object),
            "amount": amount,
            "orders": orders,
            "bought": bought,
            "recency": recency,
            "since_first": (today - first).dt.days.to_numpy(dtype=float),
        }
    )
    total = amount[amount > 0].sum()
    share = np.zeros(len(c))
    if total > 0:
        by_amount = pd.Series(amount).groupby(amount).sum().sort_index(ascending=False)
        before = by_amount.cumsum() - by_amount
        # Rounded so that 80/100 counts as exactly 80 %, not 79.999...
        share = np.round(pd.Series(amount).map(before).to_numpy(dtype=float) / total, 9)
    f["share_before"] = share
    scores = np.zeros((3, len(c)), dtype=np.int64)
    idx = np.flatnonzero(bought)
    worst = -np.inf
    recent = np.where(np.isnan(recency[idx]), worst, -recency[idx])
    for i, better in enumerate((recent, orders[idx].astype(float), amount[idx])):
        scores[i, idx] = _scores(better, s.rfm_bins)
    for i, name in enumerate("rfm"):
        f[f"{name}_score"] = scores[i]
        f[f"{name}_high"] = scores[i] >= s.rfm_high_score
    return f


def classify(
    customers: pd.DataFrame,
    settings: ClassifySettings = ClassifySettings(),  # noqa: B008 - frozen, safe as default
    *,
    as_of: dt.date,
    lang: Lang = "zh",
) -> pd.DataFrame:
    """Classify every customer; returns the frame plus classification, rule and reason columns.

    Args:
        customers: a customer frame (:mod:`addin.records` contract).
        settings: rule thresholds.
        as_of: the date recency and lifecycle are measured from (fixed in tests).
        lang: language of the ``*_reason`` columns.

    Returns:
        A copy of ``customers`` with, for each name in :data:`CLASSIFICATIONS`, the columns
        ``name``, ``name_rule`` and ``name_reason``, plus ``rfm_r``, ``rfm_f``, ``rfm_m``
        (``Int64``, missing for non-buyers).

    Example:
        >>> from addin.records import make_customers
        >>> df = make_customers([{"customer_name": "王伟", "total_amount": 100}])
        >>> classify(df, as_of=dt.date(2026, 11, 23))["value_tier"].tolist()
        ['A']
    """
    facts = _facts(customers, settings, as_of)
    out = customers.copy()
    for name, rules in rule_lists(settings).items():
        result = apply_rules(facts, rules, lang)
        out[name] = result.value
        out[f"{name}_rule"] = result.rule
        out[f"{name}_reason"] = result.reason
    bought = facts["bought"].to_numpy()
    for letter in "rfm":
        score = pd.array(facts[f"{letter}_score"].to_numpy(), dtype="Int64")
        out[f"rfm_{letter}"] = pd.Series(score, index=out.index).where(bought, pd.NA)
    # The scores explain the segment better than any sentence: "R5 F4 M3：R、F、M 均高".
    prefix = (
        "R"
        + facts["r_score"].astype(str)
        + " F"
        + facts["f_score"].astype(str)
        + " M"
        + facts["m_score"].astype(str)
        + ("：" if lang == "zh" else ": ")
    ).to_numpy(dtype=object)
    reasons = out["rfm_segment_reason"].to_numpy(dtype=object)
    out["rfm_segment_reason"] = np.where(bought, prefix + reasons, reasons)
    return out


def write_classification(
    classified: pd.DataFrame, path: str | Path, *, lang: Lang = "zh", as_of: dt.date | None = None
) -> Path:
    """Write the Classification sheet and the Summary sheet with charts (atomic write).

    Args:
        classified: output of :func:`classify`.
        path: the .xlsx to write; an existing file is backed up first.
        lang: language of headers, labels and sheet names.
        as_of: shown in the summary heading.

    Example:
        >>> write_classification(classify(df, as_of=d), "分类.xlsx", lang="zh")  # doctest: +SKIP
    """
    from .book import write_classification as write

    return write(classified, path, lang=lang, as_of=as_of)
