"""What the classification modules share: the settings, the classification columns and their labels."""

from __future__ import annotations

from dataclasses import dataclass

from ..config import Config
from ..config_tables import load_settings
from ..schema import Lang
from .texts import msg

__all__ = [
    "CLASSIFICATIONS",
    "CLASS_VALUES",
    "ClassifySettings",
    "class_label",
    "load_classify_settings",
    "value_label",
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

#: The keys each classification can take, in the order they are shown (labels: ``texts``).
CLASS_VALUES: dict[str, tuple[str, ...]] = {
    "customer_class": ("government", "enterprise", "individual"),
    "value_tier": ("A", "B", "C"),
    "rfm_segment": (
        "important_value",
        "important_keep",
        "important_develop",
        "important_retain",
        "general_value",
        "general_keep",
        "general_develop",
        "general_retain",
        "no_purchase",
    ),
    "purchase_behavior": ("frequent", "occasional", "never"),
    "lifecycle": ("prospect", "new", "mature", "churned"),
    "needs_focus": ("price", "quality", "service", "none"),
}

#: Columns with a header of their own (code ``classify_col_<column>``).
_HEADED = frozenset((*CLASSIFICATIONS, "rfm_r", "rfm_f", "rfm_m", "_rule", "_reason"))


def class_label(column: str, lang: Lang) -> str:
    """Header of a classification column (``value_tier_reason`` -> ``价值等级原因``)."""
    for suffix in ("_rule", "_reason"):
        base = column.removesuffix(suffix)
        if base != column and base in _HEADED:
            return msg(f"classify_col{suffix}", lang, column=msg(f"classify_col_{base}", lang))
    return msg(f"classify_col_{column}", lang) if column in _HEADED else column


def value_label(column: str, key: object, lang: Lang) -> object:
    """Display label of a classification key; other values pass through."""
    if isinstance(key, str) and key in CLASS_VALUES.get(column, ()):
        return msg(f"classify_{column}_{key}", lang)
    return key


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
    return load_settings(ClassifySettings, "classify", config, overrides)
