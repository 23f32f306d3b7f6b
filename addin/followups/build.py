"""Follow-ups: who to contact, why and by when, one row per (customer, reason).

The reasons below are checked independently (a customer can be overdue *and* have an open
complaint); a customer matching none gets no row (the explicit else: nothing to do). The due
date of the contact cadence comes from an ordered rule list ending in an explicit else:

1. ``planned``: the rep entered a next follow-up date -> that date;
2. ``cadence``: last contact + the tier's cadence (A 7, B 14, C 30 days);
3. ``registered``: never contacted -> registration date + cadence;
4. otherwise ``no_dates``: due on the as-of date.

Due dates before ``as_of`` are *overdue*; from ``as_of`` to ``as_of + due_within_days`` they
are *due*. Customers in stage "lost" get no cadence, churn or care reasons.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..config import Config
from ..messages import register
from ..rules import Rule, apply_rules
from ..schema import Lang, label
from .holidays import holidays_between

if TYPE_CHECKING:
    from ..managers import ManagerMap
    from .books import FollowupOutput

__all__ = [
    "FOLLOWUP_COLUMNS",
    "REASONS",
    "FollowupSettings",
    "build_followups",
    "load_followup_settings",
    "reason_label",
    "write_followups",
]

#: code -> (urgency 1 most urgent .. 4, zh label, en label, zh action, en action)
REASONS: dict[str, tuple[int, str, str, str, str]] = {
    "overdue": (
        1,
        "逾期未跟进",
        "Overdue",
        "今天联系客户，并更新下次跟进日期",
        "contact today and set the next follow-up date",
    ),
    "feedback": (
        1,
        "反馈/投诉未解决",
        "Unresolved feedback",
        "跟进处理进度，解决后把状态改为“已解决”",
        "chase the resolution; set the status to Resolved when done",
    ),
    "duplicate": (
        1,
        "疑似撞单",
        "Possible duplicate",
        "与相关业务员和经理确认客户归属",
        "agree ownership with the other rep and your manager",
    ),
    "churn_risk": (
        2,
        "流失风险",
        "Churn risk",
        "回访了解近况，介绍新品或老客户优惠",
        "call to catch up; offer news or a loyalty discount",
    ),
    "due": (2, "按节奏到期", "Due", "按计划联系客户", "contact as planned"),
    "birthday": (3, "生日关怀", "Birthday", "生日当天发送祝福", "send birthday wishes on the day"),
    "holiday": (
        3,
        "节日关怀",
        "Holiday greeting",
        "节前发送节日问候",
        "send greetings before the holiday",
    ),
    "stale": (
        4,
        "资料久未更新",
        "Stale record",
        "核实并更新客户资料",
        "check and update the record",
    ),
    "missing_info": (
        4,
        "缺少关键信息",
        "Missing information",
        "补全缺失的信息",
        "fill in the missing information",
    ),
}
URGENCY = {1: ("紧急", "Urgent"), 2: ("高", "High"), 3: ("中", "Medium"), 4: ("低", "Low")}

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

register({f"followup_{code}": (zh, en) for code, (_, zh, en, _, _) in REASONS.items()})


def reason_label(code: str, lang: Lang) -> str:
    """Short label of a reason code in ``lang``."""
    _, zh, en, _, _ = REASONS[code]
    return zh if lang == "zh" else en


def reason_action(code: str, lang: Lang) -> str:
    """Suggested action of a reason code in ``lang``."""
    _, _, _, zh, en = REASONS[code]
    return zh if lang == "zh" else en


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
    top_overdue: int = 5

    def __post_init__(self) -> None:
        days = (self.cadence_a_days, self.cadence_b_days, self.cadence_c_days)
        if min(days) < 1 or min(self.churn_risk_days, self.stale_after_days) < 1:
            raise ValueError("cadence, churn and stale days must be at least 1")
        if min(self.due_within_days, self.care_within_days, self.tidy_within_days) < 0:
            raise ValueError("look-ahead days must not be negative")
        if self.leap_birthday not in ("02-28", "03-01"):
            raise ValueError("leap_birthday must be '02-28' or '03-01'")
        unknown = set(self.key_fields) - {"contact", "company"} - set(_KEY_FIELDS_OK)
        if unknown:
            raise ValueError(f"unknown key_fields: {sorted(unknown)}")


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
_CONTACT = ("mobile", "phone", "email", "wechat")


def load_followup_settings(
    config: Config | None = None, overrides: dict[str, dict[str, object]] | None = None
) -> FollowupSettings:
    """``[followups]`` of the TOML with Settings-sheet overrides applied on top."""
    from ..config_tables import load_settings

    return load_settings(FollowupSettings, "followups", config, overrides)


def _cadence_rules(s: FollowupSettings) -> list[Rule]:
    return [
        Rule(
            "planned",
            "planned",
            lambda x: x["next_follow_up"].notna(),
            "计划跟进日期",
            "planned follow-up date",
        ),
        Rule(
            "cadence",
            "cadence",
            lambda x: x["last_contact"].notna(),
            "距上次联系",
            "since the last contact",
        ),
        Rule(
            "registered",
            "registered",
            lambda x: x["registered_on"].notna(),
            "从未联系，从录入日期算起",
            "never contacted, counted from registration",
        ),
        Rule(
            "otherwise",
            "no_dates",
            None,
            "没有任何日期，今天联系",
            "no dates at all; contact today",
        ),
    ]


def _cadence(c: pd.DataFrame, s: FollowupSettings, today: pd.Timestamp, lang: Lang) -> pd.DataFrame:
    tier = c["value_tier"].astype(object)
    every = np.select(
        [tier == "A", tier == "B"], [s.cadence_a_days, s.cadence_b_days], default=s.cadence_c_days
    )
    basis = apply_rules(c, _cadence_rules(s), lang)
    step = pd.to_timedelta(every, unit="D")
    due_s = pd.Series(today, index=c.index, dtype="datetime64[ns]")
    for value, dates in (
        ("registered", c["registered_on"] + step),
        ("cadence", c["last_contact"] + step),
        ("planned", c["next_follow_up"]),
    ):
        due_s = due_s.mask(basis.value == value, dates)
    tier_text = tier.fillna("C").astype(str)
    every_text = pd.Series(every, index=c.index).astype(str)
    cadence_text = (
        tier_text
        + ("类每 " if lang == "zh" else " tier, every ")
        + every_text
        + (" 天，" if lang == "zh" else " days, ")
    )
    why = pd.Series(basis.reason, index=c.index)
    why = why.where(basis.value == "planned", cadence_text + why)
    return pd.DataFrame({"due": due_s, "why": why, "rule": basis.rule}, index=c.index)


def _next_birthday(birthday: pd.Series, today: pd.Timestamp, leap: str) -> pd.Series:
    """The next birthday on or after ``today``; 29 February falls on ``leap`` in other years."""
    month = birthday.dt.month.to_numpy(dtype=float)
    day = birthday.dt.day.to_numpy(dtype=float)
    out = pd.Series(pd.NaT, index=birthday.index, dtype="datetime64[ns]")
    for year in (today.year, today.year + 1):
        m, d = month.copy(), day.copy()
        is_leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        if not is_leap:
            feb29 = (m == 2) & (d == 29)
            m[feb29], d[feb29] = (2, 28) if leap == "02-28" else (3, 1)
        ok = ~np.isnan(m)
        when = pd.Series(pd.NaT, index=birthday.index, dtype="datetime64[ns]")
        when[ok] = pd.to_datetime(
            pd.DataFrame({"year": year, "month": m[ok], "day": d[ok]}).astype(int)
        ).to_numpy()
        out = out.where(out.notna() | (when < today), when)
    return out


def _readable_phones(phones: pd.Series) -> np.ndarray:
    """E.164 phones in their readable form, formatting each distinct number once."""
    from ..intake.normalize import format_phone

    shown = {p: format_phone(p) for p in pd.unique(phones.dropna())}
    return phones.map(shown).to_numpy()


def build_followups(
    classified: pd.DataFrame,
    settings: FollowupSettings = FollowupSettings(),  # noqa: B008 - frozen, safe as default
    *,
    as_of: dt.date,
    duplicates: pd.DataFrame | None = None,
    lang: Lang = "zh",
) -> pd.DataFrame:
    """One row per (customer, reason to contact), most urgent first.

    Args:
        classified: output of :func:`addin.classify.classifier.classify` (needs ``value_tier``; a plain
            customer frame works too: every customer then counts as tier C).
        settings: cadence and look-ahead rules.
        as_of: the day the list is for.
        duplicates: optional ``groups`` of :func:`addin.duplicates.find.find_duplicates` (columns
            group_id, file, sheet, row, rep, owner, ...), joined on file + sheet + row.
        lang: language of labels, reasons and actions.

    Returns:
        A frame with :data:`FOLLOWUP_COLUMNS`, sorted by urgency, due date, days overdue.

    Example:
        >>> fu = build_followups(classify(df, as_of=d), as_of=d)  # doctest: +SKIP
        >>> fu.groupby("rep")["reason_code"].value_counts()  # doctest: +SKIP
    """
    from .reasons import reason_rows

    c = classified.reset_index(drop=True)
    if "value_tier" not in c.columns:
        c = c.assign(value_tier="C")
    today = pd.Timestamp(as_of)
    cad = _cadence(c, settings, today, lang)
    nxt = _next_birthday(c["birthday"], today, settings.leap_birthday)
    end = as_of + dt.timedelta(days=settings.care_within_days)
    holidays = holidays_between(
        as_of, end, builtin=settings.holidays_builtin, extra=settings.holidays_extra
    )
    parts = reason_rows(c, settings, today, lang, cad, nxt, holidays, duplicates)
    rows = [p for p in parts if len(p)]
    if not rows:
        return _empty()
    found = pd.concat(rows, ignore_index=True)
    base = c.loc[found["idx"].to_numpy()].reset_index(drop=True)
    urgency = found["reason_code"].map(lambda k: REASONS[k][0]).astype("int64")
    due = pd.to_datetime(found["due"]).astype("datetime64[ns]")
    overdue = (today - due).dt.days.clip(lower=0).astype("Int64")
    out = pd.DataFrame(
        {
            "rep": base["rep"].astype(object).fillna("").to_numpy(),
            "urgency": urgency.to_numpy(),
            "urgency_label": urgency.map(lambda u: URGENCY[u][lang == "en"]).to_numpy(),
            "reason_code": found["reason_code"].to_numpy(),
            "reason_label": found["reason_code"].map(lambda k: reason_label(k, lang)).to_numpy(),
            "reason": found["reason"].to_numpy(),
            "due": due.to_numpy(),
            "days_overdue": overdue.to_numpy(),
            "customer_id": base["customer_id"].to_numpy(),
            "customer": base["customer_name"].to_numpy(),
            "company": base["company"].to_numpy(),
            # shown the way a rep dials it (138 1234 5678), not as stored (+8613812345678)
            "mobile": _readable_phones(base["mobile"].where(base["mobile"].notna(), base["phone"])),
            "value_tier": base["value_tier"].to_numpy(),
            "last_contact": base["last_contact"].to_numpy(),
            "suggested_action": found["action"].to_numpy(),
            "_file": base["_file"].to_numpy(),
            "_sheet": base["_sheet"].to_numpy(),
            "_row": base["_row"].to_numpy(),
        }
    )
    out = out.sort_values(
        ["urgency", "due", "days_overdue", "value_tier", "rep", "customer"],
        ascending=[True, True, False, True, True, True],
        na_position="last",
        kind="stable",
    )
    return out.reset_index(drop=True)


def _empty() -> pd.DataFrame:
    out = pd.DataFrame({c: pd.Series(dtype=object) for c in FOLLOWUP_COLUMNS})
    out["urgency"] = out["urgency"].astype("int64")
    out["due"] = out["due"].astype("datetime64[ns]")
    out["last_contact"] = out["last_contact"].astype("datetime64[ns]")
    out["days_overdue"] = out["days_overdue"].astype("Int64")
    out["_row"] = out["_row"].astype("int64")
    return out


def key_field_label(key: str, lang: Lang) -> str:
    """Label of a ``key_fields`` entry (``contact`` is any of mobile/phone/e-mail/WeChat)."""
    if key == "contact":
        return "联系方式" if lang == "zh" else "contact details"
    return label(key, lang)


def write_followups(
    followups: pd.DataFrame,
    out_dir: str | Path,
    managers: ManagerMap,
    *,
    lang: Lang = "zh",
    as_of: dt.date,
    top_overdue: int = 5,
) -> FollowupOutput:
    """Write one workbook per rep, one per manager, and ``manifest.json`` for the e-mail step.

    Files: ``out_dir/reps/<rep>.xlsx`` (the rep's rows, most urgent first, overdue rows in
    red), ``out_dir/managers/<manager>.xlsx`` (all that manager's reps in one sheet with a rep
    column, plus a count per rep and reason), ``out_dir/manifest.json`` (paths relative to
    ``out_dir``; no phone numbers, e-mails of customers, ID numbers or addresses). File names
    are made safe for Windows. Reps without a manager get only their rep workbook and are
    listed under ``unassigned_reps``. Every file is written atomically.

    Args:
        followups: output of :func:`build_followups`.
        out_dir: the folder to write into (created if needed).
        managers: rep -> manager map (:func:`addin.managers.load_managers`).
        lang: language of headers, sheet names and labels.
        as_of: the date the lists are for (shown in titles and the manifest).
        top_overdue: how many of the most overdue rows go into each manager's manifest entry.

    Example:
        >>> out = write_followups(fu, "out/2026-11-23", load_managers(config), lang="zh",
        ...                       as_of=dt.date(2026, 11, 23))  # doctest: +SKIP
        >>> out.manifest["unassigned_reps"]  # doctest: +SKIP
        ['赵六']
    """
    from .books import write_followups as write

    return write(followups, out_dir, managers, lang=lang, as_of=as_of, top_overdue=top_overdue)
