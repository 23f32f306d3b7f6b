"""Fast bulk inserts: the driver's ``executemany`` with values already in the column's form.

SQLAlchemy's executemany builds and processes a parameter dict per row, which for a million
customers, their source records, five million match keys and a million events costs more than
the database itself. Here each column's own bind processor (dates as SQLite text, booleans as
integers, ...) is applied once per value and the tuples go to the driver as they are.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from operator import itemgetter
from typing import Any

import sqlalchemy as sa

__all__ = ["bulk_insert"]

#: Rows per executemany call (memory for the tuples stays small).
BATCH = 50_000


def bulk_insert(conn: sa.Connection, table: sa.Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert ``rows`` (dicts with the same keys, column names) into ``table``."""
    if not rows:
        return
    names = list(dict.fromkeys(k for k in rows[0]))
    dialect = conn.dialect
    procs = [table.c[n].type._cached_bind_processor(dialect) for n in names]
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    cols = ", ".join(dialect.identifier_preparer.quote(n) for n in names)
    sql = f"INSERT INTO {table.name} ({cols}) VALUES ({', '.join([mark] * len(names))})"
    getter = itemgetter(*names)
    for start in range(0, len(rows), BATCH):
        part = [getter(r) for r in rows[start : start + BATCH]]
        if len(names) == 1:
            part = [(v,) for v in part]
        columns = list(zip(*part, strict=True))
        for i, proc in enumerate(procs):
            if proc is not None:
                seen: dict[Any, Any] = {}  # most values repeat (the batch's time, True/False)
                columns[i] = tuple(
                    None if v is None else seen[v] if v in seen else seen.setdefault(v, proc(v))
                    for v in columns[i]
                )
        conn.exec_driver_sql(sql, list(zip(*columns, strict=True)))
