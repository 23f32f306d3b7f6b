"""Opening a registry: a SQLite file (default) or a PostgreSQL database, checked before use.

Every way a registry can be unusable ends in one :class:`RegistryError` naming the registry
and what to do: no registry there yet, not a registry, made by a newer version, locked by
another program, server unreachable, wrong password. Nothing is written before these checks.
"""

from __future__ import annotations

import os
import random
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
import sqlalchemy.exc

from ..schema import Lang
from .clock import Clock, SystemClock
from .errors import RegistryError
from .migrate import check_schema, upgrade
from .secrets import registry_password
from .settings import RegistrySettings, default_registry_path
from .texts import msg

__all__ = ["Registry", "open_registry", "registry_url"]

_SQLITE_MAGIC = b"SQLite format 3\x00"


@dataclass
class Registry:
    """An open registry: the engine, its rules, its clock and how to name it to the user."""

    engine: sa.Engine
    settings: RegistrySettings
    where: str
    lang: Lang = "zh"
    clock: Clock = field(default_factory=SystemClock)
    path: Path | None = None  # the SQLite file, None on PostgreSQL

    @property
    def dialect(self) -> str:
        """'sqlite' or 'postgresql'."""
        return self.engine.dialect.name

    @contextmanager
    def read(self) -> Iterator[sa.Connection]:
        """A read-only transaction (never blocks or is blocked by writers)."""
        with self._errors(), self.engine.connect() as conn, conn.begin():
            yield conn

    @contextmanager
    def write(self) -> Iterator[sa.Connection]:
        """A write transaction: all of it is kept or none of it (SQLite: one writer at a time)."""
        with self._errors(), self.engine.connect() as conn:
            conn = conn.execution_options(registry_write=True)
            with self._begin(conn):
                yield conn

    def _begin(self, conn: sa.Connection) -> sa.RootTransaction:
        """Begin, waiting up to ``lock_timeout_s`` for the write lock.

        SQLite's own busy handler gives up at once where it suspects a deadlock, which under
        many writers on a loaded machine happens to a BEGIN that only has to wait its turn.
        """
        deadline = time.monotonic() + self.settings.lock_timeout_s
        while True:
            try:
                return conn.begin()
            except sa.exc.OperationalError as exc:
                if "locked" not in str(exc.orig) or time.monotonic() > deadline:
                    raise
                conn.rollback()
                time.sleep(0.01 + random.random() * 0.05)

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except sa.exc.DBAPIError as exc:
            if isinstance(exc, sa.exc.IntegrityError):
                raise  # a lost race: the caller re-reads and retries
            raise explain(exc, self.where, self.lang) from exc

    def close(self) -> None:
        """Release the connections."""
        self.engine.dispose()


def explain(exc: sa.exc.DBAPIError, where: str, lang: Lang) -> RegistryError:
    """The error a user can act on for a database error."""
    text = str(exc.orig).lower()
    if "row-level security" in text:
        code = "rls_not_yours"
    elif "permission denied" in text:
        return RegistryError(msg("rls_denied", lang, detail=str(exc.orig).strip()), file=where)
    elif "locked" in text or "busy" in text:
        code = "reg_locked"
    elif "file is not a database" in text or "malformed" in text:
        code = "reg_not_registry"
    elif "password" in text or "authentication" in text:
        code = "reg_bad_password"
    elif "does not exist" in text and "database" in text:
        code = "reg_no_database"
    elif isinstance(exc, sa.exc.OperationalError) and ("connect" in text or "timeout" in text):
        code = "reg_unreachable"
    else:
        return RegistryError(msg("reg_db_error", lang, detail=str(exc.orig).strip()), file=where)
    return RegistryError(msg(code, lang), file=where)


def registry_url(settings: RegistrySettings) -> tuple[sa.URL, Path | None]:
    """The database URL and, for SQLite, the file (a plain path means a SQLite file)."""
    raw = settings.url
    if not raw:
        path = default_registry_path()
    elif "://" not in raw:
        path = Path(raw).expanduser()
    else:
        url = sa.make_url(raw)
        if url.get_backend_name() == "sqlite":
            if not url.database:
                raise RegistryError("an in-memory SQLite registry would be lost", file=raw)
            return url, Path(url.database).expanduser()
        return url, None
    return sa.URL.create("sqlite+pysqlite", database=str(path)), path


