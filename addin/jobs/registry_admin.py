"""The registry's administration jobs: status, history, claims, releases, transfers, backups.

Like :mod:`addin.jobs.registry`: open the registry, one transaction, a message and an exit code
(0 done, 1 refused by the ownership rules, 2 unusable registry raised as an error).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from .. import audit
from ..config import Config
from ..managers import load_managers, rep_key
from ..registry import (
    ClaimRefused,
    Clock,
    Registry,
    RegistryError,
    backup_registry,
    claim,
    find_customer,
    history,
    release,
    restore_registry,
    transfer,
)
from ..registry.access import restricted
from ..registry.tables import customers, events
from ..registry.texts import msg
from ..schema import Lang
from .common import JobOutcome
from .registry import open_configured, write_retrying

__all__ = [
    "run_registry_backup",
    "run_registry_claim",
    "run_registry_history",
    "run_registry_release",
    "run_registry_restore",
    "run_registry_status",
    "run_registry_transfer",
]


def run_registry_status(
    config: Config | None = None, url: str | None = None, lang: Lang = "zh"
) -> JobOutcome:
    """Customers owned / in the pool, per rep, and the number of events."""
    registry = open_configured(config, url, lang)
    try:
        with registry.read() as conn:
            now = registry.clock.now(conn)
            owned_now = (customers.c.status == "owned") & (customers.c.protected_until >= now)
            per_rep = conn.execute(
                sa.select(customers.c.owner, sa.func.count())
                .where(owned_now)
                .group_by(customers.c.owner)
                .order_by(customers.c.owner)
            ).all()
            total = conn.execute(sa.select(sa.func.count()).select_from(customers)).scalar_one()
            n_events = conn.execute(sa.select(sa.func.count()).select_from(events)).scalar_one()
    finally:
        registry.close()
    owned = sum(n for _, n in per_rep)
    lines = [
        msg(
            "reg_status_line",
            lang,
            where=registry.where,
            customers=total,
            owned=owned,
            pool=total - owned,
            events=n_events,
        )
    ]
    lines += [msg("reg_rep_line", lang, rep=r, n=n) for r, n in per_rep]
    return JobOutcome("\n".join(lines))


def run_registry_history(
    ref: str, *, config: Config | None = None, url: str | None = None, lang: Lang = "zh"
) -> JobOutcome:
    """A customer's event history, oldest first (for managers: the file is theirs)."""
    registry = open_configured(config, url, lang)
    try:
        with registry.read() as conn:
            try:
                customer = find_customer(conn, ref, lang)
            except ClaimRefused as exc:
                return JobOutcome(exc.message, 1)
            rows = history(conn, customer.id)
    finally:
        registry.close()
    lines = [f"#{customer.id} {customer.display_name}"]
    for e in rows:
        detail = " ".join(f"{k}={v}" for k, v in e.detail.items() if v is not None)
        if e.kind == "field_changed":  # old -> new of one field (personal data: the owner's)
            blank = msg("regrun_history_blank", lang)
            detail = msg(
                "regrun_history_change",
                lang,
                old=blank if e.detail.get("old") is None else e.detail["old"],
                new=blank if e.detail.get("new") is None else e.detail["new"],
            )
        lines.append(
            msg(
                "reg_history_line",
                lang,
                at=e.at.isoformat(sep=" ", timespec="seconds"),
                kind=e.kind,
                actor=e.actor,
                detail=" ".join(p for p in (e.rep or "", e.reason, detail) if p),
            )
        )
    return JobOutcome("\n".join(lines))


