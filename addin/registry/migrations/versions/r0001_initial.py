"""The first registry schema: customers, source records, match keys, decisions, events.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_APPEND_ONLY_SQLITE = [
    "CREATE TRIGGER events_no_update BEFORE UPDATE ON events "
    "BEGIN SELECT RAISE(ABORT, 'events are append-only'); END",
    "CREATE TRIGGER events_no_delete BEFORE DELETE ON events "
    "BEGIN SELECT RAISE(ABORT, 'events are append-only'); END",
]
_APPEND_ONLY_POSTGRESQL = [
    "CREATE FUNCTION registry_events_append_only() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN RAISE EXCEPTION 'events are append-only'; END $$",
    "CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events "
    "FOR EACH ROW EXECUTE FUNCTION registry_events_append_only()",
]


def upgrade() -> None:
    info = op.create_table(
        "registry_info",
        sa.Column("key", sa.String(40), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    op.bulk_insert(info, [{"key": "app", "value": "customer-intake-registry"}])
    op.create_table(
        "reps",
        sa.Column("name", sa.String(100), primary_key=True),
        sa.Column("first_seen_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "customers",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("display_name", sa.String(200), nullable=False),
        sa.Column("owner", sa.String(100), nullable=True),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("registered_at", sa.DateTime, nullable=False),
        sa.Column("registered_by", sa.String(100), nullable=False),
        sa.Column("owned_since", sa.DateTime, nullable=True),
        sa.Column("protected_until", sa.DateTime, nullable=True),
        sa.Column("last_follow_up_at", sa.DateTime, nullable=True),
        sa.Column("last_contact", sa.String(10), nullable=True),
        sa.Column("has_deal", sa.Boolean, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
    )
    op.create_index("ix_customers_owner_status", "customers", ["owner", "status"])
    op.create_index("ix_customers_status_protected", "customers", ["status", "protected_until"])
    op.create_table(
        "source_records",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("customer_id", sa.Integer, sa.ForeignKey("customers.id"), nullable=False),
        sa.Column("rep", sa.String(100), nullable=False),
        sa.Column("file", sa.Text, nullable=False),
        sa.Column("sheet", sa.String(100), nullable=False),
        sa.Column("row", sa.Integer, nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("recorded_at", sa.DateTime, nullable=False),
        sa.Column("data", sa.Text, nullable=False),
        sa.UniqueConstraint("rep", "fingerprint", name="uq_source_rep_fingerprint"),
    )
    op.create_index("ix_source_customer", "source_records", ["customer_id"])
    op.create_table(
        "match_keys",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("customer_id", sa.Integer, sa.ForeignKey("customers.id"), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("value", sa.String(300), nullable=False),
        sa.Column("is_identity", sa.Boolean, nullable=False),
    )
    op.create_index("ix_match_kind_value", "match_keys", ["kind", "value"])
    op.create_index("ix_match_customer", "match_keys", ["customer_id"])
    op.create_index(
        "uq_match_identity",
        "match_keys",
        ["kind", "value"],
        unique=True,
        sqlite_where=sa.text("is_identity"),
        postgresql_where=sa.text("is_identity"),
    )
    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("customer_id", sa.Integer, sa.ForeignKey("customers.id"), nullable=False),
        sa.Column("other_customer_id", sa.Integer, sa.ForeignKey("customers.id"), nullable=False),
        sa.Column("decision", sa.String(20), nullable=False),
        sa.Column("manager", sa.String(100), nullable=False),
        sa.Column("decided_at", sa.DateTime, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
    )
    op.create_table(
        "events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("customer_id", sa.Integer, sa.ForeignKey("customers.id"), nullable=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("rep", sa.String(100), nullable=True),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
    )
    op.create_index("ix_events_customer", "events", ["customer_id"])
    op.create_index("ix_events_at", "events", ["at"])
    dialect = op.get_bind().dialect.name
    for statement in _APPEND_ONLY_POSTGRESQL if dialect == "postgresql" else _APPEND_ONLY_SQLITE:
        op.execute(statement)


def downgrade() -> None:
    raise NotImplementedError("the registry is never downgraded; restore a backup instead")
