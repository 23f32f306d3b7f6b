"""What the follow-up modules share: the settings, the reasons and their labels, the columns."""

from __future__ import annotations

from dataclasses import dataclass

from ..config import Config
from ..config_tables import load_settings
from ..schema import Lang, label
from .texts import msg

__all__ = [
    "CONTACT_FIELDS",
    "FOLLOWUP_COLUMNS",
    "REASONS",
    "FollowupSettings",
    "key_field_label",
    "load_followup_settings",
    "reason_action",
    "reason_label",
    "urgency_label",
]

#: Reason code -> urgency (1 most urgent .. 4), in the order the reasons are checked; the label
#: is the catalogue code ``followup_<reason>``, the suggested action ``followup_action_<reason>``.
REASONS: dict[str, int] = {
    "overdue": 1,
    "feedback": 1,
    "duplicate": 1,
    "churn_risk": 2,
    "due": 2,
    "birthday": 3,
    "holiday": 3,
    "stale": 4,
    "missing_info": 4,
}

FOLLOWUP_COLUMNS = [
    "rep",
    "urgency",
    "urgency_label",
    "reason_code",
    "reason_label",
    "reason",
    "due",
    "days_overdue",
    "customer_id",
    "customer",
    "company",
    "mobile",
    "value_tier",
    "last_contact",
    "suggested_action",
    "_file",
    "_sheet",
    "_row",
]

#: The fields that count as contact details for ``key_fields = ["contact"]``.
CONTACT_FIELDS = ("mobile", "phone", "email", "wechat")

_KEY_FIELDS_OK = (
    "customer_type",
    "stage",
    "source",
    "industry",
    "birthday",
    "address",
    "customer_id",
    "next_follow_up",
    "last_contact",
    "channel",
)


def reason_label(code: str, lang: Lang) -> str:
    """Short label of a reason code in ``lang``."""
    return msg(f"followup_{code}", lang)


def reason_action(code: str, lang: Lang) -> str:
    """Suggested action of a reason code in ``lang``."""
    return msg(f"followup_action_{code}", lang)


def urgency_label(urgency: int, lang: Lang) -> str:
    """Label of an urgency level (1 Urgent .. 4 Low)."""
    return msg(f"followup_urgency_{urgency}", lang)


def key_field_label(key: str, lang: Lang) -> str:
    """Label of a ``key_fields`` entry (``contact`` is any of mobile/phone/e-mail/WeChat)."""
    return msg("followup_key_contact", lang) if key == "contact" else label(key, lang)


@dataclass(frozen=True)
class FollowupSettings:
    """Follow-up rules (TOML ``[followups]``, Settings sheet ``followups.<key>``)."""

    cadence_a_days: int = 7
    cadence_b_days: int = 14
    cadence_c_days: int = 30
    due_within_days: int = 7
    churn_risk_days: int = 90
    churn_contact_within_days: int = 7
    care_within_days: int = 14
    care_tiers: tuple[str, ...] = ("A", "B")
    leap_birthday: str = "02-28"
    stale_after_days: int = 90
    tidy_within_days: int = 14
    key_fields: tuple[str, ...] = ("contact", "company", "stage", "source")
    holidays_builtin: bool = True
    holidays_extra: tuple[str, ...] = ()
    #: due dates that fall on a weekend or official holiday move to the next workday (调休 counts)
    workdays_only: bool = True
    #: "solar" (公历) or "lunar" (农历): how the team records birthdays
    birthday_calendar: str = "solar"
    top_overdue: int = 5
    #: the manager's workbook lists each rep's most urgent items, this many (0 = every item);
    #: the rep's own workbook always has them all
    manager_top_per_rep: int = 50

    def __post_init__(self) -> None:
        days = (self.cadence_a_days, self.cadence_b_days, self.cadence_c_days)
        if min(days) < 1 or min(self.churn_risk_days, self.stale_after_days) < 1:
            raise ValueError("cadence, churn and stale days must be at least 1")
        if min(self.due_within_days, self.care_within_days, self.tidy_within_days) < 0:
            raise ValueError("look-ahead days must not be negative")
        if min(self.top_overdue, self.manager_top_per_rep) < 0:
            raise ValueError("top_overdue and manager_top_per_rep must not be negative")
        if self.leap_birthday not in ("02-28", "03-01"):
            raise ValueError("leap_birthday must be '02-28' or '03-01'")
        if self.birthday_calendar not in ("solar", "lunar"):
            raise ValueError("birthday_calendar must be 'solar' (公历) or 'lunar' (农历)")
        unknown = set(self.key_fields) - {"contact", "company"} - set(_KEY_FIELDS_OK)
        if unknown:
            raise ValueError(f"unknown key_fields: {sorted(unknown)}")


def load_followup_settings(
    config: Config | None = None, overrides: dict[str, dict[str, object]] | None = None
) -> FollowupSettings:
    """``[followups]`` of the TOML with Settings-sheet overrides applied on top."""
    return load_settings(FollowupSettings, "followups", config, overrides)
