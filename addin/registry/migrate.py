"""Schema migrations (Alembic, shipped inside the package) and the schema check on opening.

``intake registry init`` runs :func:`upgrade`: it creates a new registry or brings an older one
up to date, in one transaction. Every other command runs :func:`check_schema` and refuses a
database that is not a registry, not initialised, older (run init) or newer (update intake).
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError

from ..schema import Lang
from .errors import RegistryError
from .tables import APP_ID, info
from .texts import msg

__all__ = ["MIGRATIONS", "alembic_config", "check_schema", "head_revision", "upgrade"]

#: The Alembic script folder (package data).
MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(conn: sa.Connection | None = None) -> AlembicConfig:
    """The Alembic configuration of the shipped migrations, running on ``conn``."""
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = conn
    return cfg


def head_revision() -> str:
    """The newest schema revision this version of intake knows."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def _current(conn: sa.Connection, lang: Lang, where: str) -> str | None:
    """The database's revision; None for an empty database; refuses a foreign one."""
    tables = set(sa.inspect(conn).get_table_names())
    if "alembic_version" not in tables or "registry_info" not in tables:
        if tables:
            raise RegistryError(msg("reg_not_registry", lang), file=where)
        return None
    app = conn.execute(sa.select(info.c.value).where(info.c.key == "app")).scalar()
    if app != APP_ID:
        raise RegistryError(msg("reg_not_registry", lang), file=where)
    return MigrationContext.configure(conn).get_current_revision()


def _known(revision: str) -> bool:
    try:
        return ScriptDirectory.from_config(alembic_config()).get_revision(revision) is not None
    except CommandError:
        return False


def upgrade(conn: sa.Connection, *, lang: Lang = "zh", where: str = "") -> None:
    """Create the registry's tables, or migrate an older schema to the newest."""
    current = _current(conn, lang, where)
    if current is not None and not _known(current):
        raise RegistryError(msg("reg_newer_schema", lang, revision=current), file=where)
    command.upgrade(alembic_config(conn), "head")


def check_schema(conn: sa.Connection, *, lang: Lang = "zh", where: str = "") -> str:
    """The revision of a usable registry; raises for anything else."""
    current = _current(conn, lang, where)
    if current is None:
        raise RegistryError(msg("reg_not_initialised", lang), file=where)
    if not _known(current):
        raise RegistryError(msg("reg_newer_schema", lang, revision=current), file=where)
    if current != head_revision():
        raise RegistryError(msg("reg_older_schema", lang, revision=current), file=where)
    return current
