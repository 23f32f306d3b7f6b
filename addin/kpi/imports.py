"""What an import saw, for the 业绩看板: rows, validation errors, key fields complete.

The registry keeps customers and what happened to them; how good a rep's sheets were is not a
customer's history. So each registry import adds one ``sheet_imported`` event per rep and file
(no customer, JSON ``detail``), in the same transaction as the registration:

``{"file": ..., "rows": 40, "complete": 31, "errors": 6, "error_rows": 4,
"key_fields": ["contact", "company", "stage", "source"], "missing": {"stage": 7, ...}}``

* ``rows``: the file's records of that rep that validation let through (a bad cell is kept
  blank, so a row with errors still counts);
* ``errors``: validation errors (level ``error``) on those rows: cells, not rows;
  ``error_rows``: rows with at least one;
* ``complete``: rows with every key field filled -- the follow-up stage's ``key_fields``, with
  its meaning (``contact``: any of mobile / phone / e-mail / WeChat; ``company``: only for
  enterprises and government).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import sqlalchemy as sa

from ..followups.settings import CONTACT_FIELDS
from ..intake import LoadResult
from ..registry.events import add_events, event

__all__ = ["IMPORT_KIND", "key_fields_missing", "record_sheets", "sheet_stats"]

#: The event kind of an import's figures (events.kind is at most 20 characters).
IMPORT_KIND = "sheet_imported"


def key_fields_missing(frame: pd.DataFrame, key_fields: Sequence[str]) -> pd.DataFrame:
    """One boolean column per key field: True where the record lacks it."""
    out: dict[str, np.ndarray] = {}
    for key in key_fields:
        if key == "contact":
            present = [c for c in CONTACT_FIELDS if c in frame.columns]
            miss = frame[present].isna().all(axis=1) if present else pd.Series(True, frame.index)
        elif key == "company":
            firm = frame["customer_type"].isin(["government", "enterprise"])
            miss = firm & frame["company"].isna()
        else:
            miss = frame[key].isna()
        out[key] = miss.to_numpy(dtype=bool)
    return pd.DataFrame(out, index=frame.index)


def _row_errors(loaded: LoadResult) -> pd.DataFrame:
    """Validation errors per record: columns _file, _sheet, _row, errors."""
    p = loaded.problems
    p = p[(p["level"] == "error") & p["row"].notna()]
    keys = pd.DataFrame(
        {
            "_file": p["file"].astype(str),
            "_sheet": p["sheet"].astype(str),
            "_row": pd.to_numeric(p["row"]).astype("int64"),
        }
    )
    return keys.groupby(["_file", "_sheet", "_row"]).size().rename("errors").reset_index()


def sheet_stats(
    loaded: LoadResult, key_fields: Sequence[str], rep: str | None = None
) -> list[dict[str, Any]]:
    """The figures of each (rep, file) of an import (``rep``: as ``registry import --rep``).

    Example:
        >>> sheet_stats(load_usable(["zhang.xlsx"], "zh"), ("contact", "stage"))  # doctest: +SKIP
        [{'rep': '张三', 'file': 'zhang.xlsx', 'rows': 40, 'complete': 31, 'errors': 6, ...}]
    """
    c = loaded.customers.reset_index(drop=True)
    if c.empty:
        return []
    who = pd.Series(rep, index=c.index) if rep is not None else c["rep"]
    rows = pd.DataFrame(
        {
            "rep": who.where(who.notna(), "").astype(str),
            "_file": c["_file"].astype(str),
            "_sheet": c["_sheet"].astype(str),
            "_row": pd.to_numeric(c["_row"]).astype("int64"),
        }
    )
    rows = rows.merge(_row_errors(loaded), on=["_file", "_sheet", "_row"], how="left")
    rows["errors"] = rows["errors"].fillna(0).astype("int64")
    missing = key_fields_missing(c, key_fields)
    rows["complete"] = ~missing.any(axis=1).to_numpy() if len(key_fields) else True
    rows = pd.concat([rows, missing.add_prefix("miss_")], axis=1)
    out: list[dict[str, Any]] = []
    for (who_, file), g in rows.groupby(["rep", "_file"], sort=True):
        out.append(
            {
                "rep": str(who_),
                "file": str(file),
                "rows": len(g),
                "complete": int(g["complete"].sum()),
                "errors": int(g["errors"].sum()),
                "error_rows": int((g["errors"] > 0).sum()),
                "key_fields": list(key_fields),
                "missing": {k: int(g[f"miss_{k}"].sum()) for k in key_fields},
            }
        )
    return out


def record_sheets(
    conn: sa.Connection, stats: Sequence[dict[str, Any]], now: dt.datetime, actor: str
) -> None:
    """Append one ``sheet_imported`` event per entry of :func:`sheet_stats` (caller's transaction)."""
    add_events(
        conn,
        [
            event(
                now,
                IMPORT_KIND,
                actor,
                rep=s["rep"] or None,
                **{k: v for k, v in s.items() if k != "rep"},
            )
            for s in stats
        ],
    )
