"""Worker processes for the big headless jobs: reading the reps' files, writing the books.

A run over many files is mostly work on one file or one rep at a time that needs nothing from
the others, so a pool of processes can share it out. The pool is used only where it pays:

- **Headless runs only** (``intake run``, scheduled jobs). The Excel buttons run inside the
  Python process that xlwings started for Excel and keep to that one process.
- **Never a fork of this process**, which may hold threads (the matcher scores on several)
  and can hang when forked. On Linux the workers are forked from a *fork server* (Python's
  ``forkserver``, the default from Python 3.14): one fresh, single-threaded process that
  imports what the workers run (:data:`WORKER_MODULES`) once, so that each worker after the
  first starts in milliseconds; elsewhere (Windows has nothing else, macOS) each worker is
  started fresh ("spawn") and pays the imports itself (about a second). Either way a pool
  starts only for inputs of at least :data:`POOL_MIN_BYTES`; a sheet of a few thousand rows
  is done before a worker is ready.
- **At most the machine's cores** (``[pipeline] workers``: ``0`` = that many, at most
  :data:`AUTO_MAX`; ``1`` = one process, no pool; ``N`` = N workers).

Work sent to a worker is a module-level function and plain data (frames, paths, settings
dataclasses); what fails there is raised again here, in the caller, like any other error of
that file or rep.
"""

from __future__ import annotations

import ctypes
import importlib
import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from .config import Config
from .errors import ConfigError

__all__ = [
    "AUTO_MAX",
    "POOL_MIN_BYTES",
    "WORKER_MODULES",
    "Workers",
    "in_workers",
    "give_back_heap",
    "pool_for",
    "worker_count",
    "workers_setting",
]

T = TypeVar("T")

#: What the workers run, imported once by the fork server (Linux) before any worker starts: a
#: run started ~4 workers, each importing them again (~1.1 s of a core each, ~13 % of the CPU
#: of a 115,000-row run). The last two are what a worker's first validation imported on top
#: (amounts in Chinese numerals; pandera's checks, imported when a schema first validates):
#: 0.3-0.5 s of each reading worker.
WORKER_MODULES = (
    "addin.intake.pooled",
    "addin.duplicates.fields",
    "addin.followups.step",
    "cn2an",
    "pandera.backends.pandas.builtin_checks",
)

#: Inputs smaller than this (bytes of the reps' files) run in one process.
POOL_MIN_BYTES = 4_000_000

#: Seconds :func:`in_workers` waits for an item before it asks ``ahead()`` again.
_LOOK_AGAIN = 0.05

#: Workers of ``workers = 0`` (auto) at most: more than two did not pay on our benchmarks'
#: 2-core machine, and each worker holds a copy of what it works on.
AUTO_MAX = 2


def workers_setting(config: Config | None) -> int:
    """``[pipeline] workers`` (0 = auto, the default)."""
    value = (config.section("pipeline") if config else {}).get("workers", 0)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ConfigError(
            f"[pipeline] workers must be 0 (auto) or a positive whole number, not {value!r}",
            file=config.path if config else None,
        )
    return value


def worker_count(setting: int, files: Sequence[Path], *, cores: int | None = None) -> int:
    """How many worker processes a job over ``files`` gets (0 = none: work in this process)."""
    cores = cores if cores is not None else (os.cpu_count() or 1)
    if setting == 1 or len(files) < 2:
        return 0
    if setting > 1:
        return setting
    if cores < 2:
        return 0
    size = 0
    for f in files:
        try:
            size += f.stat().st_size
        except OSError:  # reported by the reader, file by file
            continue
    return min(cores, AUTO_MAX) if size >= POOL_MIN_BYTES else 0


