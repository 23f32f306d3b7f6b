"""Benchmark: classify N customers and write follow-up workbooks for 50 reps (default 100,000).

    python benchmarks/classify_bench.py [--rows 100000] [--reps 50] [--no-classification-book]

Prints the time of each stage. Target (issue #3): classification plus the follow-up workbooks
for 50 reps (and their 10 managers, plus the manifest) under 15 s on the 2-core reference
machine. The customer frame is generated in memory (not timed) in the customer-frame contract,
as :func:`addin.intake.load.load_customers` returns it; reading and validating are measured by
``validate_bench.py``. Writing the 100,000-row classification workbook is timed separately.
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from addin.classify import classify, write_classification
from addin.followups import build_followups, write_followups
from addin.managers import Manager, ManagerMap
from addin.records import to_customer_frame

AS_OF = dt.date(2026, 11, 23)
SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗")
GIVEN = list("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超")


def make_customers(n: int, reps: int, seed: int = 0) -> pd.DataFrame:
    """A realistic customer frame: amounts long-tailed, dates spread over three years."""
    rng = np.random.default_rng(seed)

    def pick(seq: list[object]) -> np.ndarray:
        return np.array(seq, dtype=object)[rng.integers(0, len(seq), n)]

    def dates(lo: int, hi: int, blank: float) -> pd.Series:
        d = pd.Timestamp(AS_OF) - pd.to_timedelta(rng.integers(lo, hi, n), unit="D")
        return pd.Series(d).where(rng.random(n) >= blank)

    bought = rng.random(n) < 0.7
    orders = np.where(bought, rng.integers(1, 15, n), 0)
    amount = np.where(bought, np.round(rng.pareto(1.2, n) * 3000 + 500, 2), np.nan)
    rep_names = [f"业务员{i:02d}" for i in range(reps)]
    frame = pd.DataFrame(
        {
            "customer_id": [f"C{i:07d}" for i in range(n)],
            "rep": pick(rep_names),
            "registered_on": dates(30, 1100, 0.0),
            "customer_name": pick(SURNAMES) + pick(GIVEN),
            "customer_type": pick(["enterprise", "individual", "government"]),
            "birthday": pd.to_datetime("1970-01-01")
            + pd.to_timedelta(rng.integers(0, 12000, n), unit="D"),
            "mobile": [f"+86138{m:08d}" for m in rng.integers(0, 10**8, n)],
            "company": pick(["华信科技有限公司", "远航物流有限公司", "市交通局", None]),
            "industry": pick(["it", "manufacturing", "retail", "finance", None]),
            "source": pick(["expo", "referral", "website", "cold_call", None]),
            "stage": np.where(bought, "won", pick(["lead", "contacted", "proposal", "lost"])),
            "first_purchase": dates(200, 1100, 0.1).where(bought),
            "last_purchase": dates(0, 500, 0.05).where(bought),
            "order_count": orders,
            "total_amount": amount,
            "last_contact": dates(0, 200, 0.1),
            "next_follow_up": dates(-20, 10, 0.7),
            "feedback": pick(["价格偏高", None, None, None, None, None, None, None]),
            "feedback_status": pick(["open", "resolved", None, None]),
            "tags": pick(["VIP", "价格敏感", "重视服务", "质量优先", None]),
            "channel": pick(["phone", "wechat", None]),
            "updated_on": dates(0, 200, 0.2),
            "_file": pick([f"reps/{r}.xlsx" for r in rep_names]),
            "_sheet": "客户信息",
            "_row": np.arange(n) + 2,
        }
    )
    return to_customer_frame(frame)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--reps", type=int, default=50)
    ap.add_argument("--no-classification-book", action="store_true")
    args = ap.parse_args()
    customers = make_customers(args.rows, args.reps)
    managers = ManagerMap(
        {
            f"业务员{i:02d}": Manager(f"经理{i % 10}", f"m{i % 10}@example.com")
            for i in range(args.reps)
        }
    )
    with tempfile.TemporaryDirectory() as d:
        t0 = time.perf_counter()
        classified = classify(customers, as_of=AS_OF)
        t1 = time.perf_counter()
        followups = build_followups(classified, as_of=AS_OF)
        t2 = time.perf_counter()
        out = write_followups(followups, Path(d) / "followups", managers, lang="zh", as_of=AS_OF)
        t3 = time.perf_counter()
        if not args.no_classification_book:
            write_classification(classified, Path(d) / "classification.xlsx", as_of=AS_OF)
        t4 = time.perf_counter()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"customers          {args.rows:,} ({args.reps} reps)")
    print(f"classify           {t1 - t0:6.2f} s")
    print(f"build_followups    {t2 - t1:6.2f} s   ({len(followups):,} rows)")
    print(
        f"write_followups    {t3 - t2:6.2f} s   ({len(out.rep_files)} rep + "
        f"{len(out.manager_files)} manager workbooks)"
    )
    print(f"total (target)     {t3 - t0:6.2f} s   target < 15 s")
    if not args.no_classification_book:
        print(f"classification.xlsx {t4 - t3:5.2f} s   ({args.rows:,} rows + summary with charts)")
    print(f"peak RSS           {peak:,.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
