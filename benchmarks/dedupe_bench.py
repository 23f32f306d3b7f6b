"""Benchmark: duplicate detection on generated reps' data (default 100,000 records).

    python benchmarks/dedupe_bench.py [--rows 100000] [--reps 100] [--dup-rate 0.15]
                                      [--write] [--compare-rows 20000] [--splink-rows N]
                                      [--workers N]

Stages, each timed: generating the typed rows (not counted), normalising them into the
customer frame (what load_customers does after reading the files), find_duplicates (features,
blocking, scoring, grouping), and with --write the Duplicates workbook + clusters CSV. Prints
peak memory (max RSS) and pairwise precision/recall against the generator's truth.

Targets (issue #3): 100,000 records < 10 s, 1,000,000 < 60 s end to end, peak < 3 GiB.
If recordlinkage is installed it runs side by side on the first --compare-rows records
(full blocking + Jaro-Winkler comparisons + a fixed sum threshold, its usual tutorial set-up;
it needs scikit-learn, which the ``bench`` extra installs). If splink 4 is installed it runs on
the same records as ours (all of them unless --splink-rows says fewer), in a child process so
that its time and peak memory are its own: blocking rules on the same keys, EM training,
DuckDB on 2 threads (:mod:`_splink_side`); its input is the add-in's own keys (pinyin names,
company brands), whose making is timed too, with as many processes as ours, and the ratio is
printed both ways: against splink alone and against splink + its keys. Candidate pairs per
record as the records double: ``benchmarks/dedupe_growth.py``. ``--workers``: worker processes for find_duplicates (the
company names parsed in them, as ``intake run`` does; default: 2 on a machine of 2 cores or
more, like the run's ``workers = 0``); 1 = all in this process. Their start-up is timed.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
# this checkout's addin, not the one the virtualenv was installed from (an editable install
# of another worktree would otherwise win: the script's own folder is benchmarks/)
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _linkage_data import Labelled, evaluate, score, true_pair_codes  # noqa: E402

from addin.duplicates import find_duplicates, write_clusters_csv, write_duplicates  # noqa: E402
from addin.duplicates.keys import build_features  # noqa: E402
from addin.intake.normalize import normalize_frame  # noqa: E402
from addin.records import to_customer_frame  # noqa: E402
from addin.sample.generate import generate_reps  # noqa: E402
from addin.workers import AUTO_MAX, pool_for  # noqa: E402


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load() -> str:
    """The machine's load average (1, 5, 15 min): the figures mean little on a busy machine."""
    return "load average " + ", ".join(f"{v:.1f}" for v in os.getloadavg())


