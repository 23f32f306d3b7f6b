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
company name then only makes it *possible*); a shared identity key is the same customer; the
same company brand is the same customer unless, as 查重 rules (:mod:`addin.duplicates.rules`),
the two name different trades (凯通星物流 / 杭州凯通星能源; also with the same brand and city,
北京蓝海物流 / 北京蓝海科技, which share one account key), the record writes the brand alone
where the registry holds it in several trades, the record names another city, or it names no
city where the registry holds the brand (in its trade) in several cities: then *possible*.
The trades are read at check time from the company names the registry already stores. Any
other shared key is *possible*. Reasons name the kind of evidence, never the other record's
values.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TypeVar, cast

import numpy as np
import pandas as pd
import sqlalchemy as sa

from ..duplicates.company import parse_company
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
    "key_holders",
    "lookup",
    "reason",
    "status_for",
]

#: Values per ``IN (...)`` list (well under SQLite's and PostgreSQL's parameter limits).
CHUNK = 2000
#: Evidence kinds, strongest first; the first that agrees is the one named in the reason.
_ORDER = (*IDENTITY_KINDS, "brand", "mobile", "email", "wechat", "phone", "name_birth")
_IDENTITY = frozenset(IDENTITY_KINDS)
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
    display_name: str = ""  # as registered; "" where the login may not read it
    identity: dict[str, set[str]] = field(default_factory=dict)

    @property
    def places(self) -> set[str]:
        """The cities of its account keys ("" for an account registered without one)."""
        return {a.split("|", 1)[1] for a in self.identity.get("account", set()) if "|" in a}


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


def key_holders(
    conn: sa.Connection, pairs: Sequence[tuple[str, str]]
) -> list[tuple[str, str, int]]:
    """(kind, value, customer_id) of every match key among ``pairs`` (kind, value) that this
    connection may read."""
    found: list[tuple[str, str, int]] = []
    # One statement per chunk, all kinds at once: under concurrent writers every key of a
    # record is looked up in the same snapshot (PostgreSQL's READ COMMITTED is per statement).
    for part in chunks(pairs):
        by_kind: dict[str, list[str]] = {}
        for kind, value in part:
            by_kind.setdefault(kind, []).append(value)
        q = sa.select(match_keys.c.kind, match_keys.c.value, match_keys.c.customer_id).where(
            sa.or_(
                *[(match_keys.c.kind == k) & match_keys.c.value.in_(v) for k, v in by_kind.items()]
            )
        )
        found.extend((str(k), str(v), int(c)) for k, v, c in conn.execute(q))
    return found


def lookup(conn: sa.Connection, keys: pd.DataFrame) -> tuple[pd.DataFrame, dict[int, Candidate]]:
    """Hits (pos, kind, customer_id) of the records' keys, and the customers they point at.

    A rep's login on a team PostgreSQL cannot read other reps' rows: it asks the registry's
    check function instead, which answers status, owner and dates only (:mod:`.access`).
    """
    if restricted(conn):
        return _checked(keys, *checked_lookup(conn, keys, ("credit_code", "id_number")))
    pairs = keys[["kind", "value"]].drop_duplicates()
    found = key_holders(conn, list(pairs.itertuples(index=False, name=None)))
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
            customers.c.display_name,
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


@dataclass(frozen=True)
class _Brand:
    """What the brand rule weighs for one record: its trade, and the registry's accounts of
    its brand as (trade, cities) each (a trade is None where unknown or not written)."""

    trade: str | None
    accounts: tuple[tuple[str | None, frozenset[str]], ...]


@lru_cache(maxsize=1 << 16)
def _trade(name: str) -> str | None:
    """The industry word of a company name (科技, 物流, ...), as 查重 reads it; None without one."""
    return parse_company(name).industry or None if name else None


def _brand_strength(place: str, brand: _Brand, cand: Candidate) -> tuple[str, str]:
    """('strong' | 'possible', note code) for a record sharing only the brand with ``cand``:
    查重's account rules (same brand, places within one another, same or missing trade; a
    bare brand in several trades, or a brand without its city in several cities, is for a
    person to say), on what the registry holds of the brand."""
    theirs = _trade(cand.display_name)
    if brand.trade and theirs and brand.trade != theirs:
        return "possible", "acc_note_other_trade"
    near = [(t, p) for t, p in brand.accounts if not place or not p or "" in p or place in p]
    if not brand.trade and len({t for t, _ in near if t}) > 1:
        return "possible", "acc_note_bare_brand"
    places = cand.places
    if place and places and "" not in places and place not in places:
        return "possible", "reg_note_other_city"
    # Two customers of the brand with a city each are in two cities (brand + city is unique
    # in the registry), whatever a rep's login may see of the cities themselves.
    same_trade = [p for t, p in brand.accounts if not brand.trade or not t or t == brand.trade]
    if not place and sum(1 for p in same_trade if any(p)) > 1:
        return "possible", "acc_note_several_cities"
    return "strong", ""


def _strength(
    kinds: set[str],
    own: dict[str, str | None],
    cand: Candidate,
    brand: _Brand | None = None,
    company: str = "",
) -> tuple[str, str, str]:
    """('strong' | 'possible' | 'none', evidence code, note code) for one record-customer pair."""
    for kind in ("credit_code", "id_number"):
        mine, theirs = own.get(kind), cand.identity.get(kind)
        if mine and theirs and mine not in theirs:
            if kinds & {"account", "brand"}:
                return "possible", "reg_ev_brand", "reg_note_other_code"
            return "none", "", ""
    best = next(k for k in _ORDER if k in kinds)
    if best == "account" and company and cand.display_name and company != cand.display_name:
        # brand + city is one key whatever the trade: 北京蓝海物流 is not 北京蓝海科技
        trade, other = _trade(company), _trade(cand.display_name)
        if trade and other and trade != other:
            return "possible", "reg_ev_brand", "acc_note_other_trade"
    if best in IDENTITY_KINDS:
        return "strong", f"reg_ev_{best}", ""
    if best == "brand":
        strength, note = _brand_strength(
            own.get("place") or "", brand or _Brand(None, ((None, frozenset(cand.places)),)), cand
        )
        return strength, "reg_ev_brand", note
    return "possible", f"reg_ev_{best}", ""


def _brands(rk: RecordKeys, pairs: pd.Series, cands: dict[int, Candidate]) -> dict[int, _Brand]:
    """Per record sharing only a brand with some registry customer: its trade and the
    accounts of the brand (company names are parsed for these records only)."""
    by_pos: dict[int, list[Candidate]] = {}
    brand_only: set[int] = set()
    for key, kinds in pairs.items():
        pos, cid = cast(tuple[int, int], key)
        if "brand" in kinds:
            by_pos.setdefault(pos, []).append(cands[cid])
            if not kinds & _IDENTITY:
                brand_only.add(pos)
    return {
        pos: _Brand(
            _trade(str(rk.display[pos])) if rk.kind[pos] == "account" else None,
            tuple((_trade(c.display_name), frozenset(c.places)) for c in found),
        )
        for pos, found in by_pos.items()
        if pos in brand_only
    }


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
    brands = _brands(rk, pairs, cands)
    best: dict[int, tuple[tuple[int, float, int], Candidate, str, str, str]] = {}
    for key, kinds in pairs.items():
        pos, cid = cast(tuple[int, int], key)
        own = {**own_keys.get(pos, {}), "place": rk.place[pos]}
        cand = cands[cid]
        company = str(rk.display[pos]) if rk.kind[pos] == "account" else ""
        strength, evidence, note = _strength(kinds, own, cand, brands.get(pos), company)
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
