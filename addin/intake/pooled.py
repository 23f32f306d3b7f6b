"""Consolidation shared out over worker processes (:mod:`addin.workers`), same result as in one.

The files are cut, in order, into chunks of about equal bytes; each worker reads and validates
a chunk as one (validating in chunks of whole files gives what validating all rows at once
gives, :func:`addin.intake.load_customers`) and sends back the customer rows, the problems and
each sheet's place and row count, never the raw frames. The chunks are taken back in the
files' order, whichever worker finishes first. While the workers start (the fork server,
started by the first pool of a run, imports what they run: about a second of one core),
this process reads and validates the first files itself (:data:`HERE_BYTES`) instead of
waiting. A chunk whose worker died or raised something
the reader does not report itself is done again in this process, file by file: a file that
fails here too is reported and skipped, the others are kept. The workers are stopped at the
end (the pool starts fresh ones when it is next used): what they hold after reading a million
rows would otherwise stay beside the later steps' memory.
"""

from __future__ import annotations

import datetime as dt
import math
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..schema import Lang
from .reading import Reader, Reading, bar, read_all, validated
from .result import Intake
from .texts import msg
from .validate import ValidationResult

if TYPE_CHECKING:  # only the pooled path uses them, the buttons never
    from concurrent.futures import Future

    from ..workers import Workers

__all__ = ["GROUPS_PER_WORKER", "GROUP_BYTES", "HERE_BYTES", "pooled"]

#: Bytes of input a worker reads and validates as one chunk at most: about 85,000 rows of the
#: generated reps' sheets (0.7 MB per 5,000 rows), near :data:`~addin.intake.load.CHUNK_ROWS`.
GROUP_BYTES = 12_000_000
#: Chunks per worker at least, so that the last one to finish does not keep the others waiting.
GROUPS_PER_WORKER = 2
#: Bytes of input this process reads and validates itself while a new pool's workers start:
#: about what it gets through in that second (3 MB: ~20,000 rows of the generated sheets),
#: and never more than one chunk's share.
HERE_BYTES = 3_000_000


@dataclass
class _Group:
    """What a worker made of a chunk of files: the reading and the validated rows."""

    reading: Reading
    part: ValidationResult | None


def _load_group(
    files: list[Path], lang: Lang, sheet: str | None, today: dt.date, reader: Reader
) -> _Group:
    """Read and validate ``files`` as one chunk (run in a worker; only the rows' counts of the
    raw frames travel back)."""
    reading = Reading(files)
    intakes = list(read_all(files, lang, sheet, False, reading, reader))
    part = validated(intakes, lang, today, False) if intakes else None
    return _Group(reading, part)


def _sizes(files: list[Path]) -> list[int]:
    sizes = []
    for f in files:
        try:
            sizes.append(f.stat().st_size)
        except OSError:  # reported by the reader
            sizes.append(0)
    return sizes


def _first(sizes: list[int], budget: int) -> int:
    """How many of the first files (of ``sizes`` bytes, in order) fit in ``budget`` bytes:
    none for 0, never all of them."""
    n, done = 0, 0
    for size in sizes[:-1] if budget else []:
        if done + size > budget:
            break
        n, done = n + 1, done + size
    return n


def _groups(files: list[Path], workers: int, sizes: list[int] | None = None) -> list[list[Path]]:
    """``files`` in order, cut into chunks of about equal bytes: at most :data:`GROUP_BYTES`
    each, at least :data:`GROUPS_PER_WORKER` per worker (fewer when there are fewer files).
    ``sizes``: the files' bytes, when known."""
    sizes = _sizes(files) if sizes is None else sizes
    total = sum(sizes)
    n = min(len(files), max(math.ceil(total / GROUP_BYTES), GROUPS_PER_WORKER * workers))
    if not total:  # none readable: by count
        sizes, total = [1] * len(files), len(files)
    groups: list[list[Path]] = [[] for _ in range(n)]
    done = 0
    for f, size in zip(files, sizes, strict=True):
        # each file goes to the chunk its middle byte falls in: whole files, in order
        groups[min(n - 1, int(n * (done + size / 2) / total))].append(f)
        done += size
    return [g for g in groups if g]


