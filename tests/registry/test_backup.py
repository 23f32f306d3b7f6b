"""Backups and restores: every table comes back identical; rotation keeps the newest eight."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from addin.cli import main
from addin.jobs.registry import (
    open_configured,
    run_registry_import,
    run_registry_init,
)
from addin.jobs.registry_admin import (
    run_registry_backup,
    run_registry_claim,
    run_registry_release,
    run_registry_restore,
)
from addin.registry import FixedClock
from addin.registry.tables import metadata
from tests.registry.conftest import PostgresServer, row, write_sheet


def _dump(url: str) -> dict[str, list[tuple[object, ...]]]:
    registry = open_configured(None, url, "en")
    with registry.read() as conn:
        tables = {
            t.name: [tuple(r) for r in conn.execute(sa.select(t).order_by(*t.primary_key.columns))]
            for t in metadata.sorted_tables
        }
        tables["alembic_version"] = [
            tuple(r) for r in conn.execute(sa.text("SELECT * FROM alembic_version"))
        ]
    registry.close()
    return tables


@pytest.fixture
def filled(registry_url: str, tmp_path: Path, clock: FixedClock) -> str:
    run_registry_init(url=registry_url)
    rows = [row("张三", f"客户{i}", mobile=f"139 0000 {i:04d}") for i in range(30)]
    rows += [row("李四", "王经理", company="北京华信科技有限公司", mobile="136 0000 0001")]
    run_registry_import([write_sheet(tmp_path / "a.xlsx", rows)], url=registry_url, clock=clock)
    run_registry_release("客户3", "张三", reason="no budget", url=registry_url, clock=clock)
    run_registry_claim("客户3", "李四", url=registry_url, clock=clock)
    return registry_url


def _empty_target(registry_url: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    if "://" not in registry_url:
        return str(tmp_path / "restored" / "registry.sqlite")
    server: PostgresServer = request.getfixturevalue("postgres_server")
    name = "restored_" + Path(tmp_path).name.replace("-", "_").lower()[:40]
    with server.admin() as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return server.url(name)


def test_restore_into_an_empty_registry_gives_every_table_back(
    filled: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    outcome = run_registry_backup(tmp_path / "backups", url=filled, lang="en")
    (backup,) = sorted((tmp_path / "backups").iterdir())
    assert str(backup) in outcome.message and backup.stat().st_mode & 0o777 == 0o600
    target = _empty_target(filled, tmp_path, request)
    run_registry_init(url=target)
    done = run_registry_restore(backup, url=target, lang="en")
    assert "31 customers" in done.message
    original, restored = _dump(filled), _dump(target)
    assert set(original) == {*(t.name for t in metadata.sorted_tables), "alembic_version"}
    assert all(original[t] for t in ("customers", "source_records", "match_keys", "events", "reps"))
    assert restored == original
    # and the restored registry works: the next claim is refused as taken
    assert run_registry_claim("客户3", "王五", url=target, lang="en").exit_code == 1


def test_restore_never_overwrites_customers(filled: str, tmp_path: Path) -> None:
    run_registry_backup(tmp_path / "backups", url=filled)
    (backup,) = sorted((tmp_path / "backups").iterdir())
    before = _dump(filled)
    result = CliRunner().invoke(
        main, ["registry", "restore", str(backup), "--registry", filled, "--lang", "en"]
    )
    assert result.exit_code == 2 and "already has customers" in result.output
    assert _dump(filled) == before


def test_rotation_keeps_the_newest_eight(tmp_path: Path) -> None:
    url = str(tmp_path / "registry.sqlite")
    run_registry_init(url=url)
    for _ in range(10):
        run_registry_backup(tmp_path / "backups", url=url)
    kept = sorted(p.name for p in (tmp_path / "backups").iterdir())
    assert len(kept) == 8 and all(p.startswith("registry-") and p.endswith(".sqlite") for p in kept)


def test_a_backup_that_is_not_a_registry(tmp_path: Path) -> None:
    url = str(tmp_path / "registry.sqlite")
    run_registry_init(url=url)
    fake = tmp_path / "registry-20260101-000000-000000.sqlite"
    fake.write_bytes(b"not a database")
    result = CliRunner().invoke(
        main, ["registry", "restore", str(fake), "--registry", url, "--lang", "en"]
    )
    assert result.exit_code == 2 and "not a customer registry" in result.output