class Workers:
    """A pool of ``size`` fresh processes, started when the first work is sent to it."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._pool: ProcessPoolExecutor | None = None

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(self.size, mp_context=_context())
        return self._pool

    def start(self) -> None:
        """Start all the workers now; returns once they run (the first start of a run waits
        for the fork server's imports). Work sent after this from another thread is safe:
        CPython 3.11 starts a worker per submit, up to ``size``, and one started while the
        pool is breaking (a worker died) races the pool's own clean-up, which then fails or
        waits forever; with every worker started first, no submit starts one."""
        pool = self._executor()
        launch = getattr(pool, "_launch_processes", None)  # CPython 3.9-3.14
        if launch is not None and not getattr(pool, "_executor_manager_thread", None):
            launch()

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        """Run ``fn(*args, **kwargs)`` in a worker (in fresh workers when one had died: the
        work that was in the dead pool failed with ``BrokenProcessPool``, later work runs)."""
        try:
            return self._executor().submit(fn, *args, **kwargs)
        except BrokenProcessPool:
            self.close()
            return self._executor().submit(fn, *args, **kwargs)

    def warm(self, module: str, count: int = 1) -> list[Future[None]]:
        """Start ``count`` workers importing ``module`` now, if none is running, without waiting.

        A worker's imports take about a second of a core; started while this process works on
        something else (with a core to spare), the next work sent finds them ready. With
        workers already running, nothing is done. What fails in a warm-up (an import) fails
        again, and is raised, with the work itself. Returns the warm-ups (nothing need wait
        for them: work sent before they are done starts a worker of its own, up to ``size``).
        """
        if self._pool is not None:
            return []
        return [self._executor().submit(_import, module) for _ in range(min(count, self.size))]

    def _stop_broken(self) -> None:
        """Stop every process of a broken pool. CPython 3.11 stops the workers it knows when
        one dies, then waits for all of them: a worker started by a submit in the moment
        between (from another thread) is waited for forever, and so is the pool's shutdown."""
        processes = getattr(self._pool, "_processes", None) or {}
        for process in list(processes.values()):
            if process.is_alive():
                process.terminate()

    def close(self) -> None:
        """Wait for the work sent and stop the workers (work not started yet is dropped)."""
        if self._pool is not None:
            if getattr(self._pool, "_broken", False):
                self._stop_broken()
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def _context() -> multiprocessing.context.BaseContext:
    """How workers start: forked from the fork server on Linux, fresh processes elsewhere."""
    if not sys.platform.startswith("linux"):
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    # before the server starts (the first worker of this process); later calls change nothing
    context.set_forkserver_preload(list(WORKER_MODULES))
    return context


def _import(module: str) -> None:
    """A warm-up: the imports the work to come will need."""
    importlib.import_module(module)


@contextmanager
def pool_for(workers: int) -> Iterator[Workers | None]:
    """:class:`Workers` of ``workers`` processes (``None`` for 0), stopped on leaving."""
    if workers <= 0:
        yield None
        return
    pool = Workers(workers)
    try:
        yield pool
    finally:
        pool.close()


def in_workers(
    pool: Workers | None,
    fn: Callable[..., T],
    items: Iterable[tuple[Any, ...]],
    *,
    ahead: Callable[[], int] | None = None,
) -> Iterator[T]:
    """``fn(*item)`` for each of ``items``, the results in their order.

    With a pool, at most ``ahead()`` (default ``pool.size``) items are handed over at a time
    (each is a copy in the worker and held here until done), so memory stays a few items
    whatever their number; a worker process starts only when none is free. ``ahead()`` is
    asked again while an item is waited for, so a limit that grows is used at once.
    Without one, or once a worker has died (``BrokenProcessPool``: killed, out of memory),
    the items are done in this process: what a dead worker had is done again here, nothing
    is lost. Any other error of ``fn`` is raised as it would be here.
    """
    if pool is None:
        for item in items:
            yield fn(*item)
        return
    pending: deque[tuple[Future[T] | None, tuple[Any, ...]]] = deque()
    broken = False

    def settle(future: Future[T] | None, item: tuple[Any, ...]) -> T:
        nonlocal broken
        if future is not None:
            try:
                return future.result()
            except BrokenProcessPool:
                broken = True
        return fn(*item)

    for item in items:
        future = None
        if not broken:
            try:
                future = pool.submit(fn, *item)
            except BrokenProcessPool:
                broken = True
        pending.append((future, item))
        while pending:
            limit = ahead() if ahead is not None else pool.size
            if len(pending) < limit and pending[-1][0] is not None:
                break  # room for one more
            head = pending[0][0]
            # Below the pool's size the limit may grow while the oldest item is worked on
            # (the caller's other work ends): look again every so often rather than wait for
            # it, so that an idle worker gets the next item at once (issue 14).
            if len(pending) < pool.size and head is not None and pending[-1][0] is not None:
                if not wait([head], timeout=_LOOK_AGAIN).done:
                    continue
            yield settle(*pending.popleft())
    while pending:
        yield settle(*pending.popleft())


def give_back_heap() -> None:
    """Hand the heap this process has freed back to the system (glibc; elsewhere nothing).

    What the earlier steps freed stays this process's memory (RSS) otherwise; with workers
    about to take their own, the whole tree's peak is what counts (about 0.5 GB at a
    million customers).
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:  # not glibc (musl): nothing to trim
        return
    trim = getattr(libc, "malloc_trim", None)
    if trim is not None:
        trim(0)
