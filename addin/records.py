"""The customer frame: the typed DataFrame every step after validation works on.

Contract (what :func:`to_customer_frame` guarantees):

* one column per field in :data:`addin.schema.FIELDS`, in schema order, then any unknown
  columns the rep added, then ``_file`` / ``_sheet`` / ``_row`` (source cell of the row);
* text, phone, e-mail, code and picklist fields: ``object`` holding ``str`` or ``None``;
  phones are E.164 (``+8613812345678``), picklists hold choice keys (``"enterprise"``);
* date fields: ``datetime64[ns]`` (``NaT`` when empty or invalid);
* ``order_count``: nullable ``Int64``; ``total_amount``: ``float64`` (``NaN`` when empty).

Invalid cells are already blanked here: the validation report lists them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from .schema import FIELDS, META_COLUMNS

__all__ = ["to_customer_frame", "customer_dtypes", "field_columns", "make_customers"]


def field_columns() -> list[str]:
    """Field keys in schema order."""
    return [f.key for f in FIELDS]


def customer_dtypes() -> dict[str, str]:
    """pandas dtype per field key."""
    out: dict[str, str] = {}
    for f in FIELDS:
        if f.type == "date":
            out[f.key] = "datetime64[ns]"
        elif f.type == "int":
            out[f.key] = "Int64"
        elif f.type == "amount":
            out[f.key] = "float64"
        else:
            out[f.key] = "object"
    return out


def _coerce(series: pd.Series, dtype: str) -> pd.Series:
    if dtype == "datetime64[ns]":
        return pd.to_datetime(series, errors="coerce").astype("datetime64[ns]")
    if dtype == "Int64":
        return pd.to_numeric(series, errors="coerce").round().astype("Int64")
    if dtype == "float64":
        return pd.to_numeric(series, errors="coerce").astype("float64")
    return series.astype(object).where(series.notna(), None)


def to_customer_frame(df: pd.DataFrame) -> pd.DataFrame:
    """Cast a frame to the customer-frame contract, adding missing columns empty.

    Values that cannot be cast become missing; nothing else is changed.
    """
    n = len(df)
    out = pd.DataFrame(index=df.index)
    for key, dtype in customer_dtypes().items():
        col = df[key] if key in df.columns else pd.Series([None] * n, index=df.index, dtype=object)
        out[key] = _coerce(col, dtype)
    extra = [c for c in df.columns if c not in out.columns and c not in META_COLUMNS]
    for c in extra:
        out[c] = df[c]
    defaults: dict[str, Any] = {"_file": "", "_sheet": "", "_row": 0}
    for c in META_COLUMNS:
        out[c] = df[c] if c in df.columns else defaults[c]
    out["_row"] = pd.to_numeric(out["_row"], errors="coerce").fillna(0).astype("int64")
    return out


def make_customers(rows: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """A customer frame from a list of dicts (field key -> value); for tests and examples.

    >>> df = make_customers([{"customer_name": "王伟", "total_amount": 100}])
    >>> df["total_amount"].dtype.name, df["registered_on"].dtype.name
    ('float64', 'datetime64[ns]')
    """
    return to_customer_frame(pd.DataFrame(list(rows)))
