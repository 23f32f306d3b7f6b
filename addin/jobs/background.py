"""Work a run hands to a worker process while it goes on with the next step.

``intake run`` writes the classification workbook (~850,000 rows at a million customers, the
classify step's longest part) in a worker while this process builds the follow-ups, and waits
for it before the e-mail step. What the worker raised is raised again when the run waits, as
the step's own error would have been; a worker that died is made up for here.
"""

from __future__ import annotations

import pickle
import time
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Generic, TypeVar

from ..workers import Workers

__all__ = ["Background", "from_pickle"]

T = TypeVar("T")


def from_pickle(fn: Callable[..., T], data: bytes, /, **kwargs: Any) -> tuple[T, float]:
    """``fn(pickle.loads(data), **kwargs)`` and the seconds it took, in the worker."""
    start = time.perf_counter()
    value = fn(pickle.loads(data), **kwargs)
    return value, time.perf_counter() - start


class Background(Generic[T]):
    """``fn(frame, **kwargs)`` in a worker of ``pool`` (here, at once, without a pool).

    The frame is handed over pickled, so that this process holds its bytes (about half its
    size) rather than the frame until the worker is done, and can let the frame go.
    ``again`` does the work here if the pool has no live worker (``BrokenProcessPool``).
    """

    def __init__(
        self,
        pool: Workers | None,
        fn: Callable[..., T],
        frame: object,
        again: Callable[[], T],
        **kwargs: Any,
    ) -> None:
        self.again = again
        #: seconds the work took in the worker (0 when done here): overlapped with the run
        self.worker_seconds = 0.0
        self._future: Future[tuple[T, float]] | None = None
        self._value: T | None = None
        if pool is None:
            self._value = fn(frame, **kwargs)
            return
        data = pickle.dumps(frame, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            self._future = pool.submit(from_pickle, fn, data, **kwargs)
        except BrokenProcessPool:
            self._value = again()

    def result(self) -> T:
        """The work's result once done; the worker's error raised here."""
        if self._future is not None:
            future, self._future = self._future, None
            try:
                self._value, self.worker_seconds = future.result()
            except BrokenProcessPool:
                self._value = self.again()
        assert self._value is not None
        return self._value
