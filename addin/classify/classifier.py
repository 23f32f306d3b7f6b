"""Customer classification: type, ABC value tier, RFM segment, purchase behaviour, lifecycle, needs.

Every classification is an ordered rule list (see :mod:`addin.rules`) ending in an explicit
else; each adds three columns to the customer frame: ``<name>`` (a stable key such as
``"A"`` or ``"important_value"``), ``<name>_rule`` (key of the rule that placed the row) and
``<name>_reason`` (that rule's text in the chosen language).

Definitions (all dates relative to ``as_of``; thresholds are
:class:`~addin.classify.settings.ClassifySettings`):

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

import numpy as np
import pandas as pd

from ..rules import apply_rules
from ..schema import Lang
from .rules import rule_lists
from .settings import ClassifySettings
from .texts import msg

__all__ = ["classify"]


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
    out = customers.copy(deep=False)  # copy-on-write: the new columns never touch customers
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
        + msg("classify_scores_sep", lang)
    ).to_numpy(dtype=object)
    reasons = out["rfm_segment_reason"].to_numpy(dtype=object)
    out["rfm_segment_reason"] = np.where(bought, prefix + reasons, reasons)
    return out
