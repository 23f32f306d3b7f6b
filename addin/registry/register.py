"""Registering records: new customers for their rep, follow-ups, 撞单 recorded as events.

One batch (a rep's sheet, or every file of an import) is checked and written in one
transaction: what the check says is what is written, or nothing is. Records of one batch that
share an identity key are one customer; when it is new, its first record by the 查重 owner
rule (earliest 录入日期, then file time) names the owner — only inside that batch, where the
registry has no earlier time to go by. Everything after that goes by the registry's clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import sqlalchemy as sa

from ..duplicates import owner_order
from ..schema import Lang
from .bulk import big_load, insert_columns
from .events import add_alike, add_events, event
from .fields import field_events
from .keys import RecordKeys, batch_groups, record_json, record_keys
from .match import Candidate, RowStatus, chunks, decide, lookup, status_for
from .ownership import note_reps, protection_end, sweep
from .rekey import add_owner_keys
from .settings import RegistrySettings
from .tables import customers, events, match_keys, source_records
from .texts import msg

__all__ = ["BatchResult", "Prepared", "check_frame", "prepare", "register_frame"]


@dataclass
class BatchResult:
    """Per record its status and what was done; counts of what was written."""

    rows: list[RowStatus]
    actions: list[str]  # registered | added | follow_up | collision | over_limit | ""
    counts: dict[str, int] = field(default_factory=dict)


def _reps(frame: pd.DataFrame, rep: str | None) -> np.ndarray:
    if rep is not None:
        return np.full(len(frame), rep, dtype=object)
    values = frame["rep"].to_numpy(dtype=object) if len(frame) else np.empty(0, dtype=object)
    return np.where(pd.isna(values), "", values).astype(object)


def check_frame(
    conn: sa.Connection, frame: pd.DataFrame, now: dt.datetime, *, rep: str | None = None
) -> list[RowStatus]:
    """Each record's status against the registry (reads only)."""
    rk = record_keys(frame)
    hits, cands = lookup(conn, rk.keys)
    return decide(rk, hits, cands, _reps(frame, rep), now)


def _allocate_ids(conn: sa.Connection, n: int) -> list[int]:
    """``n`` new customer numbers (inside the write transaction)."""
    if conn.dialect.name == "postgresql":
        q = sa.text(
            "SELECT nextval(pg_get_serial_sequence('customers', 'id')) FROM generate_series(1, :n)"
        )
        return [int(i) for i in conn.execute(q, {"n": n}).scalars()]
    start = int(
        conn.execute(sa.select(sa.func.coalesce(sa.func.max(customers.c.id), 0))).scalar_one()
    )
    return list(range(start + 1, start + 1 + n))


def _owner_first(frame: pd.DataFrame, groups: np.ndarray) -> list[int]:
    """Record positions grouped, each group's owner first (the 查重 owner rule), in one sort."""
    shared = pd.Series(groups).duplicated(keep=False).to_numpy()
    if not shared.any():
        return list(range(len(frame)))
    sub = frame[shared].assign(group_id=groups[shared], _pos=np.nonzero(shared)[0])
    ordered = owner_order(sub)["_pos"].tolist()
    return [*np.nonzero(~shared)[0].tolist(), *ordered]


def _has_deal(frame: pd.DataFrame) -> np.ndarray:
    stage = frame["stage"].to_numpy(dtype=object) == "won"
    amount = pd.to_numeric(frame["total_amount"], errors="coerce").fillna(0).to_numpy() > 0
    return np.asarray(stage | amount, dtype=bool)


def _contacts(frame: pd.DataFrame, now: dt.datetime) -> list[str | None]:
    """Typed last contact dates as text; a date after today is not a follow-up."""
    days = pd.to_datetime(frame["last_contact"], errors="coerce")
    days = days.where(days <= pd.Timestamp(now))
    return [None if pd.isna(d) else d.date().isoformat() for d in days]


@dataclass
class Prepared:
    """What a batch needs that does not depend on the registry: computed before the transaction."""

    frame: pd.DataFrame
    rk: RecordKeys
    reps: np.ndarray
    json: list[str]
    prints: list[str]
    deal: np.ndarray


