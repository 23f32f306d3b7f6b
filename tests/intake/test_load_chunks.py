"""Consolidating in chunks of files gives what validating every row at once gives."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from addin.intake.load import load_customers
from tests.conftest import GOOD_ROW, WriteIntake

BAD = Path(__file__).parents[1] / "data" / "bad"


def _assert_same(a: pd.DataFrame, b: pd.DataFrame) -> None:
    assert list(a.columns) == list(b.columns)
    assert list(a.dtypes) == list(b.dtypes)
    pd.testing.assert_frame_equal(a, b, check_exact=True)
    for c in a.columns:  # None stays None, 3 stays an int: the objects' types too
        if a[c].dtype == object:
            assert a[c].map(type).tolist() == b[c].map(type).tolist()


def _reps(write_intake: WriteIntake) -> list[Path]:
    """Four reps' files: their own extra columns, bad cells, placeholders, a cross-field rule."""
    bad = [
        {"mobile": "138 1234"},
        {"email": "wang@"},
        {"birthday": "2099-01-01"},
        {"stage": "签约了"},
        {"wechat": "同上"},
        {"total_amount": "一万二"},
        {"next_follow_up": "2024-04-01"},
        {"credit_code": "91350100M000100Y44"},
        {"customer_type": "企业", "company": None},
        {"order_count": -1},
    ]
    paths = []
    for k, extra in enumerate(["!大区", "!渠道经理", "!大区", "!拜访次数"]):
        rows = []
        for i in range(12):
            row = {**GOOD_ROW, "customer_id": f"R{k}-{i:03d}", extra: f"{extra[1:]}{i}"}
            rows.append(row | bad[(i + k) % len(bad)])
        paths.append(write_intake(rows, f"rep{k}.xlsx"))
    return paths


@pytest.mark.parametrize("chunk_rows", [1, 13, 30])
def test_chunks_give_the_frame_and_problems_of_one_validation(
    write_intake: WriteIntake, chunk_rows: int
) -> None:
    paths = _reps(write_intake)[::-1]  # given out of order: problems are listed by file
    whole = load_customers(paths, chunk_rows=10**9)
    parts = load_customers(paths, chunk_rows=chunk_rows, keep_frames=False)
    assert {"大区", "渠道经理", "拜访次数"} <= set(whole.customers.columns)
    assert len(set(whole.problems["code"])) >= 8
    _assert_same(whole.customers, parts.customers)
    _assert_same(whole.problems, parts.problems)
    assert [i.n_rows for i in parts.intakes] == [i.n_rows for i in whole.intakes] == [12] * 4
    checked = whole.problems[whole.problems["code"] != "unknown_column"]  # read issues first
    assert checked["file"].is_monotonic_increasing
    assert all(i.frame.shape[1] == 0 for i in parts.intakes)  # raw frames let go
    assert all(i.frame.shape[1] > 0 for i in whole.intakes)  # kept for marking


def test_chunks_over_the_bad_corpus_report_the_same(tmp_path: Path) -> None:
    folder = tmp_path / "reps"
    shutil.copytree(BAD, folder, ignore=shutil.ignore_patterns("*.py"))
    whole = load_customers([folder], chunk_rows=10**9)
    parts = load_customers([folder], chunk_rows=1, keep_frames=False)
    assert len(whole.skipped) > 5 and whole.skipped == parts.skipped
    _assert_same(whole.customers, parts.customers)
    _assert_same(whole.problems, parts.problems)
