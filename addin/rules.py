"""Declarative rule lists: ordered ``Rule``s ending in an ``otherwise`` rule, applied vectorised.

A rule list is read top to bottom; the first rule whose condition holds places the row, and
the last rule (``when=None``) takes everything left. Each rule carries a stable key (stored in
a ``*_rule`` column, for tests and filters) and a reason a salesperson can read.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .schema import Lang

__all__ = ["Condition", "Rule", "RuleResult", "apply_rules", "check_rules"]

Condition = Callable[[pd.DataFrame], "pd.Series[bool] | np.ndarray"]


@dataclass(frozen=True)
class Rule:
    """One line of a rule list: if ``when`` holds, the row gets ``value`` because ``zh``/``en``."""

    key: str
    value: str
    when: Condition | None
    zh: str
    en: str

    def reason(self, lang: Lang) -> str:
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True)
class RuleResult:
    """Per row: the value placed, the key of the rule that placed it, and its reason."""

    value: np.ndarray
    rule: np.ndarray
    reason: np.ndarray


def check_rules(rules: Sequence[Rule]) -> None:
    """A rule list must end in exactly one explicit else and have unique keys."""
    if not rules or rules[-1].when is not None:
        raise ValueError("a rule list must end with an 'otherwise' rule (when=None)")
    if any(r.when is None for r in rules[:-1]):
        raise ValueError("only the last rule may be the 'otherwise' rule")
    keys = [r.key for r in rules]
    if len(set(keys)) != len(keys):
        raise ValueError(f"duplicate rule keys: {keys}")


def _mask(rule: Rule, facts: pd.DataFrame) -> np.ndarray:
    assert rule.when is not None
    out = rule.when(facts)
    if isinstance(out, pd.Series):
        # Nullable comparisons give <NA>: a missing value never satisfies a rule.
        return out.fillna(False).to_numpy(dtype=bool)
    return np.asarray(out, dtype=bool)


def apply_rules(facts: pd.DataFrame, rules: Sequence[Rule], lang: Lang = "zh") -> RuleResult:
    """Place every row of ``facts`` with the first matching rule (np.select over the list).

    Args:
        facts: the frame the conditions look at.
        rules: ordered rules, the last one with ``when=None``.
        lang: language of the reasons.

    Example:
        >>> rules = [Rule("big", "A", lambda f: f["x"] > 5, "大", "big"),
        ...          Rule("else", "B", None, "其他", "other")]
        >>> apply_rules(pd.DataFrame({"x": [9, 1]}), rules).value.tolist()
        ['A', 'B']
    """
    check_rules(rules)
    conditions = [_mask(r, facts) for r in rules[:-1]]
    if conditions:
        index = np.asarray(
            np.select(conditions, list(range(len(conditions))), default=len(rules) - 1),
            dtype=np.intp,
        )
    else:
        index = np.zeros(len(facts), dtype=np.intp)
    values = np.array([r.value for r in rules], dtype=object)
    keys = np.array([r.key for r in rules], dtype=object)
    reasons = np.array([r.reason(lang) for r in rules], dtype=object)
    return RuleResult(values[index], keys[index], reasons[index])
