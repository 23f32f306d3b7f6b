"""What validation works out for many values at once equals the value-by-value answer.

The batch paths (phones normalised and texts cleaned in C loops, credit codes checked with
numpy, regex checks mapped over the distinct values) exist for speed only; each is compared
here with the function or predicate it stands for, on generated values that reach every
branch (ASCII and full-width forms, placeholders, separators, bad check characters).
"""

from __future__ import annotations

import random

import numpy as np
import pytest
from stdnum.cn import uscc

from addin.intake import checks
from addin.intake.columns import normalize_batch
from addin.intake.normalize import normalize_email, normalize_text
from addin.intake.phones import (
    normalize_mobile,
    normalize_mobiles,
    normalize_phone,
    normalize_phones,
)
from addin.intake.text import clean_texts, text_or_none
from addin.schema import FIELD_BY_KEY

_PHONE_PARTS = [
    "1", "3", "8", "0", "86", "+", "-", " ", "010", "021", "0755", "转", "ext", "x", "#", "(",
    ")", "１", "\u3000", "4", "9", "5", "+86", "0086", "٣", "\t", ".", "a", "无", "同上",
]  # fmt: skip
_TEXT_PARTS = [
    "王", "伟", " ", "  ", "\t", "\u3000", "ａ", "a", "A", "无", "同上", "N/A", "\n", "\u2003",
    "-", "null", "NaN", "\u00a0", "．", "\u200b", "@", "。", "mailto:", "MAILTO:", ".", "com",
    "\x00", "＠", "Σ", "İ",
]  # fmt: skip


def _mixes(parts: list[str], n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return sorted({"".join(rng.choice(parts) for _ in range(rng.randint(0, 10))) for _ in range(n)})


def _mobiles(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        m = "1" + rng.choice("3456789") + "".join(rng.choice("0123456789") for _ in range(9))
        out.append(
            rng.choice([m, f"{m[:3]} {m[3:7]} {m[7:]}", f"+86-{m}", f"0086{m}", f"010-{m[3:]}"])
        )
    return out


@pytest.mark.parametrize("seed", [1, 2])
def test_phones_in_batches_are_normalised_as_one_by_one(seed: int) -> None:
    values: list[object] = [*_mixes(_PHONE_PARTS, 20_000, seed), *_mobiles(5_000, seed)]
    assert normalize_mobiles(values) == [normalize_mobile(v) for v in values]
    assert normalize_phones(values) == [normalize_phone(v) for v in values]
    assert normalize_mobiles([*values, None]) is None  # not all texts: asked one by one
    assert normalize_phones(["a\x00b", "c"]) is None  # a text holding the separator


@pytest.mark.parametrize("seed", [1, 2])
def test_texts_and_emails_in_batches_are_cleaned_as_one_by_one(seed: int) -> None:
    values: list[object] = list(_mixes(_TEXT_PARTS, 20_000, seed))
    for start in range(0, len(values), 700):  # batches with and without texts to fold
        chunk = values[start : start + 700]
        cleaned = clean_texts(chunk)
        expected = [text_or_none(v) for v in chunk]
        assert cleaned == expected
        assert [type(v) for v in cleaned or []] == [type(v) for v in expected]
        assert normalize_batch(FIELD_BY_KEY["company"].type, chunk) == [
            normalize_text(v) for v in chunk
        ]
        assert normalize_batch(FIELD_BY_KEY["email"].type, chunk) == [
            normalize_email(v) for v in chunk
        ]
    assert clean_texts(["a", 1]) is None


def test_credit_codes_checked_at_once_as_by_python_stdnum() -> None:
    rng = random.Random(3)
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    codes: list[object] = []
    for _ in range(5_000):
        body = "".join(rng.choice("0123456789") for _ in range(8))
        body += "".join(rng.choice(alphabet) for _ in range(9))
        right = uscc.calc_check_digit(body + "0")
        codes.append(body + (right if rng.random() < 0.6 else rng.choice(alphabet)))
    codes += [
        "91110000600037341L", "91110000600037341l", "9111-0000600037341L", "91110000600037341I",
        "9111000060003734", "", "９1110000600037341L", "91110000600037341L ", "A1110000600037341L",
        "91110000600037341LL", "9111–0000600037341L",
    ]  # fmt: skip
    batch = checks._BATCHES["credit_code"](codes)
    assert batch is not None
    assert batch.tolist() == [uscc.is_valid(str(c)) for c in codes]
    assert 0 < batch.sum() < len(codes)


@pytest.mark.parametrize("check", ["mobile", "phone", "email"])
def test_regex_checks_at_once_answer_as_the_predicates(check: str) -> None:
    (pred,) = [p for name, p in checks._TYPE_CHECKS[check] if name == check]
    values: list[object] = [
        "+8613812345678", "+8612812345678", "+861381234567", "+4915112345678", "+49151;ext=12",
        "+491511234567;ext=123", "+86١٣٨١٢٣٤٥٦٧٨", "13812345678", "+1", "+12345678",
        "+8610888866666", "+86 138", "+0123456", "+123456789012345", "+1234567890123456",
        "a@b.cn", "user1@example.com", "A@b.cn", "a@b", "a.b@c-d.com", "a@-b.com", "ü@b.com",
        "a@b.com\n",
    ]  # fmt: skip
    values += _mixes(_PHONE_PARTS, 2_000, 4)
    batch = checks._BATCHES[check](values)
    assert batch is not None
    assert batch.tolist() == [pred(v) for v in values]
    assert checks._BATCHES[check]([*values, None]) is None
    assert np.asarray(batch).dtype == bool


@pytest.mark.parametrize(
    ("check", "kind"), [("amount", "amount"), ("non_negative", "amount"), ("non_negative", "int")]
)
def test_number_checks_at_once_answer_as_the_predicates(check: str, kind: str) -> None:
    (pred,) = [p for name, p in checks._TYPE_CHECKS[kind] if name == check]
    rng = random.Random(5)
    floats: list[object] = [rng.uniform(-10, 1e6) for _ in range(3_000)] + [-0.0, 0.0]
    ints: list[object] = [rng.randint(-5, 10**6) for _ in range(3_000)]
    for values in (floats, ints, [*floats, "12"], [*ints, True], [*ints, 2**70]):
        batch = checks._BATCHES[check](values)
        expected = [pred(v) for v in values]
        assert batch is None or batch.tolist() == expected
    assert checks._BATCHES[check](floats) is not None
