"""A step a run starts early, on a thread of its own, while this thread goes on with another.

With worker processes, ``intake run`` starts the follow-ups as soon as the records are
classified: a thread here hands their parts to the workers (where they are built and written)
and writes the managers' books at the end, while this thread writes the classification
workbook. The two steps' work overlaps on the machine's cores; the follow-up step then only
waits for what is left. What the thread raised is raised when the run waits for it, as the
step's own error would have been.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from typing import Generic, TypeVar

__all__ = ["Started"]

T = TypeVar("T")


class Started(Generic[T]):
    """``fn()`` running on a thread of its own from now on; :meth:`result` waits for it."""

    def __init__(self, fn: Callable[[], T]) -> None:
        self._fn = fn
        #: wall seconds ``fn`` took on its thread, overlapping what this thread did meanwhile
        self.seconds = 0.0
        thread = ThreadPoolExecutor(1, thread_name_prefix="intake-step")
        self._future: Future[T] = thread.submit(self._timed)
        thread.shutdown(wait=False)  # the thread ends with ``fn``

    def _timed(self) -> T:
        start = time.perf_counter()
        try:
            return self._fn()
        finally:
            self.seconds = time.perf_counter() - start

    def result(self) -> T:
        """What ``fn`` returned, once it has; its error raised here."""
        return self._future.result()

    def finish(self) -> None:
        """Wait for ``fn`` to end, whatever it ends with (this thread raises its own error)."""
        wait([self._future])
