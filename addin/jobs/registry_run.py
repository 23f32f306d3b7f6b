"""The registry inside the other jobs: ``intake run``, ``intake dedupe`` and the ribbon buttons.

They use the registry only when one is *named*: ``--registry``, ``$INTAKE_REGISTRY`` or
``[registry] url``. The default SQLite file in the data folder does not count even when it
exists: a run registers customers for good (the history cannot be undone), so it happens only
where the manager said so. A registry that cannot be used (missing, locked, unreachable, a bad
``[registry]`` setting) does not stop the job: :class:`RegistryStep` carries the message and
the job writes everything else (exit code 2, as for any unusable setting).

In one transaction a step registers the records (what ``intake registry import`` does) or
only checks them, stores the Duplicates workbook's decisions about registry customers and reads
back every stored decision about the records' customers, for 查重 to apply.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import sqlalchemy as sa

from ..config import Config
from ..duplicates.decisions import Decisions
from ..errors import IntakeError
from ..registry import (
    Clock,
    RegistryError,
    RowStatus,
    check_frame,
    load_registry_settings,
    open_registry,
    prepare,
)
from ..registry.report import check_records
from ..registry.settled import (
    SettledCounts,
    record_customers,
    remember_decisions,
    stored_decisions,
)
from ..schema import Lang
from .registry import actor, register_sheets, write_retrying
from .texts import msg

__all__ = ["RegistryStep", "merge_decisions", "registry_configured", "registry_step"]


@dataclass
class RegistryStep:
    """What the registry said about a job's records (or why it could not be used)."""

    rows: list[RowStatus] = field(default_factory=list)
    records: list[dict[str, Any]] = field(default_factory=list)  # check_records(...)
    counts: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    decisions: Decisions | None = None  # the workbook's and the stored ones, for 查重
    failed: bool = False
    #: per record what was written: registered | added | follow_up | collision | over_limit | ""
    actions: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        """2 the registry could not be used, 1 some rows are taken, else 0."""
        return 2 if self.failed else 1 if self.counts.get("taken") else 0


def registry_configured(config: Config | None, url: str | None = None) -> bool:
    """True when a registry is named (a bad ``[registry]`` section counts: it is reported)."""
    try:
        return load_registry_settings(config, url).is_configured
    except IntakeError:
        return True


def merge_decisions(workbook: Decisions | None, stored: Decisions) -> Decisions | None:
    """The workbook's decisions, and the stored ones about pairs the workbook says nothing of."""
    if workbook is None and not stored.yes and not stored.no:
        return None
    out = Decisions(
        set(workbook.no) if workbook else set(),
        set(workbook.yes) if workbook else set(),
        workbook.source if workbook else stored.source,
    )
    said = out.no | out.yes
    out.no |= stored.no - said
    out.yes |= stored.yes - said
    return out


def _counts(rows: list[RowStatus], actions: list[str], written: dict[str, int]) -> dict[str, int]:
    status = Counter(r.status for r in rows)
    followed = {r.customer_id for r, a in zip(rows, actions, strict=True) if a == "follow_up"}
    return {
        "registered": written.get("registered", 0),
        "taken": status.get("taken", 0),
        "possible": status.get("possible", 0),
        "pool": status.get("pool", 0),
        "follow_ups": len(followed),
        "collisions": written.get("collisions", 0),
        "over_limit": sum(a == "over_limit" for a in actions),
    }


def registry_step(
    frame: pd.DataFrame,
    *,
    config: Config | None,
    url: str | None = None,
    lang: Lang = "zh",
    register: bool = True,
    decisions: Decisions | None = None,
    rep: str | None = None,
    clock: Clock | None = None,
    sheets: Sequence[dict[str, Any]] = (),
) -> RegistryStep | None:
    """Register (or only check) ``frame`` against the configured registry; None when none is.

    Args:
        frame: validated customer records (``_file``, ``_sheet``, ``_row`` included).
        config: settings (``[registry]``).
        url: ``--registry``.
        lang: language of messages and reasons.
        register: register new customers and record follow-ups; else only check.
        decisions: the Duplicates workbook's decisions, to store in the registry.
        rep: register / check as this rep (default: each record's 业务员).
        clock: the registry clock (tests).
        sheets: the import figures of each sheet (:func:`addin.kpi.sheet_stats`), recorded
            for the 业绩看板 when registering.

    Example:
        >>> step = registry_step(customers, config=config)  # doctest: +SKIP
        >>> step.counts["registered"] if step else None  # doctest: +SKIP
    """
    if not registry_configured(config, url):
        return None
    frame = frame.reset_index(drop=True)
    try:
        settings = load_registry_settings(config, url)
        batch = prepare(frame, rep) if register else None  # outside the write lock
        registry = open_registry(settings, lang=lang, clock=clock)
    except IntakeError as exc:
        return _failed(exc, decisions, lang, register)
    who = actor()

    def work(conn: sa.Connection) -> tuple[Any, ...]:
        now = registry.clock.now(conn)
        if batch is not None:
            result = register_sheets(conn, registry, batch, sheets, lang=lang, rep=rep)
            rows, actions, written = result.rows, result.actions, result.counts
        else:
            rows, actions, written = check_frame(conn, frame, now, rep=rep), [], {}
        customers_of = record_customers(frame, rows)
        settled = (
            remember_decisions(conn, decisions, customers_of, now, lang, manager=who)
            if decisions is not None
            else None
        )
        stored = stored_decisions(conn, customers_of, source=registry.where)
        return rows, actions or [""] * len(rows), written, settled, stored

    try:
        if batch is not None or decisions is not None:
            rows, actions, written, settled, stored = write_retrying(registry, work)
        else:
            with registry.read() as conn:
                rows, actions, written, settled, stored = work(conn)
    except RegistryError as exc:
        return _failed(exc, decisions, lang, register)
    finally:
        registry.close()
    step = RegistryStep(rows, check_records(frame, rows, lang), _counts(rows, actions, written))
    step.actions = actions
    step.decisions = merge_decisions(decisions, stored)
    step.counts["decisions_applied"] = len(stored.yes) + len(stored.no)
    code = "regrun_summary" if register else "regrun_checked"
    step.notes.append(msg(code, lang, where=registry.where, **step.counts))
    if settled is not None:
        step.notes.append(_settled_note(settled, lang))
        step.counts["decisions_stored"] = settled.stored
    return step


def _settled_note(settled: SettledCounts, lang: Lang) -> str:
    return msg(
        "regrun_decisions_stored",
        lang,
        stored=settled.stored,
        unchanged=settled.unchanged,
        not_stored=settled.not_stored,
    )


def _failed(
    exc: IntakeError, decisions: Decisions | None, lang: Lang, register: bool
) -> RegistryStep:
    code = "regrun_unusable" if register else "regrun_unusable_check"
    return RegistryStep(notes=[msg(code, lang, error=str(exc))], decisions=decisions, failed=True)