def prepare(
    rows: int, reps: int, dup_rate: float, seed: int
) -> tuple[pd.DataFrame, np.ndarray, dict[str, float]]:
    """Typed rows -> customer frame; returns the frame, the truth and the normalising times
    (``normalize_frame``, ``to_customer_frame``, blanking the phones validation would reject)."""
    data = generate_reps(reps, rows // reps, seed=seed, dup_rate=dup_rate)
    raw = data.rows.drop(columns=["_entity"])
    t0 = time.perf_counter()
    normal = normalize_frame(raw)
    t1 = time.perf_counter()
    customers = to_customer_frame(normal)
    t2 = time.perf_counter()
    for col in ("mobile", "phone"):  # what validation blanks: phones that are not E.164
        customers[col] = customers[col].where(customers[col].astype(str).str.startswith("+"), None)
    times = {"normalize_frame": t1 - t0, "to_customer_frame": t2 - t1}
    times["blank phones"] = time.perf_counter() - t2
    return customers, data.rows["_entity"].to_numpy(), times


def recordlinkage_side_by_side(data: Labelled) -> None:
    try:  # recordlinkage itself, scikit-learn (its import) and jellyfish (its Jaro-Winkler)
        import jellyfish  # noqa: F401
        import recordlinkage
    except ImportError as e:
        print(f"recordlinkage side-by-side skipped: cannot import {e.name} ({e}); "
              "pip install -e '.[bench]' and pip install --no-deps recordlinkage")  # fmt: skip
        return
    df = data.customers[
        ["customer_name", "birthday", "mobile", "email", "company", "address"]
    ].copy()
    df["birthday"] = df["birthday"].dt.strftime("%Y%m%d")
    t = time.perf_counter()
    indexer = recordlinkage.Index()
    for col in ("mobile", "email", "customer_name", "birthday", "company"):
        indexer.block(col)
    pairs = indexer.index(df)
    cmp = recordlinkage.Compare()
    cmp.string("customer_name", "customer_name", method="jarowinkler", threshold=0.9, label="name")
    cmp.exact("birthday", "birthday", label="birthday")
    cmp.exact("mobile", "mobile", label="mobile")
    cmp.exact("email", "email", label="email")
    cmp.string("company", "company", method="jarowinkler", threshold=0.9, label="company")
    cmp.string("address", "address", method="jarowinkler", threshold=0.9, label="address")
    features = cmp.compute(pairs, df)
    matches = features[features.sum(axis=1) >= 2].index
    elapsed = time.perf_counter() - t
    n = len(df)
    i, j = matches.get_level_values(0).to_numpy(), matches.get_level_values(1).to_numpy()
    pred = np.unique(np.minimum(i, j).astype(np.int64) * n + np.maximum(i, j))
    print(f"recordlinkage ({n:,} records, {len(pairs):,} pairs): {elapsed:.1f} s, "
          f"{score(pred, true_pair_codes(data.entity))}")  # fmt: skip


def splink_frame(customers: pd.DataFrame, workers: int = 1) -> pd.DataFrame:
    """The records as splink's input: the add-in's own matching keys, one column each, made
    with as many processes as ours use (splink cannot block on a Chinese company's brand or a
    name's pinyin without them)."""
    with pool_for(workers if workers > 1 else 0) as pool:
        f = build_features(customers.reset_index(drop=True), pool=pool)
    idx = np.arange(f.n)
    out = pd.DataFrame({"unique_id": idx})
    for col in ("name_key", "birth", "mobile", "phone", "email", "address"):
        out[col] = f.value(col, idx)
    for col in ("co_brand", "co_industry", "co_place"):
        out[col] = f.value(col, idx)
    out["birth_year"] = out["birth"].str[:4]
    out["initials"] = out["name_key"].map(
        lambda v: "".join(sorted(t[:1] for t in v.split())) if isinstance(v, str) else None
    )
    return out


def splink_side_by_side(data: Labelled, ours: float, workers: int = 1) -> None:
    """splink 4 on the same records in a child process (its own time and peak memory), beside
    ``ours`` (find_duplicates' seconds on them): splink alone, and splink with the making of
    its input keys, which find_duplicates' time includes (its features)."""
    if importlib.util.find_spec("splink") is None:
        print("splink not installed (pip install -e '.[bench]'): no splink side-by-side run")
        return
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "records.pkl", Path(tmp) / "pairs.npy"
        t = time.perf_counter()
        frame = splink_frame(data.customers, workers)
        t_keys = time.perf_counter() - t
        frame.to_pickle(src)
        del frame
        script = Path(__file__).resolve().parent / "_splink_side.py"
        run = subprocess.run(
            [sys.executable, str(script), str(src), str(out)], capture_output=True, text=True
        )
        if run.returncode:
            print(f"splink failed: {run.stderr.strip().splitlines()[-1:]}")
            return
        figures = json.loads(run.stdout.strip().splitlines()[-1])
        pred = np.load(out)
    alone = figures["seconds"]
    print(f"splink 4 (DuckDB, {len(data.customers):,} records): {alone:.1f} s, peak "
          f"{figures['peak_mib']:,.0f} MiB, {score(pred, true_pair_codes(data.entity))}")  # fmt: skip
    print(f"  its input keys (the add-in's features, {workers} process(es)): {t_keys:.1f} s; "
          f"splink + keys {alone + t_keys:.1f} s")  # fmt: skip
    print(f"  find_duplicates / splink alone {ours / alone:.2f}x, "
          f"find_duplicates / (splink + keys) {ours / (alone + t_keys):.2f}x")  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--reps", type=int, default=100)
    ap.add_argument("--dup-rate", type=float, default=0.15)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--write", action="store_true", help="also write the workbook and CSV")
    ap.add_argument("--compare-rows", type=int, default=20_000, help="0 to skip recordlinkage")
    ap.add_argument("--splink-rows", type=int, default=-1, help="0 to skip splink; -1: all")
    ap.add_argument(
        "--workers", type=int, default=min(os.cpu_count() or 1, AUTO_MAX),
        help="worker processes for find_duplicates (1: none)",
    )  # fmt: skip
    args = ap.parse_args()

    print(f"start: {load()}")
    t = time.perf_counter()
    customers, entity, times = prepare(args.rows, args.reps, args.dup_rate, args.seed)
    t_norm = sum(times.values())
    print(
        f"records: {len(customers):,} from {args.reps} reps (generated in {time.perf_counter() - t - t_norm:.1f} s)"
    )
    split = ", ".join(f"{k} {v:.2f}" for k, v in times.items())
    print(f"normalise to customer frame: {t_norm:6.2f} s  ({split})")
    t = time.perf_counter()
    with pool_for(args.workers if args.workers > 1 else 0) as pool:
        result = find_duplicates(customers, pool=pool)
    t_dedupe = time.perf_counter() - t
    s = result.stats
    print(f"find_duplicates:             {t_dedupe:6.2f} s  ({max(args.workers, 1)} process(es); features {s['features_s']:.2f}, blocking "
          f"{s['blocking_s']:.2f}, scoring {s['scoring_s']:.2f}, grouping {s['grouping_s']:.2f})")  # fmt: skip
    print(f"  candidate pairs {int(s['candidate_pairs']):,}, decided pairs {int(s['pairs']):,}, "
          f"groups {int(s['groups']):,}")  # fmt: skip
    t_write = 0.0
    if args.write:
        with tempfile.TemporaryDirectory() as tmp:
            t = time.perf_counter()
            write_duplicates(result, Path(tmp) / "dups.xlsx", customers)
            write_clusters_csv(result, Path(tmp) / "clusters.csv")
            t_write = time.perf_counter() - t
        print(f"write workbook + CSV:        {t_write:6.2f} s")
    print(f"end to end (normalise + dedupe{' + write' if args.write else ''}): "
          f"{t_norm + t_dedupe + t_write:.2f} s; peak memory {peak_mib():,.0f} MiB")  # fmt: skip
    print(f"after the timed stages: {load()}")
    for note in result.notes:
        print("note:", note)
    data = Labelled("sample", customers, entity)
    for k, v in evaluate(result, data).items():
        print(f"  {k:13} {v}")
    if args.splink_rows:
        m = len(customers) if args.splink_rows < 0 else min(args.splink_rows, len(customers))
        t_ours = t_dedupe
        if m == len(customers):
            print(f"ours on these {m:,} records: {t_norm + t_dedupe:.1f} s end to end "
                  f"(find_duplicates {t_dedupe:.1f} s), {evaluate(result, data)['duplicate']}")  # fmt: skip
        else:
            sub = Labelled("sample", customers.iloc[:m].reset_index(drop=True), entity[:m])
            t = time.perf_counter()
            ours = find_duplicates(sub.customers)
            t_ours = time.perf_counter() - t
            print(f"ours on the first {m:,}: find_duplicates {t_ours:.1f} s, "
                  f"{evaluate(ours, sub)['duplicate']}")  # fmt: skip
            data = sub
        splink_side_by_side(data, t_ours, max(args.workers, 1) if m == len(customers) else 1)
    if args.compare_rows:
        m = min(args.compare_rows, len(customers))
        sub = Labelled("sample", customers.iloc[:m].reset_index(drop=True), entity[:m])
        t = time.perf_counter()
        ours = find_duplicates(sub.customers)
        print(f"ours on the same {m:,} records: {time.perf_counter() - t:.1f} s, "
              f"{evaluate(ours, sub)['duplicate']}")  # fmt: skip
        recordlinkage_side_by_side(sub)


if __name__ == "__main__":
    main()
