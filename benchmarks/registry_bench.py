"""Benchmark: the customer registry on SQLite (default 1,000,000 records).

    python benchmarks/registry_bench.py [--rows 1000000] [--reps 100] [--check-rows 200]

Stages, each timed: generating typed rows (not counted), normalising them into the customer
frame (what reading the files ends with; shown apart), importing them into a new SQLite
registry (keys, grouping, one transaction: ``register_frame``), then ``intake check`` of a
200-row sheet against it, in-process (read + validate + look-up) and as a command (with
Python's start-up). Prints peak memory (max RSS).

Targets (issue #13): import of 1,000,000 records < 3 min; the check < 2 s.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import openpyxl

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from addin.intake.normalize import normalize_frame  # noqa: E402
from addin.jobs.registry import open_configured, run_check, run_registry_init  # noqa: E402
from addin.records import to_customer_frame  # noqa: E402
from addin.registry import prepare, register_frame  # noqa: E402
from addin.sample.generate import generate_reps  # noqa: E402
from addin.schema import label  # noqa: E402


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--reps", type=int, default=100)
    parser.add_argument("--check-rows", type=int, default=200)
    args = parser.parse_args()

    t = time.perf_counter()
    data = generate_reps(args.reps, args.rows // args.reps, seed=7, dup_rate=0.15)
    raw = data.rows.drop(columns=["_entity"])
    print(f"generate {len(raw):,} rows: {time.perf_counter() - t:.1f} s (not counted)")

    t = time.perf_counter()
    customers = to_customer_frame(normalize_frame(raw))
    for col in ("mobile", "phone"):  # what validation blanks: phones that are not E.164
        customers[col] = customers[col].where(customers[col].astype(str).str.startswith("+"), None)
    customers["_file"], customers["_sheet"] = "bench.xlsx", "客户信息"
    customers["_row"] = range(2, len(customers) + 2)
    t_norm = time.perf_counter() - t
    print(f"normalise into the customer frame: {t_norm:.1f} s")

    with tempfile.TemporaryDirectory() as tmp:
        url = str(Path(tmp) / "registry.sqlite")
        run_registry_init(url=url)
        registry = open_configured(None, url, "en")
        t = time.perf_counter()
        batch = prepare(customers)
        t_prep = time.perf_counter() - t
        with registry.write() as conn:
            result = register_frame(
                conn, batch, registry.clock.now(conn), registry.settings, "en", actor="bench"
            )
        t_import = time.perf_counter() - t
        registry.close()
        size = Path(url).stat().st_size / 2**20
        print(
            f"import {len(customers):,} records: {t_import:.1f} s (keys {t_prep:.1f} s, "
            f"registry {t_import - t_prep:.1f} s) -> {result.counts.get('registered', 0):,} customers, "
            f"{result.counts.get('records', 0):,} source records, file {size:,.0f} MiB; "
            f"with normalising {t_import + t_norm:.1f} s [target < 180 s]"
        )

        # a rep's sheet: half customers already registered (by anyone), half new
        sample = generate_reps(1, args.check_rows, seed=99, dup_rate=0.0).rows.drop(
            columns=["_entity"]
        )
        known = raw.sample(args.check_rows // 2, random_state=1)
        sheet = Path(tmp) / "rep.xlsx"
        wb = openpyxl.Workbook()
        ws = wb.active
        assert ws is not None
        ws.title = "客户信息"
        cols = [c for c in raw.columns if not c.startswith("_")]
        ws.append([label(c, "zh") for c in cols])
        rows = [
            *known[cols].itertuples(index=False),
            *sample[cols].head(args.check_rows - len(known)).itertuples(index=False),
        ]
        for r in rows:
            ws.append([None if v != v else v for v in r])  # NaN -> empty cell
        wb.save(sheet)
        run_check([sheet], url=url, rep="张三", lang="en")  # warm the file cache once
        t = time.perf_counter()
        outcome = run_check([sheet], url=url, rep="张三", lang="en")
        t_check = time.perf_counter() - t
        statuses = {
            s: sum(r["status"] == s for r in outcome.records)
            for s in ("new", "yours", "taken", "pool", "possible")
        }
        print(
            f"check {len(outcome.records)} rows against {result.counts.get('registered', 0):,} customers: {t_check:.2f} s in-process {statuses} [target < 2 s]"
        )
        t = time.perf_counter()
        env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
        done = subprocess.run(
            [sys.executable, "-m", "addin", "check", str(sheet), "--registry", url, "--rep", "张三", "--format", "json"],
            capture_output=True, env=env, check=False,
        )  # fmt: skip
        print(
            f"intake check as a command (with Python start-up): {time.perf_counter() - t:.2f} s, exit {done.returncode}"
        )
    print(f"peak memory: {peak_mib():,.0f} MiB")


if __name__ == "__main__":
    main()
