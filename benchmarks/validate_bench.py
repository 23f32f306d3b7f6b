"""Benchmark: read + validate + write the report for N intake rows (default 100,000).

    python benchmarks/validate_bench.py [--rows 100000] [--bad-share 0.05] [--repeat 3]

Prints the time of each stage and peak memory, and beside it the plain
``pandas.read_excel(engine="calamine")`` of the same file, in the same run, with the ratio.
Targets: under 10 s for 100,000 rows on the 2-core reference machine (issue #2), and the
whole (read + validate + report) at most 2x the plain calamine read (issue #14). The input is
written once with xlsxwriter (not timed) with every field filled the way reps type them, and
a share of bad cells. With ``--repeat N`` each is run N times, alternately, and the medians
are printed too.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's addin

import numpy as np
import pandas as pd
import xlsxwriter

from addin.intake.reader import read_intake
from addin.intake.report import write_report
from addin.intake.validate import validate_frame
from addin.schema import FIELDS

SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗")
GIVEN = [
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "丽",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "秀英",
]
COMPANIES = [
    "华信科技",
    "远航物流",
    "蓝海贸易",
    "星辰软件",
    "金桥建设",
    "瑞丰食品",
    "天成医药",
    "博雅教育",
]
CITIES = ["北京", "上海", "广州", "深圳", "杭州", "成都", "武汉", "南京"]


def make_rows(n: int, bad_share: float, seed: int = 0) -> dict[str, list[object]]:
    """Column-wise values for n rows (vectorised; ~1 s for 100k)."""
    rng = np.random.default_rng(seed)
    pick = lambda seq: [seq[i] for i in rng.integers(0, len(seq), n)]  # noqa: E731
    base = dt.date(2022, 1, 1)
    days = rng.integers(0, 1000, n)
    mobiles = rng.integers(13000000000, 19999999999, n)
    fmt = rng.integers(0, 3, n)
    mobile_text = [
        f"{m}" if f == 0 else f"{str(m)[:3]} {str(m)[3:7]} {str(m)[7:]}" if f == 1 else f"+86-{m}"
        for m, f in zip(mobiles, fmt, strict=True)
    ]
    bad = rng.random(n) < bad_share
    mobile_text = [f"{m[:6]}" if b else m for m, b in zip(mobile_text, bad, strict=True)]
    types = pick(["企业", "个人", "政府"])
    cols: dict[str, list[object]] = {
        "customer_id": [f"C{i:07d}" for i in range(n)],
        "rep": pick(["张三", "李四", "王五", "赵六", "钱七"]),
        "registered_on": [base + dt.timedelta(days=int(d)) for d in days],
        "customer_name": [s + g for s, g in zip(pick(SURNAMES), pick(GIVEN), strict=True)],
        "customer_type": types,
        "gender": pick(["男", "女"]),
        "birthday": [
            dt.date(1960 + int(y), 1 + int(m), 1 + int(d))
            for y, m, d in zip(
                rng.integers(0, 40, n), rng.integers(0, 12, n), rng.integers(0, 28, n), strict=True
            )
        ],
        "mobile": mobile_text,
        "phone": [f"010-{p}" for p in rng.integers(60000000, 89999999, n)],
        "email": [f"User{i}@Example.com" for i in range(n)],
        "company": [
            f"{c}{b}有限公司" if t != "个人" else None
            for c, b, t in zip(pick(CITIES), pick(COMPANIES), types, strict=True)
        ],
        "industry": pick(["信息技术", "制造业", "零售", "金融"]),
        "source": pick(["展会", "转介绍", "官网", "电话营销"]),
        "stage": pick(["线索", "初步接触", "方案报价", "商务谈判"]),
        "order_count": rng.integers(0, 20, n).tolist(),
        "total_amount": np.round(rng.gamma(2, 5000, n), 2).tolist(),
        "last_contact": [base + dt.timedelta(days=int(d) + 10) for d in days],
        "next_follow_up": [base + dt.timedelta(days=int(d) + 20) for d in days],
        "tags": pick(["VIP", "价格敏感", "重视服务", None]),
    }
    return cols


def write_input(path: Path, cols: dict[str, list[object]]) -> None:
    labels = {f.key: f.zh for f in FIELDS}
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("客户信息")
    date_fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
    keys = list(cols)
    ws.write_row(0, 0, [labels[k] for k in keys])
    n = len(cols[keys[0]])
    for r in range(n):
        for c, k in enumerate(keys):
            v = cols[k][r]
            if v is None:
                continue
            if isinstance(v, dt.date):
                ws.write_datetime(r + 1, c, dt.datetime(v.year, v.month, v.day), date_fmt)
            else:
                ws.write(r + 1, c, v)
    wb.close()


def run_once(src: Path, report: Path) -> dict[str, float]:
    """One plain calamine read, then read + validate + report; seconds of each, wall clock and
    CPU (the process's own time: on a shared machine the steadier figure of the two)."""
    marks = [(time.perf_counter(), time.process_time())]
    pd.read_excel(src, engine="calamine")
    marks.append((time.perf_counter(), time.process_time()))
    intake = read_intake(src)
    marks.append((time.perf_counter(), time.process_time()))
    result = validate_frame(intake.frame, column_maps={(str(src), intake.sheet): intake.columns})
    marks.append((time.perf_counter(), time.process_time()))
    write_report(result.errors, report, files=[(str(src), intake.n_rows)])
    marks.append((time.perf_counter(), time.process_time()))
    out = {"problems": float(len(result.errors))}
    for k, clock in ((0, ""), (1, "cpu ")):
        span = [b[k] - a[k] for a, b in zip(marks, marks[1:], strict=False)]
        out |= {clock + name: v for name, v in zip(STAGES, span, strict=True)}
        out[clock + "total"] = sum(span[1:])
        out[clock + "ratio"] = out[clock + "total"] / span[0]
    return out


STAGES = ("calamine", "read", "validate", "report")


def show(label: str, r: dict[str, float]) -> None:
    for clock in ("", "cpu "):
        print(
            f"{label:6} {clock or 'wall':4} calamine {r[clock + 'calamine']:6.2f} s | read "
            f"{r[clock + 'read']:6.2f}  validate {r[clock + 'validate']:6.2f}  report "
            f"{r[clock + 'report']:5.2f}  total {r[clock + 'total']:6.2f} s | "
            f"total / calamine {r[clock + 'ratio']:4.2f}x"
        )
    print(f"{'':11} {r['problems']:,.0f} problems")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--bad-share", type=float, default=0.05)
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        src, report = Path(d) / "intake.xlsx", Path(d) / "report.xlsx"
        t = time.perf_counter()
        write_input(src, make_rows(args.rows, args.bad_share))
        print(
            f"input written (not timed): {args.rows:,} rows, {src.stat().st_size / 1e6:.1f} MB, "
            f"{time.perf_counter() - t:.1f} s"
        )
        runs = []
        for i in range(args.repeat):
            runs.append(run_once(src, report))
            show(f"run {i + 1}", runs[-1])
            sys.stdout.flush()
    if len(runs) > 1:
        show("median", {k: statistics.median(r[k] for r in runs) for k in runs[0]})
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    try:
        load = f"{os.getloadavg()[0]:.1f}"
    except OSError:
        load = "?"
    print(f"targets: total < 10 s and total / calamine <= 2x   peak RSS {peak:,.0f} MiB")
    print(f"load average at the end: {load} (2 cores)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
