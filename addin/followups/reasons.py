"""The follow-up reasons, one function each: which customers, due when, and why (in words).

Every function returns a frame with ``idx`` (row of the customer frame), ``reason_code``,
``reason`` (the detail text), ``due`` and ``action``; :func:`reason_rows` lists them in the
order they are checked (:data:`addin.followups.settings.REASONS`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import numpy as np
import pandas as pd

from ..per_value import by_distinct
from ..schema import Lang, choice_label
from .holidays import Holiday, last_workday_before, next_workdays
from .settings import CONTACT_FIELDS, FollowupSettings, key_field_label, reason_action
from .texts import fill, msg

__all__ = ["duplicate_rows", "reason_rows"]

Ctx = dict[str, object]


#: A reason's text or action: one for every customer, the same for all, or made for the rows
#: it is given (positions in the customer frame), so that only the customers it applies to
#: get their text built (a reason applies to a few of them; building every customer's took
#: a fifth of the follow-ups' time).
Text = pd.Series | str | Callable[[np.ndarray], pd.Series]


def _rows(
    code: str,
    mask: np.ndarray,
    reason: Text,
    due: pd.Series | pd.Timestamp,
    lang: Lang,
    action: Text | None = None,
) -> pd.DataFrame:
    idx = np.flatnonzero(mask)
    n = len(idx)

    def pick(v: Text | pd.Timestamp) -> object:
        if isinstance(v, pd.Series):
            return v.to_numpy()[idx]
        if callable(v):
            return v(idx).to_numpy()
        return [v] * n

    text = reason_action(code, lang)
    return pd.DataFrame(
        {
            "idx": idx,
            "reason_code": code,
            "reason": pick(reason),
            "due": pick(due),
            "action": pick(action) if action is not None else [text] * n,
        }
    )


def _per_value(values: pd.Series, fn: Callable[[object], object]) -> pd.Series:
    """``values.map(fn)`` with ``fn`` called once per distinct value (and per missing one)."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    return by_distinct(values, np.asarray(codes), list(uniques), fn)


def _workday(day: pd.Timestamp, s: FollowupSettings) -> pd.Timestamp:
    """``day``, or the next workday when it is a day off (with ``workdays_only``)."""
    return next_workdays(pd.Series([day]))[0] if s.workdays_only else day


def _days_text(days: pd.Series, lang: Lang) -> pd.Series:
    return fill("followup_days", lang, days=days.astype("Int64").astype(str))


