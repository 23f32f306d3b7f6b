"""One run per output folder: the lock the pipeline holds on its ``--out-dir``.

Two runs writing one folder at once would mix their outputs (the subject of one day, the
attachment of another). The lock is an OS lock on ``OUT/.intake-run.lock`` (the same
mechanism as the outbox's, :func:`addin.files.hold_lock`), released when the run ends or its
process dies. A second run waits up to ``$INTAKE_LOCK_WAIT`` seconds (default 30), then
refuses with a clear message (exit code 2).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ..errors import ConfigError, OutputError
from ..files import FileLock, hold_lock, remove_temps
from ..messages import msg
from ..schema import Lang

__all__ = ["LOCK_FILE", "LOCK_WAIT_ENV", "lock_out_dir"]

LOCK_FILE = ".intake-run.lock"
LOCK_WAIT_ENV = "INTAKE_LOCK_WAIT"
DEFAULT_WAIT_SECONDS = 30.0


def _wait_seconds() -> float:
    raw = os.environ.get(LOCK_WAIT_ENV, "").strip()
    if not raw:
        return DEFAULT_WAIT_SECONDS
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 24 * 3600:
        raise ConfigError(f"${LOCK_WAIT_ENV} must be a number of seconds, not {raw!r}")
    return value


def _say(text: str) -> None:
    """A note on stderr (the terminal; nobody sees it behind an Excel button, nor needs to)."""
    sys.stderr.write(text + "\n")
    sys.stderr.flush()


def lock_out_dir(out: Path, lang: Lang, *, wait: float | None = None) -> FileLock:
    """Lock ``out`` for this run and remove the temp files a killed run left there.

    Args:
        out: the output folder (must exist).
        lang: language of the message when the folder is busy.
        wait: seconds to wait for another run (default: ``$INTAKE_LOCK_WAIT`` or 30).

    Raises:
        OutputError: another run still holds the folder after ``wait`` seconds.

    Example:
        >>> with lock_out_dir(Path("out"), "en"):  # doctest: +SKIP
        ...     ...
    """
    seconds = _wait_seconds() if wait is None else wait
    lock = hold_lock(
        out / LOCK_FILE,
        lambda: OutputError(msg("folder_busy", lang, seconds=seconds), file=out),
        wait=seconds,
        on_wait=lambda: _say(msg("folder_waiting", lang, folder=out, seconds=seconds)),
    )
    # Nothing of ours writes here now: every temp file is a killed run's (customer data).
    # The outbox has its own lock (``intake email`` may be sending): it cleans itself.
    remove_temps(out, skip=("outbox",))
    return lock
