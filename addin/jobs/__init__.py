"""The jobs both front ends call: each ``run_*`` (one module each) and its outcome type."""

from .audit_log import run_audit
from .classify import run_classify
from .common import JobOutcome, duplicate_groups
from .dedupe import DedupeOutcome, run_dedupe
from .email import mail_username, run_email, run_email_setup
from .followups import followups_from_customers, run_followups
from .registry import CheckOutcome, run_check, run_registry_import, run_registry_init
from .run import EmailMode, RunResult, deduplicated, run_pipeline
from .validate import ValidateOutcome, run_validate

__all__ = [
    "CheckOutcome",
    "DedupeOutcome",
    "EmailMode",
    "JobOutcome",
    "RunResult",
    "ValidateOutcome",
    "deduplicated",
    "duplicate_groups",
    "followups_from_customers",
    "mail_username",
    "run_audit",
    "run_check",
    "run_classify",
    "run_dedupe",
    "run_email",
    "run_email_setup",
    "run_followups",
    "run_pipeline",
    "run_registry_import",
    "run_registry_init",
    "run_validate",
]
