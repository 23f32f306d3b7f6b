"""Backups of the registry and restoring one: dated files in a folder, the newest ``keep`` kept.

SQLite: the online backup API (a consistent copy while reps keep checking). PostgreSQL:
``pg_dump --format=custom`` / ``pg_restore``, with the password from the keyring in the
child's environment only. A backup is written under a temporary name and renamed when
complete, so a cut-off backup never looks like a good one. A restore goes into an empty
registry only: it never overwrites customers.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import sqlalchemy as sa

from ..schema import Lang
from .connect import Registry
from .errors import RegistryError
from .tables import customers, events
from .texts import msg

__all__ = ["backup_registry", "is_empty", "restore_registry"]

_PREFIX = "registry-"


def _stamp() -> str:
    return dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")


def _rotate(folder: Path, suffix: str, keep: int) -> None:
    backups = sorted(folder.glob(f"{_PREFIX}*{suffix}"))
    for old in backups[:-keep]:
        old.unlink()


def _libpq(registry: Registry) -> tuple[str, dict[str, str]]:
    """A libpq URI without the password, and the environment carrying it."""
    url = registry.engine.url
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _tool(name: str, lang: Lang) -> str:
    path = shutil.which(name)
    if not path:
        raise RegistryError(msg("reg_no_pg_tool", lang, tool=name))
    return path


def _run(args: list[str], env: dict[str, str], lang: Lang) -> None:
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if done.returncode:
        raise RegistryError(
            msg(
                "reg_pg_tool_failed",
                lang,
                tool=Path(args[0]).name,
                detail=done.stderr.strip()[-500:],
            )
        )


def backup_registry(registry: Registry, folder: str | Path) -> Path:
    """Write a dated backup into ``folder``; keeps the newest ``keep_backups``. Returns its path."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    lang = registry.lang
    if registry.path is not None:
        target = out / f"{_PREFIX}{_stamp()}.sqlite"
        tmp = target.with_suffix(".partial")
        src = sqlite3.connect(registry.path, timeout=registry.settings.lock_timeout_s)
        dst = sqlite3.connect(tmp)
        try:
            with dst:
                src.backup(dst)
            dst.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        except sqlite3.Error as exc:
            tmp.unlink(missing_ok=True)
            raise RegistryError(
                msg("reg_db_error", lang, detail=str(exc)), file=registry.where
            ) from None
        finally:
            dst.close()
            src.close()
        os.chmod(tmp, 0o600)
        tmp.replace(target)
        _rotate(out, ".sqlite", registry.settings.keep_backups)
        return target
    target = out / f"{_PREFIX}{_stamp()}.dump"
    tmp = target.with_suffix(".partial")
    uri, env = _libpq(registry)
    try:
        _run(
            [
                _tool("pg_dump", lang),
                "--format=custom",
                "--no-owner",
                f"--file={tmp}",
                f"--dbname={uri}",
            ],
            env,
            lang,
        )
    except RegistryError:
        tmp.unlink(missing_ok=True)
        raise
    os.chmod(tmp, 0o600)
    tmp.replace(target)
    _rotate(out, ".dump", registry.settings.keep_backups)
    return target


def is_empty(conn: sa.Connection) -> bool:
    """True when the registry holds no customer and no event."""
    for table in (customers, events):
        if conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one():
            return False
    return True


def restore_registry(registry: Registry, backup: str | Path) -> None:
    """Restore ``backup`` into ``registry``, which must be empty (just initialised)."""
    source = Path(backup)
    lang = registry.lang
    if not source.is_file():
        raise RegistryError(msg("reg_no_backup", lang), file=source)
    with registry.read() as conn:
        if not is_empty(conn):
            raise RegistryError(msg("reg_restore_not_empty", lang), file=registry.where)
    if registry.path is not None:
        if source.suffix != ".sqlite":
            raise RegistryError(msg("reg_backup_kind", lang), file=source)
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            ok = src.execute("SELECT value FROM registry_info WHERE key = 'app'").fetchone()
        except sqlite3.DatabaseError:
            ok = None
        if not ok:
            src.close()
            raise RegistryError(msg("reg_not_registry", lang), file=source)
        registry.close()
        dst = sqlite3.connect(registry.path, timeout=registry.settings.lock_timeout_s)
        try:
            src.backup(dst)  # replaces the empty registry page by page, in one transaction
            dst.execute("PRAGMA journal_mode = WAL")
        finally:
            dst.close()
            src.close()
        return
    if source.suffix != ".dump":
        raise RegistryError(msg("reg_backup_kind", lang), file=source)
    uri, env = _libpq(registry)
    registry.close()
    _run(
        [
            _tool("pg_restore", lang),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            f"--dbname={uri}",
            str(source),
        ],
        env,
        lang,
    )
