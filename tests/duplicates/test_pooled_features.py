"""Company names parsed in worker processes give the features and duplicates parsed here."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from addin.duplicates import fields
from addin.duplicates.find import find_duplicates
from addin.duplicates.keys import build_features
from addin.per_value import distinct_texts
from addin.workers import pool_for

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from hard_chinese import hard_chinese  # noqa: E402


def test_pooled_company_parsing_changes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    # small pieces, so that these ~1,000 distinct companies go out in many pieces of work
    monkeypatch.setattr(fields, "POOL_CHUNK", 37)
    monkeypatch.setattr(fields, "POOL_MIN", 100)
    monkeypatch.setattr(fields, "KEEP_WORKERS_BELOW", 500)  # as for many names: stopped
    customers = hard_chinese(7, "tune", per_class=6, background=600).customers
    assert customers["company"].nunique() > 4 * fields.POOL_CHUNK
    alone = build_features(customers)
    here = find_duplicates(customers, lang="en")
    with pool_for(2) as pool:
        assert pool is not None
        sent: list[int] = []
        submit = pool.submit
        monkeypatch.setattr(pool, "submit", lambda fn, *a: sent.append(len(a[0])) or submit(fn, *a))
        pooled = build_features(customers, pool=pool)
        assert sum(sent) == len(distinct_texts(customers["company"])[1])  # every name went out
        assert len(sent) > 4
        assert pool._pool is None  # the workers were stopped once the names were in
        there = find_duplicates(customers, lang="en", pool=pool)
    assert alone.codes.keys() == pooled.codes.keys()
    for col in alone.codes:
        assert np.array_equal(alone.codes[col], pooled.codes[col]), col
        assert list(alone.values[col]) == list(pooled.values[col]), col
    pd.testing.assert_frame_equal(here.pairs, there.pairs)
    pd.testing.assert_frame_equal(here.groups, there.groups)
    assert len(here.pairs) > 0


def test_few_names_are_parsed_here_and_some_keep_the_workers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    texts = [f"华信{k}科技有限公司" for k in range(300)]
    monkeypatch.setattr(fields, "POOL_MIN", 301)
    with pool_for(2) as pool:
        assert pool is not None
        assert fields.parse_companies(texts, pool)() == fields._columns(texts)
        assert pool._pool is None  # parsed here: no worker was started
        monkeypatch.setattr(fields, "POOL_MIN", 300)
        sent: list[int] = []
        submit = pool.submit
        monkeypatch.setattr(pool, "submit", lambda fn, *a: sent.append(len(a[0])) or submit(fn, *a))
        assert fields.parse_companies(texts, pool)() == fields._columns(texts)
        assert sent == [150, 150]  # one piece per worker at least
        assert pool._pool is not None  # few names: the workers are kept for the next step
        assert pool.submit(len, "abc").result() == 3


def test_a_dead_worker_costs_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fields, "POOL_CHUNK", 37)
    monkeypatch.setattr(fields, "POOL_MIN", 10)
    monkeypatch.setattr(fields, "KEEP_WORKERS_BELOW", 10)  # as for many names: stopped
    texts = hard_chinese(3, "tune", per_class=2, background=200).customers["company"]
    texts = [t for t in texts.dropna().unique().tolist() if t]
    with pool_for(2) as pool:
        assert pool is not None
        collect = fields.parse_companies(texts, pool)
        assert pool._pool is not None
        for process in list(pool._pool._processes.values()):  # still starting: nothing done yet
            process.kill()
        assert collect() == fields._columns(texts)  # redone here, in order
        assert pool._pool is None  # stopped; the next work starts fresh workers
        assert pool.submit(len, "abc").result() == 3
