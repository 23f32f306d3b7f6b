"""The worker pool: who gets one, and work done in a real worker process."""

from __future__ import annotations

import importlib.util
import multiprocessing
import os
import sys
import threading
import time
from pathlib import Path

import pytest

from addin.config import Config
from addin.errors import ConfigError, FileLockedError
from addin.workers import (
    POOL_MIN_BYTES,
    WORKER_MODULES,
    in_workers,
    pool_for,
    worker_count,
    workers_setting,
)


def _files(tmp_path: Path, sizes: list[int]) -> list[Path]:
    out = []
    for k, size in enumerate(sizes):
        f = tmp_path / f"rep{k}.xlsx"
        f.write_bytes(b"x" * size)
        out.append(f)
    return out


def test_auto_pools_only_big_inputs_of_several_files(tmp_path: Path) -> None:
    big = _files(tmp_path, [POOL_MIN_BYTES // 2 + 1, POOL_MIN_BYTES // 2])
    assert worker_count(0, big, cores=2) == 2
    assert worker_count(0, big, cores=8) == 2  # AUTO_MAX
    assert worker_count(0, big, cores=1) == 0
    assert worker_count(0, big[:1], cores=2) == 0  # one file: nothing to share out
    assert worker_count(0, _files(tmp_path, [100, 100]), cores=2) == 0  # small: not worth it
    assert worker_count(1, big, cores=2) == 0  # one process, as asked
    assert worker_count(3, big, cores=2) == 3


def test_missing_file_is_left_to_the_reader(tmp_path: Path) -> None:
    files = _files(tmp_path, [POOL_MIN_BYTES, 10]) + [tmp_path / "gone.xlsx"]
    assert worker_count(0, files, cores=2) == 2


def test_setting_from_config() -> None:
    assert workers_setting(None) == 0
    assert workers_setting(Config(sections={"pipeline": {"workers": 1}})) == 1
    for bad in (-1, "2", 1.5, True):
        with pytest.raises(ConfigError, match="workers"):
            workers_setting(Config(sections={"pipeline": {"workers": bad}}))


def test_pool_runs_work_in_other_processes() -> None:
    with pool_for(2) as pool:
        assert pool is not None
        assert pool._pool is None  # nothing sent yet: no process started
        assert [pool.submit(pow, a, b).result() for a, b in [(2, 5), (3, 2)]] == [32, 9]
        assert pool.submit(os.getpid).result() != os.getpid()
        with pytest.raises(ZeroDivisionError):  # a worker's error is raised here
            pool.submit(divmod, 1, 0).result()
    with pool_for(0) as none:
        assert none is None


def test_errors_keep_where_they_happened_across_processes() -> None:
    error = FileLockedError("in use", file="out/reps/a.xlsx", sheet="S", row=3, column="B")
    with pool_for(2) as pool:
        assert pool is not None
        back = pool.submit(_raise, error).exception()
    assert type(back) is FileLockedError
    assert (back.file, back.sheet, back.row, back.column) == ("out/reps/a.xlsx", "S", 3, "B")
    assert str(back) == str(error)


def _raise(error: Exception) -> None:
    raise error


def _die_in_a_worker(n: int) -> tuple[int, int]:
    """``n`` squared and the process; a worker asked for 3 dies (as an out-of-memory kill)."""
    if n == 3 and multiprocessing.parent_process() is not None:
        os._exit(9)
    return n * n, os.getpid()


def test_in_workers_keeps_the_order_and_redoes_what_a_dead_worker_had() -> None:
    assert list(in_workers(None, pow, [(2, 3), (3, 2)])) == [8, 9]
    with pool_for(2) as pool:
        assert pool is not None
        got = list(in_workers(pool, _die_in_a_worker, [(n,) for n in range(6)]))
    assert [v for v, _ in got] == [0, 1, 4, 9, 16, 25]  # nothing lost, in order
    here = [n for n, (_, pid) in enumerate(got) if pid == os.getpid()]
    assert 3 in here  # the dead worker's item, done again here
    assert 0 not in here  # the first went to a worker


def _span(seconds: float) -> tuple[float, float]:
    """When this work started and ended (wall clock, comparable across processes)."""
    start = time.time()
    time.sleep(seconds)
    return start, time.time()


def test_in_workers_hands_over_more_as_soon_as_the_limit_grows() -> None:
    # One item at a time while the caller is busy with something else (the follow-ups beside
    # the classification workbook), then two: the second item must not wait for the first.
    free = threading.Event()
    with pool_for(2) as pool:
        assert pool is not None
        pool.submit(os.getpid).result()  # started (the first start may take a second)
        threading.Timer(0.3, free.set).start()
        first, second = in_workers(
            pool, _span, [(1.5,), (0.1,)], ahead=lambda: 2 if free.is_set() else 1
        )
    assert second[0] < first[1]  # started while the first was still being worked on


def _loaded(module: str) -> bool:
    import sys  # in the worker: what its earlier work imported

    return module in sys.modules


def test_warm_starts_a_worker_that_has_imported_the_module() -> None:
    with pool_for(2) as pool:
        assert pool is not None
        warming = pool.warm("addin.followups.step")
        assert pool._pool is not None  # started at once, without waiting for it
        assert len(pool._pool._processes or {}) == 1  # one worker asked for: one started
        assert [w.result() for w in warming] == [None]
        assert pool.submit(_loaded, "addin.followups.step").result()
        assert pool.warm("addin.followups.step") == []  # running already: nothing started
        assert len(pool._pool._processes or {}) == 1


def test_a_warm_up_that_fails_does_not_break_the_work() -> None:
    with pool_for(1) as pool:
        assert pool is not None
        (failed,) = pool.warm("addin.no_such_module")
        with pytest.raises(ModuleNotFoundError):  # its error stays in the warm-up
            failed.result()
        assert pool.submit(pow, 2, 10).result() == 1024


def _imported_before_any_work() -> list[str]:
    return [m for m in WORKER_MODULES if m in sys.modules]


def test_workers_start_with_what_they_run_imported_and_never_as_a_fork_of_this_process() -> None:
    with pool_for(2) as pool:
        assert pool is not None
        pids = {pool.submit(os.getpid).result() for _ in range(4)}
        assert os.getpid() not in pids
        if sys.platform.startswith("linux"):  # forked from the fork server, which imported them
            assert (
                pool._pool is not None and pool._pool._mp_context.get_start_method() == "forkserver"
            )
            assert pool.submit(_imported_before_any_work).result() == list(WORKER_MODULES)
        else:
            assert pool._pool is not None and pool._pool._mp_context.get_start_method() == "spawn"
    for name in WORKER_MODULES:  # each names a module (a wrong name is dropped in silence there)
        assert importlib.util.find_spec(name) is not None, name


def test_start_runs_every_worker_so_that_no_later_submit_starts_one() -> None:
    """``start`` launches all the workers: a submit from another thread then never starts
    one while the pool breaks (CPython 3.11 then failed or hung in its clean-up)."""
    with pool_for(2) as pool:
        assert pool is not None
        pool.start()
        processes = pool._pool._processes  # type: ignore[union-attr]
        started = set(processes)
        assert len(started) == 2 and all(p.is_alive() for p in processes.values())
        futures = []

        def send() -> None:
            for n in range(12):
                futures.append(pool.submit(_die_in_a_worker, n))
                time.sleep(0.05)

        sender = threading.Thread(target=send)
        sender.start()
        while sender.is_alive() and sum(range(10_000)):  # this thread busy, as when reading
            pass
        sender.join(timeout=60)
        assert not sender.is_alive()
        outcomes = []
        for f in futures:
            try:
                outcomes.append(f.result(timeout=60)[0])
            except Exception as exc:  # the dead worker's item and what was lost with it
                assert type(exc).__name__ == "BrokenProcessPool"
                outcomes.append(None)
        assert outcomes[3] is None
        assert all(v in (None, n * n) for n, v in enumerate(outcomes))
        assert outcomes[-1] == 121  # sent well after the death: fresh workers ran it


def test_closing_a_broken_pool_stops_a_worker_it_would_wait_for() -> None:
    """A worker the pool started as it broke (CPython 3.11's race) is stopped on close, not
    left running or waited for forever."""
    with pool_for(1) as pool:
        assert pool is not None
        with pytest.raises(Exception, match="terminated abruptly"):
            pool.submit(_die_in_a_worker, 3).result(timeout=60)
        orphan = multiprocessing.get_context("spawn").Process(target=time.sleep, args=(600,))
        orphan.start()
        pool._pool._processes[orphan.pid] = orphan  # type: ignore[union-attr]
        started = time.perf_counter()
        pool.close()
        orphan.join(timeout=30)
        assert not orphan.is_alive()
        assert time.perf_counter() - started < 30
