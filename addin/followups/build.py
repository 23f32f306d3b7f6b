"""Follow-ups: who to contact, why and by when, one row per (customer, reason).

The reasons below are checked independently (a customer can be overdue *and* have an open
complaint); a customer matching none gets no row (the explicit else: nothing to do). The due
date of the contact cadence comes from an ordered rule list ending in an explicit else:

1. ``planned``: the rep entered a next follow-up date -> that date;
2. ``cadence``: last contact + the tier's cadence (A 7, B 14, C 30 days);
3. ``registered``: never contacted -> registration date + cadence;
4. otherwise ``no_dates``: due on the as-of date.

Computed due dates that fall on a weekend or an official holiday move to the next workday
(make-up workdays, 调休, count as workdays): :mod:`addin.followups.holidays`. Birthdays are
solar dates, or lunar month and day with ``birthday_calendar = "lunar"`` (农历生日).

Due dates before ``as_of`` are *overdue*; from ``as_of`` to ``as_of + due_within_days`` they
are *due*. Customers in stage "lost" get no cadence, churn or care reasons.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from ..intake import format_phone
from ..rules import Rule, apply_rules
from ..schema import Lang
from .holidays import holidays_between, lunar_to_solar, next_workdays
from .reasons import duplicate_rows, reason_rows
from .settings import FOLLOWUP_COLUMNS, REASONS, FollowupSettings, reason_label, urgency_label
from .texts import fill

__all__ = ["build_followups", "build_part", "in_list_order", "with_tier"]


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
    # computed due dates skip days off; a date the rep planned stays as typed
    workday = next_workdays if s.workdays_only else (lambda d: d)
    for value, dates in (
        ("registered", workday(c["registered_on"] + step)),
        ("cadence", workday(c["last_contact"] + step)),
        ("planned", c["next_follow_up"]),
    ):
        due_s = due_s.mask(basis.value == value, dates)
    tier_text = tier.fillna("C").astype(str)
    every_text = pd.Series(every, index=c.index).astype(str)
    why = pd.Series(basis.reason, index=c.index)
    cadence_text = fill("followup_cadence", lang, tier=tier_text, every=every_text, why=why)
    why = why.where(basis.value == "planned", cadence_text)
    return pd.DataFrame({"due": due_s, "why": why, "rule": basis.rule}, index=c.index)


def _next_lunar_birthday(birthday: pd.Series, today: pd.Timestamp) -> pd.Series:
    """The next solar day on or after ``today`` of each birthday read as a lunar month and day."""
    out = pd.Series(pd.NaT, index=birthday.index, dtype="datetime64[ns]")
    known = birthday.notna()
    if not known.any():
        return out
    pairs = list(zip(birthday[known].dt.month, birthday[known].dt.day, strict=True))
    first: dict[tuple[int, int], pd.Timestamp] = {}
    for month, day in set(pairs):
        # lunar year Y's 12th month can fall in January of Y + 1: try the year before too
        days = [lunar_to_solar(y, month, day) for y in range(today.year - 1, today.year + 2)]
        first[month, day] = pd.Timestamp(min(d for d in days if d >= today.date()))
    out[known] = [first[p] for p in pairs]
    return out


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
    """E.164 phones in their readable form, formatting each distinct number once.

    Chinese mobiles (+86 1xx xxxx xxxx, most of them) are cut and spaced all at once as
    arrays of code points; the others go through :func:`format_phone` one by one.
    """
    codes, uniques = pd.factorize(phones)
    texts = uniques.tolist()
    shown: list[object] = [None] * len(texts)
    mobile = [k for k, t in enumerate(texts) if type(t) is str and len(t) == 14]
    points = np.array([texts[k] for k in mobile], dtype="<U14").view(np.uint32)
    points = points.reshape(len(mobile), 14)
    digits = points[:, 3:]
    fast = (points[:, 0] == ord("+")) & (points[:, 1] == ord("8")) & (points[:, 2] == ord("6"))
    fast &= (digits[:, 0] == ord("1")) & ((digits >= ord("0")) & (digits <= ord("9"))).all(axis=1)
    spaced = np.full((len(mobile), 13), ord(" "), dtype=np.uint32)
    spaced[:, 0:3], spaced[:, 4:8], spaced[:, 9:13] = digits[:, 0:3], digits[:, 3:7], digits[:, 7:]
    for k, text in zip(
        np.asarray(mobile)[fast].tolist(), spaced[fast].view("<U13").ravel().tolist(), strict=True
    ):
        shown[k] = text
    done = np.zeros(len(texts), dtype=bool)
    done[np.asarray(mobile, dtype=np.int64)[fast]] = True
    for k in np.flatnonzero(~done).tolist():
        shown[k] = format_phone(texts[k])
    table = np.array([*shown, np.nan], dtype=object)  # code -1: no phone
    out: np.ndarray = table[codes]
    return out


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
        classified: output of :func:`addin.classify.classify` (needs ``value_tier``; a plain
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
    c = with_tier(classified)
    today = pd.Timestamp(as_of)
    dup = duplicate_rows(c, duplicates, today, lang) if duplicates is not None else None
    return build_part(c, settings, as_of=as_of, duplicates=dup, lang=lang)


def with_tier(classified: pd.DataFrame) -> pd.DataFrame:
    """The frame indexed 0..n-1, with ``value_tier`` (all C when it was not classified)."""
    c = classified.reset_index(drop=True)
    return c if "value_tier" in c.columns else c.assign(value_tier="C")


#: The customer's columns a follow-up row shows.
_SHOWN = ("rep", "customer_id", "customer_name", "company", "mobile", "phone", "value_tier",
          "last_contact", "_file", "_sheet", "_row")  # fmt: skip


def build_part(
    c: pd.DataFrame,
    settings: FollowupSettings,
    *,
    as_of: dt.date,
    duplicates: pd.DataFrame | None,
    lang: Lang,
) -> pd.DataFrame:
    """:func:`build_followups` of ``c`` (from :func:`with_tier`), its ``duplicate`` rows given.

    No reason looks at other customers, so the rows of a part of the customers (some reps)
    are that part's rows of the whole list, in the same order.
    """
    today = pd.Timestamp(as_of)
    cad = _cadence(c, settings, today, lang)
    if settings.birthday_calendar == "lunar":
        nxt = _next_lunar_birthday(c["birthday"], today)
    else:
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
    # only the columns shown: a copy of every column per row is ~1 GB at a million customers
    base = c[list(_SHOWN)].take(found["idx"].to_numpy()).reset_index(drop=True)
    urgency = found["reason_code"].map(REASONS).astype("int64")
    urgency_labels = {u: urgency_label(u, lang) for u in set(REASONS.values())}
    reason_labels = {k: reason_label(k, lang) for k in REASONS}
    due = pd.to_datetime(found["due"]).astype("datetime64[ns]")
    overdue = (today - due).dt.days.clip(lower=0).astype("Int64")
    out = pd.DataFrame(
        {
            "rep": base["rep"].astype(object).fillna("").to_numpy(),
            "urgency": urgency.to_numpy(),
            "urgency_label": urgency.map(urgency_labels).to_numpy(),
            "reason_code": found["reason_code"].to_numpy(),
            "reason_label": found["reason_code"].map(reason_labels).to_numpy(),
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
    return in_list_order(out).reset_index(drop=True)


def in_list_order(rows: pd.DataFrame, rep: str = "rep") -> pd.DataFrame:
    """``rows`` most urgent first: urgency, due date, most days overdue, tier, rep, customer.

    The sort is stable and ``rep`` one of its keys, so the rows of several reps each in this
    order, put together and sorted again, are in the order of the whole list.
    """
    keys = ["urgency", "due", "days_overdue", "value_tier", rep, "customer"]
    return rows.sort_values(
        keys,
        ascending=[True, True, False, True, True, True],
        na_position="last",
        kind="stable",
    )


def _empty() -> pd.DataFrame:
    out = pd.DataFrame({c: pd.Series(dtype=object) for c in FOLLOWUP_COLUMNS})
    out["urgency"] = out["urgency"].astype("int64")
    out["due"] = out["due"].astype("datetime64[ns]")
    out["last_contact"] = out["last_contact"].astype("datetime64[ns]")
    out["days_overdue"] = out["days_overdue"].astype("Int64")
    out["_row"] = out["_row"].astype("int64")
    return out
