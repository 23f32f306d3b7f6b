"""Match keys of customer records, from the duplicates stage's normalised features.

The same normalisation as 查重 (:func:`addin.duplicates.keys.build_features`: pinyin name key,
phones in E.164, folded e-mail, company brand and city) gives each record a few keys, stored
with an index so that a lookup never re-runs the whole dedupe. *Identity* keys name one
customer for certain (credit code, ID number, company brand + city, a person's name + mobile
or + e-mail); the registry holds each at most once, which is what stops two reps from both
registering one customer. The other keys only point at candidates.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..duplicates.keys import build_features, components
from ..schema import FIELDS

__all__ = [
    "IDENTITY_KINDS",
    "RecordKeys",
    "batch_groups",
    "record_json",
    "record_keys",
]

#: Keys that identify one customer for certain (unique in the registry).
IDENTITY_KINDS = ("credit_code", "id_number", "account", "person_mobile", "person_email")
#: Keys that only point at candidates ("possible" unless another key agrees).
POINTER_KINDS = ("brand", "mobile", "email", "wechat", "phone", "name_birth")

_FIELD_KEYS = [f.key for f in FIELDS]


@dataclass
class RecordKeys:
    """Per record: its keys (long frame pos, kind, value, is_identity) and what it is."""

    keys: pd.DataFrame
    kind: np.ndarray  # "account" | "person"
    display: np.ndarray  # company (accounts) or customer name (persons)
    place: np.ndarray  # company city or ""


def _join(*parts: np.ndarray) -> np.ndarray:
    out = parts[0].astype(object).copy()
    missing = pd.isna(out)
    for p in parts[1:]:
        missing |= pd.isna(p)
    ok = ~missing
    joined = out[ok].astype(str)
    for p in parts[1:]:
        joined = np.char.add(np.char.add(joined.astype(str), "|"), p[ok].astype(str))
    out[ok] = joined
    out[missing] = None
    return out


def record_keys(customers: pd.DataFrame) -> RecordKeys:
    """The match keys of each record of a customer frame (rows by position)."""
    f = build_features(customers)
    idx = np.arange(f.n)

    def v(col: str) -> np.ndarray:
        return f.value(col, idx)

    brand, place = v("co_brand"), v("co_place")
    is_account = ~pd.isna(brand)
    person = v("name_key").copy()
    person[is_account] = None
    place_txt = np.where(pd.isna(place), "", place).astype(object)
    columns: dict[str, tuple[np.ndarray, bool]] = {
        "credit_code": (v("credit_code"), True),
        "id_number": (v("id_number"), True),
        "account": (_join(brand, place_txt), True),
        "person_mobile": (_join(person, v("mobile")), True),
        "person_email": (_join(person, v("email")), True),
        "brand": (brand, False),
        "mobile": (v("mobile"), False),
        "email": (v("email"), False),
        "wechat": (v("wechat"), False),
        "phone": (v("phone"), False),
        "name_birth": (_join(v("name_key"), v("birth")), False),
    }
    parts = []
    for kind, (values, identity) in columns.items():
        ok = ~pd.isna(values)
        parts.append(
            pd.DataFrame(
                {
                    "pos": idx[ok],
                    "kind": kind,
                    "value": values[ok].astype(str),
                    "is_identity": identity,
                }
            )
        )
    keys = pd.concat(parts, ignore_index=True)
    keys["value"] = keys["value"].str.slice(0, 300)
    name = customers["customer_name"].to_numpy(dtype=object) if len(customers) else idx
    company = customers["company"].to_numpy(dtype=object) if len(customers) else idx
    display = np.where(is_account & ~pd.isna(company), company, name)
    display = np.where(pd.isna(display), "", display).astype(object)
    return RecordKeys(keys, np.where(is_account, "account", "person"), display, place_txt)


def batch_groups(keys: RecordKeys, n: int) -> np.ndarray:
    """Records of one batch that are one customer: one group label per record.

    They share an identity key, or they are accounts of one brand of which the batch knows
    one city at most and one credit code at most, some naming no city: what the check would
    call the same account (strong brand evidence, ``match._strength``) once one of them is
    registered. So a batch registers such an account once, as sheets checked later would.
    """
    ident = keys.keys[keys.keys["is_identity"]]
    if ident.empty:
        return np.arange(n, dtype=np.int64)
    code = pd.factorize(ident["kind"] + "\x00" + ident["value"])[0]
    pos = ident["pos"].to_numpy(np.int64)
    order = np.lexsort((pos, code))
    code, pos = code[order], pos[order]
    same = code[1:] == code[:-1]
    b_src, b_dst = _brand_links(keys)
    src = np.concatenate([pos[:-1][same], b_src])
    dst = np.concatenate([pos[1:][same], b_dst])
    return components(n, src, dst)


def _brand_links(keys: RecordKeys) -> tuple[np.ndarray, np.ndarray]:
    """Links between the accounts of a brand that names no city and the brand's one city."""
    k = keys.keys
    brand = k.loc[k["kind"] == "brand", ["pos", "value"]]
    if brand.empty:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    codes = k.loc[k["kind"] == "credit_code"].drop_duplicates("pos").set_index("pos")["value"]
    place = keys.place[brand["pos"].to_numpy(np.int64)]
    b = brand.assign(
        blank=place == "",
        named=pd.Series(place, index=brand.index).where(place != ""),
        code=brand["pos"].map(codes),
    )
    g = b.groupby("value", sort=False)
    stats = g.agg(
        n=("pos", "size"),
        blank=("blank", "max"),
        named=("named", "nunique"),
        codes=("code", "nunique"),
    )
    ok = stats.index[
        (stats["n"] > 1) & stats["blank"] & (stats["named"] == 1) & (stats["codes"] <= 1)
    ]
    rows = b[b["value"].isin(ok)]
    first = rows.groupby("value", sort=False)["pos"].transform("min")
    other = rows["pos"] != first
    return first[other].to_numpy(np.int64), rows.loc[other, "pos"].to_numpy(np.int64)


def _plain_column(values: pd.Series) -> list[object]:
    """A column as JSON-ready Python values (None when empty), converted once per column."""
    if pd.api.types.is_datetime64_any_dtype(values):
        text = values.dt.strftime("%Y-%m-%d").tolist()
        return [t if isinstance(t, str) else None for t in text]
    if pd.api.types.is_numeric_dtype(values):
        return [None if pd.isna(v) else v for v in values.astype(object).tolist()]
    return [None if v is None or (isinstance(v, float) and v != v) else v for v in values.tolist()]


def record_json(customers: pd.DataFrame) -> tuple[list[str], list[str]]:
    """Each record's fields as JSON (empty ones left out) and its SHA-256 fingerprint."""
    cols = sorted(c for c in _FIELD_KEYS if c in customers.columns)  # sorted: stable JSON
    columns = [_plain_column(customers[c]) for c in cols]
    texts: list[str] = []
    prints: list[str] = []
    dumps = json.JSONEncoder(ensure_ascii=False).encode
    for values in zip(*columns, strict=True):
        text = dumps({k: v for k, v in zip(cols, values, strict=True) if v is not None})
        texts.append(text)
        prints.append(hashlib.sha256(text.encode()).hexdigest())
    return texts, prints
