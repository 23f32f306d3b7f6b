"""Benchmark: the customer registry on SQLite (default 1,000,000 records), old code against new.

    python benchmarks/registry_bench.py [--rows 1000000] [--reps 100] [--check-rows 200]
                                        [--against /path/to/old/checkout] [--runs 1]

Stages, each timed: generating typed rows (not counted), normalising them into the customer
frame (what reading the files ends with; shown apart), importing them into a new SQLite
registry (keys, grouping, one transaction: ``register_frame``), then ``intake check`` of a
200-row sheet against it, in-process (read + validate + look-up) and as a command
(``python -m addin check sheet.xlsx``: wall time with Python's start-up and imports).

Each measurement runs in a fresh process (``--one``), so that its peak memory (max RSS) is its
own; with ``--against`` the same measurement runs with the old checkout's ``addin`` right
after, in turn, and the ratios old / new are printed (the machine is shared: compare within
one run). CPU seconds are shown next to wall seconds for the same reason.

Targets (issue #13): import of 1,000,000 records < 3 min; the check < 2 s; import < 3 GiB.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def one(args: argparse.Namespace) -> dict[str, Any]:
    """One whole measurement with the ``addin`` on sys.path (this process only)."""
    import openpyxl  # noqa: PLC0415 (the code under test is chosen by sys.path first)

    from addin.intake.normalize import normalize_frame  # noqa: PLC0415
    from addin.jobs.registry import open_configured, run_check, run_registry_init  # noqa: PLC0415
    from addin.records import to_customer_frame  # noqa: PLC0415
    from addin.registry import prepare, register_frame  # noqa: PLC0415
    from addin.sample.generate import generate_reps  # noqa: PLC0415
    from addin.schema import label  # noqa: PLC0415

    out: dict[str, Any] = {}
    data = generate_reps(args.reps, args.rows // args.reps, seed=7, dup_rate=0.15)
    raw = data.rows.drop(columns=["_entity"])
    del data
    cols = [c for c in raw.columns if not c.startswith("_")]
    # a rep's sheet: half customers already registered (by anyone), half new
    sample = generate_reps(1, args.check_rows, seed=99, dup_rate=0.0).rows.drop(columns=["_entity"])
    rows = [
        *raw.sample(args.check_rows // 2, random_state=1)[cols].itertuples(index=False),
        *sample[cols].head(args.check_rows - args.check_rows // 2).itertuples(index=False),
    ]

    t = time.perf_counter()
    customers = to_customer_frame(normalize_frame(raw))
    del raw
    for col in ("mobile", "phone"):  # what validation blanks: phones that are not E.164
        customers[col] = customers[col].where(customers[col].astype(str).str.startswith("+"), None)
    customers["_file"], customers["_sheet"] = "bench.xlsx", "客户信息"
    customers["_row"] = range(2, len(customers) + 2)
    out["normalise_s"] = time.perf_counter() - t
    out["rss_before_import_mib"] = _peak_mib()

    with tempfile.TemporaryDirectory() as tmp:
        url = str(Path(tmp) / "registry.sqlite")
        run_registry_init(url=url)
        registry = open_configured(None, url, "en")
        t, cpu = time.perf_counter(), _cpu()
        batch = prepare(customers)
        out["keys_s"] = time.perf_counter() - t
        with registry.write() as conn:
            result = register_frame(
                conn, batch, registry.clock.now(conn), registry.settings, "en", actor="bench"
            )
        out["import_s"] = time.perf_counter() - t
        out["import_cpu_s"] = _cpu() - cpu
        out["import_peak_mib"] = _peak_mib()
        del batch, customers
        registry.close()
        out["records"] = args.rows
        out["customers"] = result.counts.get("registered", 0)
        out["source_records"] = result.counts.get("records", 0)
        out["file_mib"] = Path(url).stat().st_size / 2**20
        del result

        sheet = Path(tmp) / "rep.xlsx"
        wb = openpyxl.Workbook()
        ws = wb.active
        assert ws is not None
        ws.title = "客户信息"
        ws.append([label(c, "zh") for c in cols])
        for r in rows:
            ws.append([None if v != v else v for v in r])  # NaN -> empty cell
        wb.save(sheet)
        run_check([sheet], url=url, rep="张三", lang="en")  # warm the file cache once
        t, cpu = time.perf_counter(), _cpu()
        outcome = run_check([sheet], url=url, rep="张三", lang="en")
        out["check_s"], out["check_cpu_s"] = time.perf_counter() - t, _cpu() - cpu
        out["statuses"] = {
            s: sum(r["status"] == s for r in outcome.records)
            for s in ("new", "yours", "taken", "pool", "possible")
        }
        env = {**os.environ, "PYTHONPATH": str(args.tree)}
        walls, cpus = [], []
        for _ in range(3):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t = time.perf_counter()
            done = subprocess.run(
                [sys.executable, "-m", "addin", "check", str(sheet), "--registry", url, "--rep", "张三", "--format", "json"],
                capture_output=True, env=env, check=False, cwd=tmp,
            )  # fmt: skip
            walls.append(time.perf_counter() - t)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
            out["command_exit"] = done.returncode
        out["command_s"], out["command_cpu_s"] = statistics.median(walls), statistics.median(cpus)
    out["peak_mib"] = _peak_mib()
    return out


def _show(label: str, r: dict[str, Any]) -> None:
    print(
        f"[{label}] import {r['records']:,} records: {r['import_s']:.1f} s ({r['import_cpu_s']:.1f} s CPU; "
        f"keys {r['keys_s']:.1f} s, registry {r['import_s'] - r['keys_s']:.1f} s) -> {r['customers']:,} customers, "
        f"{r['source_records']:,} source records, file {r['file_mib']:,.0f} MiB; with normalising "
        f"{r['import_s'] + r['normalise_s']:.1f} s [target < 180 s]; peak RSS {r['import_peak_mib']:,.0f} MiB "
        f"({r['rss_before_import_mib']:,.0f} MiB before the import)\n"
        f"[{label}] check {args_check_rows(r)} rows against {r['customers']:,} customers: {r['check_s']:.2f} s in-process "
        f"({r['check_cpu_s']:.2f} s CPU) {r['statuses']}; as a command {r['command_s']:.2f} s "
        f"({r['command_cpu_s']:.2f} s CPU), exit {r['command_exit']} [target < 2 s]; peak RSS {r['peak_mib']:,.0f} MiB"
    )  # fmt: skip


def args_check_rows(r: dict[str, Any]) -> int:
    return sum(r["statuses"].values())


def _child(tree: Path, args: argparse.Namespace) -> dict[str, Any]:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--one", "--tree", str(tree),
           "--rows", str(args.rows), "--reps", str(args.reps), "--check-rows", str(args.check_rows)]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(tree)}
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, check=True)
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--reps", type=int, default=100)
    parser.add_argument("--check-rows", type=int, default=200)
    parser.add_argument("--against", type=Path, help="an old checkout to compare with")
    parser.add_argument("--runs", type=int, default=1, help="runs of each (medians shown)")
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--tree", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        sys.path.insert(0, str(args.tree))
        print(json.dumps(one(args)))
        return
    trees = {"new": ROOT, **({"old": args.against.resolve()} if args.against else {})}
    results: dict[str, list[dict[str, Any]]] = {k: [] for k in trees}
    print(f"load average at start: {os.getloadavg()[0]:.1f} ({os.cpu_count()} cores)")
    for _ in range(args.runs):
        for name, tree in trees.items():  # in turn, so both meet the same load
            results[name].append(r := _child(tree, args))
            _show(name, r)
    print(f"load average at end: {os.getloadavg()[0]:.1f}")
    if args.runs > 1 or args.against:
        keys = ("import_s", "import_cpu_s", "import_peak_mib", "check_s", "command_s",
                "command_cpu_s", "peak_mib")  # fmt: skip
        med = {
            n: {k: statistics.median(r[k] for r in rs) for k in keys} for n, rs in results.items()
        }
        for name, m in med.items():
            print(
                f"median of {args.runs} [{name}]: "
                + ", ".join(f"{k} {v:,.2f}" for k, v in m.items())
            )
        if "old" in med:
            print(
                "old / new: " + ", ".join(f"{k} {med['old'][k] / med['new'][k]:.2f}x" for k in keys)
            )


if __name__ == "__main__":
    main()