def _sqlite_engine(path: Path, settings: RegistrySettings) -> sa.Engine:
    engine = sa.create_engine(
        sa.URL.create("sqlite+pysqlite", database=str(path)),
        connect_args={"timeout": settings.lock_timeout_s},
        poolclass=sa.pool.NullPool,
    )

    @sa.event.listens_for(engine, "connect")
    def _connect(dbapi_conn: Any, _record: object) -> None:
        dbapi_conn.isolation_level = None  # transactions are ours (BEGIN below), not the driver's
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {int(settings.lock_timeout_s * 1000)}")
        cursor.execute("PRAGMA journal_mode = WAL")  # readers never wait for the writer
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _begin(conn: sa.Connection) -> None:
        # A writer takes the write lock first (IMMEDIATE): matching and inserting then see the
        # same registry, so two reps registering one customer cannot both find it "new".
        immediate = conn.get_execution_options().get("registry_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def _probe(path: Path, lang: Lang) -> None:
    """Refuse a file that is not a registry, reading only (another program's file stays as is)."""
    where = str(path)
    with path.open("rb") as fh:
        if fh.read(16) != _SQLITE_MAGIC:
            raise RegistryError(msg("reg_not_registry", lang), file=where)
    try:
        probe = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=1)
        try:
            names = {
                r[0] for r in probe.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            }
        finally:
            probe.close()
    except sqlite3.DatabaseError as exc:
        code = "reg_locked" if "locked" in str(exc) else "reg_not_registry"
        raise RegistryError(msg(code, lang), file=where) from None
    if names and "registry_info" not in names:
        raise RegistryError(msg("reg_not_registry", lang), file=where)


def _open_sqlite(path: Path, settings: RegistrySettings, *, create: bool, lang: Lang) -> sa.Engine:
    where = str(path)
    if path.is_dir():
        raise RegistryError(msg("reg_not_registry", lang), file=where)
    if not path.exists() or path.stat().st_size == 0:
        if not create:
            raise RegistryError(msg("reg_missing", lang), file=where)
        path.parent.mkdir(parents=True, exist_ok=True)
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    else:
        _probe(path, lang)
    os.chmod(path, 0o600)  # customers' contact data: for the owner of the file only
    engine = _sqlite_engine(path, settings)
    try:
        with engine.connect() as conn:
            mode = conn.exec_driver_sql("PRAGMA journal_mode").scalar()
            if mode != "wal":
                raise RegistryError(msg("reg_locked", lang), file=where)
    except sa.exc.DBAPIError as exc:
        engine.dispose()
        raise explain(exc, where, lang) from None
    return engine


def _open_postgresql(url: sa.URL, settings: RegistrySettings, lang: Lang) -> sa.Engine:
    if url.password:
        raise RegistryError(msg("reg_password_in_url", lang), file=url.render_as_string())
    if url.username:
        password = registry_password(url.username)
        if password:
            url = url.set(password=password)
    return sa.create_engine(
        url,
        connect_args={"connect_timeout": max(1, round(settings.lock_timeout_s))},
        pool_pre_ping=True,
    )


def open_registry(
    settings: RegistrySettings,
    *,
    lang: Lang = "zh",
    clock: Clock | None = None,
    create: bool = False,
) -> Registry:
    """Open and check the registry ``settings`` names; with ``create``, create or upgrade it.

    Args:
        settings: from :func:`load_registry_settings`.
        lang: language of the messages.
        clock: the registry clock (default: the server's, or this computer's for SQLite).
        create: make the registry (or bring its schema up to date) instead of refusing.

    Raises:
        RegistryError: missing, not a registry, newer schema, locked, unreachable, bad password.

    Example:
        >>> reg = open_registry(load_registry_settings(url="team.sqlite"), create=True)  # doctest: +SKIP
    """
    url, path = registry_url(settings)
    if path is not None:
        engine = _open_sqlite(path, settings, create=create, lang=lang)
        where = str(path)
    else:
        engine = _open_postgresql(url, settings, lang)
        where = url.render_as_string(hide_password=True)
    registry = Registry(engine, settings, where, lang, clock or SystemClock(), path)
    try:
        with registry.write() if create else registry.read() as conn:
            if create:
                upgrade(conn, lang=lang, where=where)
            check_schema(conn, lang=lang, where=where)
    except BaseException:
        registry.close()
        raise
    return registry
