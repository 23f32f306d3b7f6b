"""The append-only event history: every registration, claim, release, transfer, follow-up.

The database refuses to change or delete an event (triggers made by the first migration), so
the history cannot be rewritten after the fact, not even through this package.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from .bulk import bulk_insert, insert_columns
from .tables import events

__all__ = ["Event", "add_alike", "add_events", "event", "history"]


def event(
    at: dt.datetime,
    kind: str,
    actor: str,
    *,
    customer_id: int | None = None,
    rep: str | None = None,
    reason: str = "",
    **detail: Any,
) -> dict[str, Any]:
    """One event row, ready for :func:`add_events`."""
    return {
        "at": at,
        "customer_id": customer_id,
        "kind": kind,
        "rep": rep,
        "actor": actor,
        "reason": reason,
        "detail": json.dumps(detail, ensure_ascii=False, sort_keys=True, default=str),
    }


def add_events(conn: sa.Connection, rows: Sequence[dict[str, Any]]) -> None:
    """Append events (in the caller's transaction)."""
    bulk_insert(conn, events, rows)


def add_alike(
    conn: sa.Connection,
    at: dt.datetime,
    kind: str,
    actor: str,
    reason: str,
    customer_ids: Sequence[int],
    reps: Sequence[str | None],
) -> None:
    """One event per customer, all alike but for customer and rep (no detail): the rows
    :func:`event` would make, written column-wise (a million-record import adds a million)."""
    one = event(at, kind, actor, reason=reason)
    n = len(customer_ids)
    same = {k: [one[k]] * n for k in ("at", "kind", "actor", "reason", "detail")}
    insert_columns(conn, events, {"customer_id": customer_ids, "rep": reps, **same})


@dataclass(frozen=True)
class Event:
    """One event as read back."""

    id: int
    at: dt.datetime
    customer_id: int | None
    kind: str
    rep: str | None
    actor: str
    reason: str
    detail: dict[str, Any]


def history(conn: sa.Connection, customer_id: int) -> list[Event]:
    """A customer's events, oldest first."""
    q = sa.select(events).where(events.c.customer_id == customer_id).order_by(events.c.id)
    return [
        Event(r.id, r.at, r.customer_id, r.kind, r.rep, r.actor, r.reason, json.loads(r.detail))
        for r in conn.execute(q)
    ]