def prepare(frame: pd.DataFrame, rep: str | None = None) -> Prepared:
    """Keys, JSON and fingerprints of a batch (the slow part: outside the write lock)."""
    frame = frame.reset_index(drop=True)
    texts, prints = record_json(frame)
    return Prepared(frame, record_keys(frame), _reps(frame, rep), texts, prints, _has_deal(frame))


_NO_HITS = pd.DataFrame(columns=["pos", "kind", "customer_id"])
_SAME_BATCH = "reg_note_same_batch"  # registered by this batch: its keys are in already


class _Batch:
    """The rows, keys and registry state of one registration batch."""

    def __init__(self, conn: sa.Connection, p: Prepared, now: dt.datetime):
        self.conn, self.frame, self.now = conn, p.frame, now
        self.rk, self.reps, self.json, self.prints, self.deal = (
            p.rk,
            p.reps,
            p.json,
            p.prints,
            p.deal,
        )
        # an empty registry (the first big import) has nothing to look up
        empty = conn.execute(sa.select(match_keys.c.id).limit(1)).first() is None
        hits, self.cands = (_NO_HITS, {}) if empty else lookup(conn, self.rk.keys)
        self.rows = decide(self.rk, hits, self.cands, self.reps, now)
        self.actions = [""] * len(self.frame)
        self.contact = _contacts(self.frame, now)


def register_frame(
    conn: sa.Connection,
    frame: pd.DataFrame | Prepared,
    now: dt.datetime,
    settings: RegistrySettings,
    lang: Lang,
    *,
    actor: str,
    rep: str | None = None,
) -> BatchResult:
    """Check every record and register what is new, in the caller's write transaction.

    Args:
        conn: a connection inside :meth:`Registry.write`.
        frame: customer frame (validated records), or :func:`prepare` of one.
        now: the registry clock.
        settings: the ownership rules.
        lang: language of event reasons.
        actor: who runs it (user name), for the events.
        rep: the rep registering (default: each record's 业务员).
    """
    sweep(conn, now, settings, lang)
    b = _Batch(conn, frame if isinstance(frame, Prepared) else prepare(frame, rep), now)
    groups = batch_groups(b.rk, len(b.frame))
    members: dict[int, list[int]] = {}
    for pos in _owner_first(b.frame, groups):
        members.setdefault(int(groups[pos]), []).append(pos)
    counts = _owned_counts(conn, settings)
    new_groups: list[list[int]] = []
    for group in members.values():
        known = [
            b.rows[p] for p in group if b.rows[p].customer_id and b.rows[p].status != "possible"
        ]
        if known:  # the group is a registry customer: every record of it gets that customer
            first = min(known, key=lambda r: int(r.customer_id or 0))
            cand = b.cands[int(first.customer_id or 0)]
            for p in group:
                if b.rows[p].status == "new":
                    b.rows[p] = status_for(p, cand, b.reps[p], now, evidence=first.evidence)
        elif all(b.rows[p].status == "new" for p in group):
            new_groups.append(group)
    new_pos = [p for g in new_groups for p in g]
    big = int(np.isin(b.rk.keys["pos"].to_numpy(), new_pos).sum()) if new_pos else 0
    with big_load(conn, match_keys, big, customers, source_records, events):
        written = _register_new(b, new_groups, counts, settings, lang, actor)
        written |= _attach(b, settings, lang, actor)
    return BatchResult(b.rows, b.actions, written)


def _owned_counts(conn: sa.Connection, settings: RegistrySettings) -> dict[str, int]:
    if not settings.max_owned_per_rep:
        return {}
    q = (
        sa.select(customers.c.owner, sa.func.count())
        .where(customers.c.status == "owned")
        .group_by(customers.c.owner)
    )
    return {str(o): int(n) for o, n in conn.execute(q)}