def _ownership(
    action: str,
    config: Config | None,
    url: str | None,
    lang: Lang,
    clock: Clock | None,
    work: Callable[[sa.Connection, Registry], Any],
    done: str,
) -> JobOutcome:
    registry = open_configured(config, url, lang, clock=clock)
    try:
        with registry.read() as conn:
            if restricted(conn):  # a rep's login on a team PostgreSQL: the admin's job
                raise RegistryError(msg("rls_admin_only", lang), file=registry.where)
        customer = write_retrying(registry, lambda conn: work(conn, registry))
    except ClaimRefused as exc:
        audit.record(f"registry:{action}", status="failed", message=exc.message)
        return JobOutcome(exc.message, 1)
    finally:
        registry.close()
    audit.record(f"registry:{action}", counts={"customer": customer.id})
    until = customer.protected_until.date().isoformat() if customer.protected_until else "-"
    return JobOutcome(
        msg(
            done,
            lang,
            name=customer.display_name,
            id=customer.id,
            rep=customer.owner or "",
            until=until,
        )
    )


def run_registry_claim(
    ref: str,
    rep: str,
    *,
    config: Config | None = None,
    url: str | None = None,
    lang: Lang = "zh",
    clock: Clock | None = None,
) -> JobOutcome:
    """``rep`` claims a 公海 customer; first come, first served (exit 1 when refused)."""

    def work(conn: sa.Connection, reg: Registry) -> Any:
        return claim(conn, ref, rep, reg.clock.now(conn), reg.settings, lang)

    return _ownership("claim", config, url, lang, clock, work, "reg_claimed")


def run_registry_release(
    ref: str,
    rep: str,
    *,
    reason: str = "",
    config: Config | None = None,
    url: str | None = None,
    lang: Lang = "zh",
    clock: Clock | None = None,
) -> JobOutcome:
    """The owner ``rep`` gives a customer back to 公海."""

    def work(conn: sa.Connection, reg: Registry) -> Any:
        return release(conn, ref, rep, reg.clock.now(conn), reg.settings, lang, reason)

    return _ownership("release", config, url, lang, clock, work, "reg_released")


def run_registry_transfer(
    ref: str,
    to: str,
    by: str,
    *,
    reason: str = "",
    config: Config | None = None,
    url: str | None = None,
    lang: Lang = "zh",
    clock: Clock | None = None,
) -> JobOutcome:
    """Manager ``by`` gives a customer to rep ``to``; ``by`` must manage its owner (or ``to``)."""
    managers = load_managers(config)

    def manages(rep: str | None) -> bool:
        m = managers.manager_of(rep) if rep else None
        return m is not None and rep_key(m.name) == rep_key(by)

    def work(conn: sa.Connection, reg: Registry) -> Any:
        owner = find_customer(conn, ref, lang).owner
        allowed = manages(owner) if owner else manages(to)
        return transfer(
            conn,
            ref,
            to,
            by,
            reg.clock.now(conn),
            reg.settings,
            lang,
            allowed=allowed,
            reason=reason,
        )

    return _ownership("transfer", config, url, lang, clock, work, "reg_claimed")


def run_registry_backup(
    folder: str | Path, *, config: Config | None = None, url: str | None = None, lang: Lang = "zh"
) -> JobOutcome:
    """A dated backup into ``folder`` (the newest ``keep_backups`` kept)."""
    registry = open_configured(config, url, lang)
    try:
        path = backup_registry(registry, folder)
    finally:
        registry.close()
    audit.record("registry:backup", outputs=[path])
    return JobOutcome(msg("reg_backup_written", lang, path=path))


def run_registry_restore(
    backup: str | Path, *, config: Config | None = None, url: str | None = None, lang: Lang = "zh"
) -> JobOutcome:
    """Restore a backup into the (new, empty) registry; creates it when missing."""
    registry = open_configured(config, url, lang, create=True)
    try:
        restore_registry(registry, backup)
    finally:
        registry.close()
    registry = open_configured(config, url, lang)
    try:
        with registry.read() as conn:
            n = conn.execute(sa.select(sa.func.count()).select_from(customers)).scalar_one()
            e = conn.execute(sa.select(sa.func.count()).select_from(events)).scalar_one()
    finally:
        registry.close()
    audit.record("registry:restore", inputs=[backup], counts={"customers": n, "events": e})
    return JobOutcome(msg("reg_restored", lang, path=backup, customers=n, events=e))
