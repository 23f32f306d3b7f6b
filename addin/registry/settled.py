"""The manager's duplicate decisions (确认重复 / 不是重复), kept in the registry.

The Duplicates workbook names records (file, sheet, row); the registry keeps the decision
about the two *customers* those records are, so it still holds when the files are renamed,
re-sorted or the workbook is gone. Records are mapped to customers by the check's status:
only a record that *is* a registry customer (yours, taken or in 公海) has one. A pair whose two
records are one registry customer, or a record without one, is not stored (counted instead);
the workbook's decision still applies to that run, as before.

The newest decision about a pair wins. Decisions are stored only when they differ from the
newest stored one, so importing the same workbook again adds nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import pandas as pd
import sqlalchemy as sa

from ..duplicates.decisions import Decisions, RecordKey
from ..schema import Lang
from .bulk import bulk_insert
from .events import add_events, event
from .match import RowStatus, chunks
from .tables import decisions as decisions_table
from .texts import msg

__all__ = ["SettledCounts", "record_customers", "remember_decisions", "stored_decisions"]

#: Statuses whose customer id is the record's customer (not a weaker candidate).
_SAME = ("yours", "taken", "pool")
_KIND = {"yes": "duplicate", "no": "not_duplicate"}


@dataclass
class SettledCounts:
    """What :func:`remember_decisions` did with the workbook's pairs."""

    stored: int = 0
    unchanged: int = 0
    not_stored: int = 0


def record_customers(frame: pd.DataFrame, rows: Sequence[RowStatus]) -> dict[RecordKey, int]:
    """(file name, sheet, row) of each record -> its registry customer, as the Duplicates sheet
    names records (file names only, see :mod:`addin.duplicates.decisions`)."""
    files = [Path(str(f)).name for f in frame["_file"]]
    sheets = [str(s) for s in frame["_sheet"]]
    lines = [int(cast(Any, r)) for r in frame["_row"]]
    return {
        (files[r.pos], sheets[r.pos], lines[r.pos]): int(r.customer_id)
        for r in rows
        if r.status in _SAME and r.customer_id
    }


def _newest(conn: sa.Connection, ids: set[int]) -> dict[tuple[int, int], str]:
    """The newest stored decision of every pair among ``ids``."""
    t = decisions_table
    found: list[tuple[int, int, str, dt.datetime, int]] = []
    for part in chunks(sorted(ids)):
        q = sa.select(t.c.customer_id, t.c.other_customer_id, t.c.decision, t.c.decided_at, t.c.id)
        found.extend(tuple(r) for r in conn.execute(q.where(t.c.customer_id.in_(part))))
    newest: dict[tuple[int, int], str] = {}
    for a, b, decision, _at, _id in sorted(found, key=lambda r: (r[3], r[4])):
        if b in ids:
            newest[(a, b)] = decision
    return newest


def remember_decisions(
    conn: sa.Connection,
    decisions: Decisions,
    customers_of: dict[RecordKey, int],
    now: dt.datetime,
    lang: Lang,
    *,
    manager: str,
) -> SettledCounts:
    """Store the workbook's decisions about registry customers (in the caller's transaction).

    Args:
        conn: a connection inside :meth:`Registry.write`.
        decisions: read from the Duplicates workbook.
        customers_of: :func:`record_customers` of the records the run read.
        now: the registry clock.
        lang: language of the reason.
        manager: who decided (the user running it).
    """
    counts = SettledCounts()
    wanted: dict[tuple[int, int], str] = {}
    for side, pairs in (("yes", decisions.yes), ("no", decisions.no)):
        for pair in pairs:
            ids = {customers_of.get(k) for k in pair}
            if None in ids or len(ids) != 2:
                counts.not_stored += 1
                continue
            a, b = sorted(cast(set[int], ids))
            # 不是重复 wins over 确认重复 for the same pair, as in apply_decisions
            if wanted.get((a, b)) != "not_duplicate":
                wanted[(a, b)] = _KIND[side]
    newest = _newest(conn, {i for pair in wanted for i in pair})
    rows: list[dict[str, Any]] = []
    evs: list[dict[str, Any]] = []
    source = Path(decisions.source).name
    for (a, b), decision in sorted(wanted.items()):
        if newest.get((a, b)) == decision:
            counts.unchanged += 1
            continue
        reason = msg("regrun_decision_reason", lang, file=source)
        rows.append(
            {"customer_id": a, "other_customer_id": b, "decision": decision,
             "manager": manager, "decided_at": now, "reason": reason}
        )  # fmt: skip
        evs.append(
            event(now, "decision", manager, customer_id=a, reason=reason,
                  other_customer_id=b, decision=decision)
        )  # fmt: skip
    bulk_insert(conn, decisions_table, rows)
    add_events(conn, evs)
    counts.stored = len(rows)
    return counts


def stored_decisions(
    conn: sa.Connection, customers_of: dict[RecordKey, int], *, source: str = ""
) -> Decisions:
    """The stored decisions about the records' customers, as record pairs for :func:`find_duplicates`."""
    records: dict[int, list[RecordKey]] = {}
    for key, cid in customers_of.items():
        records.setdefault(cid, []).append(key)
    out = Decisions(source=source)
    for (a, b), decision in _newest(conn, set(records)).items():
        target = out.yes if decision == "duplicate" else out.no
        target.update(frozenset((x, y)) for x in records[a] for y in records[b])
    return out