def _register_new(
    b: _Batch,
    groups: list[list[int]],
    counts: dict[str, int],
    settings: RegistrySettings,
    lang: Lang,
    actor: str,
) -> dict[str, int]:
    limit = settings.max_owned_per_rep
    chosen: list[list[int]] = []
    for group in groups:
        owner = str(b.reps[group[0]])
        if not owner or (limit and counts.get(owner, 0) >= limit):
            for p in group:
                b.actions[p] = "over_limit" if owner else "no_rep"
            continue
        counts[owner] = counts.get(owner, 0) + 1
        chosen.append(group)
    if not chosen:
        return {"registered": 0}
    ids = _allocate_ids(b.conn, len(chosen))
    now = b.now
    made: list[tuple[str, dt.datetime, str | None, bool]] = []  # owner, until, contact, deal
    for cid, group in zip(ids, chosen, strict=True):
        head = group[0]
        owner = str(b.reps[head])
        deal = bool(b.deal[head]) if len(group) == 1 else bool(b.deal[group].any())
        until = protection_end(now, settings, deal)
        contact = max((c for p in group if (c := b.contact[p])), default=None)
        made.append((owner, until, contact, deal))
        cand = Candidate(cid, owner, "owned", now, until, now)
        b.cands[cid] = cand
        evidence = b.rows[head].evidence
        for p in group:
            b.rows[p] = status_for(p, cand, b.reps[p], now, evidence=evidence)
            b.rows[p].note = "" if p == head else _SAME_BATCH
            b.actions[p] = "registered" if p == head else ""
    heads = [g[0] for g in chosen]
    owners, untils, contacts, deals = (list(c) for c in zip(*made, strict=True))
    n = len(chosen)
    columns: dict[str, Any] = {
        "id": ids,
        "kind": b.rk.kind[heads],
        "display_name": [str(d)[:200] for d in b.rk.display[heads]],
        "owner": owners,
        "registered_by": owners,
        "protected_until": untils,
        "last_follow_up_at": [None] * n,
        "last_contact": contacts,
        "has_deal": deals,
        **{k: [v] * n for k, v in (("status", "owned"), ("version", 1))},
        **{k: [now] * n for k in ("registered_at", "owned_since")},
    }
    insert_columns(b.conn, customers, columns)
    _insert_keys(b, ids, chosen)
    add_alike(b.conn, now, "registered", actor, msg("reg_ev_registered", lang), ids, owners)
    return {"registered": len(chosen)}


def _insert_keys(b: _Batch, ids: Sequence[int], groups: list[list[int]]) -> None:
    owner_of = np.full(len(b.frame), -1, dtype=np.int64)
    for cid, group in zip(ids, groups, strict=True):
        owner_of[group] = cid
    keys = b.rk.keys.assign(customer_id=owner_of[b.rk.keys["pos"].to_numpy()])
    keys = keys[keys["customer_id"] >= 0].drop_duplicates(["customer_id", "kind", "value"])
    insert_columns(
        b.conn,
        match_keys,
        {
            "customer_id": keys["customer_id"].to_numpy(),
            "kind": keys["kind"].to_numpy(dtype=object),
            "value": keys["value"].to_numpy(dtype=object),
            "is_identity": keys["is_identity"].to_numpy(dtype=bool),
        },
    )


