"""The registry's clock: the only source of registration and protection times.

A rep's typed dates (录入日期) never decide ownership. On PostgreSQL the server's clock is used,
so a rep whose PC clock is wrong cannot backdate a registration; a SQLite registry is one PC's
file and uses that PC's clock. Times are naive UTC.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol

import sqlalchemy as sa

__all__ = ["Clock", "FixedClock", "SystemClock"]


class Clock(Protocol):
    """Tells the time inside a registry transaction."""

    def now(self, conn: sa.Connection) -> dt.datetime:
        """The current time, naive UTC."""
        ...


class SystemClock:
    """The database server's clock (PostgreSQL), else this computer's."""

    def now(self, conn: sa.Connection) -> dt.datetime:
        """The current time, naive UTC, to the microsecond."""
        if conn.dialect.name == "postgresql":
            value = conn.execute(sa.text("SELECT now() AT TIME ZONE 'UTC'")).scalar_one()
            assert isinstance(value, dt.datetime)
            return value
        return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class FixedClock:
    """A clock that stands still until moved: for tests and examples."""

    def __init__(self, at: dt.datetime) -> None:
        self.at = at

    def now(self, conn: sa.Connection) -> dt.datetime:
        """The fixed time."""
        return self.at

    def advance(self, **delta: float) -> None:
        """Move the clock on, e.g. ``advance(days=91)``."""
        self.at += dt.timedelta(**delta)
