"""The entry-time check: each record against the registry, by its match keys.

A record's keys are looked up in the ``match_keys`` index (one query per kind and chunk), the
candidates' own identity keys are read for the rules below, and each record gets a status:

==========  ===================================================================
new         no customer in the registry shares an identifying key
yours       the same customer, owned by the record's rep
taken       the same customer, owned and protected by another rep
pool        the same customer, in 公海 (protection ran out or released): claimable
possible    only weaker evidence agrees (same mobile, other name; same company in
            another city; name + birthday), or the record has nothing to identify it
==========  ===================================================================

Rules, first match wins: different credit codes or ID numbers rule a pair out (a shared
company name then only makes it *possible*); a shared identity key, or the same company brand
with one city missing, is the same customer; any other shared key is *possible*. Reasons
name the kind of evidence, never the other record's values.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar, cast

import numpy as np
import pandas as pd
import sqlalchemy as sa

from ..schema import Lang
from .access import IdentityRow, KeyHit, checked_lookup, restricted
from .keys import IDENTITY_KINDS, RecordKeys
from .tables import customers, match_keys
from .texts import msg

__all__ = [
    "Candidate",
    "RowStatus",
    "chunks",
    "decide",
    "effective_status",
    "lookup",
    "reason",
    "status_for",
]

#: Values per ``IN (...)`` list (well under SQLite's and PostgreSQL's parameter limits).
CHUNK = 2000
#: Evidence kinds, strongest first; the first that agrees is the one named in the reason.
_ORDER = (*IDENTITY_KINDS, "brand", "mobile", "email", "wechat", "phone", "name_birth")
#: A candidate's own keys the rules compare with the record's.
_CANDIDATE_KINDS = frozenset(("credit_code", "id_number", "account"))


@dataclass
class Candidate:
    """A registry customer that shares a key with a record."""

    id: int
    owner: str | None
    status: str
    owned_since: dt.datetime | None
    protected_until: dt.datetime | None
    registered_at: dt.datetime
    identity: dict[str, set[str]] = field(default_factory=dict)


@dataclass
class RowStatus:
    """The check's answer for one record."""

    pos: int
    status: str  # new | yours | taken | pool | possible
    customer_id: int | None = None
    owner: str | None = None
    since: dt.datetime | None = None
    protected_until: dt.datetime | None = None
    evidence: str = ""  # the message code of the evidence ("reg_ev_credit_code", ...)
    note: str = ""  # extra words (conflicting credit code, registered in this run, ...)


T = TypeVar("T")


def chunks(values: Sequence[T], size: int = CHUNK) -> Iterable[list[T]]:
    """``values`` in slices of ``size``."""
    for start in range(0, len(values), size):
        yield list(values[start : start + size])


def lookup(conn: sa.Connection, keys: pd.DataFrame) -> tuple[pd.DataFrame, dict[int, Candidate]]:
    """Hits (pos, kind, customer_id) of the records' keys, and the customers they point at.

    A rep's login on a team PostgreSQL cannot read other reps' rows: it asks the registry's
    check function instead, which answers status, owner and dates only (:mod:`.access`).
    """
    if restricted(conn):
        return _checked(keys, *checked_lookup(conn, keys, ("credit_code", "id_number")))
    found: list[tuple[str, str, int]] = []
    pairs = keys[["kind", "value"]].drop_duplicates()
    # One statement per chunk, all kinds at once: under concurrent writers every key of a
    # record is looked up in the same snapshot (PostgreSQL's READ COMMITTED is per statement).
    for part in chunks(list(pairs.itertuples(index=False, name=None))):
        by_kind: dict[str, list[str]] = {}
        for kind, value in part:
            by_kind.setdefault(kind, []).append(value)
        q = sa.select(match_keys.c.kind, match_keys.c.value, match_keys.c.customer_id).where(
            sa.or_(
                *[(match_keys.c.kind == k) & match_keys.c.value.in_(v) for k, v in by_kind.items()]
            )
        )
        found.extend(tuple(r) for r in conn.execute(q))
    hits = pd.DataFrame(found, columns=["kind", "value", "customer_id"])
    if hits.empty:
        return pd.DataFrame(columns=["pos", "kind", "customer_id"]), {}
    hits = keys.merge(hits, on=["kind", "value"])[["pos", "kind", "customer_id"]]
    ids = [int(i) for i in pd.unique(hits["customer_id"])]
    cands: dict[int, Candidate] = {}
    for id_part in chunks(ids):
        q = sa.select(
            customers.c.id,
            customers.c.owner,
            customers.c.status,
            customers.c.owned_since,
            customers.c.protected_until,
            customers.c.registered_at,
        ).where(customers.c.id.in_(id_part))
        for row in conn.execute(q):
            cands[row.id] = Candidate(*row)
        # By customer only, the kinds filtered here: with ``kind IN (...)`` in the query SQLite's
        # planner (no ANALYZE statistics) walks every account key by kind instead of the few
        # keys of these customers, which grew the check with the registry (0.3 s at 160k).
        q2 = sa.select(match_keys.c.customer_id, match_keys.c.kind, match_keys.c.value).where(
            match_keys.c.customer_id.in_(id_part)
        )
        for cid, kind, value in conn.execute(q2):
            if kind in _CANDIDATE_KINDS:
                cands[cid].identity.setdefault(kind, set()).add(value)
    return hits, cands


