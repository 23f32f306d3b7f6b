"""The sample data generator: deterministic, realistic, with truth and written files readable."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from stdnum.cn import uscc

from addin.intake.load import load_customers
from addin.sample import pools
from addin.sample.generate import SAMPLE_AS_OF, generate_reps, write_sample_files
from addin.schema import FIELD_BY_KEY


def test_same_seed_same_data() -> None:
    a, b = generate_reps(3, 30, seed=7), generate_reps(3, 30, seed=7)
    pd.testing.assert_frame_equal(a.rows, b.rows)
    assert not generate_reps(3, 30, seed=8).rows.equals(a.rows)


def test_shape_and_truth() -> None:
    data = generate_reps(5, 40, seed=1, dup_rate=0.2)
    assert len(data.rows) == 200
    assert data.rows.groupby("_file").size().tolist() == [40] * 5
    assert 30 <= len(data.true_pairs()) <= 120
    assert set(data.frames) == set(data.rows["_file"])
    assert "_entity" not in next(iter(data.frames.values())).columns


def test_realistic_cells() -> None:
    rows = generate_reps(4, 250, seed=2).rows
    codes = rows["credit_code"].dropna()
    assert len(codes) > 100 and all(uscc.is_valid(c) for c in codes)
    stages = {c.zh for c in FIELD_BY_KEY["stage"].choices}
    assert rows["stage"].isin(stages).mean() > 0.95
    assert rows["company"].dropna().str.contains("有限|集团|公司|\\(|（").mean() > 0.5
    assert rows["mobile"].astype(str).str.contains(" |-|\\+|０|１|２").any()  # typed variants
    assert (
        rows["customer_name"].str.contains("^[A-Z][a-z]+ [A-Z]", regex=True).any()
    )  # pinyin names


def test_files_are_read_back(tmp_path: Path) -> None:
    paths = write_sample_files(tmp_path, n_reps=4, rows_per_rep=25, seed=5, csv_files=2)
    assert sorted(p.suffix for p in paths) == [".csv", ".csv", ".xlsx", ".xlsx"]
    assert paths[-1].read_bytes().decode("gbk").startswith("客户编号")
    loaded = load_customers([tmp_path])
    assert len(loaded.customers) == 100 and not loaded.skipped
    invalid = loaded.problems[loaded.problems["level"] == "error"]
    assert len(invalid) < 10  # a few deliberately invalid cells, not a broken file


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_labels_in_language(lang: str) -> None:
    rows = generate_reps(2, 20, lang=lang).rows  # type: ignore[arg-type]
    expected = {c.label(lang) for c in FIELD_BY_KEY["customer_type"].choices}  # type: ignore[arg-type]
    assert set(rows["customer_type"]) <= expected


def test_large_generation_is_vectorised() -> None:
    data = generate_reps(10, 2_000, seed=9)
    assert len(data.rows) == 20_000 and data.rows["_entity"].nunique() < 20_000


@pytest.mark.parametrize("as_of", [dt.date(2026, 11, 23), dt.date(2031, 5, 5)])
def test_dates_are_relative_to_the_as_of_day(as_of: dt.date) -> None:
    rows = generate_reps(6, 80, seed=4, as_of=as_of, invalid_rate=0).rows
    day = pd.Timestamp(as_of)
    reg = pd.to_datetime(rows["registered_on"])
    contact = pd.to_datetime(rows["last_contact"])
    assert reg.min() >= day - pd.Timedelta(days=730) and reg.max() <= day - pd.Timedelta(days=30)
    assert (contact <= day).all() and (contact >= reg).all()
    # Most customers were contacted recently: the sheets of a demo look current on any day.
    assert (day - contact).dt.days.median() < 60
    nxt = pd.to_datetime(rows["next_follow_up"])
    assert ((nxt - day).dt.days.abs() <= 90).mean() > 0.8
    updated = pd.to_datetime(rows["updated_on"])
    assert (updated <= day).all() and (updated >= reg).all()
    won = rows["stage"] == "成交"
    first, last = pd.to_datetime(rows["first_purchase"]), pd.to_datetime(rows["last_purchase"])
    assert first[won].notna().all() and first[~won].isna().all()
    assert (reg[won] <= first[won]).all() and (first[won] <= last[won]).all()
    assert (last[won] <= contact[won]).all()


def test_default_day_is_fixed_so_files_are_the_same_on_any_day() -> None:
    a = generate_reps(2, 10, seed=3).rows
    b = generate_reps(2, 10, seed=3, as_of=SAMPLE_AS_OF).rows
    pd.testing.assert_frame_equal(a, b)


def test_distinct_customers_never_share_a_registered_name(monkeypatch: pytest.MonkeyPatch) -> None:
    # few brand characters, so that the two- and three-character brands run out as they do
    # past a million customers with the real list
    monkeypatch.setattr(pools, "_BRAND", list("华信恒通金鑫"))
    co = pools.company_pool(np.random.default_rng(0), 5_000)
    names = pd.Series(co["brand"] + co["word"])
    assert not names.duplicated().any()
    assert names.str.len().max() > 5  # some needed a fourth (or fifth) brand character
    # a pool that never ran out draws exactly what it drew before the fourth character existed
    monkeypatch.undo()
    small = pools.company_pool(np.random.default_rng(0), 5_000)
    assert set(pd.Series(small["brand"]).str.len()) == {2, 3}
