"""Normalising a column once per distinct value, into a categorical column.

:func:`normalize_distinct` is what validation normalises with: each distinct cell value of a
column goes through its field's normaliser (:mod:`addin.intake.normalize`) once, or, for
texts, e-mails, codes and phones, the distinct values of a column all at once with C loops
(:func:`addin.intake.columns.normalize_batch`, which the duplicate finder's
``normalize_column`` uses too); the answers are those of the normalisers, value by value. The categories are the distinct
canonical values, which the checks of :mod:`addin.intake.checks` look at once each.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from ..schema import Field
from .columns import normalize_batch
from .normalize import normalize_column, normalizer

__all__ = ["normalize_distinct"]


def _missing(v: object) -> bool:
    return v is None or (isinstance(v, float) and v != v)


#: Types whose values can be equal across types (True == 1 == 1.0): a categorical would merge them.
_NUMBERS = (bool, int, float, complex, np.generic)


def _may_merge(types: set[type]) -> bool:
    numeric = [t for t in types if issubclass(t, _NUMBERS)]
    dates = [t for t in types if issubclass(t, dt.date)]
    return len(numeric) > 1 or len(dates) > 1


def _categorical(results: list[object], codes: np.ndarray, index: pd.Index) -> pd.Series | None:
    """``results[codes]`` (code -1: blank) as a categorical column, or None where it cannot be
    one: values equal across types (``True``, ``1``, ``1.0``) would share a category."""
    arr = np.empty(len(results), dtype=object)
    arr[:] = results
    present = ~pd.isna(arr)
    kept = arr[present]
    rcodes, uniques = pd.factorize(kept, use_na_sentinel=True)
    cats = np.asarray(uniques, dtype=object)
    if _may_merge(set(map(type, kept.tolist()))) and any(
        type(v) is not type(cats[c]) for v, c in zip(kept.tolist(), rcodes.tolist(), strict=True)
    ):
        return None
    table = np.full(len(results) + 1, -1, dtype=np.int64)
    table[np.flatnonzero(present)] = rcodes
    try:
        cat = pd.Categorical.from_codes(table[codes], pd.Index(cats, dtype=object))
    except (ValueError, TypeError):
        return None
    return pd.Series(cat, index=index, name=None)


def normalize_distinct(values: pd.Series, field: Field) -> pd.Series:
    """:func:`normalize_column` as a categorical column: the normaliser once per distinct value,
    the categories the distinct canonical values (what the checks of
    :mod:`addin.intake.checks` look at once each). Falls back to :func:`normalize_column`'s
    object column where a categorical cannot hold the values exactly.
    """
    index = values.index
    try:
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
    except TypeError:  # unhashable cell values
        return normalize_column(values, field)
    if not len(uniques):  # blank throughout (told by the codes: no second pass over the cells)
        empty = pd.Categorical.from_codes(np.full(len(values), -1), pd.Index([], dtype=object))
        return pd.Series(empty, index=index, name=values.name)
    fn = normalizer(field)
    codes = np.asarray(codes)
    distinct = uniques.tolist()
    results = normalize_batch(field.type, distinct)
    if results is None:
        results = [fn(u) for u in distinct]
    missing = np.flatnonzero(codes < 0)
    if len(missing):  # None, NaN, NaT, pd.NA: each normalised as it is, as by_distinct does
        items = values.to_numpy(dtype=object)[missing].tolist()
        if not all(_missing(fn(v)) for v in dict(zip(map(id, items), items, strict=True)).values()):
            return normalize_column(values, field)
    out = _categorical(results, codes, index)
    if out is None:
        return normalize_column(values, field)
    out.name = values.name
    return out
