"""Unusable registries: a clear message, exit code 2, nothing created or written half."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from addin.cli import main
from addin.jobs.registry import open_configured, run_registry_import, run_registry_init
from addin.registry import register as register_module
from addin.registry import secrets
from addin.registry.tables import customers, events, match_keys, source_records
from tests.mail_fixtures import MemoryKeyring
from tests.registry.conftest import ROLE_PASSWORD, PostgresServer, _free_port, row, write_sheet


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, [*args, "--lang", "en"])
    return result.exit_code, result.output


@pytest.fixture
def sheet(tmp_path: Path) -> Path:
    return write_sheet(tmp_path / "zhang.xlsx", [row("张三", "刘洋", mobile="139 1111 2222")])


def _counts(url: str) -> list[int]:
    registry = open_configured(None, url, "en")
    with registry.read() as conn:
        counts = [
            conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
            for t in (customers, source_records, match_keys, events)
        ]
    registry.close()
    return counts


def test_missing_registry_is_not_created(tmp_path: Path, sheet: Path) -> None:
    target = tmp_path / "nowhere" / "registry.sqlite"
    code, out = _run("check", str(sheet), "--registry", str(target))
    assert code == 2 and "no customer registry here yet; run intake registry init" in out
    assert not target.exists() and not target.parent.exists()


@pytest.mark.parametrize(
    "content", [b"PK\x03\x04 not a database at all", b"SQLite format 3\x00" + b"\x00" * 100]
)
def test_a_file_that_is_not_a_registry(tmp_path: Path, sheet: Path, content: bytes) -> None:
    target = tmp_path / "book.sqlite"
    target.write_bytes(content)
    before = _sha(target)
    for args in (("check", str(sheet)), ("registry", "import", str(sheet)), ("registry", "init")):
        code, out = _run(*args, "--registry", str(target))
        assert code == 2 and "not a customer registry" in out, out
    assert _sha(target) == before


def test_another_programs_database(tmp_path: Path, sheet: Path) -> None:
    target = tmp_path / "other.sqlite"
    with sqlite3.connect(target) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    before = _sha(target)
    code, out = _run("registry", "init", "--registry", str(target))
    assert code == 2 and "not a customer registry" in out
    assert _sha(target) == before


def test_newer_schema_is_refused(registry_url: str, sheet: Path) -> None:
    run_registry_init(url=registry_url)
    engine = sa.create_engine(
        registry_url if "://" in registry_url else f"sqlite:///{registry_url}"
    )
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '0099'"))
    engine.dispose()
    for args in (("check", str(sheet)), ("registry", "import", str(sheet)), ("registry", "init")):
        code, out = _run(*args, "--registry", registry_url)
        assert code == 2 and "newer intake (schema 0099)" in out, out


def test_locked_sqlite_file(tmp_path: Path, sheet: Path) -> None:
    target = tmp_path / "registry.sqlite"
    run_registry_init(url=str(target))
    config = tmp_path / "intake.toml"
    config.write_text("[registry]\nlock_timeout_s = 0.2\n", encoding="utf-8")
    holder = sqlite3.connect(target, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another program writing and not letting go
    try:
        code, out = _run(
            "registry", "import", str(sheet), "--registry", str(target), "--config", str(config)
        )
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert code == 2 and "locked by another program" in out and "Nothing was written" in out
    assert _counts(str(target)) == [0, 0, 0, 0]


def test_failure_mid_import_writes_nothing(
    registry_url: str, sheet: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run_registry_init(url=registry_url)

    def disk_full(*_args: object, **_kw: object) -> None:
        raise sa.exc.OperationalError("INSERT INTO events", {}, Exception("disk I/O error"))

    monkeypatch.setattr(register_module, "add_events", disk_full)  # after customers and keys
    with pytest.raises(Exception, match="disk I/O error"):
        run_registry_import([sheet], url=registry_url)
    assert _counts(registry_url) == [0, 0, 0, 0]


def test_unreachable_server(sheet: Path) -> None:
    url = f"postgresql+psycopg://sales@127.0.0.1:{_free_port()}/registry"
    code, out = _run("check", str(sheet), "--registry", url)
    assert code == 2 and "cannot reach the registry server" in out


def test_wrong_password_and_the_right_one(
    postgres_server: PostgresServer, pg_database: str, sheet: Path, memory_keyring: MemoryKeyring
) -> None:
    url = postgres_server.url(pg_database, user="rep_pw", tcp=True)
    memory_keyring.set_password(secrets.SERVICE, "rep_pw", "wrong")
    code, out = _run("registry", "init", "--registry", url)
    assert code == 2 and "refused the user name or password" in out
    assert ROLE_PASSWORD not in out and "wrong" not in out
    memory_keyring.set_password(secrets.SERVICE, "rep_pw", ROLE_PASSWORD)
    code, out = _run("registry", "init", "--registry", url)
    assert code == 0, out


def test_password_in_the_url_is_refused(postgres_server: PostgresServer, pg_database: str) -> None:
    url = postgres_server.url(pg_database, user="rep_pw", tcp=True).replace(
        "rep_pw@", f"rep_pw:{ROLE_PASSWORD}@"
    )
    code, out = _run("registry", "init", "--registry", url)
    assert code == 2 and "do not put the password in the URL" in out
    assert ROLE_PASSWORD not in out


def test_missing_database(postgres_server: PostgresServer) -> None:
    code, out = _run("registry", "status", "--registry", postgres_server.url("no_such_db"))
    assert code == 2 and "no such database" in out
