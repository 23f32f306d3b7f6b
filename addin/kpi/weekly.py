"""The 业绩看板's figures: one row per rep and ISO week, from the registry's history.

Columns (:data:`KPI_COLUMNS`):

* ``owned``: customers the rep owned at the week's end (the current week: now);
* ``registered``: customers newly registered for the rep that week;
* ``on_time`` / ``overdue`` / ``on_time_rate``: follow-ups (see :mod:`addin.kpi.history`);
  the rate is on time ÷ (on time + overdue), blank in a week with neither;
* ``rows`` / ``complete`` / ``errors_per_100``: the rep's sheets imported that week (the
  ``sheet_imported`` events, :mod:`addin.kpi.imports`). A file imported more than once in a
  week counts once, as it was last imported that week, so importing the team's folder twice
  does not double anything. Blank in a week without an import: no sheet is not a good sheet;
* ``collisions``: 撞单 the rep caused (their sheet had another rep's protected customer).

Every rep gets every week of the range (zeros where nothing happened), so that the charts'
series share one axis.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from .history import History, follow_up_counts, owned_changes, week_start

__all__ = ["KPI_COLUMNS", "first_shown", "iso_week", "weekly_kpis"]

KPI_COLUMNS = (
    "rep",
    "week",
    "week_start",
    "owned",
    "registered",
    "on_time",
    "overdue",
    "on_time_rate",
    "rows",
    "complete",
    "errors_per_100",
    "collisions",
)


def iso_week(monday: pd.Timestamp) -> str:
    """``2026-W48``: the ISO year and week of a Monday.

    >>> iso_week(pd.Timestamp("2026-11-23"))
    '2026-W48'
    """
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


def first_shown(now: dt.datetime, weeks: int | None) -> dt.datetime | None:
    """The Monday 00:00 that starts the first of the last ``weeks`` weeks (None: every week).

    >>> first_shown(dt.datetime(2026, 12, 10, 9), 2)
    datetime.datetime(2026, 11, 30, 0, 0)
    """
    if weeks is None:
        return None
    today = pd.Timestamp(now).normalize()
    monday = today - pd.Timedelta(days=today.day_of_week + 7 * (weeks - 1))
    return monday.to_pydatetime()


def _count(frame: pd.DataFrame, kind: str) -> pd.Series:
    f = frame[frame["kind"] == kind]
    return f.groupby([f["rep"], week_start(f["at"])]).size()


def _imports(imports: pd.DataFrame) -> pd.DataFrame:
    """Rows, complete rows and errors per (rep, Monday): each file as last imported that week."""
    f = imports.assign(week=week_start(imports["at"])).sort_values("id")
    f = f.drop_duplicates(["rep", "file", "week"], keep="last")
    return f.groupby(["rep", "week"])[["rows", "complete", "errors"]].sum()


def weekly_kpis(
    history: History,
    now: dt.datetime,
    *,
    follow_up_days: int = 30,
    weeks: int | None = None,
    rep: str | None = None,
) -> pd.DataFrame:
    """The 业绩看板 table: :data:`KPI_COLUMNS`, sorted by rep and week.

    Args:
        history: :func:`~addin.kpi.history.load_history` of the registry.
        now: the registry's clock (the last week is the one holding ``now``).
        follow_up_days: days after which a follow-up is overdue.
        weeks: only the last ``weeks`` weeks (default: every week since the first event).
        rep: only this rep (default: every rep).

    Example:
        >>> weekly_kpis(load_history(conn), now, weeks=8)  # doctest: +SKIP
    """
    cust, imports = history.customer_events, history.imports
    today = pd.Timestamp(now).normalize()
    last = today - pd.Timedelta(days=today.day_of_week)
    times = pd.concat([cust["at"], imports["at"]])
    first = pd.Timestamp(week_start(times).min()) if len(times) else last
    grid = pd.date_range(first, last, freq="7D")
    names = sorted({*history.reps, *cust["rep"].dropna().astype(str), *imports["rep"].astype(str)})
    index = pd.MultiIndex.from_product([names, grid], names=["rep", "week"])

    def on_grid(values: pd.Series) -> pd.Series:
        return values.reindex(index, fill_value=0).astype(np.int64)

    owned = on_grid(owned_changes(cust)).groupby(level="rep").cumsum()
    on_time, overdue = follow_up_counts(cust, now, follow_up_days)
    sheets = _imports(imports).reindex(index)
    out = pd.DataFrame(
        {
            "owned": owned,
            "registered": on_grid(_count(cust, "registered")),
            "on_time": on_grid(on_time),
            "overdue": on_grid(overdue),
            "rows": sheets["rows"].fillna(0).astype(np.int64),
            "complete": sheets["complete"] / sheets["rows"],
            "errors_per_100": 100 * sheets["errors"] / sheets["rows"],
            "collisions": on_grid(_count(cust, "collision")),
        },
        index=index,
    )
    decided = out["on_time"] + out["overdue"]
    out["on_time_rate"] = (out["on_time"] / decided).where(decided > 0)
    out = out.reset_index().rename(columns={"week": "week_start"})
    out["week"] = [iso_week(m) for m in out["week_start"]]
    if weeks is not None:
        out = out[out["week_start"] >= grid[-min(weeks, len(grid))]]
    if rep is not None:
        out = out[out["rep"] == rep]
    return out.loc[:, list(KPI_COLUMNS)].reset_index(drop=True)
