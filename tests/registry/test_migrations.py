"""The shipped migrations create exactly the tables the code uses; init upgrades and is repeatable."""

from __future__ import annotations

import os
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from addin.jobs.registry import open_configured, run_registry_init
from addin.registry import default_registry_path, head_revision, load_registry_settings, metadata
from addin.registry.connect import registry_url as registry_url_of
from addin.registry.migrate import _revisions, alembic_config
from addin.registry.tables import access_metadata, customers
from tests.registry.conftest import NOW


def test_migrations_match_the_tables(registry_url: str) -> None:
    run_registry_init(url=registry_url)
    registry = open_configured(None, registry_url, "en")
    expected = sa.MetaData()
    for table in metadata.tables.values():
        table.to_metadata(expected)
    if registry.dialect == "postgresql":  # who is who and who manages whom: a team's only
        for table in access_metadata.tables.values():
            table.to_metadata(expected)
    with registry.read() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), expected)
        names = set(sa.inspect(conn).get_table_names())
        version = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one()
    registry.close()
    assert diff == []
    assert version == head_revision()
    assert ("registry_logins" in names) == (registry.dialect == "postgresql")


def test_init_twice_is_harmless_and_the_file_is_private(tmp_path: Path) -> None:
    url = str(tmp_path / "deep" / "registry.sqlite")
    first = run_registry_init(url=url, lang="en")
    second = run_registry_init(url=url, lang="en")
    assert first.message == second.message and "schema 0002" in first.message
    assert os.stat(url).st_mode & 0o777 == 0o600
    registry = open_configured(None, url, "en")
    with registry.read() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    registry.close()


def test_the_default_registry_is_in_the_data_folder() -> None:
    assert default_registry_path().name == "registry.sqlite"
    assert "customer-intake" in default_registry_path().parts


def test_init_upgrades_a_0001_registry_keeping_its_customers(registry_url: str) -> None:
    url, _path = registry_url_of(load_registry_settings(url=registry_url))
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0001")
        conn.execute(
            customers.insert().values(
                kind="person",
                display_name="陈静",
                owner="张三",
                status="owned",
                registered_at=NOW,
                registered_by="张三",
                owned_since=NOW,
                has_deal=False,
                version=1,
            )  # fmt: skip
        )
    engine.dispose()
    assert "schema 0002" in run_registry_init(url=registry_url, lang="en").message
    registry = open_configured(None, registry_url, "en")
    with registry.read() as conn:
        assert conn.execute(sa.select(customers.c.owner)).scalars().all() == ["张三"]
        if registry.dialect == "postgresql":
            rls = conn.execute(
                sa.text("SELECT relrowsecurity FROM pg_class WHERE relname = 'customers'")
            ).scalar_one()
            assert rls is True
    registry.close()


def test_revisions_read_from_the_scripts_are_alembics() -> None:
    # opening a registry reads the revisions without Alembic (start-up); they must be its own
    scripts = ScriptDirectory.from_config(alembic_config())
    assert head_revision() == scripts.get_current_head()
    assert _revisions() == {s.revision: s.down_revision for s in scripts.walk_revisions()}
