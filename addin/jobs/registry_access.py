"""The administrator's access jobs on a team PostgreSQL: logins, managers (``intake registry
grant | revoke | managers | logins``).

Like :mod:`addin.jobs.registry`: open the registry, one transaction, a message and an exit code.
They run with the registry owner's login (the one that ran ``intake registry init``); a rep's
login is refused, and so is a SQLite registry (one person's file, nothing to share).
"""

from __future__ import annotations

from .. import audit
from ..config import Config
from ..managers import load_managers
from ..registry.access import grant_login, list_logins, revoke_login, set_managers
from ..registry.texts import msg
from ..schema import Lang
from .common import JobOutcome
from .registry import open_configured

__all__ = [
    "run_registry_grant",
    "run_registry_logins",
    "run_registry_managers",
    "run_registry_revoke",
]


def run_registry_grant(
    login: str,
    person: str,
    *,
    config: Config | None = None,
    url: str | None = None,
    lang: Lang = "zh",
) -> JobOutcome:
    """Let PostgreSQL login ``login`` read and register as rep ``person`` (its password: keyring)."""
    registry = open_configured(config, url, lang)
    try:
        with registry.write() as conn:
            text = grant_login(conn, login, person, registry.clock.now(conn), lang=lang)
    finally:
        registry.close()
    audit.record("registry:grant", message=f"{login} -> {person}")
    return JobOutcome(text)


def run_registry_revoke(
    login: str, *, config: Config | None = None, url: str | None = None, lang: Lang = "zh"
) -> JobOutcome:
    """Take the registry away from ``login``."""
    registry = open_configured(config, url, lang)
    try:
        with registry.write() as conn:
            text = revoke_login(conn, login, lang=lang)
    finally:
        registry.close()
    audit.record("registry:revoke", message=login)
    return JobOutcome(text)


def run_registry_managers(
    config: Config | None = None, url: str | None = None, lang: Lang = "zh"
) -> JobOutcome:
    """Copy the ``[managers]`` map (rep -> manager) into the registry, replacing the old one."""
    team = {rep: m.name for rep, m in load_managers(config).entries.items()}
    registry = open_configured(config, url, lang)
    try:
        with registry.write() as conn:
            text = set_managers(conn, team, lang=lang)
    finally:
        registry.close()
    audit.record("registry:managers", counts={"reps": len(team)})
    return JobOutcome(text)


def run_registry_logins(
    config: Config | None = None, url: str | None = None, lang: Lang = "zh"
) -> JobOutcome:
    """Every login, its rep and that rep's manager."""
    registry = open_configured(config, url, lang)
    try:
        with registry.read() as conn:
            rows = list_logins(conn, lang=lang)
    finally:
        registry.close()
    lines = [msg("rls_login_line", lang, login=a, person=b, manager=c or "-") for a, b, c in rows]
    return JobOutcome("\n".join(lines))