def reason_rows(
    c: pd.DataFrame,
    s: FollowupSettings,
    today: pd.Timestamp,
    lang: Lang,
    cad: pd.DataFrame,
    next_birthday: pd.Series,
    holidays: list[Holiday],
    duplicates: pd.DataFrame | None,
) -> list[pd.DataFrame]:
    """Rows for every reason; see the module doc of :mod:`addin.followups.build`.

    ``duplicates`` are the rows :func:`duplicate_rows` made for ``c`` (or None).
    """
    active = (c["stage"] != "lost").to_numpy()
    amount = c["total_amount"].fillna(0).to_numpy()
    orders = c["order_count"].fillna(0).to_numpy()
    bought = (amount > 0) | (orders > 0) | c["last_purchase"].notna().to_numpy()
    due = cad["due"]
    ahead = today + pd.Timedelta(days=s.due_within_days)
    channel = _per_value(c["channel"], lambda v: choice_label("channel", v, lang) if v else v)
    out: list[pd.DataFrame] = []

    def due_txt(i: np.ndarray) -> pd.Series:
        days: pd.Series = due.iloc[i].dt.strftime("%Y-%m-%d")
        return days

    def action_by(code: str) -> Callable[[np.ndarray], pd.Series]:
        def make(i: np.ndarray) -> pd.Series:
            ch = channel.iloc[i]
            by = fill("followup_action_by", lang, channel=ch.astype(str))
            return reason_action(code, lang) + by.where(ch.notna(), "")

        return make

    # --- contact cadence: overdue / due ---------------------------------------------------
    late = (today - due).dt.days
    overdue = active & (due < today).to_numpy()

    def overdue_text(i: np.ndarray) -> pd.Series:
        days = _days_text(late.iloc[i], lang)
        return fill(
            "followup_overdue_text", lang, why=cad["why"].iloc[i], due=due_txt(i), days=days
        )

    out.append(_rows("overdue", overdue, overdue_text, due, lang, action_by("overdue")))

    # --- unresolved feedback ---------------------------------------------------------------
    status = c["feedback_status"]
    open_fb = status.isin(["open", "in_progress"]) | (c["feedback"].notna() & status.isna())
    no_status = msg("followup_no_status", lang)

    def fb_text(i: np.ndarray) -> pd.Series:
        feedback = c["feedback"].iloc[i].fillna("").astype(str)
        codes, uniques = pd.factorize(feedback)
        snippet = pd.Series(
            pd.Series(uniques).str.slice(0, 30).array.take(codes),
            index=feedback.index,
        )  # each distinct feedback cut once (every value is a text: no code -1)
        state = _per_value(
            status.iloc[i], lambda v: choice_label("feedback_status", v, lang) if v else no_status
        )
        return fill("followup_feedback_text", lang, snippet=snippet, state=state)

    out.append(_rows("feedback", open_fb.to_numpy(), fb_text, today, lang))

    # --- open duplicates from the dedupe step ----------------------------------------------
    if duplicates is not None and len(duplicates):
        out.append(duplicates)

    # --- churn risk: bought before, no order and no contact for N days ----------------------
    last_seen = c[["last_purchase", "last_contact"]].max(axis=1)
    quiet = (today - last_seen).dt.days
    churn = active & bought & (quiet > s.churn_risk_days).fillna(False).to_numpy()

    def churn_text(i: np.ndarray) -> pd.Series:
        return fill("followup_churn_text", lang, days=_days_text(quiet.iloc[i], lang))

    churn_due = _workday(today + pd.Timedelta(days=s.churn_contact_within_days), s)
    out.append(_rows("churn_risk", churn, churn_text, churn_due, lang))

    # --- due soon by cadence -----------------------------------------------------------------
    soon = active & ((due >= today) & (due <= ahead)).to_numpy()

    def soon_text(i: np.ndarray) -> pd.Series:
        return fill("followup_due_text", lang, why=cad["why"].iloc[i], due=due_txt(i))

    out.append(_rows("due", soon, soon_text, due, lang, action_by("due")))

    # --- customer care: birthdays and holidays ----------------------------------------------
    care_end = today + pd.Timedelta(days=s.care_within_days)
    bday = active & (next_birthday <= care_end).fillna(False).to_numpy()

    def bday_text(i: np.ndarray) -> pd.Series:
        return fill("followup_birthday_text", lang, date=next_birthday.iloc[i].dt.strftime("%m-%d"))

    out.append(_rows("birthday", bday, bday_text, next_birthday, lang))
    if holidays:
        when, name_zh, name_en = holidays[0]
        care = active & c["value_tier"].isin(s.care_tiers).to_numpy()
        name = name_zh if lang == "zh" else name_en  # the holiday table's names, not a text
        # greet on the last workday before the festival (its days off may start earlier)
        before = last_workday_before(when) if s.workdays_only else when - dt.timedelta(days=1)
        greet_by = max(today, pd.Timestamp(before))
        out.append(
            _rows(
                "holiday",
                care,
                msg("followup_holiday_text", lang, name=name, date=when.isoformat()),
                greet_by,
                lang,
            )
        )

    # --- housekeeping: stale records, missing key information --------------------------------
    tidy_by = _workday(today + pd.Timedelta(days=s.tidy_within_days), s)
    updated = c["updated_on"].fillna(c["registered_on"])
    age = (today - updated).dt.days
    stale = (age > s.stale_after_days).fillna(False).to_numpy()

    def stale_text(i: np.ndarray) -> pd.Series:
        last = updated.iloc[i].dt.strftime("%Y-%m-%d")
        return fill("followup_stale_text", lang, days=_days_text(age.iloc[i], lang), date=last)

    out.append(_rows("stale", stale, stale_text, tidy_by, lang))
    out.append(_missing(c, s, tidy_by, lang))
    return out


