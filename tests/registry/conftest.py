"""Registry fixtures: a throwaway PostgreSQL cluster (session), a fresh registry per test.

The cluster is a real PostgreSQL server (Debian's ``postgresql`` package, installed by
``.ci/run``) started in a temporary folder on a free port. Debian's PostgreSQL refuses to run
as root, so as root it runs as the ``postgres`` user. Without the binaries the PostgreSQL
variants are skipped locally and fail in CI (``CI`` set): CI must test both databases.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import psycopg
import pytest

from addin.registry import FixedClock
from addin.schema import label

NOW = dt.datetime(2026, 11, 23, 9, 0, 0)
ROLE_PASSWORD = "right-horse-battery-7"


def _pg_bindir() -> Path | None:
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    return versions[-1].parent if versions else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class PostgresServer:
    """A running throwaway cluster: superuser ``postgres`` over the socket in ``socket_dir``."""

    bindir: Path
    socket_dir: Path
    port: int

    def admin(self, dbname: str = "postgres") -> psycopg.Connection[Any]:
        """A superuser connection (autocommit) over the Unix socket."""
        return psycopg.connect(
            host=str(self.socket_dir),
            port=self.port,
            user="postgres",
            dbname=dbname,
            autocommit=True,
        )

    def url(self, dbname: str, user: str = "postgres", tcp: bool = False) -> str:
        """The registry URL of database ``dbname`` (socket: no password; TCP: scram password)."""
        if tcp:
            return f"postgresql+psycopg://{user}@127.0.0.1:{self.port}/{dbname}"
        return f"postgresql+psycopg://{user}@/{dbname}?host={self.socket_dir}&port={self.port}"


def _as_postgres(args: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return args
    return ["runuser", "-u", "postgres", "--", *args]


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """A real PostgreSQL server for the whole session (skipped only without the binaries)."""
    bindir = _pg_bindir()
    if bindir is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL binaries not found: .ci/run installs Debian's postgresql")
        pytest.skip("PostgreSQL is not installed (apt-get install postgresql)")
    base = Path(tempfile.mkdtemp(prefix="intake-pg-"))
    base.chmod(0o755)
    if os.geteuid() == 0:
        shutil.chown(base, "postgres", "postgres")
    data, port = base / "data", _free_port()
    subprocess.run(
        _as_postgres([str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "-E", "UTF8",
                      "--locale=C", "--auth-local=trust", "--auth-host=scram-sha-256"]),
        check=True, capture_output=True,
    )  # fmt: skip
    options = (
        f"-k {base} -p {port} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100"
    )
    subprocess.run(
        _as_postgres([str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(base / "log"), "-w", "start"]),
        check=True, capture_output=True,
    )  # fmt: skip
    server = PostgresServer(bindir, base, port)
    try:
        with server.admin() as conn:
            conn.execute(f"CREATE ROLE rep_pw LOGIN SUPERUSER PASSWORD '{ROLE_PASSWORD}'")
        yield server
    finally:
        subprocess.run(
            _as_postgres([str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            check=False, capture_output=True,
        )  # fmt: skip
        shutil.rmtree(base, ignore_errors=True)


_COUNTER = itertools.count(1)


@pytest.fixture
def pg_database(postgres_server: PostgresServer) -> str:
    """A new, empty database on the throwaway server; its name."""
    name = f"reg_{os.getpid()}_{next(_COUNTER)}"
    with postgres_server.admin() as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return name


@pytest.fixture(autouse=True)
def _registry_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, memory_keyring: object) -> None:
    """No test touches the user's data folder or keyring."""
    monkeypatch.setenv("INTAKE_REGISTRY", str(tmp_path / "default-registry.sqlite"))
    monkeypatch.delenv("INTAKE_CONFIG", raising=False)


@pytest.fixture(params=["sqlite", "postgresql"])
def registry_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A registry location on each database (not yet initialised)."""
    if request.param == "sqlite":
        return str(tmp_path / "registry.sqlite")
    server: PostgresServer = request.getfixturevalue("postgres_server")
    return server.url(request.getfixturevalue("pg_database"))


@pytest.fixture
def clock() -> FixedClock:
    """The registry clock, standing still at :data:`NOW` until moved."""
    return FixedClock(NOW)


def write_sheet(path: Path, rows: list[dict[str, Any]]) -> Path:
    """An intake workbook (Chinese headers) with ``rows`` (field key -> value)."""
    cols = list(dict.fromkeys(k for r in rows for k in r))
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "客户信息"
    ws.append([label(k, "zh") for k in cols])
    for r in rows:
        ws.append([r.get(k) for k in cols])
    wb.save(path)
    return path


def row(rep: str, name: str, **fields: Any) -> dict[str, Any]:
    """A valid intake row of ``rep`` (person unless a company is given)."""
    kind = "企业" if fields.get("company") else "个人"
    return {
        "rep": rep,
        "registered_on": dt.date(2024, 3, 15),
        "customer_name": name,
        "customer_type": kind,
        **fields,
    }
