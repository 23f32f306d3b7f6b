"""Benchmark: ``intake run`` with ``[pipeline] workers = 1`` beside ``0`` (auto), same files.

    python benchmarks/run_bench.py --reps 200 --rows 5000 --generate-only --data DIR
    flock /work/wt/bigrun.lock python benchmarks/pool_steps_bench.py --data DIR --out OUT

Each setting runs in a fresh process (e-mail as a dry run, as ``run_bench.py`` does); this
process samples the memory of that process and all its workers every 0.1 s from ``/proc``:
the peak of the summed RSS (pages the workers share, such as the libraries, counted once per
process: an upper bound) and of the summed PSS (shared pages split between the processes:
what the tree takes). Printed per setting: each step's seconds (this process's), the seconds a
worker wrote the classification workbook while the follow-ups went on, the total, the peaks;
then the ratio, and ``same_outputs.py`` over the two output folders (the dry-run e-mails'
Date headers and the sent log's times differ from run to run: they are listed apart).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _tree_rss import rss, tree  # noqa: E402
from run_bench import bench_config  # noqa: E402
from same_outputs import same  # noqa: E402


def _kib(pid: int, path: str, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/{path}").read_text().splitlines():
            if line.startswith(field):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _measure(cmd: list[str]) -> tuple[dict[str, object], float, float, int]:
    """Run ``cmd``; its last stdout line (JSON), peak tree RSS and PSS (MiB), most processes.

    Also prints the RSS of each process at the tree's peak, and when it was.
    """
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    peak_rss = peak_pss = 0.0
    most = 0
    start, at, split = time.perf_counter(), 0.0, [0]
    while proc.poll() is None:
        pids = tree(proc.pid)
        most = max(most, len(pids))
        each = [rss(p) // 2**20 for p in pids]
        pss = sum(_kib(p, "smaps_rollup", "Pss:") for p in pids) / 1024
        if sum(each) > peak_rss:
            peak_rss, at, split = sum(each), time.perf_counter() - start, each
        peak_pss = max(peak_pss, pss)
        time.sleep(0.1)
    print(f"  tree peak at {at:.0f} s: RSS per process (MiB) {split}")
    out = proc.stdout.read() if proc.stdout else ""
    if proc.returncode:
        raise SystemExit(f"{cmd} failed: {proc.returncode}")
    return json.loads(out.splitlines()[-1]), peak_rss, peak_pss, most


def _child(data: Path, out: Path, workers: int, email: str) -> dict[str, object]:
    # here, not at the top: spawning runs this module's top level again in every worker (see
    # run_bench.py), and ``intake run``'s workers import only ``addin.cli`` from their script
    from addin.jobs.run import run_pipeline

    reps = json.loads((data / "reps.json").read_text(encoding="utf-8"))
    config = bench_config(reps, workers)
    t = time.perf_counter()
    result = run_pipeline(
        [data],
        out,
        config=config,
        as_of=dt.date(2026, 11, 23),
        email=email,  # type: ignore[arg-type]
    )
    return {
        "seconds": time.perf_counter() - t,
        "steps": result.seconds,
        "cpu": result.cpu,
        "background": result.background,
        "counts": result.counts,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, required=True, help="run_bench.py's generated files")
    ap.add_argument("--out", type=Path, required=True, help="a folder per setting goes here")
    ap.add_argument("--workers", default="1,0", help="settings to run, in this order")
    ap.add_argument("--email", choices=["none", "dry-run"], default="dry-run")
    ap.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child is not None:
        print(json.dumps(_child(args.data, args.out, args.child, args.email), default=str))
        return 0
    print(f"load average at the start: {os.getloadavg()[0]:.1f}")
    runs = {}
    for w in (int(x) for x in args.workers.split(",")):
        out = args.out / f"workers{w}"
        cmd = [sys.executable, __file__, "--data", str(args.data), "--out", str(out)]
        cmd += ["--email", args.email, "--child", str(w)]
        result, rss, pss, most = _measure(cmd)
        runs[w] = result
        steps, cpu = result["steps"], result["cpu"]
        assert isinstance(steps, dict) and isinstance(cpu, dict)
        print(f"workers = {w} ({most - 1} worker processes at most):")
        for step, seconds in steps.items():
            print(f"  {step:<12} {seconds:7.2f} s wall {cpu[step]:7.2f} s CPU (this process)")
        for step, seconds in result["background"].items():  # type: ignore[union-attr]
            print(f"  ({step} in a worker, overlapped: {seconds:.2f} s)")
        total = float(result["seconds"])  # type: ignore[arg-type]
        print(f"  total {total:.2f} s; peak tree RSS {rss:,.0f} MiB, PSS {pss:,.0f} MiB")
        print(f"  load average after: {os.getloadavg()[0]:.1f}")
    if len(runs) == 2:
        (a, ra), (b, rb) = runs.items()
        print(f"ratio workers={b} / workers={a}: {float(rb['seconds']) / float(ra['seconds']):.2f}")  # type: ignore[arg-type]
        bad = same(args.out / f"workers{a}", args.out / f"workers{b}")
        mail = [x for x in bad if "outbox" in x or "sent.jsonl" in x]
        other = [x for x in bad if x not in mail]
        n = sum(1 for p in (args.out / f"workers{a}").rglob("*") if p.is_file())
        print(f"same_outputs: {n} files, {len(other)} differ, {len(mail)} e-mail files differ")
        for line in other:
            print("  ", line)
        return 1 if other else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
