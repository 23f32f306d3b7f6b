"""Work once per distinct value: hash a column once (:func:`pandas.factorize`), compute on
its distinct values, spread the results back by the codes.

A million customer rows hold far fewer distinct names, companies, dates and labels, and a
Python call per row is what makes a step slow; every helper here keeps the results exactly
what a call per row would give (the same values, the same codes in the same order).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["by_distinct", "cells", "distinct_texts", "encode", "map_distinct", "mapped", "spread"]


def cells(s: pd.Series) -> pd.Series:
    """Cells as objects, None where missing."""
    return s.astype(object).where(s.notna(), None)


def distinct_texts(s: pd.Series) -> tuple[np.ndarray, list[str]]:
    """Per record the code of its text among the distinct present, non-empty texts of ``s``
    (-1 otherwise), and those texts: what :func:`addin.duplicates.names.map_unique` maps, hashed once."""
    s = s.reset_index(drop=True)
    if pd.api.types.is_string_dtype(s.dtype) and pd.api.types.infer_dtype(s, skipna=True) in (
        "string",
        "empty",
    ):
        codes, uniques = pd.factorize(s, use_na_sentinel=True)
        texts = [u if u else "" for u in np.asarray(uniques, dtype=object).tolist()]
        return np.asarray(codes, dtype=np.int64), texts
    present = cells(s).dropna().astype(str)  # other cell types: their text, as map_unique has it
    present = present[present.str.len() > 0]
    codes, uniques = pd.factorize(present, use_na_sentinel=True)
    out = np.full(len(s), -1, dtype=np.int64)
    out[present.index.to_numpy()] = codes
    return out, [str(u) for u in np.asarray(uniques, dtype=object).tolist()]


def encode(results: list[object], codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Feature codes per record and distinct feature values from one result per distinct text.

    The distinct texts come in order of first appearance, so factorizing their results in
    that order numbers the features exactly as factorizing them record by record would.
    """
    arr = np.empty(len(results), dtype=object)
    arr[:] = results
    rcodes, uniques = pd.factorize(arr, use_na_sentinel=True)
    table = np.append(np.asarray(rcodes, dtype=np.int64), -1)  # code -1 (no text) stays -1
    return table[codes].astype(np.int32), np.asarray(uniques, dtype=object)


def mapped(
    distinct: tuple[np.ndarray, list[str]], fn: Callable[[str], object]
) -> tuple[np.ndarray, np.ndarray]:
    """``fn`` on each distinct text (empty text counts as missing), encoded per record."""
    codes, texts = distinct
    return encode([fn(t) if t else None for t in texts], codes)


def by_distinct(
    values: pd.Series, codes: np.ndarray, uniques: list[Any], fn: Callable[[object], object]
) -> pd.Series:
    """``fn`` once per distinct value, spread back by the codes of :func:`pandas.factorize`
    (hash and equality as a dict's, so the same as caching in one); missing cells (code -1:
    None, NaN, NaT, pd.NA, which factorize lumps together) get ``fn`` one by one."""
    return spread(values, codes, [fn(u) for u in uniques], fn)


def spread(
    values: pd.Series, codes: np.ndarray, results: list[object], fn: Callable[[object], object]
) -> pd.Series:
    """:func:`by_distinct` given ``results``, ``fn`` of each distinct value already worked out.

    Missing cells get ``fn`` once per distinct missing *object* (a column's NaN is mostly one
    object, None is one): what a dict cache would give, as ``fn`` is pure, without a Python
    step per missing cell."""
    table = np.empty(len(results) + 1, dtype=object)
    table[: len(results)] = results
    out = table[codes]
    missing = np.flatnonzero(codes < 0)
    if len(missing):
        items = values.to_numpy(dtype=object)[missing]
        ids = np.fromiter(map(id, items), dtype=np.int64, count=len(items))
        inverse = pd.factorize(ids)[0]
        firsts = np.unique(inverse, return_index=True)[1]  # first cell of each object
        done = np.empty(len(firsts), dtype=object)
        done[:] = [fn(items[k]) for k in firsts.tolist()]
        out[missing] = done[inverse]
    return pd.Series(out, index=values.index, dtype=object, name=values.name)


def map_distinct(values: pd.Series, fn: Callable[[Any], object]) -> pd.Series:
    """``values.map(fn)``, calling ``fn`` once per distinct value (file names, tiers and flags
    repeat over hundreds of thousands of rows)."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    if (codes < 0).any():  # missing cells: mapped one by one, as before
        return values.map(fn)
    results = pd.Series(uniques).map(fn)  # the same results, so pandas infers the same dtype
    return pd.Series(results.array.take(codes), index=values.index, name=values.name)