def _missing(
    c: pd.DataFrame, s: FollowupSettings, tidy_by: pd.Timestamp, lang: Lang
) -> pd.DataFrame:
    cls = "customer_class" if "customer_class" in c.columns else "customer_type"

    def missing(key: str) -> pd.Series:
        if key == "contact":
            return c[list(CONTACT_FIELDS)].isna().all(axis=1)
        if key == "company":
            return c[cls].isin(["government", "enterprise"]) & c["company"].isna()
        return c[key].isna()

    text = pd.Series("", index=c.index, dtype=object)
    sep = msg("followup_sep", lang)
    for key in s.key_fields:
        miss = missing(key).to_numpy(dtype=bool)
        name = key_field_label(key, lang)
        text = text.where(~miss, text + np.where(text == "", "", sep) + name)

    def reason(i: np.ndarray) -> pd.Series:
        return fill("followup_missing_text", lang, fields=text.iloc[i])

    return _rows("missing_info", (text != "").to_numpy(), reason, tidy_by, lang)


def _group_reps(g: pd.DataFrame) -> dict[object, list[str]]:
    """Per group: its reps' names, sorted, each once (blank reps left out)."""
    reps = g["rep"].to_numpy(dtype=object)
    keep = np.fromiter((x == x for x in reps.tolist()), dtype=bool, count=len(reps))  # not NaN
    pairs = pd.DataFrame(
        {"group": g["group_id"].to_numpy(dtype=object)[keep], "rep": [str(x) for x in reps[keep]]}
    ).drop_duplicates()
    out: dict[object, list[str]] = {}
    for group, rep in sorted(zip(pairs["group"].tolist(), pairs["rep"].tolist(), strict=True)):
        out.setdefault(group, []).append(rep)
    return out


def duplicate_rows(
    c: pd.DataFrame, groups: pd.DataFrame, today: pd.Timestamp, lang: Lang
) -> pd.DataFrame:
    """The ``duplicate`` rows of the customers in ``groups`` (joined on file + sheet + row)."""
    g = groups.assign(
        file=groups["file"].astype(str),
        sheet=groups["sheet"].astype(str),
        row=pd.to_numeric(groups["row"], errors="coerce").astype("Int64"),
    )
    keys = pd.DataFrame(
        {
            "file": c["_file"].astype(str),
            "sheet": c["_sheet"].astype(str),
            "row": c["_row"].astype("Int64"),
            "idx": np.arange(len(c)),
        }
    )
    hit = keys.merge(g, on=["file", "sheet", "row"], how="inner", suffixes=("", "_g"))
    hit = hit.drop_duplicates("idx")
    idx = hit["idx"].to_numpy()
    reps = _group_reps(g[g["group_id"].isin(hit["group_id"])]) if len(hit) else {}
    names_sep = msg("followup_names_sep", lang)
    texts = {
        tier: msg(code, lang)
        for tier, code in (("duplicate", "followup_dup_text"), ("possible", "followup_dup_text_possible"))
    }  # fmt: skip
    owner_text, confirm = msg("followup_dup_owner", lang), msg("followup_dup_confirm", lang)
    yours, default = msg("followup_dup_yours", lang), reason_action("duplicate", lang)
    me_of = [str(v) for v in c["rep"].to_numpy(dtype=object)[idx].tolist()]
    n = len(hit)
    owners = hit["owner"].tolist() if "owner" in hit.columns else [None] * n
    tiers = hit["tier"].tolist() if "tier" in hit.columns else [""] * n
    out_texts, actions = [], []
    for me, group, owner, tier in zip(me_of, hit["group_id"].tolist(), owners, tiers, strict=True):
        others = [r for r in reps.get(group, []) if r != me] or [me]
        owner_s = str(owner) if owner is not None and owner == owner else ""
        t = texts["possible" if tier == "possible" else "duplicate"]
        t = t.format(others=names_sep.join(others), group=group)
        out_texts.append(t + owner_text.format(owner=owner_s) if owner_s else t)
        actions.append(
            yours if owner_s == me else confirm.format(owner=owner_s) if owner_s else default
        )
    return pd.DataFrame(
        {
            "idx": idx,
            "reason_code": "duplicate",
            "reason": out_texts,
            "due": today,
            "action": actions,
        }
    )
