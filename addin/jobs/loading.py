"""Loading the reps' files for a job that marks no cells, in worker processes when they pay."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from ..config import Config
from ..intake import LoadResult, find_inputs, load_customers
from ..schema import Lang
from ..workers import Workers, pool_for, worker_count, workers_setting

__all__ = ["job_pool", "load_shared"]


def job_pool(
    config: Config | None, inputs: Sequence[str | Path]
) -> AbstractContextManager[Workers | None]:
    """The worker processes of a job over ``inputs`` (None when one process is best):
    ``[pipeline] workers`` and the inputs' size decide (:func:`addin.workers.worker_count`)."""
    return pool_for(worker_count(workers_setting(config), find_inputs(inputs)))


def load_shared(
    inputs: Sequence[str | Path],
    lang: Lang,
    config: Config | None,
    pool: Workers | None = None,
    **options: Any,
) -> LoadResult:
    """:func:`~addin.intake.load_customers` without the raw frames (for a job that marks no
    cells), in the job's ``pool`` or in worker processes of its own when ``[pipeline] workers``
    and the inputs' size call for them (:func:`addin.workers.worker_count`)."""
    if pool is not None:
        return load_customers(list(inputs), lang=lang, keep_frames=False, pool=pool, **options)
    with job_pool(config, inputs) as own:
        return load_customers(list(inputs), lang=lang, keep_frames=False, pool=own, **options)
