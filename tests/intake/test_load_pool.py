"""Consolidating in worker processes gives what one process gives; a failing worker loses nothing."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from addin.intake import pooled as pooled_module
from addin.intake.load import LoadResult, load_customers
from addin.intake.pooled import _first, _groups
from addin.workers import Workers, pool_for
from tests.conftest import GOOD_ROW, WriteIntake
from tests.intake.faulty_reader import dying_reader, raising_reader
from tests.intake.test_load_chunks import _assert_same, _reps

BAD = Path(__file__).parents[1] / "data" / "bad"


@pytest.fixture(scope="module")
def pool() -> Iterator[Workers]:
    """Two real worker processes, shared by the tests here (each pays the imports once)."""
    workers = Workers(2)
    yield workers
    workers.close()


def _folder(write_intake: WriteIntake, tmp_path: Path) -> list[Path]:
    """Reps' files with bad cells and their own columns, files that cannot be used, a CSV."""
    paths = _reps(write_intake)
    for name in ("not_a_workbook.xlsx", "password.xlsx", "header_only.xlsx", "gbk.csv"):
        shutil.copy(BAD / name, tmp_path / name)
        paths.insert(2, tmp_path / name)
    return paths


def _assert_equal(one: LoadResult, pooled: LoadResult) -> None:
    _assert_same(one.customers, pooled.customers)
    _assert_same(one.problems, pooled.problems)
    place = [(i.file, i.sheet, i.header_row, i.columns, i.n_rows, i.issues) for i in one.intakes]
    assert place == [
        (i.file, i.sheet, i.header_row, i.columns, i.n_rows, i.issues) for i in pooled.intakes
    ]
    assert pooled.files == one.files and pooled.skipped == one.skipped


def test_pooled_load_equals_one_process(
    write_intake: WriteIntake, tmp_path: Path, pool: Workers
) -> None:
    paths = _folder(write_intake, tmp_path)[::-1]  # problems are listed by file all the same
    one = load_customers(paths, keep_frames=False)
    assert len(_groups(one.files, pool.size)) > 2  # shared out over both workers
    pooled = load_customers(paths, keep_frames=False, pool=pool)
    assert len(one.skipped) == 3 and len(one.customers) == 48 + 1  # gbk.csv: one row
    assert (one.problems["level"] == "error").sum() > 40
    _assert_equal(one, pooled)
    assert all(i.frame.shape[1] == 0 for i in pooled.intakes)


def test_pooled_folder_of_the_bad_corpus(tmp_path: Path, pool: Workers) -> None:
    folder = tmp_path / "reps"
    shutil.copytree(BAD, folder, ignore=shutil.ignore_patterns("*.py"))
    one = load_customers([folder], keep_frames=False)
    _assert_equal(one, load_customers([folder], keep_frames=False, pool=pool, progress=True))


def test_a_new_pool_leaves_the_first_files_to_this_process(
    write_intake: WriteIntake, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While its workers start, this process reads the first files (one chunk's share at
    most); the result is the same."""
    paths = _folder(write_intake, tmp_path)
    here: list[Path] = []
    real = pooled_module._redo
    monkeypatch.setattr(
        pooled_module, "_redo", lambda files, *a: (here.extend(files), real(files, *a))
    )
    with pool_for(2) as fresh:
        assert fresh is not None
        _assert_equal(
            load_customers(paths, keep_frames=False),
            load_customers(paths, keep_frames=False, pool=fresh),
        )
        assert here and here == paths[: len(here)]
        assert len(here) < len(paths) / 2


def test_keep_frames_reads_here(write_intake: WriteIntake, pool: Workers) -> None:
    """The marks need the raw frames in this process: with them kept the pool is not used."""
    paths = _reps(write_intake)
    kept = load_customers(paths, pool=pool)
    assert all(i.frame.shape[1] > 0 for i in kept.intakes)
    _assert_same(kept.customers, load_customers(paths).customers)


def test_a_reader_raising_in_the_worker_loses_only_that_file(
    write_intake: WriteIntake, tmp_path: Path, pool: Workers
) -> None:
    paths = _folder(write_intake, tmp_path)
    boom = write_intake([GOOD_ROW], "boom.xlsx")
    paths.insert(3, boom)
    pooled = load_customers(paths, keep_frames=False, pool=pool, reader=raising_reader, lang="en")
    rest = load_customers([p for p in paths if p != boom], keep_frames=False, lang="en")
    assert pooled.skipped == [p for p in paths if p == boom or p in rest.skipped]
    _assert_same(rest.customers, pooled.customers)
    failed = pooled.problems[pooled.problems["file"] == str(boom)]
    assert failed[["level", "code"]].values.tolist() == [["error", "RuntimeError"]]
    assert "a bug in the reader" in failed["message"].iloc[0]
    assert "unexpected error" in failed["message"].iloc[0]
    others = pooled.problems[pooled.problems["file"] != str(boom)].reset_index(drop=True)
    _assert_same(rest.problems, others)
    assert [i.file for i in pooled.intakes] == [i.file for i in rest.intakes]


def test_a_worker_that_dies_loses_nothing(
    write_intake: WriteIntake, tmp_path: Path, pool: Workers
) -> None:
    """The dead worker's files (and the chunks lost with the pool) are read again here."""
    paths = _folder(write_intake, tmp_path)
    paths.insert(1, write_intake([GOOD_ROW, GOOD_ROW | {"mobile": "12"}], "dies.xlsx"))
    one = load_customers(paths, keep_frames=False)
    _assert_equal(one, load_customers(paths, keep_frames=False, pool=pool, reader=dying_reader))
    # later work gets fresh workers
    _assert_equal(one, load_customers(paths, keep_frames=False, pool=pool))


def test_chunks_are_whole_files_in_order_of_about_equal_bytes(tmp_path: Path) -> None:
    files = []
    for k, size in enumerate([5, 1, 1, 1, 1, 5, 2, 2, 2, 0]):
        files.append(tmp_path / f"f{k}.xlsx")
        files[-1].write_bytes(b"x" * size * 1000)
    groups = _groups(files, 2)
    assert [f for g in groups for f in g] == files
    assert len(groups) == 4
    assert [len(g) for g in groups] == [1, 4, 1, 4]  # kB: 5 | 1+1+1+1 | 5 | 2+2+2+0
    assert _groups(files[:2], 2) == [[files[0]], [files[1]]]
    assert _groups([*files, tmp_path / "missing.xlsx"], 1)[-1][-1].name == "missing.xlsx"


def test_this_process_reads_the_first_files_while_a_new_pool_starts(tmp_path: Path) -> None:
    files = []
    for k, size in enumerate([2, 2, 1, 5, 3]):
        files.append(tmp_path / f"f{k}.xlsx")
        files[-1].write_bytes(b"x" * size * 1000)
    sizes = [f.stat().st_size for f in files]
    assert _first(sizes, 4000) == 2
    assert _first(sizes, 3999) == 1
    assert _first(sizes, 0) == 0
    assert _first(sizes, 10**9) == len(files) - 1  # never every file: a pool was asked for
