"""The registry's event history as frames, and what it says week by week.

Read once (:func:`load_history`), then everything is pandas over those frames, so the
computation is the same on SQLite and PostgreSQL and can be tested on hand-made frames. A book
of the last N weeks reads only those weeks' events plus, per customer, the two older events
that decide where its story stands when the weeks begin (its last change of owner and its last
follow-up): the replay below then gives the same figures for those weeks as the whole history.

Weeks are ISO weeks (Monday 00:00 to Monday 00:00) of the registry's clock, which is UTC.

**Owned at a week's end** replays ownership: ``registered``, ``claimed`` and ``transferred``
give the customer to the event's rep, ``released`` (by the rep, or by the registry when
protection ran out) gives it to 公海. A lapse counts from the moment the registry recorded it
(the next write after the protection ended), as ``registry status`` does once it has swept.

**Follow-ups on time / overdue**: a follow-up falls due ``follow_up_days`` after the rep got
the customer (registered, claimed, transferred to them) or after its last recorded follow-up
(an import saw a later 最近联系日期, or a first deal: the events that restart protection).
Recorded by then, on the registry's clock: *on time*, counted in the week it was recorded.
Not recorded by then: *overdue*, counted once, in the week it fell due, for the rep who owned
the customer; a late follow-up does not undo it (it starts the next due). A due is dropped
when the rep gives the customer up before it falls due (released by them, transferred), but a
lapse to 公海 with a follow-up still owed counts as overdue. A due still in the future is
neither yet.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

import numpy as np
import pandas as pd
import sqlalchemy as sa

from ..registry.tables import events, reps
from .imports import IMPORT_KIND

__all__ = ["FOLLOW_KINDS", "History", "OWNING_KINDS", "follow_up_counts", "load_history"]

#: Events that change a customer's owner (``released``: to 公海).
OWNING_KINDS = ("registered", "claimed", "transferred", "released")
#: Events that record a follow-up (and restart protection).
FOLLOW_KINDS = ("follow_up", "deal")
_CUSTOMER_KINDS = (*OWNING_KINDS, *FOLLOW_KINDS, "collision")
#: The actor of the registry's own releases (protection ran out).
REGISTRY_ACTOR = "registry"


@dataclass(frozen=True)
class History:
    """What the 业绩看板 reads from the registry."""

    customer_events: pd.DataFrame  # id, at, customer_id, kind, rep, actor
    imports: pd.DataFrame  # id, at, rep, file, rows, complete, errors
    reps: list[str]


def _carried(since: dt.datetime, kinds: tuple[str, ...]) -> sa.Select[tuple[int]]:
    """The id of each customer's last event of ``kinds`` before ``since`` (last as replayed)."""
    e = events.c
    last = (
        sa.func.row_number()
        .over(partition_by=e.customer_id, order_by=(e.at.desc(), e.id.desc()))
        .label("n")
    )
    ranked = (
        sa.select(e.id, last)
        .where(e.kind.in_(kinds), e.at < since, e.customer_id.is_not(None))
        .subquery()
    )
    return sa.select(ranked.c.id).where(ranked.c.n == 1)


def load_history(conn: sa.Connection, since: dt.datetime | None = None) -> History:
    """The customers' events (without their details) and the imports' figures, oldest first.

    Args:
        conn: a read connection to the registry.
        since: only what the weeks from this time on need (the module's docstring); the
            figures of earlier weeks are then not to be shown.
    """
    e = events.c
    wanted: sa.ColumnElement[bool] = e.kind.in_(_CUSTOMER_KINDS)
    if since is not None:
        wanted = sa.and_(wanted, e.at >= since) | e.id.in_(
            _carried(since, OWNING_KINDS).union(_carried(since, FOLLOW_KINDS))
        )
    q = sa.select(e.id, e.at, e.customer_id, e.kind, e.rep, e.actor).where(wanted).order_by(e.id)
    cust = pd.DataFrame(
        conn.execute(q).all(), columns=["id", "at", "customer_id", "kind", "rep", "actor"]
    )
    of_imports: sa.ColumnElement[bool] = e.kind == IMPORT_KIND
    if since is not None:
        of_imports = sa.and_(of_imports, e.at >= since)
    rows = []
    for r in conn.execute(sa.select(e.id, e.at, e.rep, e.detail).where(of_imports).order_by(e.id)):
        d = json.loads(r.detail)
        rows.append(
            (r.id, r.at, r.rep or "", str(d.get("file", "")), int(d.get("rows", 0)),
             int(d.get("complete", 0)), int(d.get("errors", 0)))
        )  # fmt: skip
    imports = pd.DataFrame(rows, columns=["id", "at", "rep", "file", "rows", "complete", "errors"])
    names = [str(n) for n in conn.execute(sa.select(reps.c.name).order_by(reps.c.name)).scalars()]
    for frame in (cust, imports):
        frame["at"] = pd.to_datetime(frame["at"])
    return History(cust, imports, names)


