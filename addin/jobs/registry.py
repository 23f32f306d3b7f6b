"""The registry jobs (``intake registry ...`` and ``intake check``): open, one call, a message.

Each job opens the registry named by ``--registry`` / $INTAKE_REGISTRY / ``[registry] url``
(default: a SQLite file in the user's data folder), does one thing in one transaction, and
returns what to print with its exit code: 0 done, 1 refused or taken rows found, 2 unusable
input or registry (raised as :class:`~addin.errors.IntakeError`, turned into exit 2 by the CLI).
"""

from __future__ import annotations

import getpass
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd
import sqlalchemy as sa
import sqlalchemy.exc

from .. import audit
from ..config import Config
from ..managers import load_managers, rep_key
from ..registry import (
    ClaimRefused,
    Clock,
    Registry,
    RegistryError,
    backup_registry,
    check_frame,
    claim,
    find_customer,
    head_revision,
    history,
    load_registry_settings,
    open_registry,
    prepare,
    register_frame,
    release,
    restore_registry,
    transfer,
)
from ..registry.report import check_json, check_records, check_table
from ..registry.tables import customers, events
from ..registry.texts import msg
from ..schema import Lang
from .common import JobOutcome, load_usable

__all__ = [
    "CheckOutcome",
    "open_configured",
    "run_check",
    "run_registry_backup",
    "run_registry_claim",
    "run_registry_history",
    "run_registry_import",
    "run_registry_init",
    "run_registry_release",
    "run_registry_restore",
    "run_registry_status",
    "run_registry_transfer",
]

T = TypeVar("T")
#: Attempts of a write that lost a race on PostgreSQL (a unique key another writer took first).
RETRIES = 8


def _actor() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def open_configured(
    config: Config | None,
    url: str | None,
    lang: Lang,
    *,
    clock: Clock | None = None,
    create: bool = False,
) -> Registry:
    """The registry the options and configuration name, opened and checked."""
    return open_registry(load_registry_settings(config, url), lang=lang, clock=clock, create=create)


def _write(registry: Registry, work: Callable[[sa.Connection], T]) -> T:
    """``work`` in a write transaction, again from the start when a concurrent writer won a key."""
    for _ in range(RETRIES):
        try:
            with registry.write() as conn:
                return work(conn)
        except sa.exc.IntegrityError:
            continue  # the other writer's customer is visible now: the check says "taken"
    raise RegistryError(msg("reg_busy", registry.lang), file=registry.where)


def run_registry_init(
    config: Config | None = None, url: str | None = None, lang: Lang = "zh"
) -> JobOutcome:
    """Create the registry, or upgrade an older one. Example: ``run_registry_init(url="t.sqlite")``."""
    registry = open_configured(config, url, lang, create=True)
    registry.close()
    audit.record("registry:init", message=registry.where)
    return JobOutcome(msg("reg_ready", lang, where=registry.where, revision=head_revision()))


@dataclass
class CheckOutcome:
    """The check's rows (dicts with :data:`~addin.registry.report.CHECK_KEYS`) and exit code."""

    records: list[dict[str, Any]]
    notes: list[str] = field(default_factory=list)
    lang: Lang = "zh"
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def exit_code(self) -> int:
        """1 when any row is another rep's protected customer, else 0."""
        return 1 if any(r["status"] == "taken" for r in self.records) else 0

    def render(self, fmt: str) -> str:
        """``table`` or ``json``."""
        if fmt == "json":
            return check_json(self.records)
        return "\n".join([*self.notes, check_table(self.records, self.lang)])


def _load(inputs: Sequence[str | Path], lang: Lang) -> tuple[pd.DataFrame, list[str]]:
    loaded = load_usable(inputs, lang)
    notes = [
        f"{f}: {m}"
        for f, m, row, level in zip(
            loaded.problems["file"],
            loaded.problems["message"],
            loaded.problems["row"],
            loaded.problems["level"],
            strict=True,
        )
        if level == "error" and pd.isna(row)
    ]
    return loaded.customers.reset_index(drop=True), notes


def run_check(
    inputs: Sequence[str | Path],
    *,
    config: Config | None = None,
    url: str | None = None,
    rep: str | None = None,
    lang: Lang = "zh",
    clock: Clock | None = None,
) -> CheckOutcome:
    """Every row of the reps' sheets against the registry; reads only.

    Args:
        inputs: files and/or folders.
        config: settings (``[registry]``).
        url: ``--registry``.
        rep: check as this rep (default: each row's 业务员).
        lang: language of the reasons.
        clock: the registry clock (tests).

    Example:
        >>> run_check(["zhang.xlsx"]).render("json")  # doctest: +SKIP
    """
    frame, notes = _load(inputs, lang)
    registry = open_configured(config, url, lang, clock=clock)
    try:
        with registry.read() as conn:
            rows = check_frame(conn, frame, registry.clock.now(conn), rep=rep)
    finally:
        registry.close()
    return CheckOutcome(check_records(frame, rows, lang), notes, lang)


def run_registry_import(
    inputs: Sequence[str | Path],
    *,
    config: Config | None = None,
    url: str | None = None,
    rep: str | None = None,
    lang: Lang = "zh",
    clock: Clock | None = None,
) -> CheckOutcome:
    """Register the records of the reps' files: new customers for their rep, follow-ups, 撞单.

    All of it is written in one transaction, or nothing (a bad row is reported by validation
    and kept blank, never half-written). Returns the check's rows as they are after the import.
    """
    frame, notes = _load(inputs, lang)
    batch = prepare(frame, rep)  # outside the write lock: other writers do not wait for it
    registry = open_configured(config, url, lang, clock=clock)
    try:

        def work(conn: sa.Connection) -> Any:
            return register_frame(
                conn,
                batch,
                registry.clock.now(conn),
                registry.settings,
                lang,
                actor=_actor(),
                rep=rep,
            )

        result = _write(registry, work)
    finally:
        registry.close()
    over = sum(a == "over_limit" for a in result.actions)
    counts = {"rows": len(frame), **result.counts, "over_limit": over}
    notes.append(
        msg(
            "reg_imported",
            lang,
            rows=len(frame),
            registered=counts.get("registered", 0),
            records=counts.get("records", 0),
            collisions=counts.get("collisions", 0),
            over=over,
        )
    )
    audit.record("registry:import", inputs=inputs, counts=counts)
    return CheckOutcome(check_records(frame, result.rows, lang), notes, lang, counts)


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
        customer = _write(registry, lambda conn: work(conn, registry))
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
