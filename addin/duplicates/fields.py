"""Per-value features for :func:`addin.duplicates.keys.build_features`: a company name's parts and
places, a person name without its title, a company's own e-mail domain."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures.process import BrokenProcessPool
from itertools import chain
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .company import Parts, brand_pinyin, company_tuple
from .names import WEBMAIL_PLUS_DOMAINS, fold_text, reading_among, strip_folded_title

if TYPE_CHECKING:
    from ..workers import Workers

__all__ = [
    "WEBMAIL_DOMAINS",
    "company_parts",
    "email_domain",
    "folded_person_name",
    "parse_companies",
    "person_name",
    "shared_places",
]

_EMPTY: Parts = ("", "", "", "", "", "", False, False)

#: Distinct company names parsed per piece of work sent to a worker at most (a worker's answer
#: costs its pickling; ~50,000 names take a worker about a second).
POOL_CHUNK = 50_000
#: From this many distinct names they are parsed in the workers (fewer: here, ~0.4 s): ~115,000
#: customers hold ~80,000, which took this process 1.4 s while the pool's cores stood idle.
POOL_MIN = 20_000
#: Below this many names the workers are kept for the next step (the follow-ups) when the names
#: are in: they hold little. From it they are stopped (a few hundred MB each at 1M customers).
KEEP_WORKERS_BELOW = 150_000


def _parsed(texts: list[str]) -> list[Parts]:
    return [company_tuple(t) if t else _EMPTY for t in texts]


#: A list per part of the parsed names (brand, place, pref, prov, industry, latin, gov), in order.
Columns = dict[str, list[object]]


def _columns(texts: list[str]) -> Columns:
    """The names parsed and laid out as one list per part (None when empty). Flat lists of
    strings rather than a list of CompanyName objects: a few hundred thousand live objects
    would make the garbage collector sweep them again and again."""
    parsed = _parsed(texts)
    place, brand, industry, _legal, pref, prov, gov, latin = (
        zip(*parsed, strict=True) if parsed else ((),) * 8
    )
    return {
        "brand": [v or None for v in brand],
        "place": [v or None for v in place],
        "pref": [v or None for v in pref],
        "prov": [v or None for v in prov],
        "industry": [v or None for v in industry],
        "latin": ["latin" if a and b else None for a, b in zip(latin, brand, strict=True)],
        "gov": ["gov" if g else None for g in gov],
    }


def parse_companies(texts: list[str], pool: Workers | None = None) -> Callable[[], Columns]:
    """Start parsing the distinct company names; the call returned gives their parts.

    With a ``pool`` and at least :data:`POOL_MIN` names, pieces of them (one per worker at
    least, :data:`POOL_CHUNK` at most) are parsed and laid out in the workers while this process
    goes on with the other features; the answers are those of parsing here (a pure function per
    name, put back in order). From :data:`KEEP_WORKERS_BELOW` names the pool's workers are
    stopped once the names are in.
    """
    if pool is None or len(texts) < POOL_MIN:
        return lambda: _columns(texts)
    n = max(pool.size, -(-len(texts) // POOL_CHUNK))
    size = -(-len(texts) // n)
    pieces = [texts[k : k + size] for k in range(0, len(texts), size)]
    futures = [pool.submit(_columns, piece) for piece in pieces]

    def collect() -> Columns:
        out: list[Columns] = []
        for future, piece in zip(futures, pieces, strict=True):
            try:
                out.append(future.result())
            except BrokenProcessPool:  # a worker died (killed, out of memory): parsed here
                out.append(_columns(piece))
        # many names: the workers stop (a few hundred MB each) before the pairs are scored, the
        # peak of matching; the pool starts fresh ones when next used
        if len(texts) >= KEEP_WORKERS_BELOW:
            pool.close()
        return {part: list(chain.from_iterable(c[part] for c in out)) for part in out[0]}

    return collect


def company_parts(texts: list[str], parsed: Columns | None = None) -> Columns:
    """Brand, places, industry word, flags and brand pinyin (``py``) of each distinct company
    name (None when empty). ``parsed``: the names already parsed (:func:`parse_companies`)."""
    out = _columns(texts) if parsed is None else dict(parsed)
    # Brand pinyin is only compared against English or pinyin names: without one, none is needed.
    any_latin = any(v is not None for v in out["latin"])
    if any_latin:
        out["py"] = _brand_keys(out["brand"], out["latin"])
    else:
        out["py"] = [None] * len(texts)
    return out


def _brand_keys(brands: list[object], latin: list[object]) -> list[object]:
    """Each brand's pinyin; a Chinese brand with a polyphonic character (长远: 'zhangyuan' by
    the dictionary's first reading) takes the reading an English name in the data spells
    (CHANGYUAN), so the two compare equal."""
    keys: list[object] = [brand_pinyin(str(b)) or None if b else None for b in brands]
    spelled = {str(k) for k, lat in zip(keys, latin, strict=True) if lat and k}
    prefixes = {w[:n] for w in spelled for n in range(len(w) + 1)}
    for t, (b, lat) in enumerate(zip(brands, latin, strict=True)):
        if b and not lat and keys[t] not in spelled:
            keys[t] = reading_among(str(b), spelled, prefixes) or keys[t]
    return keys


def shared_places(
    parts: dict[str, list[object]], co_codes: np.ndarray, columns: tuple[str, ...]
) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """co_place / co_pref / co_prov coded over one vocabulary."""
    k = len(parts["place"])
    joint = parts["place"] + parts["pref"] + parts["prov"]
    codes, vocab = pd.factorize(np.array([v if v else "" for v in joint] + [""], dtype=object))
    blank = codes[-1]
    codes = np.where(codes == blank, -1, codes)[:-1]
    values = np.asarray(vocab, dtype=object)
    out = {}
    for n, col in enumerate(columns):
        per_value = codes[n * k : (n + 1) * k]
        rec = np.where(co_codes >= 0, per_value[np.maximum(co_codes, 0)] if k else -1, -1)
        out[col] = (rec.astype(np.int32), values)
    return out


#: Free mail providers: a shared domain there says nothing about the account.
WEBMAIL_DOMAINS = WEBMAIL_PLUS_DOMAINS | frozenset(
    """qq.com foxmail.com 163.com 126.com yeah.net sina.com sina.cn sohu.com 139.com 189.cn wo.cn
    aliyun.com gmail.com yahoo.com yahoo.com.cn msn.com 263.net tom.com 21cn.com""".split()
)


def email_domain(email: str) -> str | None:
    d = email.rpartition("@")[2]
    return None if not d or d in WEBMAIL_DOMAINS else d


def person_name(v: str) -> str | None:
    """The name without its title; None when only a surname is left (李总, 王经理)."""
    return folded_person_name(fold_text(v))


def folded_person_name(s: str) -> str | None:
    """:func:`person_name` of a name already folded (:func:`~.names.fold_texts`)."""
    core, surname_only = strip_folded_title(s)
    return None if surname_only or not core else core
