"""Benchmark: how duplicate detection grows with the records (issue #14: linear growth).

    python benchmarks/dedupe_growth.py [--sizes 500000,1000000,2000000] [--reps 100]
                                       [--cache DIR]

Per size, generates and normalises the records as ``dedupe_bench.py --rows SIZE`` does (the
same reps, more rows each; not a prefix of a larger set, whose duplicates across reps would
grow with the square of the share taken) and runs find_duplicates. Prints per size the
candidate pairs per record,
the time of find_duplicates (features / blocking / scoring / grouping), peak memory, pairwise
precision / recall, and per doubling the ratio of pairs and of time (linear = 2.0).
``--cache DIR`` keeps the normalised records as pickles in DIR and reuses them, so that two
versions of the matcher can be timed on the very same records (run the script once per
checkout, e.g. ``PYTHONPATH=../old-checkout``). Runs over 2 GB: wrap it in ``flock /work/wt/bigrun.lock`` on the shared machine.
"""

from __future__ import annotations

import argparse
import pickle
import resource
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
# this checkout's addin, not the one the virtualenv was installed from (an editable install
# of another worktree would otherwise win: the script's own folder is benchmarks/)
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _linkage_data import Labelled, evaluate  # noqa: E402
from dedupe_bench import load, prepare  # noqa: E402

from addin.duplicates import find_duplicates  # noqa: E402


def _records(n: int, args: argparse.Namespace) -> Labelled:
    """The normalised records of ``dedupe_bench.py --rows n`` (from the cache if there)."""
    path = (
        args.cache / f"records_{n}_{args.reps}_{args.dup_rate}_{args.seed}.pkl"
        if args.cache
        else None
    )
    if path is not None and path.exists():
        with path.open("rb") as fh:
            customers, entity = pickle.load(fh)
    else:
        customers, entity, _ = prepare(n, args.reps, args.dup_rate, args.seed)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("wb") as fh:
                pickle.dump((customers, entity), fh)
    return Labelled("sample", customers, entity)


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--sizes", default="500000,1000000,2000000")
    ap.add_argument("--reps", type=int, default=100)
    ap.add_argument("--dup-rate", type=float, default=0.15)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--cache", type=Path, help="keep / reuse the normalised records here")
    args = ap.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    rows: list[tuple[int, float, float, float, float]] = []
    print(f"start: {load()}")
    for n in sizes:
        sub = _records(n, args)
        t, cpu = time.perf_counter(), time.process_time()
        result = find_duplicates(sub.customers)
        elapsed, cpu = time.perf_counter() - t, time.process_time() - cpu
        s = result.stats
        pairs = s["candidate_pairs"]
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{n:>10,} records: {pairs:>12,.0f} candidate pairs ({pairs / n:.2f} per record), "
              f"find_duplicates {elapsed:6.1f} s (features {s['features_s']:.1f}, blocking "
              f"{s['blocking_s']:.1f}, scoring {s['scoring_s']:.1f}, grouping "
              f"{s['grouping_s']:.1f}), CPU {cpu:.1f} s, peak so far {peak:,.0f} MiB")  # fmt: skip
        print(f"{'':>20}{evaluate(result, sub)['duplicate']}; {load()}")
        rows.append((n, pairs, elapsed, peak, cpu))
        del result, sub
    for (n0, p0, t0, _, c0), (n1, p1, t1, _, c1) in zip(rows, rows[1:], strict=False):
        print(f"{n0:,} -> {n1:,} ({n1 / n0:.1f}x records): candidate pairs {p1 / p0:.2f}x, "
              f"time {t1 / t0:.2f}x, CPU {c1 / c0:.2f}x")  # fmt: skip
    if len(rows) > 1:
        # CPU seconds (all threads) say less about waiting on a busy machine than wall time
        for what, k in (("time", 2), ("CPU", 4)):
            slope = np.polyfit(np.log([r[0] for r in rows]), np.log([r[k] for r in rows]), 1)[0]
            print(f"{what} grows as records^{slope:.2f} over {sizes[0]:,}..{sizes[-1]:,}: "
                  f"{2**slope:.2f}x per doubling of the records")  # fmt: skip


if __name__ == "__main__":
    main()
