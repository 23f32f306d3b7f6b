"""Fast bulk inserts: the driver's ``executemany`` with values already in the column's form.

SQLAlchemy's executemany builds and processes a parameter dict per row, which for a million
customers, their source records, five million match keys and a million events costs more than
the database itself. Here each column's own bind processor (dates as SQLite text, booleans as
integers, ...) is applied once per distinct value and the tuples go to the driver as they are,
a batch at a time: the rows are given column by column (:func:`insert_columns`), so a million
of them never exist as a million dicts.

A big load into SQLite (:func:`big_load`) also gives the connection a bigger page cache (64 MiB) and
builds the tables' secondary indexes once at the end, from sorted keys, instead of inserting
every row into B-trees that no longer fit in the cache.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from operator import itemgetter
from typing import Any

import numpy as np
import sqlalchemy as sa

__all__ = ["BIG_LOAD_ROWS", "big_load", "bulk_insert", "insert_columns"]

#: Rows per executemany call (memory for the tuples stays small).
BATCH = 50_000
#: Rows a load must add (and at least as many as the table holds) to rebuild indexes after it.
BIG_LOAD_ROWS = 100_000
#: SQLite page cache during a big load, KiB (the default is 2 MiB; 256 MiB was no faster at 100k).
_BIG_CACHE_KIB = 65_536


def _sql(conn: sa.Connection, table: sa.Table, names: Sequence[str]) -> str:
    dialect = conn.dialect
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    cols = ", ".join(dialect.identifier_preparer.quote(n) for n in names)
    return f"INSERT INTO {table.name} ({cols}) VALUES ({', '.join([mark] * len(names))})"


def _processed(proc: Any, values: Sequence[Any]) -> Sequence[Any]:
    if proc is None:
        return values
    seen: dict[tuple[type, Any], Any] = {}  # most values repeat (the batch's time, True/False)
    out: list[Any] = []
    for v in values:
        if v is None:
            out.append(None)
            continue
        key = (type(v), v)  # 1 and True are equal, but not the same value to bind
        got = seen.get(key)
        if got is None:
            got = seen[key] = proc(v)
        out.append(got)
    return out


def insert_columns(
    conn: sa.Connection, table: sa.Table, columns: Mapping[str, Sequence[Any] | np.ndarray]
) -> None:
    """Insert rows given column-wise: name -> one value per row (lists or numpy arrays).

    Example: ``insert_columns(conn, reps, {"name": ["张三"], "first_seen_at": [now]})``.
    """
    names = list(columns)
    if not names:
        return
    n = len(columns[names[0]])
    if any(len(columns[c]) != n for c in names):
        raise ValueError(f"columns of unequal length for {table.name}")
    dialect = conn.dialect
    procs = [table.c[c].type._cached_bind_processor(dialect) for c in names]
    sql = _sql(conn, table, names)
    for start in range(0, n, BATCH):
        part = []
        for c, proc in zip(names, procs, strict=True):
            values = columns[c][start : start + BATCH]
            if isinstance(values, np.ndarray):
                values = values.tolist()  # Python ints, strs, bools: what the driver binds
            part.append(_processed(proc, values))
        conn.exec_driver_sql(sql, list(zip(*part, strict=True)))


def bulk_insert(conn: sa.Connection, table: sa.Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert ``rows`` (dicts with the same keys, column names) into ``table``."""
    if not rows:
        return
    names = list(dict.fromkeys(k for k in rows[0]))
    getter = itemgetter(*names)
    for start in range(0, len(rows), BATCH):
        part = [getter(r) for r in rows[start : start + BATCH]]
        if len(names) == 1:
            part = [(v,) for v in part]
        values = list(zip(*part, strict=True))
        insert_columns(conn, table, dict(zip(names, values, strict=True)))


def _rows(conn: sa.Connection, table: sa.Table) -> int:
    """How many rows ``table`` holds, about (its highest id; cheap)."""
    top = conn.execute(sa.select(sa.func.max(table.c.id))).scalar()
    return int(top or 0)


@contextmanager
def big_load(conn: sa.Connection, table: sa.Table, rows: int, *also: sa.Table) -> Iterator[bool]:
    """Around loading ``rows`` rows into ``table`` (and rows into ``also``), in the caller's
    write transaction: on SQLite, when the load at least doubles ``table`` and is big, a large
    page cache, and the secondary indexes of all these tables dropped first and made again
    at the end from their own ``CREATE INDEX`` text. Yields whether it did.

    Safe inside the transaction: SQLite's write lock is held (no other writer can add a key
    meanwhile), readers keep seeing the committed registry with its indexes, a unique index
    that would not build again fails the transaction as the insert itself would have, and a
    rollback brings the indexes back. The lookups of the batch run before this.
    """
    if conn.dialect.name != "sqlite" or rows < BIG_LOAD_ROWS or rows < _rows(conn, table):
        yield False
        return
    old_cache = int(conn.exec_driver_sql("PRAGMA cache_size").scalar() or -2000)
    conn.exec_driver_sql(f"PRAGMA cache_size = -{_BIG_CACHE_KIB}")
    names = [t.name for t in (table, *also)]
    marks = ", ".join("?" * len(names))
    indexes = conn.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        f"AND tbl_name IN ({marks}) ORDER BY name",
        tuple(names),
    ).all()
    for name, _sql_text in indexes:
        conn.exec_driver_sql(f'DROP INDEX "{name}"')
    yield True
    for _name, sql_text in indexes:
        conn.exec_driver_sql(sql_text)
    # (after a failure the connection is closed with its transaction: nothing to restore)
    conn.exec_driver_sql(f"PRAGMA cache_size = {old_cache}")
