"""Matching features and connected components for :mod:`addin.duplicates.find`.

Features are computed once per distinct value and stored as integer codes, so comparing a
pair of records is an array lookup. Which pairs are compared is :mod:`.blocking`'s job.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..intake.text import is_blank
from ..per_value import cells, distinct_texts, encode, mapped
from .fields import company_parts, email_domain, folded_person_name, parse_companies, shared_places
from .names import (
    fold_addresses,
    fold_emails,
    fold_text,
    fold_texts,
    folded_name_tokens,
)

if TYPE_CHECKING:
    from ..workers import Workers

__all__ = ["Features", "build_features", "components"]

#: Feature columns compared for equality (held as integer codes, -1 when missing).
CODE_COLUMNS = (
    "name_exact",
    "name_key",
    "name_concat",
    "birth",
    "address",
    "mobile",
    "phone",
    "email",
    "wechat",
    "credit_code",
    "id_number",
    "gender",
    "co_brand",
    "co_place",
    "co_industry",
    "co_brand_py",
    "co_latin",
    "co_gov",
    "email_domain",
)
#: Place columns sharing one code space, so that a place can be compared with the prefecture
#: or province of another record (昆山 lies in 苏州).
PLACE_COLUMNS = ("co_place", "co_pref", "co_prov")


@dataclass
class Features:
    """Per-record matching features: ``codes[col]`` int32 arrays and the distinct values."""

    n: int
    codes: dict[str, np.ndarray] = field(default_factory=dict)
    values: dict[str, np.ndarray] = field(default_factory=dict)
    #: name words: per record the codes of its first two (sorted) words, and each word's share
    #: of the records (how common the word is: 'zhang' is, 'rokobaro' is not)
    name_words: tuple[np.ndarray, np.ndarray] = (np.empty(0, np.int64), np.empty(0, np.int64))
    word_share: np.ndarray = field(default_factory=lambda: np.empty(0))
    words: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=object))
    #: arrays derived from the above, computed on first use (the pairs come in chunks)
    cache: dict[str, np.ndarray] = field(default_factory=dict)
    _making: threading.RLock = field(default_factory=threading.RLock, repr=False, compare=False)

    def derived(self, key: str, make: Callable[[], np.ndarray]) -> np.ndarray:
        """``make()``, computed once per Features and then kept under ``key``: chunks of pairs
        compared in two threads wait for the one making it rather than make it twice."""
        if key not in self.cache:
            with self._making:  # re-entrant: a ``make`` may ask for another derived array
                if key not in self.cache:
                    self.cache[key] = make()
        return self.cache[key]

    def value(self, col: str, idx: np.ndarray) -> np.ndarray:
        """The feature values (object array, None when missing) of records ``idx``."""
        c = self.codes[col][idx]
        vals = np.empty(len(self.values[col]) + 1, dtype=object)
        vals[:-1] = self.values[col]
        out: np.ndarray = vals[np.where(c >= 0, c, len(vals) - 1)]
        return out


def _dates(s: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Birthdays as 'YYYYMMDD' text; raw text (FEBRL's typo'd dates) passes through."""
    if pd.api.types.is_datetime64_any_dtype(s):
        codes, uniques = pd.factorize(s.reset_index(drop=True), use_na_sentinel=True)
        days = pd.DatetimeIndex(uniques).strftime("%Y%m%d").tolist()  # once per distinct date
        return encode(list(days), np.asarray(codes, dtype=np.int64))
    return mapped(distinct_texts(s), lambda v: "".join(ch for ch in v if ch.isdigit()) or None)


