"""Safe file handling: atomic writes with rotated backups, hashing, lock detection."""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import hashlib
import os
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO

from .errors import FileLockedError, IntakeError, OutputError
from .messages import msg
from .schema import Lang

if sys.platform == "win32":  # each platform has only its own file-locking module
    import msvcrt
else:
    import fcntl

__all__ = [
    "atomic_write",
    "backup_path_for",
    "sha256_file",
    "excel_lock_file",
    "hold_lock",
    "remove_temps",
    "FileLock",
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
    pattern = f".{path.stem}.*.tmp{path.suffix}"
    for old in [*path.parent.glob(pattern), *path.parent.glob(pattern + ".rows")]:
        with contextlib.suppress(OSError):
            if now - old.stat().st_mtime > STALE_TEMP_SECONDS:
                old.unlink()


#: Our temp files: ``.NAME.RANDOM.tmp.EXT`` (atomic_write) and ``….rows`` (the row splicer)
#: (RANDOM: mkstemp's 8 characters), so that a user's own ".notes.tmp" is left alone.
_TEMP = re.compile(r"^\..*\.[a-z0-9_]{8}\.tmp(\.[^.]+)?(\.rows)?$")


def remove_temps(folder: str | Path, *, skip: Iterable[str] = ()) -> list[Path]:
    """Remove every temp file a killed writer left under ``folder``, whatever its age.

    Only safe while nothing else writes there: call it holding the folder's lock.

    Args:
        folder: the output folder (searched recursively).
        skip: names of sub-folders, at any depth, that are not ours to clean (they have their
            own lock, e.g. ``outbox``).
    """
    base = Path(folder)
    skipped = set(skip)
    removed = []
    for path in base.rglob(".*"):
        inside = path.relative_to(base).parts[:-1]
        if not _TEMP.match(path.name) or skipped.intersection(inside):
            continue
        with contextlib.suppress(OSError):
            if path.is_file():
                path.unlink()
                removed.append(path)
    return removed


def _try_lock(fd: int) -> None:
    """Lock the file without waiting; OSError when another process holds it."""
    if sys.platform == "win32":
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
    else:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


class FileLock:
    """A lock file held open and locked; :meth:`release` (or the process ending) frees it."""

    def __init__(self, handle: IO[bytes]) -> None:
        self._handle = handle

    def release(self) -> None:
        self._handle.close()  # closing drops the lock

    def __enter__(self) -> FileLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


#: How often a waiting run tries the lock again.
_LOCK_POLL_SECONDS = 0.2


def hold_lock(
    lock_file: str | Path,
    busy: Callable[[], IntakeError],
    *,
    wait: float = 0.0,
    on_wait: Callable[[], None] | None = None,
) -> FileLock:
    """Lock ``lock_file`` (created if missing) for this process, waiting up to ``wait`` s.

    The lock is the OS's (``flock`` / ``msvcrt.locking``): it is released when the
    process ends, so a crash or a kill leaves no stale lock behind.

    Args:
        lock_file: the lock file, e.g. ``out/.intake-run.lock``.
        busy: builds the error to raise when another process still holds it.
        wait: seconds to wait for the other process to finish (0: refuse at once).
        on_wait: called once if the lock is taken and we start waiting (to say so).

    Raises:
        OutputError: the lock file cannot be created (read-only folder, no permission).

    Example:
        >>> with hold_lock(out / ".intake-run.lock", lambda: OutputError("busy")):  # doctest: +SKIP
        ...     write_everything(out)
    """
    path = Path(lock_file)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(path, "a+b")  # held open until FileLock.release
    except OSError as exc:  # read-only folder, no permission
        raise OutputError(exc.strerror or str(exc), file=path.parent) from None
    deadline = time.monotonic() + wait
    waiting = False
    while True:
        try:
            _try_lock(handle.fileno())
            return FileLock(handle)
        except OSError:
            if time.monotonic() >= deadline:
                handle.close()
                raise busy() from None
            if not waiting and on_wait is not None:
                on_wait()
            waiting = True
            time.sleep(_LOCK_POLL_SECONDS)


def _os_error(exc: BaseException) -> OSError | None:
    """The OSError behind ``exc`` (xlsxwriter wraps it in its own FileCreateError)."""
    seen: BaseException | None = exc
    for _ in range(4):
        if seen is None:
            return None
        if isinstance(seen, OSError):
            return seen
        arg = seen.args[0] if seen.args else None
        seen = arg if isinstance(arg, BaseException) else (seen.__cause__ or seen.__context__)
    return None


_NO_SPACE = {errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}


def _write_error(exc: OSError, target: Path, lang: Lang) -> OutputError:
    detail = exc.strerror or str(exc)
    code = "file_no_space" if exc.errno in _NO_SPACE else "file_write_failed"
    return OutputError(msg(code, lang, detail=detail), file=target)


@contextlib.contextmanager
def _temp_beside(path: Path, lang: Lang) -> Iterator[Path]:
    try:  # mkstemp makes it 0600: customer data in a temp file is for our eyes only
        fd, name = tempfile.mkstemp(
            prefix=f".{path.stem}.", suffix=".tmp" + path.suffix, dir=path.parent
        )
    except OSError as exc:  # no space even for an empty file, no permission
        raise _write_error(exc, path, lang) from None
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def _fill(
    tmp: Path, target: Path, write: Callable[[Path], object], *, backup: bool, keep: int
) -> None:
    """Write, flush to disk, and back up the file about to be replaced."""
    write(tmp)
    _set_mode(tmp, target)
    with open(tmp, "rb+") as fh:
        os.fsync(fh.fileno())
    if backup and target.exists():
        dest = backup_path_for(target)
        dest.parent.mkdir(exist_ok=True)
        try:
            shutil.copy2(target, dest)
        except OSError:  # a half-copied backup is no backup
            dest.unlink(missing_ok=True)
            raise
        _rotate(target, keep)


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
    with _temp_beside(target, lang) as tmp:
        try:
            _fill(tmp, target, write, backup=backup, keep=keep)
        except IntakeError:
            raise
        except Exception as exc:  # disk full, quota, file size limit: say so, keep the old file
            cause = _os_error(exc)
            if cause is None:
                raise
            raise _write_error(cause, target, lang) from exc
        try:
            os.replace(tmp, target)
        except PermissionError as exc:
            raise FileLockedError(msg("file_locked", lang), file=target) from exc
        except OSError as exc:
            raise OutputError(str(exc), file=target) from exc
    return target
