"""The ownership rules: protection, 公海, claims first come first served, manager transfers.

* First registered in the registry wins (the registry's clock; typed dates never count).
* An owned customer is protected ``protection_days`` from registration or the last recorded
  follow-up (``deal_protection_days`` once it has a deal); then it returns to 公海.
* Anyone may claim a 公海 customer; the first claim wins (a conditional UPDATE: exactly one
  succeeds however many arrive at once). ``max_owned_per_rep`` (私海上限) refuses claims and
  registrations beyond it.
* An owner may release a customer to 公海; a manager may transfer it to another rep.

Every change is an event (:mod:`addin.registry.events`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa

from ..schema import Lang
from .errors import ClaimRefused
from .events import add_events, event
from .settings import RegistrySettings
from .tables import customers, reps
from .texts import msg

__all__ = [
    "Customer",
    "claim",
    "find_customer",
    "note_reps",
    "owned_count",
    "protection_end",
    "release",
    "sweep",
    "transfer",
]


@dataclass(frozen=True)
class Customer:
    """A registry customer's ownership row."""

    id: int
    display_name: str
    owner: str | None
    status: str
    protected_until: dt.datetime | None
    has_deal: bool
    version: int


def protection_end(now: dt.datetime, settings: RegistrySettings, has_deal: bool) -> dt.datetime:
    """When protection granted ``now`` runs out."""
    days = settings.deal_protection_days if has_deal else settings.protection_days
    return now + dt.timedelta(days=days)


def sweep(conn: sa.Connection, now: dt.datetime, settings: RegistrySettings, lang: Lang) -> int:
    """Release every customer whose protection has run out to 公海; returns how many."""
    expired = conn.execute(
        sa.select(customers.c.id, customers.c.owner, customers.c.has_deal).where(
            customers.c.status == "owned", customers.c.protected_until < now
        )
    ).all()
    if not expired:
        return 0
    conn.execute(
        customers.update()
        .where(customers.c.status == "owned", customers.c.protected_until < now)
        .values(status="pool", owner=None, owned_since=None, version=customers.c.version + 1)
    )
    add_events(
        conn,
        [
            event(
                now,
                "released",
                "registry",
                customer_id=cid,
                rep=owner,
                reason=msg(
                    "reg_ev_expired",
                    lang,
                    days=settings.deal_protection_days if deal else settings.protection_days,
                ),
                old_owner=owner,
            )
            for cid, owner, deal in expired
        ],
    )
    return len(expired)


def find_customer(conn: sa.Connection, ref: str | int, lang: Lang) -> Customer:
    """A customer by registry number (``123`` or ``#123``) or exact display name."""
    cols = [
        customers.c.id,
        customers.c.display_name,
        customers.c.owner,
        customers.c.status,
        customers.c.protected_until,
        customers.c.has_deal,
        customers.c.version,
    ]
    text = str(ref).strip().lstrip("#")
    where = customers.c.id == int(text) if text.isdigit() else customers.c.display_name == text
    rows = conn.execute(sa.select(*cols).where(where).order_by(customers.c.id)).all()
    if not rows:
        raise ClaimRefused(msg("reg_no_customer", lang, ref=ref))
    if len(rows) > 1:
        ids = ", ".join(f"#{r.id}" for r in rows)
        raise ClaimRefused(msg("reg_ambiguous_customer", lang, ref=ref, ids=ids))
    return Customer(*rows[0])


def owned_count(conn: sa.Connection, rep: str) -> int:
    """How many customers ``rep`` owns now."""
    q = sa.select(sa.func.count()).where(customers.c.owner == rep, customers.c.status == "owned")
    return int(conn.execute(q).scalar_one())


def _check_limit(conn: sa.Connection, rep: str, settings: RegistrySettings, lang: Lang) -> None:
    limit = settings.max_owned_per_rep
    if limit and owned_count(conn, rep) >= limit:
        raise ClaimRefused(msg("reg_over_limit", lang, rep=rep, limit=limit))


