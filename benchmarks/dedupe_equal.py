"""Check that two checkouts find the very same duplicates (a speed change must not change results).

    python benchmarks/dedupe_equal.py OTHER_CHECKOUT [--rows 200000] [--seed 0]

Runs, in one child process per checkout, what ``dedupe_bench.py --rows N`` times: generating the
records, normalising them into the customer frame and ``find_duplicates`` (Chinese reasons), then
``find_duplicates`` on the first quarter with English reasons; and compares the two checkouts'
customer frames, pairs (records, rule, tier, score, reason), groups and notes cell by cell.
Exit code 1 when anything differs. E.g. against main: ``git worktree add ../base main``.
"""

from __future__ import annotations

import argparse
import pickle
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd

_CHILD = """
import pickle, sys
root, rows, seed, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
sys.path[:0] = [root + "/benchmarks", root]
import addin
assert addin.__file__.startswith(root), addin.__file__
from dedupe_bench import prepare
from addin.duplicates import find_duplicates
customers = prepare(rows, 100, 0.15, seed)[0]
zh = find_duplicates(customers)
en = find_duplicates(customers.iloc[: rows // 4].reset_index(drop=True), lang="en")
with open(out, "wb") as fh:
    pickle.dump({"customers": customers, "pairs": zh.pairs, "groups": zh.groups, "notes": zh.notes,
                 "pairs (en)": en.pairs, "groups (en)": en.groups, "notes (en)": en.notes}, fh)
"""


def _run(root: Path, rows: int, seed: int, out: Path) -> dict[str, object]:
    subprocess.run(
        [sys.executable, "-c", _CHILD, str(root), str(rows), str(seed), str(out)], check=True
    )
    with out.open("rb") as fh:
        return dict(pickle.load(fh))


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("other", type=Path, help="the other checkout (e.g. a worktree of main)")
    ap.add_argument("--rows", type=int, default=200_000)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    here = Path(__file__).resolve().parent.parent
    with tempfile.TemporaryDirectory() as tmp:
        a = _run(args.other.resolve(), args.rows, args.seed, Path(tmp) / "a.pkl")
        b = _run(here, args.rows, args.seed, Path(tmp) / "b.pkl")
    same = True
    for key, x in a.items():
        y = b[key]
        try:
            if isinstance(x, pd.DataFrame):
                pd.testing.assert_frame_equal(x, y)  # type: ignore[arg-type]
            else:
                assert x == y
            print(f"{key:12} equal ({len(x):,} rows)")  # type: ignore[arg-type]
        except AssertionError as e:
            same = False
            print(f"{key:12} DIFFER: {str(e)[:500]}")
    print("the same results" if same else "the results differ")
    sys.exit(0 if same else 1)


if __name__ == "__main__":
    main()
