"""The speed-ups of matching give exactly what the plain computation gives."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from addin.duplicates.address import address_similarity
from addin.duplicates.fields import person_name
from addin.duplicates.keys import _person_names, _phone, build_features
from addin.duplicates.names import (
    fold_address,
    fold_addresses,
    fold_email,
    fold_emails,
    fold_text,
    fold_texts,
    name_key,
    name_tokens,
)
from addin.per_value import distinct_texts, mapped
from addin.records import make_customers

ADDRESSES = [
    "北京市海淀区中关村大街27号", "北京海淀中关村大街 27号", "中关村大街72号", "12 smith street kew 3101 vic",
    "12 smyth st kew 3101 vic", "smith street 12", "光明路65号", "光明路25号", "a\u00a0b c", "a\x85b",
    "ab", "ba", "上海 浦东 世纪大道 100号", "世纪大道100号",
]  # fmt: skip


def _plain_similarity(a: str, b: str) -> float:
    """The address similarity before the speed-up, without the house-number rule (scores as
    rapidfuzz's cpdist gives them: float32)."""
    words = float(np.float32(fuzz.token_set_ratio(a, b)))
    chars = float(np.float32(fuzz.ratio(a.replace(" ", ""), b.replace(" ", ""))))
    return max(words, chars) / 100.0


def _check(addresses: list[str]) -> None:
    customers = make_customers([{"customer_name": "x", "address": a} for a in addresses])
    f = build_features(customers)
    n = len(addresses)
    i, j = (a.ravel() for a in np.meshgrid(np.arange(n), np.arange(n), indexing="ij"))
    got = address_similarity(f, i, j)
    folded = f.value("address", np.arange(n))
    for k in range(len(i)):
        a, b = folded[i[k]], folded[j[k]]
        if a is None or b is None:
            assert np.isnan(got[k])
        elif got[k] != 0.9:  # SAME_NUMBERS_SIMILARITY: the house-number rule, not the scorers
            assert got[k] == (1.0 if a == b else _plain_similarity(a, b)), (a, b)


def test_address_similarity_scores_word_sets_only_where_a_space_is() -> None:
    _check(ADDRESSES)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet="ab 中路号1\u00a0\u3000\t", max_size=12), min_size=1, max_size=8))
def test_address_similarity_on_any_text(addresses: list[str]) -> None:
    _check(addresses)


def test_features_of_a_frame_and_its_copy_agree() -> None:
    customers = make_customers([{"customer_name": "王伟", "address": a} for a in ADDRESSES])
    a, b = build_features(customers), build_features(pd.DataFrame(customers.copy()))
    assert all(np.array_equal(a.codes[c], b.codes[c]) for c in a.codes)


#: What the address folding looks at: unit words (and their characters alone), Latin street
#: words, punctuation, every kind of space, digits next to Chinese, NFKC and case folding.
PIECES = (
    "省 市 自治区 特别行政区 区 县 号楼 号 室 栋 单元 层 楼 路 街 大道 自 治 特 别 行 政 单 元 大 道 "
    "st rd ave street road ST Road 12 3 中 关 村 a b . , ， 。 、 ' \" “ ” ‘ ’ & + / \\ _ - · • "
    "【 】 [ ] ﬁ Σ ß İ Ａ １ ２"
).split() + [" ", "  ", "\t", "\n", "\u3000", "\x85", "\xa0", "\u2028", "\u0301", "\x00"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(PIECES), max_size=8).map("".join), max_size=6))
def test_folding_many_texts_at_once_is_folding_each(texts: list[str]) -> None:
    assert fold_addresses(texts) == [fold_address(t) for t in texts]
    assert fold_texts(texts) == [fold_text(t) for t in texts]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(max_size=10), max_size=6))
def test_folding_any_texts_at_once_is_folding_each(texts: list[str]) -> None:
    assert fold_addresses(texts) == [fold_address(t) for t in texts]
    assert fold_texts(texts) == [fold_text(t) for t in texts]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.lists(
            st.sampled_from(
                [
                    *PIECES,
                    "@",
                    "+",
                    "gmail.com",
                    "Gmail.COM",
                    "googlemail.com",
                    "qq.com",
                    "w.ang",
                    "x+y",
                ]
            ),
            max_size=6,
        ).map("".join),  # fmt: skip
        max_size=6,
    ),
    st.sampled_from(["none", "webmail", "all"]),
)
def test_folding_many_emails_at_once_is_folding_each(emails: list[str], mode: str) -> None:
    assert fold_emails(emails, mode) == [fold_email(e, mode) for e in emails]


def test_phone_features_with_and_without_extensions() -> None:
    for phones in (["+8613812345678", "+861088886666", None, "+8613812345678", ""],
                   ["+861088886666;ext=12", "+861088886666", ";ext=1", None, ""]):  # fmt: skip
        values = pd.Series(phones, dtype=object)
        codes, uniques = _phone(values)
        want_codes, want = mapped(distinct_texts(values), lambda v: v.split(";ext=")[0])
        assert codes.tolist() == want_codes.tolist()
        assert uniques.tolist() == want.tolist()


#: What the person-name features look at: titles, compound surnames, polyphonic surnames,
#: pinyin, Latin titles, punctuation and spaces, full-width forms.
NAME_PIECES = (
    "王 伟 李 总 经理 先生 女士 欧阳 娜 单 曾 长 乐 小姐 老师 工 Mr Ms Dr . mr wei zhang WANG "
    "Ａ ｗ · - ' , 【 】 ǰ ß"
).split() + [" ", "  ", "\u3000", "\x00"]


def _names_one_by_one(
    distinct: tuple[np.ndarray, list[str]],
) -> list[tuple[np.ndarray, np.ndarray]]:
    """The three name features as they were computed before the batch: one call per name."""
    titled = mapped(distinct, person_name)
    names = (titled[0].astype(np.int64), [str(v) for v in titled[1]])
    return [
        mapped(names, lambda v: fold_text(v).replace(" ", "") or None),
        mapped(names, lambda v: name_key(v) or None),
        mapped(names, lambda v: "".join(name_tokens(v)) or None),
    ]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.lists(st.sampled_from(NAME_PIECES), max_size=5).map("".join), st.text(max_size=6)
        ),
        max_size=12,
    )
)
def test_person_names_at_once_are_the_names_one_by_one(names: list[str]) -> None:
    distinct = distinct_texts(pd.Series(names + ["王伟"], dtype=object))
    batch = _person_names(distinct)
    for (codes, values), (c1, v1) in zip(batch.values(), _names_one_by_one(distinct), strict=True):
        assert np.array_equal(codes, c1) and list(values) == list(v1)
