"""normalize_column works on the distinct texts of a column at once (joined, in C): it must give
exactly what the field's normaliser gives cell by cell, for every kind of text and cell."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from addin.intake.normalize import normalize_column, normalizer
from addin.schema import FIELD_BY_KEY

#: Texts that exercise every step of clean_text and the e-mail / code tails.
TRICKY = [
    "王伟", " 王伟 ", "王\u3000伟", "ＡＢＣ１２３", "a  b\tc", "\t", "", " ", "无", "N/A", " n/a ",
    "同上", "Ｎ／Ａ", "x\u200by", "\ufeff王", "a\u00a0b", "line\nbreak", "\n王\n", "\x1c", "\x85a\x85",
    "Wang.Wei@Gmail.COM", "mailto:A@B.com", "MAILTO:a@b.com", "a。b@qq。com", " a b @x.cn",
    "9144 0300-MA5D", "/-", "- -", "／", "ǅemo", "ß", "ＩＳＴＡＮＢＵＬ", "İstanbul", "ΣΑΣ", "\u2003a\u2003",
    "a\u2028b", "12.5", "nan", "NaN", "None", "NULL",
]  # fmt: skip


def _one_by_one(values: pd.Series, key: str) -> list[object]:
    fn = normalizer(FIELD_BY_KEY[key])
    return [fn(v) for v in values.tolist()]


def _same(a: object, b: object) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return type(a) is type(b) and a == b


@pytest.mark.parametrize("key", ["customer_name", "address", "email", "credit_code", "company"])
@pytest.mark.parametrize("dtype", [object, "str"])
def test_column_is_the_normaliser_cell_by_cell(key: str, dtype: object) -> None:
    cells = [*TRICKY, *TRICKY[::-1], None, np.nan, None]
    values = pd.Series(cells, dtype=dtype, name=key)
    got = normalize_column(values, FIELD_BY_KEY[key])
    assert got.dtype == object
    assert got.name == key
    assert got.index.equals(values.index)
    want = _one_by_one(values, key)
    assert all(_same(a, b) for a, b in zip(got.tolist(), want, strict=True)), [
        (c, a, b) for c, a, b in zip(cells, got.tolist(), want, strict=True) if not _same(a, b)
    ]


def test_mixed_cells_and_a_nul_fall_back_to_one_by_one() -> None:
    for cells in (["王伟", 12, 3.0, None], ["a\x00b", "c", None], [np.nan, pd.NA, None, "x"]):
        values = pd.Series(cells, dtype=object)
        got = normalize_column(values, FIELD_BY_KEY["customer_name"]).tolist()
        assert all(
            _same(a, b) for a, b in zip(got, _one_by_one(values, "customer_name"), strict=True)
        )


def test_an_empty_column_stays_empty() -> None:
    for values in (pd.Series([None, np.nan], dtype=object), pd.Series([None, None], dtype="str")):
        assert normalize_column(values, FIELD_BY_KEY["address"]).tolist() == [None, None]


MOBILES = [
    "13812345678", "1381234567", "138123456789", "12812345678", "19912345678", "+8613812345678",
    "138 1234 5678", "１３８１２３４５６７８", "1381234567８", "2381234567", "13a12345678", "",
    "无", "010-88886666", "+14155552671", "13812345678转1", "١٣٨١٢٣٤٥٦٧٨", "1" * 30, "1",
]  # fmt: skip


@pytest.mark.parametrize("dtype", [object, "str"])
def test_mobiles_are_the_normaliser_cell_by_cell(dtype: object) -> None:
    values = pd.Series([*MOBILES, None, *MOBILES[::-1]], dtype=dtype)
    got = normalize_column(values, FIELD_BY_KEY["mobile"]).tolist()
    assert all(_same(a, b) for a, b in zip(got, _one_by_one(values, "mobile"), strict=True))