def _checked(
    keys: pd.DataFrame, found: list[KeyHit], identity: list[IdentityRow]
) -> tuple[pd.DataFrame, dict[int, Candidate]]:
    """:func:`lookup`'s answer from the check function's rows."""
    if not found:
        return pd.DataFrame(columns=["pos", "kind", "customer_id"]), {}
    hits = pd.DataFrame([h[:3] for h in found], columns=["kind", "value", "customer_id"])
    hits = keys.merge(hits, on=["kind", "value"])[["pos", "kind", "customer_id"]]
    cands = {h[2]: Candidate(h[2], h[4], h[3], h[5], h[6], h[7]) for h in found}
    for cid, kind, value in identity:
        cands[cid].identity.setdefault(kind, set()).add(value)
    return hits, cands


def effective_status(c: Candidate, now: dt.datetime) -> str:
    """'owned' while protected, else 'pool' (expiry counts even before it is written down)."""
    if c.status == "owned" and c.protected_until is not None and c.protected_until >= now:
        return "owned"
    return "pool"


def _strength(kinds: set[str], own: dict[str, str | None], cand: Candidate) -> tuple[str, str, str]:
    """('strong' | 'possible' | 'none', evidence code, note code) for one record-customer pair."""
    for kind in ("credit_code", "id_number"):
        mine, theirs = own.get(kind), cand.identity.get(kind)
        if mine and theirs and mine not in theirs:
            if kinds & {"account", "brand"}:
                return "possible", "reg_ev_brand", "reg_note_other_code"
            return "none", "", ""
    best = next(k for k in _ORDER if k in kinds)
    if best in IDENTITY_KINDS:
        return "strong", f"reg_ev_{best}", ""
    if best == "brand":
        place = own.get("place") or ""
        places = {a.split("|", 1)[1] for a in cand.identity.get("account", set()) if "|" in a}
        if not place or not places or "" in places or place in places:
            return "strong", "reg_ev_brand", ""
        return "possible", "reg_ev_brand", "reg_note_other_city"
    return "possible", f"reg_ev_{best}", ""


def decide(
    rk: RecordKeys,
    hits: pd.DataFrame,
    cands: dict[int, Candidate],
    reps: np.ndarray,
    now: dt.datetime,
) -> list[RowStatus]:
    """The status of every record (positions 0..n-1) from its hits."""
    n = len(rk.kind)
    ident_pos = set(rk.keys.loc[rk.keys["is_identity"], "pos"].tolist())
    own_keys: dict[int, dict[str, str | None]] = {}
    for pos, kind, value in rk.keys.loc[
        rk.keys["kind"].isin(("credit_code", "id_number")), ["pos", "kind", "value"]
    ].itertuples(index=False, name=None):
        own_keys.setdefault(pos, {})[kind] = value
    out = [
        RowStatus(p, "new") if p in ident_pos else RowStatus(p, "possible", evidence="reg_ev_none")
        for p in range(n)
    ]
    if hits.empty:
        return out
    pairs = hits.groupby(["pos", "customer_id"], sort=True)["kind"].agg(set)
    best: dict[int, tuple[tuple[int, float, int], Candidate, str, str, str]] = {}
    for key, kinds in pairs.items():
        pos, cid = cast(tuple[int, int], key)
        own = {**own_keys.get(pos, {}), "place": rk.place[pos]}
        cand = cands[cid]
        strength, evidence, note = _strength(kinds, own, cand)
        if strength == "none":
            continue
        rank = (0 if strength == "strong" else 1, cand.registered_at.timestamp(), cid)
        if pos not in best or rank < best[pos][0]:
            best[pos] = (rank, cand, strength, evidence, note)
    for pos, (_rank, cand, strength, evidence, note) in best.items():
        out[pos] = status_for(pos, cand, str(reps[pos] or ""), now, strength, evidence, note)
    return out


def status_for(
    pos: int,
    cand: Candidate,
    rep: str,
    now: dt.datetime,
    strength: str = "strong",
    evidence: str = "",
    note: str = "",
) -> RowStatus:
    """The status of a record that is (or may be) the registry customer ``cand``."""
    state = effective_status(cand, now)
    if strength != "strong":
        status = "possible"
    elif state == "pool":
        status = "pool"
    else:
        status = "yours" if cand.owner == rep else "taken"
    owned = state == "owned"
    return RowStatus(
        pos,
        status,
        cand.id,
        cand.owner if owned else None,
        cand.owned_since if owned else None,
        cand.protected_until if owned else None,
        evidence,
        note,
    )


def reason(r: RowStatus, lang: Lang) -> str:
    """The status in words, with the evidence; never another record's values."""
    parts = [msg(r.evidence, lang)] if r.evidence else []
    if r.note:
        parts.append(msg(r.note, lang))
    when = r.protected_until.date().isoformat() if r.protected_until else ""
    since = r.since.date().isoformat() if r.since else ""
    code = f"reg_status_{r.status}" + ("_owned" if r.status == "possible" and r.owner else "")
    parts.append(msg(code, lang, owner=r.owner or "", since=since, until=when))
    return msg("reg_reason_sep", lang).join(parts)
