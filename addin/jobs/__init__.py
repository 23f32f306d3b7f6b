"""The jobs both front ends call: each ``run_*`` and its outcome type."""

from .run import EmailMode, RunResult, deduplicated, run_pipeline
from .steps import JobOutcome, duplicate_groups, run_classify, run_followups, write_followups_step
from .validate import ValidateOutcome, mark_copies, run_validate

__all__ = [
    "EmailMode",
    "JobOutcome",
    "RunResult",
    "ValidateOutcome",
    "deduplicated",
    "duplicate_groups",
    "mark_copies",
    "run_classify",
    "run_followups",
    "run_pipeline",
    "run_validate",
    "write_followups_step",
]
