"""splink 4 (DuckDB) on the benchmark's records, run in a child process of dedupe_bench.py.

    python benchmarks/_splink_side.py IN.pkl OUT.npy

IN holds one row per record with the matching keys the add-in's own features give (pinyin
name key, birthday YYYYMMDD, mobile, phone, e-mail, company brand / industry / place, folded
address), so both matchers block on the same keys. The standard splink set-up: blocking
rules on those keys, the match probability from a deterministic rule, u by random sampling,
m by EM on two blocking rules, predictions at a match probability of 0.9, then splink's
connected-components clustering. OUT gets the predicted pairs as codes ``lo * n + hi``;
one line on stdout reports the time (reading IN excluded), peak memory and pair counts.
"""

from __future__ import annotations

import json
import resource
import sys
import time

import numpy as np
import pandas as pd
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on

#: Blocking rules, one per key the add-in blocks on exactly (its windowed keys have no splink
#: equivalent; the nearest exact rules are used).
BLOCKING = [
    block_on("mobile"),
    block_on("phone"),
    block_on("email"),
    block_on("name_key", "birth_year"),
    block_on("name_key", "address"),
    block_on("name_key", "co_brand"),
    block_on("initials", "birth"),
    block_on("co_brand", "co_industry", "co_place"),
]


def run(frame: pd.DataFrame, threads: int = 2) -> tuple[np.ndarray, dict[str, float]]:
    """Predicted duplicate pairs (codes lo * n + hi) and the figures of the run."""
    t = time.perf_counter()
    settings = SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=[
            cl.JaroWinklerAtThresholds("name_key", [0.94, 0.88]),
            cl.DamerauLevenshteinAtThresholds("birth", [1, 2]),
            cl.ExactMatch("mobile"),
            cl.ExactMatch("phone"),
            cl.ExactMatch("email"),
            cl.JaroWinklerAtThresholds("co_brand", [0.9]),
            cl.JaroWinklerAtThresholds("address", [0.97, 0.9, 0.8]),
        ],
        blocking_rules_to_generate_predictions=BLOCKING,
        retain_intermediate_calculation_columns=False,
    )
    db = DuckDBAPI()
    db._con.execute(f"SET threads TO {threads}")
    linker = Linker(frame, settings, db_api=db)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("mobile"), block_on("email")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=1)
    for rule in (block_on("name_key", "birth_year"), block_on("address")):
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    predictions = linker.inference.predict(threshold_match_probability=0.9)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(predictions, 0.9)
    pairs = predictions.as_pandas_dataframe()[["unique_id_l", "unique_id_r"]]
    cl_frame = clusters.as_pandas_dataframe()[["unique_id", "cluster_id"]]
    elapsed = time.perf_counter() - t
    n = len(frame)
    lo = np.minimum(pairs["unique_id_l"], pairs["unique_id_r"]).to_numpy(np.int64)
    hi = np.maximum(pairs["unique_id_l"], pairs["unique_id_r"]).to_numpy(np.int64)
    figures = {
        "seconds": elapsed,
        "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "pairs": float(len(pairs)),
        "clusters": float(cl_frame["cluster_id"].nunique()),
    }
    return np.unique(lo * n + hi), figures


def main() -> None:
    frame = pd.read_pickle(sys.argv[1])
    codes, figures = run(frame)
    np.save(sys.argv[2], codes)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