def _take(
    conn: sa.Connection, c: Customer, rep: str, now: dt.datetime, settings: RegistrySettings
) -> bool:
    """Give ``c`` to ``rep`` if nobody changed it since it was read; True when this call won."""
    result = conn.execute(
        customers.update()
        .where(customers.c.id == c.id, customers.c.version == c.version)
        .values(
            owner=rep,
            status="owned",
            owned_since=now,
            protected_until=protection_end(now, settings, c.has_deal),
            version=c.version + 1,
        )
    )
    return result.rowcount == 1


def claim(
    conn: sa.Connection,
    ref: str | int,
    rep: str,
    now: dt.datetime,
    settings: RegistrySettings,
    lang: Lang,
) -> Customer:
    """``rep`` claims a 公海 customer; the first claim wins.

    Raises:
        ClaimRefused: owned by someone (named), over 私海上限, or another claim was first.
    """
    sweep(conn, now, settings, lang)
    c = find_customer(conn, ref, lang)
    if c.status == "owned":
        code = "reg_already_yours" if c.owner == rep else "reg_claim_taken"
        raise ClaimRefused(msg(code, lang, name=c.display_name, owner=c.owner))
    _check_limit(conn, rep, settings, lang)
    if not _take(conn, c, rep, now, settings):
        raise ClaimRefused(msg("reg_claim_lost", lang, name=c.display_name))
    add_events(conn, [event(now, "claimed", rep, customer_id=c.id, rep=rep, reason="")])
    return find_customer(conn, c.id, lang)


def release(
    conn: sa.Connection,
    ref: str | int,
    rep: str,
    now: dt.datetime,
    settings: RegistrySettings,
    lang: Lang,
    reason: str = "",
) -> Customer:
    """The owner gives a customer back to 公海."""
    sweep(conn, now, settings, lang)
    c = find_customer(conn, ref, lang)
    if c.status != "owned" or c.owner != rep:
        raise ClaimRefused(msg("reg_not_owner", lang, name=c.display_name, rep=rep))
    conn.execute(
        customers.update()
        .where(customers.c.id == c.id, customers.c.version == c.version)
        .values(status="pool", owner=None, owned_since=None, version=c.version + 1)
    )
    add_events(
        conn,
        [event(now, "released", rep, customer_id=c.id, rep=rep, reason=reason, old_owner=rep)],
    )
    return find_customer(conn, c.id, lang)


def transfer(
    conn: sa.Connection,
    ref: str | int,
    to: str,
    by: str,
    now: dt.datetime,
    settings: RegistrySettings,
    lang: Lang,
    *,
    allowed: bool,
    reason: str = "",
) -> Customer:
    """A manager gives a customer to rep ``to`` (``allowed``: ``by`` manages its owner)."""
    sweep(conn, now, settings, lang)
    c = find_customer(conn, ref, lang)
    if not allowed:
        raise ClaimRefused(msg("reg_not_manager", lang, by=by, owner=c.owner or "-"))
    if not _take(conn, c, to, now, settings):
        raise ClaimRefused(msg("reg_claim_lost", lang, name=c.display_name))
    add_events(
        conn,
        [
            event(
                now,
                "transferred",
                by,
                customer_id=c.id,
                rep=to,
                reason=reason,
                old_owner=c.owner,
                new_owner=to,
            )
        ],
    )
    return find_customer(conn, c.id, lang)


def note_reps(conn: sa.Connection, names: Iterable[str], now: dt.datetime) -> None:
    """Reps seen for the first time (for the 业绩看板 and the manager's lists)."""
    wanted = sorted(names)
    known = (
        set(conn.execute(sa.select(reps.c.name).where(reps.c.name.in_(wanted))).scalars())
        if wanted
        else set()
    )
    fresh = [{"name": n, "first_seen_at": now} for n in wanted if n not in known]
    if fresh:
        conn.execute(reps.insert(), fresh)
