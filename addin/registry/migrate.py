"""Schema migrations (Alembic, shipped inside the package) and the schema check on opening.

``intake registry init`` runs :func:`upgrade`: it creates a new registry or brings an older one
up to date, in one transaction. Every other command runs :func:`check_schema` and refuses a
database that is not a registry, not initialised, older (run init) or newer (update intake).
"""

from __future__ import annotations

import ast
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa

from ..schema import Lang
from .errors import RegistryError
from .tables import APP_ID, info
from .texts import msg

if TYPE_CHECKING:
    from alembic.config import Config as AlembicConfig

__all__ = ["MIGRATIONS", "alembic_config", "check_schema", "head_revision", "upgrade"]

#: The Alembic script folder (package data).
MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(conn: sa.Connection | None = None) -> AlembicConfig:
    """The Alembic configuration of the shipped migrations, running on ``conn``."""
    # Alembic is imported only to migrate: opening a registry reads the revisions from the
    # scripts' own lines below, without Alembic's ~0.15 s of start-up (python -X importtime)
    # that every `intake check` would pay.
    from alembic.config import Config as AlembicConfig

    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = conn
    return cfg


@lru_cache(maxsize=1)
def _revisions() -> dict[str, str | None]:
    """Each migration script's ``revision`` -> its ``down_revision``, read from the scripts."""
    out: dict[str, str | None] = {}
    for script in sorted((MIGRATIONS / "versions").glob("*.py")):
        found: dict[str, object] = {}
        for node in ast.parse(script.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
                for target in node.targets:
                    if isinstance(target, ast.Name) and target.id in ("revision", "down_revision"):
                        found[target.id] = node.value.value
        if "revision" in found:
            down = found.get("down_revision")
            out[str(found["revision"])] = None if down is None else str(down)
    return out


def head_revision() -> str:
    """The newest schema revision this version of intake knows."""
    revisions = _revisions()
    heads = set(revisions) - {down for down in revisions.values() if down}
    assert len(heads) == 1, f"one head revision expected, found {sorted(heads)}"
    return heads.pop()


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
    versions = [str(v[0]) for v in conn.exec_driver_sql("SELECT version_num FROM alembic_version")]
    if len(versions) > 1:  # branches: never made by intake
        raise RegistryError(msg("reg_not_registry", lang), file=where)
    return versions[0] if versions else None


def _known(revision: str) -> bool:
    return revision in _revisions()


def upgrade(conn: sa.Connection, *, lang: Lang = "zh", where: str = "") -> None:
    """Create the registry's tables, or migrate an older schema to the newest."""
    current = _current(conn, lang, where)
    if current is not None and not _known(current):
        raise RegistryError(msg("reg_newer_schema", lang, revision=current), file=where)
    from alembic import command  # only to migrate (start-up: see alembic_config)

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
