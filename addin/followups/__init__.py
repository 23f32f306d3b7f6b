"""Follow-up lists (who, when, why) and the rep and manager workbooks."""

from .books import FollowupOutput
from .build import (
    FOLLOWUP_COLUMNS,
    REASONS,
    FollowupSettings,
    build_followups,
    load_followup_settings,
    reason_label,
    write_followups,
)
from .step import write_followups_step

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
