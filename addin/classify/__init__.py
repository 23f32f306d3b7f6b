"""Classification: type, value tier, RFM segment, lifecycle, each with its rule and reason."""

from .classifier import (
    CLASSIFICATIONS,
    ClassifySettings,
    class_label,
    classify,
    load_classify_settings,
    rule_lists,
    value_label,
    write_classification,
)

__all__ = [
    "CLASSIFICATIONS",
    "ClassifySettings",
    "class_label",
    "classify",
    "load_classify_settings",
    "rule_lists",
    "value_label",
    "write_classification",
]
