"""Per class of the hard Chinese generator (benchmarks/hard_chinese.py), on a small tuning seed:
the positives are found, the look-alike negatives never land in the duplicate tier."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

from addin.duplicates.find import find_duplicates

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from _linkage_data import per_class  # noqa: E402
from hard_chinese import NEGATIVE, POSITIVE, hard_chinese  # noqa: E402


@pytest.fixture(scope="module")
def scores() -> pd.DataFrame:
    data = hard_chinese(7, "tune", per_class=6, background=300)
    result = find_duplicates(data.customers, lang="en")
    assert result.pairs["reason"].str.len().gt(0).all()  # every flag says why, in words
    return per_class(result, data.entity, data.klass).set_index("class")


@pytest.mark.parametrize("klass", POSITIVE)
def test_positive_class_is_found(scores: pd.DataFrame, klass: str) -> None:
    row = scores.loc[klass]
    assert row["true_pairs"] > 0
    assert row["recall_both"] >= 0.8, row.to_dict()
    assert row["false_dup"] == 0, row.to_dict()


@pytest.mark.parametrize("klass", NEGATIVE)
def test_negative_class_is_never_a_duplicate(scores: pd.DataFrame, klass: str) -> None:
    if klass not in scores.index:  # a scenario that found no look-alike to make this seed
        pytest.skip(f"no {klass} records on this seed")
    assert scores.loc[klass, "false_dup"] == 0, scores.loc[klass].to_dict()


def test_held_out_pools_differ_from_the_tuning_pools() -> None:
    tune = hard_chinese(1, "tune", per_class=2, background=50).raw
    held = hard_chinese(1, "held", per_class=2, background=50).raw
    assert not set(tune["company"].dropna()) & set(held["company"].dropna())
