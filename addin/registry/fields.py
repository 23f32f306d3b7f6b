"""Field history: what changed in a customer's key fields between two imports of the owner's sheet.

When an import brings a record of a customer that its rep has registered before and the record
differs (a new fingerprint), each key field whose value changed becomes a ``field_changed``
event: the field, the old and the new value (as stored: normalised), the rep, the registry
time. Only the *owner's* records are compared (a taken record is another rep's evidence for the
manager, not the customer's data), each with that rep's newest earlier record of the customer.

The values are personal data: ``intake registry history`` shows them to whoever may open the
registry (the manager's file, or a team database); ``intake check`` never reads events.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa

from ..schema import Lang, label
from .events import event
from .match import chunks
from .tables import source_records
from .texts import msg

__all__ = ["HISTORY_FIELDS", "field_events"]

#: The fields whose changes are kept: who the customer is, how to reach them, where the deal
#: stands. Follow-up dates are ``follow_up`` events already; notes and tags change too often
#: to be worth a line each.
HISTORY_FIELDS = (
    "customer_name", "customer_type", "mobile", "phone", "email", "wechat", "address",
    "id_number", "company", "credit_code", "industry", "company_size", "stage",
    "order_count", "total_amount",
)  # fmt: skip


def _previous(conn: sa.Connection, pairs: set[tuple[int, str]]) -> dict[tuple[int, str], str]:
    """The newest stored record (JSON) of each (customer, rep)."""
    t = source_records
    found: dict[tuple[int, str], tuple[int, str]] = {}
    for part in chunks(sorted({cid for cid, _ in pairs})):
        q = sa.select(t.c.customer_id, t.c.rep, t.c.id, t.c.data).where(t.c.customer_id.in_(part))
        for cid, rep, rid, data in conn.execute(q):
            key = (int(cid), str(rep))
            if key in pairs and (key not in found or rid > found[key][0]):
                found[key] = (int(rid), str(data))
    return {k: data for k, (_rid, data) in found.items()}


def field_events(
    conn: sa.Connection,
    records: Sequence[Mapping[str, Any]],
    now: dt.datetime,
    lang: Lang,
    *,
    actor: str,
) -> list[dict[str, Any]]:
    """``field_changed`` events of the owner's new records against their earlier ones.

    Args:
        conn: the import's connection (read before the new records are inserted).
        records: new ``source_records`` rows of the owners (``customer_id``, ``rep``, ``data``).
        now: the registry clock.
        lang: language of the reason.
        actor: who runs the import.
    """
    newest: dict[tuple[int, str], Mapping[str, Any]] = {}
    for rec in records:  # the batch's last record of a (customer, rep) is the one kept
        newest[(int(rec["customer_id"]), str(rec["rep"]))] = rec
    before = _previous(conn, set(newest))
    evs: list[dict[str, Any]] = []
    for key, rec in newest.items():
        if key not in before:
            continue
        old, new = json.loads(before[key]), json.loads(str(rec["data"]))
        for name in HISTORY_FIELDS:
            if old.get(name) == new.get(name):
                continue
            evs.append(
                event(
                    now,
                    "field_changed",
                    actor,
                    customer_id=key[0],
                    rep=key[1],
                    reason=msg("regrun_ev_field_changed", lang, field=label(name, lang)),
                    field=name,
                    old=old.get(name),
                    new=new.get(name),
                )
            )
    return evs
