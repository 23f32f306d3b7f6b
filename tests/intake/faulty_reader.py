"""A reader for the pool tests that fails on purpose on some files, in the worker processes.

No file we know of makes :func:`addin.intake.reader.read_intake` raise anything but an
``InputError`` (the fuzz tests keep it so); these stand in for the bug or the crash nobody
found yet. The other files are read by the real reader.
"""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path
from typing import Any

from addin.intake.reader import read_intake
from addin.intake.result import Intake


def in_worker() -> bool:
    return multiprocessing.parent_process() is not None


def raising_reader(path: Path, sheet: str | None = None, *, lang: Any = "zh") -> Intake:
    """Raises an unexpected error for files named ``boom*``, wherever it runs."""
    if Path(path).name.startswith("boom"):
        raise RuntimeError("a bug in the reader")
    return read_intake(path, sheet, lang=lang)


def dying_reader(path: Path, sheet: str | None = None, *, lang: Any = "zh") -> Intake:
    """Kills the worker reading a file named ``dies*`` (reads it fine in the main process)."""
    if Path(path).name.startswith("dies") and in_worker():
        os._exit(3)
    return read_intake(path, sheet, lang=lang)