def _phone(s: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """The number without its extension."""
    codes, texts = distinct_texts(s)
    if ";ext=" not in "\x00".join(texts):  # most files: no extension anywhere, nothing to cut
        return encode([t or None for t in texts], codes)
    return mapped((codes, texts), lambda v: v.split(";ext=")[0])


def _person_names(
    distinct: tuple[np.ndarray, list[str]],
) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """``name_exact``, ``name_key``, ``name_concat`` of each record's name without its title
    (:func:`~.fields.person_name`: None when only a surname and a title are left).

    The names are folded all at once (:func:`fold_texts`), twice: as typed, for the titles,
    then each name without its title, which gives its folded form and its pinyin tokens once
    for the three features; the same as :func:`~.names.fold_text`, :func:`~.names.name_key`
    and :func:`~.names.name_tokens` of each name.
    """
    codes, texts = distinct
    name_codes, names = encode([folded_person_name(f) for f in fold_texts(texts)], codes)
    exact: list[object] = []
    key: list[object] = []
    concat: list[object] = []
    for folded in fold_texts([str(v) for v in names]):
        tokens = folded_name_tokens(folded)
        exact.append(folded.replace(" ", "") or None)
        key.append(" ".join(sorted(tokens)) or None)
        concat.append("".join(tokens) or None)
    per_name = name_codes.astype(np.int64)
    return {
        "name_exact": encode(exact, per_name),
        "name_key": encode(key, per_name),
        "name_concat": encode(concat, per_name),
    }


def _addresses(s: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """:func:`fold_address` of each distinct address (all folded at once), None when empty."""
    codes, texts = distinct_texts(s)
    return encode([v or None for v in fold_addresses(texts)], codes)


def _plain(s: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Values compared as they are (already canonical after validation)."""
    codes, uniques = pd.factorize(cells(s), use_na_sentinel=True)
    return codes.astype(np.int32), np.asarray(uniques, dtype=object)


def _column(customers: pd.DataFrame, key: str) -> pd.Series:
    if key in customers.columns:
        return customers[key].reset_index(drop=True)
    return pd.Series([None] * len(customers), dtype=object)


def build_features(
    customers: pd.DataFrame, *, email_mode: str = "webmail", pool: Workers | None = None
) -> Features:
    """Compute the matching features of a customer frame (rows by position).

    Every feature is computed once per distinct text of its column (a million records hold
    far fewer distinct names, companies, addresses) and held as integer codes. With a
    ``pool`` the company names, the costliest to parse, are parsed in its workers meanwhile.
    """

    def col(key: str) -> pd.Series:
        return _column(customers, key)

    co_codes, co_texts = distinct_texts(col("company"))
    companies = parse_companies(co_texts, pool)
    gender = cells(col("gender")).where(lambda g: g != "unknown", None)
    email_codes, email_texts = distinct_texts(col("email"))
    emails = encode(
        [
            (k or None) if t else None
            for t, k in zip(email_texts, fold_emails(email_texts, email_mode), strict=True)
        ],
        email_codes,
    )
    early: dict[str, tuple[np.ndarray, np.ndarray]] = {
        **_person_names(distinct_texts(col("customer_name"))),
        "birth": _dates(col("birthday")),
        "address": _addresses(col("address")),
        "mobile": _phone(col("mobile")),
        "phone": _phone(col("phone")),
        "email": emails,
        "email_domain": mapped((emails[0], [str(v) for v in emails[1]]), email_domain),
        "wechat": mapped(
            distinct_texts(col("wechat")), lambda v: None if is_blank(v) else fold_text(v) or None
        ),
        "credit_code": _plain(col("credit_code")),
        "id_number": _plain(col("id_number")),
        "gender": _plain(gender),
    }
    parts = company_parts(co_texts, companies())
    raw = {
        **early,
        "co_brand": encode(parts["brand"], co_codes),
        "co_industry": encode(parts["industry"], co_codes),
        "co_brand_py": encode(parts["py"], co_codes),
        "co_latin": encode(parts["latin"], co_codes),
        "co_gov": encode(parts["gov"], co_codes),
        **shared_places(parts, co_codes, PLACE_COLUMNS),
    }
    feats = Features(len(customers))
    for name in (*CODE_COLUMNS, "co_pref", "co_prov"):
        feats.codes[name], feats.values[name] = raw[name]
    _add_name_words(feats)
    return feats


def _add_name_words(feats: Features) -> None:
    keys = feats.values["name_key"]
    words = [k.split() for k in keys]
    first = [w[0] if w else "" for w in words]
    second = [w[1] if len(w) > 1 else "" for w in words]
    codes, vocab = pd.factorize(np.array(first + second + [""], dtype=object))
    blank = codes[-1]
    codes = np.where(codes == blank, -1, codes)[:-1].astype(np.int64)
    rec = feats.codes["name_key"]
    present = rec >= 0
    w0 = np.where(present, codes[: len(keys)][np.maximum(rec, 0)] if len(keys) else -1, -1)
    w1 = np.where(present, codes[len(keys) :][np.maximum(rec, 0)] if len(keys) else -1, -1)
    counts = np.bincount(
        np.concatenate([w0[w0 >= 0], w1[(w1 >= 0) & (w1 != w0)]]), minlength=len(vocab)
    )
    feats.name_words = (w0, w1)
    feats.word_share = counts / max(int(present.sum()), 1)
    feats.words = np.asarray(vocab, dtype=object)


# --- components -------------------------------------------------------------------------------


def components(n: int, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Connected-component label of each of ``n`` records (the smallest member index)."""
    labels = np.arange(n, dtype=np.int64)
    if not len(i):
        return labels
    while True:
        li, lj = labels[i], labels[j]
        low = np.minimum(li, lj)
        before = labels.copy()
        np.minimum.at(labels, li, low)
        np.minimum.at(labels, lj, low)
        while True:  # pointer jumping: every record points straight at its root
            nxt = labels[labels]
            if np.array_equal(nxt, labels):
                break
            labels = nxt
        if np.array_equal(labels, before):
            return labels
