"""The 业绩看板 job (``intake registry kpi``): the registry's weeks per rep, as a workbook.

Reads only (one read transaction, the registry's clock for "now"). Who sees what: the book
holds counts, never a customer's name or contact details; without ``rep`` it has every rep
(the manager's book), with ``rep`` only that rep's rows (a book a rep may be given).
"""

from __future__ import annotations

from pathlib import Path

from .. import audit
from ..config import Config
from ..errors import InputError
from ..followups import load_followup_settings
from ..kpi import first_shown, load_history, weekly_kpis, write_kpi_book
from ..kpi.texts import msg
from ..registry import Clock, load_registry_settings
from ..schema import Lang
from .common import JobOutcome
from .registry import open_configured

__all__ = ["run_kpi_weeks", "run_registry_kpi"]


def run_kpi_weeks(config: Config | None, url: str | None) -> int | None:
    """The weeks of the 业绩看板 an ``intake run`` writes: ``[registry] kpi_weeks`` (0: all)."""
    return load_registry_settings(config, url).kpi_weeks or None


def run_registry_kpi(
    out: str | Path,
    *,
    config: Config | None = None,
    url: str | None = None,
    weeks: int | None = None,
    rep: str | None = None,
    lang: Lang = "zh",
    clock: Clock | None = None,
) -> JobOutcome:
    """Write the 业绩看板 workbook of the registry's weeks.

    A follow-up is overdue ``cadence_c_days`` (``[followups]``, 30 by default: the follow-up
    stage's longest cadence, as the registry does not know a customer's tier) after the rep
    got the customer or last followed it up (:mod:`addin.kpi.history`).

    Args:
        out: the .xlsx to write (an existing one is backed up).
        config: settings (``[registry]``, ``[followups]``).
        url: ``--registry``.
        weeks: only the last ``weeks`` ISO weeks (default: all the registry has seen).
        rep: only this rep (default: every rep).
        lang: language of the book and the message.
        clock: the registry clock (tests).

    Raises:
        InputError: ``rep`` is not a rep the registry knows.

    Example:
        >>> run_registry_kpi("业绩看板.xlsx", weeks=12).message  # doctest: +SKIP
    """
    registry = open_configured(config, url, lang, clock=clock)
    try:
        with registry.read() as conn:
            now = registry.clock.now(conn)
            # only the weeks shown (and where each customer stood when they began)
            history = load_history(conn, since=first_shown(now, weeks))
    finally:
        registry.close()
    days = load_followup_settings(config).cadence_c_days
    kpis = weekly_kpis(history, now, follow_up_days=days, weeks=weeks)
    if rep is not None:
        known = sorted(set(kpis["rep"]))
        if rep not in known:
            names = msg("kpi_list_sep", lang).join(k for k in known if k) or "-"
            raise InputError(msg("kpi_unknown_rep", lang, rep=rep, known=names))
        kpis = kpis[kpis["rep"] == rep].reset_index(drop=True)
    first, last = (min(kpis["week"]), max(kpis["week"])) if len(kpis) else ("-", "-")
    n_reps, n_weeks = kpis["rep"].nunique(), kpis["week"].nunique()
    at = now.strftime("%Y-%m-%d %H:%M")
    heading = msg("kpi_heading", lang, first=first, last=last, now=at, reps=n_reps)
    path = write_kpi_book(kpis, out, lang=lang, heading=heading)
    audit.record(
        "registry:kpi", outputs=[path], counts={"reps": n_reps, "weeks": n_weeks}, config=config
    )
    text = msg("kpi_written", lang, path=path, reps=n_reps, weeks=n_weeks, first=first, last=last)
    return JobOutcome(text)
