"""Follow-ups written part by part in real worker processes: the same files as in one process."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pandas as pd
import pytest

from addin.classify import classify
from addin.config import Config
from addin.duplicates import find_duplicates, load_dedupe_settings
from addin.errors import IntakeError
from addin.followups import write_followups_step
from addin.workers import Workers
from tests.followups.test_parts import _customers, _parts, _same_folders

AS_OF = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def pool() -> object:
    workers = Workers(2)
    yield workers
    workers.close()


@pytest.fixture(scope="module")
def data() -> tuple[pd.DataFrame, pd.DataFrame, Config]:
    customers = _customers()
    groups = find_duplicates(customers, load_dedupe_settings(None)).groups
    assert (groups["tier"] == "duplicate").any()
    reps = sorted({str(r) for r in customers["rep"].dropna()})
    # every fourth rep has no manager (rep book only, listed as unassigned)
    table = {r: {"manager": f"经理{i % 3}", "email": f"m{i % 3}@example.com"}
             for i, r in enumerate(reps) if i % 4}  # fmt: skip
    config = Config(sections={"managers": table, "followups": {"manager_top_per_rep": 7}})
    return classify(customers, as_of=AS_OF), groups, config


def _step(data: tuple[pd.DataFrame, pd.DataFrame, Config], out: Path, pool: Workers | None):
    classified, groups, config = data
    return write_followups_step(
        classified,
        out,
        config=config,
        overrides={},
        settings_workbook=None,
        duplicates=groups,
        as_of=AS_OF,
        lang="zh",
        pool=pool,
        part_customers=60,
    )


def test_pooled_parts_write_the_files_of_one_process(
    tmp_path: Path, data: tuple[pd.DataFrame, pd.DataFrame, Config], pool: Workers
) -> None:
    items, one = _step(data, tmp_path / "one", None)
    pooled_items, pooled = _step(data, tmp_path / "pooled", pool)
    assert pool._pool is not None  # the parts went to the workers
    assert pooled_items == items > 0
    assert len(one.rep_files) > 8 and one.manifest["unassigned_reps"]
    assert list(pooled.rep_files) == list(one.rep_files)
    assert list(pooled.manager_files) == list(one.manager_files)
    assert pooled.manifest == one.manifest
    _same_folders(tmp_path / "one", tmp_path / "pooled")  # every part of every workbook
    names = {r["rep"]: r["file"] for r in pooled.manifest["reps"]}
    assert names["zhang"] == "reps/zhang.xlsx" and names["Zhang"].startswith("reps/Zhang-")


def test_a_rep_book_that_cannot_be_written_is_reported_and_the_others_written(
    tmp_path: Path, data: tuple[pd.DataFrame, pd.DataFrame, Config], pool: Workers
) -> None:
    _, whole = _step(data, tmp_path / "whole", None)
    errors = {}
    for name, workers in (("one", None), ("pooled", pool)):
        out = tmp_path / name
        # a folder where the rep's workbook should go: that one book cannot be written
        (out / "reps" / "zhang.xlsx").mkdir(parents=True)
        with pytest.raises(IntakeError) as caught:
            _step(data, out, workers)
        error = caught.value
        assert error.file == str(out / "reps" / "zhang.xlsx")  # kept across processes
        errors[name] = (type(error), str(error).replace(str(out), "OUT"))
        for rep, path in whole.rep_files.items():  # every other rep's book is there, the same
            mine = out / path.relative_to(tmp_path / "whole")
            if rep != "zhang":
                _same_file(path, mine)
        # the managers' books and the manifest are not written from a list missing a book
        assert not (out / "managers").exists() and not (out / "manifest.json").exists()
    assert errors["pooled"] == errors["one"]  # reported as in one process
    # once the folder is out of the way, a second run writes everything
    shutil.rmtree(tmp_path / "pooled" / "reps" / "zhang.xlsx")
    _, again = _step(data, tmp_path / "pooled", pool)
    assert again.manifest == whole.manifest
    for path in [*whole.rep_files.values(), *whole.manager_files.values()]:
        _same_file(path, tmp_path / "pooled" / path.relative_to(tmp_path / "whole"))


def _same_file(a: Path, b: Path) -> None:
    assert _parts(a) == _parts(b), b
