"""The follow-up step: list the follow-ups, look up the managers, write the workbooks.

The list is built for a few reps at a time and each rep's workbook written from it: no reason
looks at other customers, so the rows come out as those of the whole list would, while only a
part of it exists at a time (1.2 M rows at a million customers otherwise, ~1 GB). The parts
need nothing from each other, so with worker processes (``pool``) each is built and its
reps' books written in a worker; only what the managers' books and the manifest need comes
back (:class:`~addin.followups.writer.RepBooks`), and those are written here at the end.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd

from ..classify import CLASSIFICATIONS
from ..config import Config
from ..managers import ManagerMap, load_managers
from ..schema import Lang
from ..workers import Workers, in_workers
from .books import FollowupOutput, file_stem, rep_names
from .build import build_part, with_tier
from .reasons import duplicate_rows
from .settings import FollowupSettings, load_followup_settings
from .writer import FollowupWriter, RepBooks, write_rep_books

__all__ = [
    "PARTS_PER_WORKER",
    "PART_CUSTOMERS",
    "followup_parts",
    "part_inputs",
    "write_followups_step",
    "write_part",
]

#: About how many customers' follow-ups are built at a time.
PART_CUSTOMERS = 50_000
#: Parts per worker at least (smaller parts when there are fewer customers): the last part to
#: finish keeps the other workers waiting no longer than a small part takes (issue 14: 115,000
#: customers made parts of 50,000, 50,000 and 15,000, and one worker idled ~2 s at the end).
PARTS_PER_WORKER = 3


def followup_parts(
    classified: pd.DataFrame,
    settings: FollowupSettings,
    *,
    as_of: dt.date,
    duplicates: pd.DataFrame | None,
    lang: Lang,
    customers: int = PART_CUSTOMERS,
) -> Iterator[pd.DataFrame]:
    """The rows of :func:`~addin.followups.build.build_followups`, a few whole reps at a time.

    Each part holds every row of its reps, in list order. Reps whose file names are equal but
    for case are in the same part (:meth:`FollowupWriter.add` names their files together).
    """
    for mine, rows in part_inputs(
        classified, as_of=as_of, duplicates=duplicates, lang=lang, customers=customers
    ):
        yield build_part(mine, settings, as_of=as_of, duplicates=rows, lang=lang)


def part_inputs(
    classified: pd.DataFrame,
    *,
    as_of: dt.date,
    duplicates: pd.DataFrame | None,
    lang: Lang,
    customers: int = PART_CUSTOMERS,
) -> Iterator[tuple[pd.DataFrame, pd.DataFrame | None]]:
    """What :func:`build_part` needs of each part: its customers and their ``duplicate`` rows.

    The classifications' rules and reasons (long texts, a worker's copy of them the biggest
    part) are left out: no follow-up reads them.
    """
    unused = {f"{n}_{x}" for n in CLASSIFICATIONS for x in ("rule", "reason")}
    c = with_tier(classified[[k for k in classified.columns if k not in unused]])
    today = pd.Timestamp(as_of)
    dup = duplicate_rows(c, duplicates, today, lang) if duplicates is not None else None
    names = rep_names(c["rep"], lang)
    key_of = {n: file_stem(n).casefold() for n in pd.unique(names)}
    keys = names.map(key_of).to_numpy()
    by_key = pd.Series(np.arange(len(c))).groupby(keys, sort=True).indices
    part: list[np.ndarray] = []
    size = 0
    for positions in by_key.values():
        part.append(np.asarray(positions))
        size += len(positions)
        if size >= customers:
            yield _part(c, np.sort(np.concatenate(part)), dup)
            part, size = [], 0
    if part:
        yield _part(c, np.sort(np.concatenate(part)), dup)


def _part(
    c: pd.DataFrame, at: np.ndarray, dup: pd.DataFrame | None
) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    mine = c.take(at).reset_index(drop=True)
    rows = None
    if dup is not None:
        local = np.full(len(c), -1, dtype=np.int64)
        local[at] = np.arange(len(at))
        new = local[dup["idx"].to_numpy()]
        rows = dup[new >= 0].assign(idx=new[new >= 0])
    return mine, rows


def write_part(
    mine: pd.DataFrame,
    duplicates: pd.DataFrame | None,
    settings: FollowupSettings,
    managers: ManagerMap,
    out_dir: Path,
    *,
    as_of: dt.date,
    lang: Lang,
) -> RepBooks:
    """Build one part's follow-ups and write its reps' books (in a worker or here)."""
    rows = build_part(mine, settings, as_of=as_of, duplicates=duplicates, lang=lang)
    return write_rep_books(
        out_dir,
        rows,
        managers,
        lang=lang,
        as_of=as_of,
        top=settings.manager_top_per_rep,
        top_overdue=settings.top_overdue,
    )


def write_followups_step(
    classified: pd.DataFrame,
    out_dir: str | Path,
    *,
    config: Config,
    overrides: dict[str, dict[str, object]],
    settings_workbook: str | Path | None,
    duplicates: pd.DataFrame | None,
    as_of: dt.date,
    lang: Lang,
    pool: Workers | None = None,
    part_customers: int = PART_CUSTOMERS,
    ahead: Callable[[], int] | None = None,
) -> tuple[int, FollowupOutput]:
    """The follow-up step shared by the CLI, the pipeline and the button: list, then write.

    Settings are ``[followups]`` with the Settings-sheet ``overrides``; managers come from
    ``[managers]`` and the ``settings_workbook``'s 设置 sheet. With a ``pool`` each part
    (whole reps, about ``part_customers`` customers, fewer to make
    :data:`PARTS_PER_WORKER` parts per worker) is built and its reps' books written
    in a worker, at most ``ahead()`` (default ``pool.size``) parts handed over at a time
    (fewer while this process is busy with another step); the managers' books and
    the manifest are written here, from what the parts bring back: the same files as
    without one.
    Returns the number of follow-up items and what was written.

    Raises:
        IntakeError: a rep book that could not be written, once every other one is.
    """
    fsettings = load_followup_settings(config, overrides)
    managers = load_managers(config, settings_workbook)
    writer = FollowupWriter(
        out_dir,
        managers,
        lang=lang,
        as_of=as_of,
        top_overdue=fsettings.top_overdue,
        manager_top_per_rep=fsettings.manager_top_per_rep,
    )
    if pool is not None:
        part_customers = min(part_customers, -(-len(classified) // (PARTS_PER_WORKER * pool.size)))
    inputs = part_inputs(
        classified, as_of=as_of, duplicates=duplicates, lang=lang, customers=max(part_customers, 1)
    )
    work = partial(
        write_part, settings=fsettings, managers=managers, out_dir=writer.out.out_dir,
        as_of=as_of, lang=lang,
    )  # fmt: skip
    for written in in_workers(pool, work, inputs, ahead=ahead):
        writer.merge(written)
    return writer.items, writer.finish()
