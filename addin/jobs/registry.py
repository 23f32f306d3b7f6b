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
from ..followups import load_followup_settings
from ..intake import LoadResult
from ..kpi import record_sheets, sheet_stats
from ..registry import (
    BatchResult,
    Clock,
    Prepared,
    Registry,
    RegistryError,
    check_frame,
    head_revision,
    load_registry_settings,
    open_registry,
    prepare,
    register_frame,
)
from ..registry.report import check_json, check_records, check_table
from ..registry.texts import msg
from ..schema import Lang
from .common import JobOutcome, file_notes, load_usable

__all__ = [
    "CheckOutcome",
    "actor",
    "open_configured",
    "register_sheets",
    "run_check",
    "run_registry_import",
    "run_registry_init",
    "write_retrying",
]

T = TypeVar("T")
#: Attempts of a write that lost a race on PostgreSQL (a unique key another writer took first).
RETRIES = 8


def actor() -> str:
    """Who runs the job (the OS user name), for the events."""
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


def write_retrying(registry: Registry, work: Callable[[sa.Connection], T]) -> T:
    """``work`` in a write transaction, again from the start when a concurrent writer won a key."""
    for _ in range(RETRIES):
        try:
            with registry.write() as conn:
                return work(conn)
        except sa.exc.IntegrityError:
            continue  # the other writer's customer is visible now: the check says "taken"
    raise RegistryError(msg("reg_busy", registry.lang), file=registry.where)


def register_sheets(
    conn: sa.Connection,
    registry: Registry,
    batch: Prepared,
    sheets: Sequence[dict[str, Any]],
    *,
    lang: Lang,
    rep: str | None,
) -> BatchResult:
    """Register a prepared batch and record its sheets' figures, in the caller's transaction.

    What ``intake registry import`` and a run with a registry (:mod:`.registry_run`) both write.
    """
    now, who = registry.clock.now(conn), actor()
    done = register_frame(conn, batch, now, registry.settings, lang, actor=who, rep=rep)
    record_sheets(conn, sheets, now, who)
    return done


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


def _load(
    inputs: Sequence[str | Path], lang: Lang, config: Config | None
) -> tuple[LoadResult, pd.DataFrame, list[str]]:
    """The usable inputs, their customer records (rows by position) and the per-file notes."""
    loaded = load_usable(inputs, lang, config)
    return loaded, loaded.customers.reset_index(drop=True), file_notes(loaded)


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
    _, frame, notes = _load(inputs, lang, config)
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
    loaded, frame, notes = _load(inputs, lang, config)
    batch = prepare(frame, rep)  # outside the write lock: other writers do not wait for it
    sheets = sheet_stats(loaded, load_followup_settings(config).key_fields, rep)  # 业绩看板
    registry = open_configured(config, url, lang, clock=clock)
    try:
        result = write_retrying(
            registry,
            lambda conn: register_sheets(conn, registry, batch, sheets, lang=lang, rep=rep),
        )
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
