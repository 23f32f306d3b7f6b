"""Who may read what on a team PostgreSQL: logins, managers, row-level security, the check.

Revision ID: 0002
Revises: 0001

PostgreSQL only (a SQLite registry is one person's file): two tables (which login is which
rep; which rep reports to which manager), the functions the policies call, the policies, and
the two ``SECURITY DEFINER`` functions of the entry-time check (the second answers only about
customers the first found for the same keys, so nobody can list every customer's city). Roles and grants are made by
``intake registry grant`` (an administrator's command), never here: roles belong to the
whole server, and the migration runs as the registry's owner, who need not create roles.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

#: The functions the policies and the check use (all run as the registry's owner, with a fixed
#: search_path, so a rep can neither bypass them nor shadow a table with their own).
_FUNCTIONS = """
CREATE FUNCTION registry_fold(t text) RETURNS text LANGUAGE sql IMMUTABLE AS
$$ SELECT regexp_replace(normalize(t, NFKC), '[[:space:]]', '', 'g') $$;

CREATE FUNCTION registry_me() RETURNS text LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = {schema}, pg_temp AS
$$ SELECT registry_fold(person) FROM registry_logins WHERE login = session_user $$;

CREATE FUNCTION registry_may_read(p_owner text, p_customer integer, p_table text)
RETURNS boolean LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = {schema}, pg_temp AS $$
DECLARE
  me text := registry_me();
  o text := registry_fold(p_owner);
BEGIN
  IF me IS NULL OR o IS NULL THEN RETURN false; END IF;
  IF o = me THEN RETURN true; END IF;
  IF NOT EXISTS (SELECT 1 FROM registry_managers
                 WHERE registry_fold(rep) = o AND registry_fold(manager) = me) THEN
    RETURN false;
  END IF;
  INSERT INTO events (at, customer_id, kind, rep, actor, reason, detail)
  VALUES (now() AT TIME ZONE 'UTC', p_customer, 'manager_read', p_owner,
          (SELECT person FROM registry_logins WHERE login = session_user), '',
          json_build_object('table', p_table, 'login', session_user::text)::text);
  RETURN true;
END $$;

CREATE FUNCTION registry_may_read_customer(p_customer integer, p_table text)
RETURNS boolean LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = {schema}, pg_temp AS
$$ SELECT coalesce(registry_may_read(
     (SELECT owner FROM customers WHERE id = p_customer), p_customer, p_table), false) $$;

CREATE FUNCTION registry_may_read_by(p_customer integer, p_rep text, p_actor text,
                                     p_table text)
RETURNS boolean LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = {schema}, pg_temp AS $$
DECLARE
  me text := registry_me();
BEGIN
  IF me IS NULL THEN RETURN false; END IF;
  IF registry_fold(p_rep) = me OR registry_fold(p_actor) = me THEN RETURN true; END IF;
  IF p_customer IS NULL THEN RETURN false; END IF;
  RETURN registry_may_read_customer(p_customer, p_table);
END $$;

CREATE FUNCTION registry_owns(p_customer integer) RETURNS boolean LANGUAGE sql STABLE
SECURITY DEFINER SET search_path = {schema}, pg_temp AS
$$ SELECT coalesce((SELECT registry_fold(owner) FROM customers WHERE id = p_customer)
                   = registry_me(), false) $$;

CREATE FUNCTION registry_check(p_kinds text[], p_values text[])
RETURNS TABLE (key_no integer, customer_id integer, status text, owner text,
               owned_since timestamp, protected_until timestamp, registered_at timestamp)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
  SELECT k.n::integer, c.id, c.status::text,
         CASE WHEN c.status = 'owned' THEN c.owner::text END,
         CASE WHEN c.status = 'owned' THEN c.owned_since END,
         CASE WHEN c.status = 'owned' THEN c.protected_until END,
         c.registered_at
  FROM unnest(p_kinds, p_values) WITH ORDINALITY AS k(kind, value, n)
  JOIN match_keys m ON m.kind = k.kind AND m.value = k.value
  JOIN customers c ON c.id = m.customer_id
  WHERE registry_me() IS NOT NULL
$$;

CREATE FUNCTION registry_check_identity(p_kinds text[], p_values text[], p_codes text[],
                                        p_places text[])
