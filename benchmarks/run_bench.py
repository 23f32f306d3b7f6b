"""Benchmark: ``intake run`` on R reps' files x N rows, side by side with a plain read of them.

    python benchmarks/run_bench.py [--reps 50] [--rows 2300] [--data DIR] [--email dry-run|none]
        [--workers N] [--out DIR]
    flock /work/wt/bigrun.lock python benchmarks/run_bench.py --reps 200 --rows 5000   # 1M rows

The files are generated first (not timed; kept in ``--data`` for the next run). Then, each in a
fresh process so that each peak memory (RSS) is its own:

* the plain read: every workbook read with calamine into a pandas frame (the CSVs with
  ``pandas.read_csv``), which is about as fast as Python reads these files;
* the whole pipeline (consolidate, dedupe, classify, follow-ups, e-mail as a dry run), in
  process, as ``intake run`` runs it.

Each prints two peaks: ``RUSAGE_SELF`` (the main process alone) and the whole process tree
(the main process and its worker processes, ``[pipeline] workers``), sampled from /proc every
0.1 s and summed at each sample (``_tree_rss.py``): the memory targets are about the tree.
``--workers`` sets ``[pipeline] workers`` (default 0, auto); the count the run used is printed.
``--out`` keeps the run's outputs there (for ``same_outputs.py``).

Targets (issue #14): 1M rows < 120 s and < 3 GiB; 115k rows <= 4x the plain read, <= 1 GiB.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _tree_rss import TreeRss  # noqa: E402

if TYPE_CHECKING:
    from addin.config import Config

# The add-in, pandas and calamine are imported where they are used, not here: the run's worker
# processes are spawned, and spawning runs this module's top level again in every worker (as
# ``__mp_main__``). ``intake run`` starts from a script that imports ``addin.cli`` (0.1 s);
# imported here, every worker of the benchmark would import the whole add-in first (1.4 s of
# a core each, several times a run) and the run would be timed slower than the command runs.


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu() -> float:
    """CPU seconds of this process: on a shared machine, steadier than the wall clock."""
    use = resource.getrusage(resource.RUSAGE_SELF)
    return use.ru_utime + use.ru_stime


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix in (".xlsx", ".csv"))


def plain_read(folder: Path) -> dict[str, float]:
    """Every file into a pandas frame, as fast as Python reads it (the yardstick)."""
    import pandas as pd
    from python_calamine import CalamineWorkbook

    t, cpu = time.perf_counter(), _cpu()
    rows = 0
    tree = TreeRss().__enter__()
    for path in _files(folder):
        if path.suffix == ".csv":
            frame = pd.read_csv(path, encoding="gbk", dtype=str)
        else:
            values = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
            frame = pd.DataFrame(values[1:], columns=values[0])
        rows += len(frame)
    seconds = time.perf_counter() - t
    tree.__exit__(None, None, None)
    return {
        "seconds": seconds,
        "cpu": _cpu() - cpu,
        "rows": rows,
        "peak_mib": _peak_mib(),
        "tree_mib": tree.peak_mib,
        "tree_processes": tree.peak_processes,
        "workers": 0,
    }


def bench_config(reps: list[str], workers: int) -> Config:
    """The run's settings: ten managers for the reps, a sender, ``[pipeline] workers``."""
    from addin.config import Config

    managers = {
        r: {"manager": f"经理{i % 10}", "email": f"m{i % 10}@example.com"}
        for i, r in enumerate(reps)
    }
    return Config(
        sections={
            "managers": managers,
            "email": {"sender": "sales@example.com"},
            "pipeline": {"workers": workers},
        }
    )


def pipeline(
    folder: Path, reps: list[str], email: str, workers: int, out: Path | None
) -> dict[str, object]:
    """The whole run, as ``intake run --email dry-run`` does it."""
    from addin.intake import find_inputs
    from addin.jobs.run import run_pipeline
    from addin.workers import worker_count, workers_setting

    config = bench_config(reps, workers)
    used = worker_count(workers_setting(config), find_inputs([folder]))
    with tempfile.TemporaryDirectory() as d:
        t, cpu = time.perf_counter(), _cpu()
        with TreeRss() as tree:
            result = run_pipeline(
                [folder],
                out or Path(d) / "out",
                config=config,
                as_of=dt.date(2026, 11, 23),
                email=email,  # type: ignore[arg-type]
            )
        total = time.perf_counter() - t
    return {
        "seconds": total,
        "cpu": _cpu() - cpu,
        "steps": result.seconds,
        "steps_cpu": result.cpu,
        "counts": result.counts,
        "peak_mib": _peak_mib(),
        "tree_mib": tree.peak_mib,
        "tree_processes": tree.peak_processes,
        "workers": used,
    }


