"""Fast bulk inserts: the driver's ``executemany`` with values already in the column's form.

SQLAlchemy's executemany builds and processes a parameter dict per row, which for a million
customers, their source records, five million match keys and a million events costs more than
the database itself. Here each column's own bind processor (dates as SQLite text, booleans as
integers, ...) is applied once per value and the tuples go to the driver as they are.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa

__all__ = ["bulk_insert"]

#: Rows per executemany call (memory for the tuples stays small).
BATCH = 50_000


def bulk_insert(conn: sa.Connection, table: sa.Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert ``rows`` (dicts keyed by column name; missing keys are NULL) into ``table``."""
    if not rows:
        return
    names = list(dict.fromkeys(k for k in rows[0]))
    dialect = conn.dialect
    procs = [table.c[n].type._cached_bind_processor(dialect) for n in names]
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    cols = ", ".join(dialect.identifier_preparer.quote(n) for n in names)
    sql = f"INSERT INTO {table.name} ({cols}) VALUES ({', '.join([mark] * len(names))})"
    for start in range(0, len(rows), BATCH):
        params = [
            tuple(
                v if p is None or v is None else p(v)
                for p, v in zip(procs, (r.get(n) for n in names), strict=True)
            )
            for r in rows[start : start + BATCH]
        ]
        conn.exec_driver_sql(sql, params)
