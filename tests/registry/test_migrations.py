"""The shipped migrations create exactly the tables the code uses; init upgrades and is repeatable."""

from __future__ import annotations

import os
from pathlib import Path

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from addin.jobs.registry import open_configured, run_registry_init
from addin.registry import default_registry_path, head_revision, metadata
from addin.registry.migrate import _config, _revisions


def test_migrations_match_the_tables(registry_url: str) -> None:
    run_registry_init(url=registry_url)
    registry = open_configured(None, registry_url, "en")
    with registry.read() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
        version = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one()
    registry.close()
    assert diff == []
    assert version == head_revision()


def test_init_twice_is_harmless_and_the_file_is_private(tmp_path: Path) -> None:
    url = str(tmp_path / "deep" / "registry.sqlite")
    first = run_registry_init(url=url, lang="en")
    second = run_registry_init(url=url, lang="en")
    assert first.message == second.message and "schema 0001" in first.message
    assert os.stat(url).st_mode & 0o777 == 0o600
    registry = open_configured(None, url, "en")
    with registry.read() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    registry.close()


def test_the_default_registry_is_in_the_data_folder() -> None:
    assert default_registry_path().name == "registry.sqlite"
    assert "customer-intake" in default_registry_path().parts


def test_revisions_read_from_the_scripts_are_alembics() -> None:
    # opening a registry reads the revisions without Alembic (start-up); they must be its own
    scripts = ScriptDirectory.from_config(_config())
    assert head_revision() == scripts.get_current_head()
    assert _revisions() == {s.revision: s.down_revision for s in scripts.walk_revisions()}
