"""Benchmark: the 业绩看板 on a SQLite registry with a long history (default 200,000 customers).

    python benchmarks/kpi_bench.py [--customers 200000] [--reps 50] [--weeks 26] [--rows 100000]
                                   [--shown 4]

Builds a registry whose events span ``--weeks`` weeks (each customer registered, followed up
about monthly, a tenth released and claimed again by another rep, 撞单, and one
``sheet_imported`` event per rep and week), then times reading the history, computing the
weekly table and writing the workbook; then the same for a book of the last ``--shown``
weeks (what ``intake run`` writes with ``[registry] kpi_weeks``), beside it; and, apart, the import-time figures (``sheet_stats``)
of a ``--rows``-row import. Prints the times and peak memory (max RSS).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from addin.intake import LoadResult  # noqa: E402
from addin.intake.problems import problems_frame  # noqa: E402
from addin.jobs.registry import open_configured, run_registry_init  # noqa: E402
from addin.kpi import (  # noqa: E402
    first_shown,
    load_history,
    sheet_stats,
    weekly_kpis,
    write_kpi_book,
)
from addin.registry import FixedClock  # noqa: E402
from addin.registry.bulk import bulk_insert  # noqa: E402
from addin.registry.tables import customers, events  # noqa: E402

START = dt.datetime(2026, 6, 1, 9, 0)


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _history(n: int, reps: int, weeks: int, rng: np.random.Generator) -> tuple[list, list]:
    names = [f"rep{i:03d}" for i in range(reps)]
    span = weeks * 7 * 86400
    cust, evs = [], []

    def ev(at: float, cid: int | None, kind: str, rep: str, actor: str, **d: object) -> None:
        evs.append({"at": START + dt.timedelta(seconds=at), "customer_id": cid, "kind": kind,
                    "rep": rep, "actor": actor, "reason": "", "detail": json.dumps(d)})  # fmt: skip

    for cid in range(1, n + 1):
        rep = names[cid % reps]
        t = float(rng.uniform(0, span * 0.8))
        at = START + dt.timedelta(seconds=t)
        cust.append({"id": cid, "kind": "person", "display_name": f"c{cid}", "owner": rep,
                     "status": "owned", "registered_at": at, "registered_by": rep,
                     "owned_since": at, "protected_until": at, "last_follow_up_at": None,
                     "last_contact": None, "has_deal": False, "version": 1})  # fmt: skip
        ev(t, cid, "registered", rep, rep)
        while (t := t + float(rng.uniform(10, 40)) * 86400) < span:
            ev(t, cid, "follow_up", rep, rep)
        if cid % 10 == 0:
            other = names[(cid + 1) % reps]
            ev(span * 0.9, cid, "released", rep, "registry")
            ev(span * 0.9 + 3600, cid, "claimed", other, other)
        if cid % 7 == 0:
            ev(t / 2, cid, "collision", names[(cid + 3) % reps], "x")
    for w in range(weeks):
        for rep in names:
            ev(w * 7 * 86400 + 3600, None, "sheet_imported", rep, rep, file=f"{rep}.xlsx",
               rows=400, complete=300, errors=int(rng.integers(0, 40)))  # fmt: skip
    return cust, evs


def _import_frame(rows: int, reps: int, rng: np.random.Generator) -> LoadResult:
    mobile = np.where(rng.random(rows) < 0.9, "+8613900000000", None)
    frame = pd.DataFrame(
        {
            "rep": [f"rep{i % reps:03d}" for i in range(rows)],
            "_file": [f"rep{i % reps:03d}.xlsx" for i in range(rows)],
            "_sheet": "客户信息",
            "_row": np.arange(rows) // reps + 2,
            "customer_type": "individual",
            "company": None,
            "mobile": mobile,
            "phone": None,
            "email": None,
            "wechat": None,
            "stage": np.where(rng.random(rows) < 0.8, "lead", None),
            "source": np.where(rng.random(rows) < 0.7, "website", None),
        }
    )
    bad = frame.sample(frac=0.05, random_state=1)
    problems = problems_frame(
        {"level": "error", "file": f, "sheet": s, "row": r, "message": "x"}
        for f, s, r in zip(bad["_file"], bad["_sheet"], bad["_row"], strict=True)
    )
    return LoadResult(frame, problems)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--customers", type=int, default=200_000)
    ap.add_argument("--reps", type=int, default=50)
    ap.add_argument("--weeks", type=int, default=26)
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--shown", type=int, default=4, help="weeks of the shorter book")
    a = ap.parse_args()
    rng = np.random.default_rng(7)
    with tempfile.TemporaryDirectory() as tmp:
        url = str(Path(tmp) / "r.sqlite")
        run_registry_init(url=url)
        cust, evs = _history(a.customers, a.reps, a.weeks, rng)
        now = START + dt.timedelta(days=a.weeks * 7 - 1)
        registry = open_configured(None, url, "zh", clock=FixedClock(now))
        with registry.write() as conn:
            bulk_insert(conn, customers, cust)
            bulk_insert(conn, events, evs)
        print(f"registry: {a.customers:,} customers, {len(evs):,} events, {a.weeks} weeks")
        t0 = time.perf_counter()
        with registry.read() as conn:
            history = load_history(conn)
        t1 = time.perf_counter()
        kpis = weekly_kpis(history, now)
        t2 = time.perf_counter()
        write_kpi_book(kpis, Path(tmp) / "k.xlsx", lang="zh", heading="业绩看板")
        t3 = time.perf_counter()
        with registry.read() as conn:
            part = load_history(conn, since=first_shown(now, a.shown))
        t4 = time.perf_counter()
        short = weekly_kpis(part, now, weeks=a.shown)
        t5 = time.perf_counter()
        registry.close()
        same = short.equals(weekly_kpis(history, now, weeks=a.shown))
        print(f"{'':15}{'all weeks':>10}{f'last {a.shown}':>10}")
        print(f"read history   {t1 - t0:8.2f} s{t4 - t3:8.2f} s  ({len(history.customer_events):,}"
              f" vs {len(part.customer_events):,} events read)")  # fmt: skip
        print(
            f"weekly table   {t2 - t1:8.2f} s{t5 - t4:8.2f} s  ({len(kpis):,} vs {len(short):,} rows)"
        )
        print(f"write workbook {t3 - t2:8.2f} s")
        print(f"total          {t3 - t0:8.2f} s   ratio of the reads {(t4 - t3) / (t1 - t0):.2f}")
        print(f"the last {a.shown} weeks equal the whole history's: {same}")
        loaded = _import_frame(a.rows, a.reps, rng)
        t6 = time.perf_counter()
        stats = sheet_stats(loaded, ("contact", "company", "stage", "source"))
        t7 = time.perf_counter()
        print(f"sheet_stats of a {a.rows:,}-row import: {t7 - t6:.2f} s ({len(stats)} files)")
    print(f"peak memory    {peak_mib():7.0f} MiB")


if __name__ == "__main__":
    main()