def pooled(
    pool: Workers,
    reader: Reader,
    lang: Lang,
    sheet: str | None,
    today: dt.date,
    progress: bool,
    into: Reading,
    parts: list[ValidationResult],
) -> None:
    """Chunks of ``into.files`` read and validated in the workers, taken back in the files'
    order whichever finishes first. A chunk whose worker failed (died, or raised something
    the reader does not report itself) is done again here, file by file."""
    sizes = _sizes(into.files)
    share = sum(sizes) // (GROUPS_PER_WORKER * pool.size + 1)
    n = _first(sizes, min(HERE_BYTES, share))
    here, groups = into.files[:n], _groups(into.files[n:], pool.size, sizes[n:])
    futures: list[Future[_Group] | None] = []

    def submit() -> None:
        try:
            pool.start()
        except Exception:  # cannot start: the submits below say so, chunk by chunk
            pass
        for g in groups:
            try:
                futures.append(pool.submit(_load_group, g, lang, sheet, today, reader))
            except Exception:  # the pool cannot take work (stopped, or broken by a dead worker)
                futures.append(None)

    # The first work sent to a new pool waits for its workers to start: sent from a thread,
    # this one reads meanwhile (the fork server is a fresh process: safe to start from here).
    sender = threading.Thread(target=submit, name="intake-submit", daemon=True)
    sender.start()
    try:
        if here:
            _redo(here, reader, lang, sheet, today, into, parts)
    finally:
        sender.join()
    progress_bar = bar(progress, len(into.files), lang)
    if progress_bar is not None and here:
        progress_bar.update(len(here))
    for g, future in zip(groups, futures, strict=True):
        try:
            if future is None:
                raise RuntimeError("no worker")
            done = future.result()
        except Exception:
            _redo(g, reader, lang, sheet, today, into, parts)
        else:
            into.intakes += done.reading.intakes
            into.skipped += done.reading.skipped
            into.rows += done.reading.rows
            if done.part is not None:
                parts.append(done.part)
        if progress_bar is not None:
            progress_bar.update(len(g))
    if progress_bar is not None:
        progress_bar.close()
    # The workers keep what reading cost them (~350 MiB each at 1M rows, the imports and a
    # fragmented heap) while the later steps build theirs here: stop them, the pool starts
    # fresh ones for the next work sent to it.
    pool.close()


def _redo(
    files: list[Path],
    reader: Reader,
    lang: Lang,
    sheet: str | None,
    today: dt.date,
    into: Reading,
    parts: list[ValidationResult],
) -> None:
    """Read and validate ``files`` in this process; a file that fails in an unexpected way
    is reported and skipped, the others kept."""
    intakes: list[Intake] = []
    for f in files:
        try:
            intakes += read_all([f], lang, sheet, False, into, reader)
        except Exception as exc:
            _failed(f, exc, lang, into)
    try:
        if intakes:
            parts.append(validated(intakes, lang, today, False))
        return
    except Exception:
        pass
    for i in intakes:  # one of them fails validation: each on its own
        try:
            parts.append(validated([i], lang, today, False))
        except Exception as exc:
            into.intakes.remove(i)
            _failed(i.file, exc, lang, into)


def _failed(file: Path, exc: Exception, lang: Lang, into: Reading) -> None:
    """Report ``file`` as not used after an unexpected error."""
    into.skipped.append(file)
    into.rows.append(
        {
            "level": "error",
            "file": str(file),
            "code": type(exc).__name__,
            "message": msg("poolread_file_failed", lang, error=f"{type(exc).__name__}: {exc}"),
        }
    )
