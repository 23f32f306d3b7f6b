"""Who may read what on a team PostgreSQL registry: logins, managers, the definer check.

Each rep connects with their own login. Row-level security (migration 0002) lets a login read
the full record (customer row, source records, match keys, events, decisions) only of the
customers its rep owns; a manager also reads the customers of the reps ``registry_managers``
puts under them, and every such read of another rep's row is a ``manager_read`` event. Of
everyone else's customers a rep learns only what the entry-time check answers, through two
``SECURITY DEFINER`` functions: per matching key (by its place in the list asked) the customer's
number, status, owner, since, protected until and registration time (:func:`checked_lookup`), and of the candidates' identity
keys only whether they equal one of the rep's own values (``*`` otherwise), which is all the
matching rules need (different credit codes rule a pair out; another city is only *possible*).

The registry's owner (the administrator's login, or a superuser) is not subject to the
policies and works as before; it alone runs :func:`grant_login`, :func:`revoke_login` and
:func:`set_managers`. A SQLite registry is one person's file and has none of this.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import pandas as pd
import sqlalchemy as sa

from ..schema import Lang
from .errors import RegistryError
from .secrets import registry_password
from .tables import logins, managers
from .texts import msg

__all__ = [
    "IdentityRow",
    "KeyHit",
    "checked_lookup",
    "grant_login",
    "list_logins",
    "restricted",
    "revoke_login",
    "set_managers",
]

#: (kind, value, customer_id, status, owner, owned_since, protected_until, registered_at)
KeyHit = tuple[str, str, int, str, str | None, dt.datetime | None, dt.datetime | None, dt.datetime]
#: (customer_id, kind, value or "*")
IdentityRow = tuple[int, str, str]

_INFO_KEY = "registry_rls"
#: Tables a login reads (row-level security decides which rows) and writes.
_READ = ("registry_info", "alembic_version", "reps", "customers", "source_records",
         "match_keys", "decisions", "events")  # fmt: skip
_INSERT = ("reps", "customers", "source_records", "match_keys", "events")
_FUNCTIONS = (
    "registry_me()",
    "registry_may_read(text, integer, text)",
    "registry_may_read_customer(integer, text)",
    "registry_may_read_by(integer, text, text, text)",
    "registry_owns(integer)",
    "registry_check(text[], text[])",
    "registry_check_identity(text[], text[], text[], text[])",
)


def restricted(conn: sa.Connection) -> bool:
    """True on a PostgreSQL connection that row-level security applies to (a rep's login).

    Asked once per database connection (a connection's login never changes).
    """
    if conn.dialect.name != "postgresql":
        return False
    cached = conn.info.get(_INFO_KEY)
    if cached is None:
        q = sa.text(
            "SELECT to_regclass('registry_logins') IS NOT NULL AND row_security_active('customers')"
        )
        cached = conn.info[_INFO_KEY] = bool(conn.execute(q).scalar())
    return bool(cached)


def checked_lookup(
    conn: sa.Connection, keys: pd.DataFrame, identity_kinds: tuple[str, ...]
) -> tuple[list[KeyHit], list[IdentityRow]]:
    """The entry-time check through the definer functions: hits and masked identity keys.

    Args:
        conn: a rep's (restricted) connection.
        keys: the records' keys (``kind``, ``value``), as :func:`addin.registry.keys.record_keys`.
        identity_kinds: the kinds whose values the rules compare (credit code, ID number).
    """
    pairs = keys[["kind", "value"]].drop_duplicates()
    kinds, values = pairs["kind"].astype(str).tolist(), pairs["value"].astype(str).tolist()
    rows = conn.execute(
        sa.text("SELECT * FROM registry_check(:kinds, :values)"),
        {"kinds": kinds, "values": values},
    )
    hits: list[KeyHit] = [
        (kinds[n - 1], values[n - 1], int(cid), str(status), owner, since, until, at)
        for n, cid, status, owner, since, until, at in rows
    ]
    if not hits:
        return [], []
    own = keys[keys["kind"].isin(identity_kinds)]["value"].astype(str).unique().tolist()
    accounts = keys.loc[keys["kind"] == "account", "value"].astype(str)
    places = sorted({a.split("|", 1)[1] for a in accounts if "|" in a})
    ident: list[IdentityRow] = [
        (int(c), str(k), str(v))
        for c, k, v in conn.execute(
            sa.text("SELECT * FROM registry_check_identity(:kinds, :values, :codes, :places)"),
            {"kinds": kinds, "values": values, "codes": own, "places": places},
        )
    ]
    return hits, ident


def _quote(conn: sa.Connection, name: str) -> str:
    return conn.dialect.identifier_preparer.quote_identifier(name)


def _require_owner(conn: sa.Connection, lang: Lang) -> None:
    if conn.dialect.name != "postgresql":
        raise RegistryError(msg("rls_sqlite", lang))
    if restricted(conn):
        raise RegistryError(msg("rls_not_admin", lang))


def _password_hash(conn: sa.Connection, login: str, password: str) -> str:
    """The SCRAM verifier of ``password``: the server never sees (nor logs) the password itself."""
    pgconn = conn.connection.driver_connection.pgconn  # type: ignore[union-attr]
    hashed = pgconn.encrypt_password(password.encode(), login.encode(), b"scram-sha-256")
    return bytes(hashed).decode("ascii")


def grant_login(
    conn: sa.Connection, login: str, person: str, now: dt.datetime, *, lang: Lang = "zh"
) -> str:
    """Let PostgreSQL login ``login`` use the registry as rep (or manager) ``person``.

    Creates the login when the server has none of that name; its password is the one stored
    for ``login`` in this computer's keyring (``intake registry setup --username LOGIN``), sent
    as a SCRAM verifier; without one the login gets no password (for peer or certificate
    logins). Grants reading and registering; row-level security decides which rows.
    Returns the confirmation message.
    """
    _require_owner(conn, lang)
    login, person = login.strip(), " ".join(person.split())
    if not login or not person or len(login) > 63 or len(person) > 100:
        raise RegistryError(msg("rls_bad_name", lang, login=login, person=person))
    role = _quote(conn, login)
    exists = conn.execute(
        sa.text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": login}
    ).first()
    if not exists:
        conn.exec_driver_sql(f"CREATE ROLE {role} LOGIN")
    password = registry_password(login)
    if password:
        verifier = _password_hash(conn, login, password).replace("'", "''")
        conn.exec_driver_sql(f"ALTER ROLE {role} LOGIN PASSWORD '{verifier}'")
    else:
        conn.exec_driver_sql(f"ALTER ROLE {role} LOGIN")
    schema = _quote(conn, str(conn.execute(sa.text("SELECT current_schema()")).scalar_one()))
    db = _quote(conn, str(conn.execute(sa.text("SELECT current_database()")).scalar_one()))
    for statement in (
        f"GRANT CONNECT ON DATABASE {db} TO {role}",
        f"GRANT USAGE ON SCHEMA {schema} TO {role}",
        f"GRANT SELECT ON {', '.join(_READ)} TO {role}",
        f"GRANT INSERT ON {', '.join(_INSERT)} TO {role}",
        f"GRANT UPDATE ON customers TO {role}",
        f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA {schema} TO {role}",
        f"GRANT EXECUTE ON FUNCTION {', '.join(_FUNCTIONS)} TO {role}",
    ):
        conn.exec_driver_sql(statement)
    conn.execute(sa.delete(logins).where(logins.c.login == login))
    conn.execute(sa.insert(logins).values(login=login, person=person, granted_at=now))
    code = "rls_granted" if password else "rls_granted_no_password"
    return msg(code, lang, login=login, person=person)


def revoke_login(conn: sa.Connection, login: str, *, lang: Lang = "zh") -> str:
    """Take the registry away from ``login`` (the login itself stays: it is the server's)."""
    _require_owner(conn, lang)
    found = conn.execute(sa.delete(logins).where(logins.c.login == login)).rowcount
    if not found:
        raise RegistryError(msg("rls_no_login", lang, login=login))
    role = _quote(conn, login)
    schema = _quote(conn, str(conn.execute(sa.text("SELECT current_schema()")).scalar_one()))
    conn.exec_driver_sql(f"REVOKE ALL ON {', '.join(_READ)} FROM {role}")
    conn.exec_driver_sql(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {schema} FROM {role}")
    conn.exec_driver_sql(f"REVOKE EXECUTE ON FUNCTION {', '.join(_FUNCTIONS)} FROM {role}")
    return msg("rls_revoked", lang, login=login)


def set_managers(conn: sa.Connection, team: Mapping[str, str], *, lang: Lang = "zh") -> str:
    """Replace the rep -> manager table with ``team`` (the ``[managers]`` map)."""
    _require_owner(conn, lang)
    conn.execute(sa.delete(managers))
    rows: list[dict[str, Any]] = [{"rep": r, "manager": m} for r, m in sorted(team.items())]
    if rows:
        conn.execute(sa.insert(managers), rows)
    return msg("rls_managers_set", lang, n=len(rows), managers=len(set(team.values())))


def list_logins(conn: sa.Connection, *, lang: Lang = "zh") -> list[tuple[str, str, str]]:
    """(login, person, manager or "") of every login, by login."""
    _require_owner(conn, lang)
    q = (
        sa.select(logins.c.login, logins.c.person, sa.func.coalesce(managers.c.manager, ""))
        .select_from(logins.outerjoin(managers, managers.c.rep == logins.c.person))
        .order_by(logins.c.login)
    )
    return [(str(a), str(b), str(c)) for a, b, c in conn.execute(q)]
