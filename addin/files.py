"""Safe file handling: atomic writes with rotated backups, hashing, lock detection."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from .errors import FileLockedError, OutputError
from .messages import msg
from .schema import Lang

__all__ = [
    "atomic_write",
    "backup_path_for",
    "sha256_file",
    "excel_lock_file",
    "BACKUP_DIR",
    "KEEP_BACKUPS",
]

#: Backups of replaced outputs go into this folder next to the file.
BACKUP_DIR = ".intake-backup"
#: How many dated backups of one file are kept.
KEEP_BACKUPS = 5


def sha256_file(path: str | Path) -> str:
    """SHA-256 of a file's bytes, hex."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def excel_lock_file(path: str | Path) -> Path | None:
    """The '~$name.xlsx' owner file Excel keeps next to an open workbook, if present."""
    p = Path(path)
    for candidate in (p.with_name("~$" + p.name), p.with_name("~$" + p.name[2:])):
        if candidate.exists() and candidate != p:
            return candidate
    return None


def backup_path_for(path: Path, now: dt.datetime | None = None) -> Path:
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S-%f")
    return path.parent / BACKUP_DIR / f"{path.stem}.{stamp}{path.suffix}"


def _rotate(path: Path, keep: int) -> None:
    folder = path.parent / BACKUP_DIR
    olds = sorted(folder.glob(f"{path.stem}.*{path.suffix}"))
    for old in olds[:-keep] if keep > 0 else olds:
        with contextlib.suppress(OSError):
            old.unlink()


def _set_mode(tmp: Path, target: Path) -> None:
    """Give the new file the old file's permissions, or the usual ones (mkstemp makes 0600)."""
    if target.exists():
        shutil.copymode(target, tmp)
        return
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)


#: Temp files of a killed writer older than this are removed by the next write of the same file.
STALE_TEMP_SECONDS = 3600


def _remove_stale_temps(path: Path) -> None:
    now = dt.datetime.now().timestamp()
    for old in path.parent.glob(f".{path.stem}.*.tmp{path.suffix}"):
        with contextlib.suppress(OSError):
            if now - old.stat().st_mtime > STALE_TEMP_SECONDS:
                old.unlink()


@contextlib.contextmanager
def _temp_beside(path: Path) -> Iterator[Path]:
    fd, name = tempfile.mkstemp(
        prefix=f".{path.stem}.", suffix=".tmp" + path.suffix, dir=path.parent
    )
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def atomic_write(
    path: str | Path,
    write: Callable[[Path], object],
    *,
    backup: bool = True,
    keep: int = KEEP_BACKUPS,
    lang: Lang = "zh",
) -> Path:
    """Write a file so that readers see either the old or the complete new content.

    ``write(tmp)`` writes the new content to a temporary file in the same folder; it is
    flushed to disk and renamed over ``path``. If ``path`` existed it is first copied to
    ``.intake-backup/NAME.YYYYMMDD-HHMMSS-ffffff.EXT`` (the newest ``keep`` are kept).
    A crash at any point leaves the previous file intact.

    Args:
        path: the file to create or replace.
        write: a function writing the complete new file to the path it is given.
        backup: copy an existing file to the backup folder before replacing it.
        keep: how many backups of this file to keep.
        lang: language of error messages.

    Example:
        >>> atomic_write(tmp_path / "out.txt", lambda p: p.write_text("hi"))  # doctest: +SKIP
    """
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(str(exc), file=target) from exc
    _remove_stale_temps(target)
    with _temp_beside(target) as tmp:
        write(tmp)
        _set_mode(tmp, target)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        if backup and target.exists():
            dest = backup_path_for(target)
            dest.parent.mkdir(exist_ok=True)
            shutil.copy2(target, dest)
            _rotate(target, keep)
        try:
            os.replace(tmp, target)
        except PermissionError as exc:
            raise FileLockedError(msg("file_locked", lang), file=target) from exc
        except OSError as exc:
            raise OutputError(str(exc), file=target) from exc
    return target