def week_start(at: pd.Series) -> pd.Series:
    """The Monday 00:00 that starts each time's ISO week."""
    days = at.dt.normalize()
    monday: pd.Series = days - pd.to_timedelta(days.dt.day_of_week, unit="D")
    return monday


def follow_up_counts(
    cust: pd.DataFrame, now: dt.datetime, follow_up_days: int
) -> tuple[pd.Series, pd.Series]:
    """Follow-ups on time (by week recorded) and overdue (by week fallen due), per (rep, Monday).

    Both are Series indexed by (rep, Monday); the rules are in the module's docstring.
    """
    ev = cust[cust["kind"].isin((*OWNING_KINDS, *FOLLOW_KINDS))]
    ev = ev.sort_values(["customer_id", "at", "id"], kind="stable")
    gap = dt.timedelta(days=follow_up_days)
    on_time: list[tuple[str, dt.datetime]] = []
    overdue: list[tuple[str, dt.datetime]] = []
    last_id: object = None
    owner: str | None = None
    due: dt.datetime | None = None
    for cid, at, kind, rep, actor in zip(
        ev["customer_id"].tolist(),
        ev["at"].dt.to_pydatetime().tolist(),
        ev["kind"].tolist(),
        ev["rep"].tolist(),
        ev["actor"].tolist(),
        strict=True,
    ):
        if cid != last_id:
            if owner is not None and due is not None and due <= now:
                overdue.append((owner, due))
            last_id, owner, due = cid, None, None
        if owner is not None and due is not None:
            if kind in FOLLOW_KINDS and at <= due:
                on_time.append((owner, at))
            elif due < at or (kind == "released" and actor == REGISTRY_ACTOR):
                overdue.append((owner, min(due, at)))
        if kind == "released":
            owner, due = None, None
        elif kind in FOLLOW_KINDS:
            due = at + gap if owner is not None else None
        else:  # registered, claimed, transferred: the event's rep has it now
            owner, due = str(rep), at + gap
    if owner is not None and due is not None and due <= now:
        overdue.append((owner, due))
    return _per_week(on_time), _per_week(overdue)


def _per_week(pairs: list[tuple[str, dt.datetime]]) -> pd.Series:
    frame = pd.DataFrame(pairs, columns=["rep", "at"])
    frame["at"] = pd.to_datetime(frame["at"])
    frame["week"] = week_start(frame["at"])
    return frame.groupby(["rep", "week"]).size()


def owned_changes(cust: pd.DataFrame) -> pd.Series:
    """Net change of each rep's owned customers, per (rep, Monday)."""
    own = cust[cust["kind"].isin(OWNING_KINDS)].sort_values(["customer_id", "at", "id"])
    new = own["rep"].where(own["kind"] != "released", None)
    prev = new.groupby(own["customer_id"]).shift()
    week = week_start(own["at"])
    plus = pd.DataFrame({"rep": new, "week": week, "n": 1})[new.notna()]
    minus = pd.DataFrame({"rep": prev, "week": week, "n": -1})[prev.notna()]
    both = pd.concat([plus, minus])
    if both.empty:
        return pd.Series(dtype=np.int64, index=pd.MultiIndex.from_tuples([], names=["rep", "week"]))
    return both.groupby(["rep", "week"])["n"].sum()