def _child(kind: str, folder: Path, args: argparse.Namespace) -> dict[str, object]:
    extra = ["--workers", str(args.workers)] + (["--out", str(args.out)] if args.out else [])
    out = subprocess.run(
        [sys.executable, __file__, "--child", kind, "--data", str(folder), "--email", args.email]
        + extra,
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, object] = json.loads(out.stdout.splitlines()[-1])
    return result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=50)
    ap.add_argument("--rows", type=int, default=2300)
    ap.add_argument("--data", type=Path, help="folder for the generated files (reused)")
    ap.add_argument("--email", choices=["none", "dry-run"], default="dry-run")
    ap.add_argument("--generate-only", action="store_true", help="write the files, run nothing")
    ap.add_argument("--workers", type=int, default=0, help="[pipeline] workers (0 = auto)")
    ap.add_argument("--out", type=Path, help="keep the run's outputs in this folder")
    ap.add_argument("--child", choices=["read", "run"], help=argparse.SUPPRESS)
    args = ap.parse_args()
    folder = args.data or Path(tempfile.gettempdir()) / f"run_bench_{args.reps}x{args.rows}"
    if args.child == "read":
        print(json.dumps(plain_read(folder)))
        return 0
    if args.child == "run":
        reps = json.loads((folder / "reps.json").read_text(encoding="utf-8"))
        result = pipeline(folder, reps, args.email, args.workers, args.out)
        print(json.dumps(result, default=str))
        return 0
    if not (folder / "reps.json").is_file():
        from addin.sample.generate import generate_reps, write_sample_files

        t = time.perf_counter()
        data = generate_reps(n_reps=args.reps, rows_per_rep=args.rows, seed=1)
        write_sample_files(folder, data, csv_files=max(1, args.reps // 10))
        reps = sorted({str(r) for r in data.rows["rep"].dropna()})
        (folder / "reps.json").write_text(json.dumps(reps, ensure_ascii=False), encoding="utf-8")
        print(f"input written (not timed): {time.perf_counter() - t:.1f} s")
    print(f"input: {len(_files(folder))} files in {folder}")
    if args.generate_only:
        return 0
    read = _child("read", folder, args)
    run = _child("run", folder, args)
    steps, cpu = run["steps"], run["steps_cpu"]
    assert isinstance(steps, dict) and isinstance(cpu, dict)
    for step, seconds in steps.items():
        print(f"  {step:<12} {seconds:7.2f} s wall {cpu[step]:7.2f} s CPU")
    counts = run["counts"]
    assert isinstance(counts, dict)
    print(
        f"records {counts['records']:,}, duplicate groups {counts['duplicate_groups']:,}, "
        f"classified {counts['classified']:,}, follow-ups {counts['followups']:,}, "
        f"workbooks {counts['rep_books'] + counts['manager_books']}"
    )
    for name, r in (("plain read (calamine)", read), ("intake run", run)):
        print(
            f"{name:<22}{float(r['seconds']):7.2f} s wall, {float(r['cpu']):7.2f} s CPU, "  # type: ignore[arg-type]
            f"peak RSS {float(r['peak_mib']):,.0f} MiB (this process), "  # type: ignore[arg-type]
            f"{float(r['tree_mib']):,.0f} MiB (process tree, {r['tree_processes']} processes "  # type: ignore[arg-type]
            f"at its peak; {r['workers']} workers)"
        )
    wall = float(run["seconds"]) / float(read["seconds"])  # type: ignore[arg-type]
    cpu = float(run["cpu"]) / float(read["cpu"])  # type: ignore[arg-type]
    print(f"ratio run / read      {wall:7.1f}x wall, {cpu:.1f}x CPU")
    return 0


if __name__ == "__main__":
    sys.exit(main())
