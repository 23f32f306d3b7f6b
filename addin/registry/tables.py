"""The registry's tables (SQLAlchemy Core), as the newest migration leaves them.

Times are the registry's clock in UTC (naive ``DateTime``): never a date a rep typed. The
migrations under ``migrations/versions`` create exactly these; a test compares the two.
:data:`access_metadata` holds the tables only a team PostgreSQL has (who is who, who manages
whom: :mod:`addin.registry.access`); a SQLite registry is one person's file and has none.
"""

from __future__ import annotations

import sqlalchemy as sa

__all__ = [
    "APP_ID",
    "access_metadata",
    "customers",
    "decisions",
    "events",
    "info",
    "logins",
    "managers",
    "match_keys",
    "metadata",
    "reps",
    "source_records",
]

#: ``info.app``: what makes a database a customer registry (and not any other database).
APP_ID = "customer-intake-registry"

metadata = sa.MetaData()

info = sa.Table(
    "registry_info",
    metadata,
    sa.Column("key", sa.String(40), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

reps = sa.Table(
    "reps",
    metadata,
    sa.Column("name", sa.String(100), primary_key=True),
    sa.Column("first_seen_at", sa.DateTime, nullable=False),
)

customers = sa.Table(
    "customers",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("kind", sa.String(10), nullable=False),  # account | person
    sa.Column("display_name", sa.String(200), nullable=False),
    sa.Column("owner", sa.String(100), nullable=True),  # None while in 公海
    sa.Column("status", sa.String(10), nullable=False),  # owned | pool
    sa.Column("registered_at", sa.DateTime, nullable=False),
    sa.Column("registered_by", sa.String(100), nullable=False),
    sa.Column("owned_since", sa.DateTime, nullable=True),
    sa.Column("protected_until", sa.DateTime, nullable=True),
    sa.Column("last_follow_up_at", sa.DateTime, nullable=True),
    sa.Column("last_contact", sa.String(10), nullable=True),  # as typed (YYYY-MM-DD), shown only
    sa.Column("has_deal", sa.Boolean, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Index("ix_customers_owner_status", "owner", "status"),
    sa.Index("ix_customers_status_protected", "status", "protected_until"),
)

source_records = sa.Table(
    "source_records",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("customer_id", sa.Integer, sa.ForeignKey("customers.id"), nullable=False),
    sa.Column("rep", sa.String(100), nullable=False),
    sa.Column("file", sa.Text, nullable=False),
    sa.Column("sheet", sa.String(100), nullable=False),
    sa.Column("row", sa.Integer, nullable=False),
    sa.Column("fingerprint", sa.String(64), nullable=False),
    sa.Column("recorded_at", sa.DateTime, nullable=False),
    sa.Column("data", sa.Text, nullable=False),  # the normalised record, JSON
    sa.UniqueConstraint("rep", "fingerprint", name="uq_source_rep_fingerprint"),
    sa.Index("ix_source_customer", "customer_id"),
)

match_keys = sa.Table(
    "match_keys",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("customer_id", sa.Integer, sa.ForeignKey("customers.id"), nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("value", sa.String(300), nullable=False),
    sa.Column("is_identity", sa.Boolean, nullable=False),
    sa.Index("ix_match_kind_value", "kind", "value"),
    sa.Index("ix_match_customer", "customer_id"),
    # The keys that name one customer for certain (credit code, ID number, company + city,
    # name + mobile): at most one customer holds each. Two reps registering the same customer
    # at the same moment collide here, and exactly one of them wins.
    sa.Index(
        "uq_match_identity",
        "kind",
        "value",
        unique=True,
        sqlite_where=sa.text("is_identity"),
        postgresql_where=sa.text("is_identity"),
    ),
)

decisions = sa.Table(
    "decisions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("customer_id", sa.Integer, sa.ForeignKey("customers.id"), nullable=False),
    sa.Column("other_customer_id", sa.Integer, sa.ForeignKey("customers.id"), nullable=False),
    sa.Column("decision", sa.String(20), nullable=False),  # duplicate | not_duplicate
    sa.Column("manager", sa.String(100), nullable=False),
    sa.Column("decided_at", sa.DateTime, nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
)

events = sa.Table(
    "events",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.DateTime, nullable=False),
    sa.Column("customer_id", sa.Integer, sa.ForeignKey("customers.id"), nullable=True),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("rep", sa.String(100), nullable=True),  # whose customer it concerns
    sa.Column("actor", sa.String(100), nullable=False),  # who did it
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("detail", sa.Text, nullable=False),  # JSON: old -> new values and the like
    sa.Index("ix_events_customer", "customer_id"),
    sa.Index("ix_events_at", "at"),
)

access_metadata = sa.MetaData()

#: Which PostgreSQL login is which rep (or manager): ``intake registry grant`` fills it.
logins = sa.Table(
    "registry_logins",
    access_metadata,
    sa.Column("login", sa.String(63), primary_key=True),
    sa.Column("person", sa.String(100), nullable=False),
    sa.Column("granted_at", sa.DateTime, nullable=False),
)

#: Which rep reports to which manager (the ``[managers]`` map): ``intake registry managers``.
managers = sa.Table(
    "registry_managers",
    access_metadata,
    sa.Column("rep", sa.String(100), primary_key=True),
    sa.Column("manager", sa.String(100), nullable=False),
)