RETURNS TABLE (customer_id integer, kind text, value text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
  SELECT m.customer_id, m.kind::text,
         CASE
           WHEN m.kind <> 'account' THEN
             CASE WHEN m.value = ANY(p_codes) THEN m.value::text ELSE '*' END
           WHEN position('|' in m.value) = 0 THEN '*'
           ELSE '|' || CASE
             WHEN substr(m.value, position('|' in m.value) + 1) = ''
               OR substr(m.value, position('|' in m.value) + 1) = ANY(p_places)
             THEN substr(m.value, position('|' in m.value) + 1)
             ELSE '*' END
         END
  FROM match_keys m
  WHERE m.customer_id IN (SELECT h.customer_id FROM unnest(p_kinds, p_values) AS k(kind, value)
                          JOIN match_keys h ON h.kind = k.kind AND h.value = k.value)
    AND m.kind IN ('credit_code', 'id_number', 'account')
    AND registry_me() IS NOT NULL
$$;
"""

_FUNCTION_NAMES = (
    "registry_me()",
    "registry_may_read(text, integer, text)",
    "registry_may_read_customer(integer, text)",
    "registry_may_read_by(integer, text, text, text)",
    "registry_owns(integer)",
    "registry_check(text[], text[])",
    "registry_check_identity(text[], text[], text[], text[])",
)

_POLICIES = """
ALTER TABLE customers ENABLE ROW LEVEL SECURITY;
CREATE POLICY customers_read ON customers FOR SELECT
  USING (registry_may_read(owner, id, 'customers'));
CREATE POLICY customers_register ON customers FOR INSERT
  WITH CHECK (registry_fold(owner) = registry_me()
              AND registry_fold(registered_by) = registry_me());
CREATE POLICY customers_follow_up ON customers FOR UPDATE
  USING (registry_fold(owner) = registry_me())
  WITH CHECK (owner IS NULL OR registry_fold(owner) = registry_me());

ALTER TABLE source_records ENABLE ROW LEVEL SECURITY;
CREATE POLICY source_records_read ON source_records FOR SELECT
  USING (registry_may_read_by(customer_id, rep, NULL, 'source_records'));
CREATE POLICY source_records_add ON source_records FOR INSERT
  WITH CHECK (registry_fold(rep) = registry_me());

ALTER TABLE match_keys ENABLE ROW LEVEL SECURITY;
CREATE POLICY match_keys_read ON match_keys FOR SELECT
  USING (registry_may_read_customer(customer_id, 'match_keys'));
CREATE POLICY match_keys_add ON match_keys FOR INSERT
  WITH CHECK (registry_owns(customer_id));

ALTER TABLE events ENABLE ROW LEVEL SECURITY;
CREATE POLICY events_read ON events FOR SELECT
  USING (registry_may_read_by(customer_id, rep, actor, 'events'));
CREATE POLICY events_add ON events FOR INSERT
  WITH CHECK (registry_fold(rep) = registry_me()
              AND (customer_id IS NULL OR kind = 'collision' OR registry_owns(customer_id)));

ALTER TABLE decisions ENABLE ROW LEVEL SECURITY;
CREATE POLICY decisions_read ON decisions FOR SELECT
  USING (registry_may_read_customer(customer_id, 'decisions'));
"""


def _statements(script: str) -> list[str]:
    """The statements of ``script`` (split on ';' at a line end, outside $$ bodies)."""
    out, current, quoted = [], [], False
    for line in script.strip().splitlines():
        current.append(line)
        quoted ^= line.count("$$") % 2 == 1
        if not quoted and line.rstrip().endswith(";"):
            out.append("\n".join(current).rstrip().rstrip(";"))
            current = []
    return out


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return  # a SQLite registry is one person's file: nothing to guard inside it
    schema = bind.execute(sa.text("SELECT current_schema()")).scalar_one()
    op.create_table(
        "registry_logins",
        sa.Column("login", sa.String(63), primary_key=True),
        sa.Column("person", sa.String(100), nullable=False),
        sa.Column("granted_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "registry_managers",
        sa.Column("rep", sa.String(100), primary_key=True),
        sa.Column("manager", sa.String(100), nullable=False),
    )
    quoted = bind.dialect.identifier_preparer.quote(schema)
    for statement in _statements(_FUNCTIONS.format(schema=quoted)):
        op.execute(statement)
    for name in _FUNCTION_NAMES:
        op.execute(f"REVOKE EXECUTE ON FUNCTION {name} FROM PUBLIC")
    for statement in _statements(_POLICIES):
        op.execute(statement)


def downgrade() -> None:
    raise NotImplementedError("the registry is never downgraded; restore a backup instead")
