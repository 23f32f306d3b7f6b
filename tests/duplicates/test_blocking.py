"""Blocking: candidate pairs per record stay flat however large a descriptive key's block."""

from __future__ import annotations

import numpy as np
import pandas as pd

from addin.duplicates import find_duplicates
from addin.duplicates.blocking import (
    BUDGET,
    FULL_BLOCK,
    PRIOR_BLOCK,
    WINDOW,
    BlockReport,
    _pairs_in_blocks,
    candidate_pairs,
    window_prior_bits,
)
from addin.duplicates.keys import build_features
from addin.records import make_customers


def _same_name(n: int) -> pd.DataFrame:
    """``n`` different people called 王伟 (one birthday each), plus one real duplicate: the
    last record is typed again by another rep with the same birthday and mobile."""
    rows = [
        {
            "rep": f"rep{k % 7}",
            "customer_name": "王伟",
            "birthday": pd.Timestamp("1960-01-01") + pd.Timedelta(days=37 * k),
        }
        for k in range(n)
    ]
    rows[-1]["mobile"] = "+8613812345678"
    rows.append({**rows[-1], "rep": "other"})
    return make_customers(rows)


def test_a_big_name_block_is_paired_by_neighbours_not_in_full() -> None:
    frame = _same_name(400)
    feats = build_features(frame)
    i, j, reports, _ = candidate_pairs(feats, cap=50)
    name = next(r for r in reports if r.key == "name")
    # in full: 401 * 400 / 2 = 80,200 pairs; by neighbours (sorted by birthday): <= 4 each
    assert 0 < name.pairs <= len(frame) * WINDOW
    assert name.skipped_keys == 0  # the name is not dropped either
    # the two records of the same 王伟 (same birthday) are neighbours, so they are compared
    assert ((i == 399) & (j == 400)).any()
    assert find_duplicates(frame, lang="en").groups["row"].notna().sum() == 2


def test_window_pairs_each_record_with_its_neighbours_in_the_given_order() -> None:
    n = FULL_BLOCK + 10
    keys = np.zeros(n, dtype=np.int64)  # one key held by more records than FULL_BLOCK
    rec = np.arange(n, dtype=np.int64)
    order = rec[::-1].copy()  # sorted backwards
    i, j, _ = _pairs_in_blocks(keys, rec, 50, BlockReport("x"), window=2, order=order)
    pairs = {(min(a, b), max(a, b)) for a, b in zip(i.tolist(), j.tolist(), strict=True)}
    assert pairs == {(k, k + 1) for k in range(n - 1)} | {(k, k + 2) for k in range(n - 2)}
    # small blocks (<= FULL_BLOCK records) are still paired in full
    i, j, _ = _pairs_in_blocks(keys[:FULL_BLOCK], rec[:FULL_BLOCK], 50, BlockReport("x"), 2, order)
    assert len(i) == FULL_BLOCK * (FULL_BLOCK - 1) // 2
    # identifiers keep the cap: a key held by more records than the cap is skipped, reported
    report = BlockReport("phone")
    i, j, _ = _pairs_in_blocks(keys, rec, 5, report)
    assert len(i) == 0 and report.skipped_keys == 1 and report.skipped_records == n


def test_candidate_pairs_per_record_do_not_grow_with_the_records() -> None:
    """Birthdays from a fixed set of 100 days: each birthday's block grows with the records
    (40 records each at 4,000, 160 at 16,000); the pairs per record must not grow past the
    budget (neighbours 1 and 2 steps away, at most 2 per record per key; in full 19.5 -> 79.5)."""
    rng = np.random.default_rng(5)
    per_record = []
    for n in (4_000, 16_000):
        days = pd.Timestamp("1970-01-01") + pd.to_timedelta(rng.integers(0, 100, n), unit="D")
        rows = [
            {"rep": f"rep{k % 9}", "customer_name": f"Person{k} Name{k * 7}", "birthday": d}
            for k, d in enumerate(days)
        ]
        i, _, reports, _ = candidate_pairs(build_features(make_customers(rows)))
        assert next(r for r in reports if r.key == "birthday").pairs > n  # they do share keys
        per_record.append(len(i) / n)
    assert per_record[1] <= per_record[0] * 1.1 and per_record[1] <= 2 * BUDGET