def _attach(b: _Batch, settings: RegistrySettings, lang: Lang, actor: str) -> dict[str, int]:
    """Source records of yours / new / taken rows (new ones only), follow-ups, 撞单 events."""
    keep = [p for p, r in enumerate(b.rows) if r.status in ("yours", "taken") and r.customer_id]
    existing: set[tuple[str, str]] = set()
    by_rep: dict[str, list[str]] = {}
    if b.conn.execute(sa.select(source_records.c.id).limit(1)).first() is not None:
        for p in keep:
            by_rep.setdefault(str(b.reps[p]), []).append(b.prints[p])
    for rep_name, prints in by_rep.items():  # by rep: the unique index is (rep, fingerprint)
        for part in chunks(sorted(set(prints))):
            q = sa.select(source_records.c.rep, source_records.c.fingerprint).where(
                source_records.c.rep == rep_name, source_records.c.fingerprint.in_(part)
            )
            existing.update((str(r), str(f)) for r, f in b.conn.execute(q))
    kept: list[int] = []  # positions whose source record is written
    evs: list[dict[str, Any]] = []
    files = b.frame["_file"].astype(str).tolist()
    sheets = b.frame["_sheet"].astype(str).tolist()
    lines = b.frame["_row"].tolist()
    follow: dict[int, tuple[str, bool]] = {}
    for p in keep:
        r, rep, fp = b.rows[p], str(b.reps[p]), b.prints[p]
        if (rep, fp) in existing:
            continue
        existing.add((rep, fp))
        cid = int(r.customer_id or 0)
        kept.append(p)
        if r.status == "taken":
            b.actions[p] = "collision"
            evs.append(
                event(
                    b.now,
                    "collision",
                    rep,
                    customer_id=cid,
                    rep=rep,
                    reason=msg("reg_ev_collision", lang, owner=r.owner or ""),
                )
            )
        elif b.actions[p] != "registered":
            b.actions[p] = "added"
            if b.contact[p] or b.deal[p]:
                old = follow.get(cid, ("", False))
                follow[cid] = (max(old[0], b.contact[p] or ""), old[1] or bool(b.deal[p]))
    mine = [
        {"customer_id": int(b.rows[p].customer_id or 0), "rep": str(b.reps[p]), "data": b.json[p]}
        for p in kept
        if b.rows[p].status == "yours"
    ]
    evs += field_events(b.conn, mine, b.now, lang, actor=actor)  # before the new records
    grown = [p for p in kept if b.actions[p] == "added" and b.rows[p].note != _SAME_BATCH]
    add_owner_keys(b.conn, b.rk.keys, {p: int(b.rows[p].customer_id or 0) for p in grown})
    insert_columns(
        b.conn,
        source_records,
        {
            "customer_id": [int(b.rows[p].customer_id or 0) for p in kept],
            "rep": [str(b.reps[p]) for p in kept],
            "file": [files[p] for p in kept],
            "sheet": [sheets[p] for p in kept],
            "row": [int(lines[p]) for p in kept],
            "fingerprint": [b.prints[p] for p in kept],
            "recorded_at": [b.now] * len(kept),
            "data": [b.json[p] for p in kept],
        },
    )
    evs += _follow_ups(b, follow, settings, lang)
    add_events(b.conn, evs)
    note_reps(b.conn, {str(r) for r in b.reps if r}, b.now)
    return {"records": len(kept), "collisions": sum(a == "collision" for a in b.actions)}


def _follow_ups(
    b: _Batch, follow: dict[int, tuple[str, bool]], settings: RegistrySettings, lang: Lang
) -> list[dict[str, Any]]:
    """A later 最近联系日期 (or a first deal) on the owner's record: protection starts again."""
    evs: list[dict[str, Any]] = []
    at: dict[int, list[int]] = {}  # customer -> positions of its rows
    for p, r in enumerate(b.rows):
        if r.customer_id in follow:
            at.setdefault(int(r.customer_id), []).append(p)
    for part in chunks(list(follow)):
        q = sa.select(
            customers.c.id,
            customers.c.owner,
            customers.c.last_contact,
            customers.c.has_deal,
            customers.c.version,
        ).where(customers.c.id.in_(part))
        for cid, owner, last, deal, version in b.conn.execute(q).all():
            contact, new_deal = follow[cid]
            later = bool(contact) and contact > (last or "")
            if not later and (deal or not new_deal):
                continue
            has_deal = bool(deal or new_deal)
            b.conn.execute(
                customers.update()
                .where(customers.c.id == cid)
                .values(
                    last_contact=contact if later else last,
                    last_follow_up_at=b.now,
                    protected_until=protection_end(b.now, settings, has_deal),
                    has_deal=has_deal,
                    version=version + 1,
                )  # fmt: skip
            )
            kind = "follow_up" if later else "deal"
            evs.append(
                event(
                    b.now,
                    kind,
                    owner or "",
                    customer_id=cid,
                    rep=owner,
                    reason=msg(f"reg_ev_{kind}", lang),
                    old=last,
                    new=contact or last,
                )
            )
            for p in at.get(cid, ()):
                if b.actions[p] == "added":
                    b.actions[p] = "follow_up"
    return evs
