"""Benchmark: the whole pipeline (no sending) on R reps' files × N rows (default 50 × 2,000).

    python benchmarks/pipeline_bench.py [--reps 50] [--rows 2000] [--email dry-run|none]

Prints the time of each step, the CPU time and the peak memory. Target (issue #14): at most
15 s and under 2 GiB on the 2-core reference machine (it was 30 s in issue #5). The sample
files are generated first (not timed). ``benchmarks/run_bench.py`` runs the bigger cases (115k
and 1M rows) side by side with a plain calamine read of the same files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import sys
import tempfile
import time
from pathlib import Path


def main() -> int:
    # Imported here, not at the top: the run's workers are spawned, and spawning runs this
    # module's top level again in each of them; ``intake run`` starts from a script that imports
    # only ``addin.cli``, and so should the benchmark's workers (see run_bench.py).
    from addin.config import Config
    from addin.jobs.run import run_pipeline
    from addin.sample.generate import generate_reps, write_sample_files

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=50)
    ap.add_argument("--rows", type=int, default=2000)
    ap.add_argument("--email", choices=["none", "dry-run"], default="dry-run")
    ap.add_argument("--workers", type=int, default=0, help="[pipeline] workers (0 = auto)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        reps = Path(d) / "reps"
        t = time.perf_counter()
        data = generate_reps(n_reps=args.reps, rows_per_rep=args.rows, seed=1)
        write_sample_files(reps, data, csv_files=max(1, args.reps // 10))
        names = sorted({str(r) for r in data.rows["rep"].dropna()})
        print(
            f"input written (not timed): {args.reps} files, {len(data.rows):,} rows, "
            f"{time.perf_counter() - t:.1f} s"
        )
        managers = {
            r: {"manager": f"经理{i % 10}", "email": f"m{i % 10}@example.com"}
            for i, r in enumerate(names)
        }
        config = Config(
            sections={
                "managers": managers,
                "email": {"sender": "sales@example.com"},
                "pipeline": {"workers": args.workers},
            }
        )
        use = resource.getrusage(resource.RUSAGE_SELF)
        cpu0 = use.ru_utime + use.ru_stime
        t0 = time.perf_counter()
        result = run_pipeline(
            [reps], Path(d) / "out", config=config, as_of=dt.date(2026, 11, 23), email=args.email
        )  # type: ignore[arg-type]
        total = time.perf_counter() - t0
        use = resource.getrusage(resource.RUSAGE_SELF)
        cpu = use.ru_utime + use.ru_stime - cpu0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    for step, seconds in result.seconds.items():
        print(f"{step:<12} {seconds:6.2f} s   CPU {result.cpu[step]:6.2f} s")
    c = result.counts
    print(
        f"records {c['records']:,}, problems {c['errors']:,}, duplicate groups {c['duplicate_groups']:,}, "
        f"follow-ups {c['followups']:,}, workbooks {c['rep_books'] + c['manager_books']}"
    )
    print(
        f"total        {total:6.2f} s   target <= 15 s   CPU {cpu:6.2f} s   "
        f"peak RSS {peak:,.0f} MiB (target < 2048)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
