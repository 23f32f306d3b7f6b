"""Peak RSS of a whole process tree (this process and every process it started), sampled.

``RUSAGE_SELF`` sees this process only, ``RUSAGE_CHILDREN`` only the largest child that was
waited for; neither is what a pool of workers holds at once. :class:`TreeRss` reads the
resident size of this process and of all its descendants from ``/proc`` every ``interval``
seconds in a thread and keeps the largest sum (Linux only; elsewhere it reports 0)::

    with TreeRss() as tree:
        work()
    print(tree.peak_mib, tree.peak_processes)

A sample can miss a peak shorter than ``interval``: the figure is a lower bound, within a
tenth of a second of the truth for the steps of a run (each seconds long).
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from types import TracebackType

_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def _children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            out += [int(c) for c in (task / "children").read_text().split()]
    except OSError:  # gone meanwhile
        pass
    return out


def rss(pid: int) -> int:
    """Bytes resident in process ``pid`` (0 once it is gone)."""
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * _PAGE
    except (OSError, IndexError, ValueError):
        return 0


def tree(root: int | None = None) -> list[int]:
    """``root`` (default: this process) and all its descendants."""
    todo, seen = [root or os.getpid()], []
    while todo:
        pid = todo.pop()
        if pid not in seen:
            seen.append(pid)
            todo += _children(pid)
    return seen


def tree_rss(root: int | None = None) -> tuple[int, int]:
    """Bytes resident in ``root`` (default: this process) and its descendants, and how many
    processes that is."""
    pids = tree(root)
    return sum(rss(pid) for pid in pids), len(pids)


class TreeRss:
    """Samples :func:`tree_rss` in a thread while the ``with`` block runs."""

    def __init__(self, interval: float = 0.1) -> None:
        self.interval = interval
        self.peak = 0
        self.peak_processes = 0
        self.most_processes = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self.available = Path("/proc/self/statm").exists()

    def _sample(self) -> None:
        total, n = tree_rss()
        if total > self.peak:
            self.peak, self.peak_processes = total, n
        self.most_processes = max(self.most_processes, n)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self._sample()

    def __enter__(self) -> TreeRss:
        if self.available:
            self._sample()
            self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self.available:
            self._stop.set()
            self._thread.join()
            self._sample()

    @property
    def peak_mib(self) -> float:
        return self.peak / 2**20
