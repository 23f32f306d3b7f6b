"""Follow-up lists (who, when, why) and the rep and manager workbooks."""

from .books import FollowupOutput
from .build import build_followups
from .settings import (
    FOLLOWUP_COLUMNS,
    REASONS,
    FollowupSettings,
    load_followup_settings,
    reason_label,
)
from .step import write_followups_step
from .writer import write_followups

__all__ = [
    "FOLLOWUP_COLUMNS",
    "FollowupOutput",
    "FollowupSettings",
    "REASONS",
    "build_followups",
    "load_followup_settings",
    "reason_label",
    "write_followups",
    "write_followups_step",
]
