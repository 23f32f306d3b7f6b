"""Classification: type, value tier, RFM segment, lifecycle, each with its rule and reason."""

from .book import write_classification
from .classifier import classify
from .rules import rule_lists
from .settings import (
    CLASS_VALUES,
    CLASSIFICATIONS,
    ClassifySettings,
    class_label,
    load_classify_settings,
    value_label,
)

__all__ = [
    "CLASSIFICATIONS",
    "CLASS_VALUES",
    "ClassifySettings",
    "class_label",
    "classify",
    "load_classify_settings",
    "rule_lists",
    "value_label",
    "write_classification",
]