def _default_birthday(n_default: int) -> pd.DataFrame:
    """Two different people with similar names (one typed without the space, so they share no
    name word and no initials) born on 1980-01-01, beside 300 others of whom ``n_default``
    have that date too (a default a form fills in) and the rest their own birthdays."""
    day = pd.Timestamp("1980-01-01")
    rows = [
        {"rep": "a", "customer_name": "jonathan smithers", "birthday": day,
         "address": "12 king street kew 3101 vic"},
        {"rep": "b", "customer_name": "jonathansmithars", "birthday": day,
         "address": "7 ocean road manly 2095 nsw"},
    ]  # fmt: skip
    rows += [
        {
            "rep": "c",
            "customer_name": f"person{k} name{k * 7}",
            "birthday": day if k < n_default else pd.Timestamp("1950-01-01") + pd.Timedelta(days=k),
        }
        for k in range(300)
    ]
    return make_customers(rows)


def test_a_pair_drawn_from_a_big_block_only_has_lower_prior_odds() -> None:
    """Paired only as neighbours in a birthday held by 302 records, the pair starts
    log2(302 / PRIOR_BLOCK) bits lower; a pair of a small block starts at 0."""
    i, j, _, prior = candidate_pairs(build_features(_default_birthday(300)))
    k = np.flatnonzero((i == 0) & (j == 1))
    assert len(k) == 1
    assert prior[k[0]] == window_prior_bits(302) > np.log2(302 / PRIOR_BLOCK)
    i, j, _, prior = candidate_pairs(build_features(_default_birthday(0)))
    assert prior[np.flatnonzero((i == 0) & (j == 1))].tolist() == [0.0]
    assert window_prior_bits(PRIOR_BLOCK) == 0.0 and window_prior_bits(4 * PRIOR_BLOCK) == 2.0


def test_a_birthday_shared_by_hundreds_does_not_make_a_duplicate() -> None:
    """Similar names and the same birthday are a duplicate when the birthday is rare; when it
    is a default held by 302 records the pair was drawn from that big block only, its prior
    odds are ~10x lower and it is left for review (old code: a duplicate, score 80)."""

    def tier(frame: pd.DataFrame) -> str:
        pairs = find_duplicates(frame, lang="en").pairs
        return str(pairs.loc[(pairs["i"] == 0) & (pairs["j"] == 1), "tier"].item())

    assert tier(_default_birthday(0)) == "duplicate"
    assert tier(_default_birthday(300)) == "possible"


def test_full_pairing_by_key_and_the_prior_of_what_it_left_to_neighbours() -> None:
    """A company held by 20 customers is paired by neighbours (a company block of 20 would cost
    9.5 pairs per record), a name held by 12 in full; a pair of such a block, now drawn by
    neighbours, keeps the prior it had when its block was paired in full."""
    rows = [
        {"rep": "a", "customer_name": f"客户{k}", "company": f"{city}华信科技有限公司"}
        for k, city in enumerate(["北京", "上海", "广州", "深圳", "杭州"] * 4)
    ] + [{"rep": "b", "customer_name": "李娜", "birthday": f"19{70 + k}-01-01"} for k in range(12)]
    f = build_features(make_customers(rows))
    i, j, reports, prior = candidate_pairs(f)
    by_key = {r.key: r.pairs for r in reports}
    assert FULL_BLOCK < 20 <= PRIOR_BLOCK
    assert by_key["company"] <= 20 * (WINDOW + BUDGET)
    assert by_key["company"] < 20 * 19 // 2
    assert by_key["name"] == 12 * 11 // 2  # paired in full: FULL_BLOCKS["name"] = 12
    assert (prior == 0).all()  # no block here is larger than PRIOR_BLOCK
