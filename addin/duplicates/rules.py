"""The decision rules of :mod:`addin.duplicates.find`: an ordered list ending in an explicit else.

The first rule that applies to a compared pair (:mod:`addin.duplicates.compare`) gives its tier
("duplicate" / "possible" / none) and the reason in words.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..intake.normalize import format_phone
from ..schema import Lang
from .compare import Comparison, PairFields, max_bits
from .evidence import (
    ambiguous_account,
    bare_brand,
    corroborated,
    same_account,
    same_account_latin,
    same_domain,
    shared_contact_other_company,
)
from .keys import Features
from .texts import msg

__all__ = ["FLAG_FIELDS", "POINTS_PER_BIT", "RULES", "Context", "Rule", "decide", "worth_comparing"]

#: Score shown to users: 10 points per bit of evidence, clipped to 0..100.
POINTS_PER_BIT = 10.0

# --- decision rules ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Context:
    """What the rules need besides the comparison: features, display names, thresholds, language."""

    f: Features
    names: np.ndarray  # customer_name as typed, per record
    duplicate_bits: float
    possible_bits: float
    lang: Lang
    companies: np.ndarray  # company as typed, per record


Mask = Callable[[Comparison, Context], np.ndarray]
Reason = Callable[[Comparison, Context, np.ndarray], list[str]]


@dataclass(frozen=True)
class Rule:
    """One decision rule: when it applies, the tier it gives and the reason in words."""

    name: str
    tier: str  # "duplicate" | "possible" | "none"
    applies: Mask
    reason: Reason
    fixed_score: float | None = None  # identifier rules: 100; negative rules: 0


def _val(col: str, side: str = "i") -> Callable[[Comparison, Context, np.ndarray], np.ndarray]:
    return lambda c, x, k: x.f.value(col, (c.i if side == "i" else c.j)[k])


def _fmt(code: str, **parts: Callable[[Comparison, Context, np.ndarray], np.ndarray]) -> Reason:
    """Reason builder: message ``code`` formatted with per-pair values."""

    def reason(c: Comparison, x: Context, k: np.ndarray) -> list[str]:
        cols = {name: fn(c, x, k) for name, fn in parts.items()}
        return [msg(code, x.lang, **{n: v[t] for n, v in cols.items()}) for t in range(len(k))]

    return reason


def _evidence_fields(c: Comparison, x: Context, k: np.ndarray) -> list[str]:
    """'name + birthday + address': the fields that agree, strongest level named."""
    lang = x.lang
    name = {4: "dd_f_name", 3: "dd_f_name_pinyin", 2: "dd_f_name_similar"}
    parts: list[list[str]] = [[] for _ in k]
    for t, p in enumerate(k):
        if c.name_level[p] in name:
            parts[t].append(msg(name[int(c.name_level[p])], lang))
        if c.birth_level[p] >= 1:
            parts[t].append(msg("dd_f_birth" if c.birth_level[p] == 2 else "dd_f_birth_near", lang))
        if c.addr_sim[p] >= 0.8:
            parts[t].append(
                msg("dd_f_address" if c.addr_sim[p] >= 0.97 else "dd_f_address_similar", lang)
            )
        if c.eq["phone"][p]:
            parts[t].append(msg("dd_f_phone", lang))
    return [" + ".join(p) for p in parts]


def _names(side: str) -> Callable[[Comparison, Context, np.ndarray], np.ndarray]:
    return lambda c, x, k: x.names[(c.i if side == "i" else c.j)[k]]


def _company_core(c: Comparison, x: Context, k: np.ndarray) -> np.ndarray:
    brand = x.f.value("co_brand", c.i[k])
    ind_i, ind_j = x.f.value("co_industry", c.i[k]), x.f.value("co_industry", c.j[k])
    return np.array(
        [b + (a or o or "") for b, a, o in zip(brand, ind_i, ind_j, strict=True)], dtype=object
    )


def _same_account_reason(c: Comparison, x: Context, k: np.ndarray) -> list[str]:
    base = _fmt("dd_company", v=_company_core)(c, x, k)
    a, b = _names("i")(c, x, k), _names("j")(c, x, k)
    other = c.name_level[k] == -1
    return [
        s + (msg("dd_other_contact", x.lang, a=a[t], b=b[t]) if other[t] else "")
        for t, s in enumerate(base)
    ]


def _compatible(a: str) -> Mask:
    """Same or one side missing."""
    return lambda c, x: c.eq[a] | ~c.both[a]


def _same_account(c: Comparison, x: Context) -> np.ndarray:
    return same_account(c, x.f)


def _companies(c: Comparison, x: Context, k: np.ndarray, side: str) -> np.ndarray:
    out: np.ndarray = x.companies[(c.i if side == "i" else c.j)[k]]
    return out


def _contact(c: Comparison, x: Context, k: np.ndarray) -> np.ndarray:
    mob, mail, wx = (x.f.value(col, c.i[k]) for col in ("mobile", "email", "wechat"))
    out = [
        format_phone(m) if c.eq["mobile"][p] else (e if c.eq["email"][p] else w)
        for m, e, w, p in zip(mob, mail, wx, k, strict=True)
    ]
    return np.array(out, dtype=object)


def _name_ok(c: Comparison) -> np.ndarray:
    return c.name_level >= 0


def _masked_id(c: Comparison, x: Context, k: np.ndarray) -> np.ndarray:
    return np.array([str(v)[-4:] for v in x.f.value("id_number", c.i[k])], dtype=object)


def _phones(c: Comparison, x: Context, k: np.ndarray) -> np.ndarray:
    return np.array([format_phone(v) for v in x.f.value("mobile", c.i[k])], dtype=object)


def _what(code: str) -> Callable[[Comparison, Context, np.ndarray], np.ndarray]:
    return lambda c, x, k: np.array([msg(code, x.lang)] * len(k), dtype=object)


#: The decision, first match wins. Identifiers first, then the account (company), then the
#: person evidence; the explicit else keeps everything else apart.
RULES: tuple[Rule, ...] = (
    Rule(
        "credit_code_differs",
        "none",
        lambda c, x: c.both["credit_code"] & ~c.eq["credit_code"],
        _fmt("dd_credit_differs"),
        0.0,
    ),
    Rule(
        "same_credit_code",
        "duplicate",
        lambda c, x: c.eq["credit_code"],
        _fmt("dd_credit_code", v=_val("credit_code")),
        100.0,
    ),
    Rule(
        "id_number_differs",
        "none",
        lambda c, x: c.both["id_number"] & ~c.eq["id_number"],
        _fmt("dd_id_differs"),
        0.0,
    ),
    Rule(
        "same_id_number",
        "duplicate",
        lambda c, x: c.eq["id_number"],
        _fmt("dd_id_number", v=_masked_id),
        100.0,
    ),
    Rule(
        "shared_contact_other_company",
        "possible",
        lambda c, x: shared_contact_other_company(c, x.f),
        _fmt(
            "dd_shared_contact_companies",
            v=_contact,
            a=lambda c, x, k: _companies(c, x, k, "i"),
            b=lambda c, x, k: _companies(c, x, k, "j"),
        ),
    ),
    Rule(
        "same_mobile",
        "duplicate",
        lambda c, x: c.eq["mobile"] & (_name_ok(c) | _same_account(c, x)),
        _fmt("dd_mobile", v=_phones),
        100.0,
    ),
    Rule(
        "same_email",
        "duplicate",
        lambda c, x: c.eq["email"] & (_name_ok(c) | _same_account(c, x)),
        _fmt("dd_email", v=_val("email")),
        100.0,
    ),
    Rule(
        "same_wechat",
        "duplicate",
        lambda c, x: c.eq["wechat"] & (_name_ok(c) | _same_account(c, x)),
        _fmt("dd_wechat", v=_val("wechat")),
        100.0,
    ),
    Rule(
        "ambiguous_account",
        "possible",
        lambda c, x: _same_account(c, x) & ambiguous_account(c, x.f),
        _fmt("dd_company_ambiguous", v=_company_core),
    ),
    Rule(
        "bare_brand",
        "possible",
        lambda c, x: _same_account(c, x) & bare_brand(c, x.f),
        _fmt(
            "dedupeacc_company_bare_brand",
            v=_val("co_brand"),
            a=lambda c, x, k: _companies(c, x, k, "i"),
            b=lambda c, x, k: _companies(c, x, k, "j"),
        ),
    ),
    Rule("same_account", "duplicate", _same_account, _same_account_reason, 95.0),
    Rule(
        "same_account_latin",
        "duplicate",
        lambda c, x: same_account_latin(c, x.f),
        _fmt(
            "dd_company_latin",
            a=lambda c, x, k: _companies(c, x, k, "i"),
            b=lambda c, x, k: _companies(c, x, k, "j"),
        ),
        90.0,
    ),
    Rule(
        "same_domain",
        "duplicate",
        lambda c, x: same_domain(c, x.f),
        _fmt(
            "dd_email_domain",
            v=_val("email_domain"),
            a=lambda c, x, k: _companies(c, x, k, "i"),
            b=lambda c, x, k: _companies(c, x, k, "j"),
        ),
        85.0,
    ),
    Rule(
        "same_person_other_company",
        "possible",
        lambda c, x: c.both["co_brand"] & (c.bits >= x.duplicate_bits),
        _fmt(
            "dd_person_other_company",
            fields=lambda c, x, k: np.array(_evidence_fields(c, x, k)),
            a=_val("co_brand", "i"),
            b=_val("co_brand", "j"),
        ),
    ),
    Rule(
        "shared_mobile_names_differ",
        "possible",
        lambda c, x: c.eq["mobile"],
        _fmt(
            "dd_shared_contact_names_differ",
            what=_what("dd_what_mobile"),
            v=_phones,
            a=_names("i"),
            b=_names("j"),
        ),
    ),
    Rule(
        "shared_email_names_differ",
        "possible",
        lambda c, x: c.eq["email"],
        _fmt(
            "dd_shared_contact_names_differ",
            what=_what("dd_what_email"),
            v=_val("email"),
            a=_names("i"),
            b=_names("j"),
        ),
    ),
    Rule(
        "person_evidence",
        "duplicate",
        lambda c, x: (c.bits >= x.duplicate_bits) & corroborated(c, x.f),
        _evidence_fields,
    ),
    Rule(
        "brand_other_city",
        "possible",
        lambda c, x: (
            c.eq["co_brand"]
            & c.both["co_place"]
            & ~c.eq["co_place"]
            & _compatible("co_industry")(c, x)
        ),
        _fmt(
            "dd_brand_other_city", v=_company_core, a=_val("co_place", "i"), b=_val("co_place", "j")
        ),
    ),
    Rule(
        "person_evidence_weak", "possible", lambda c, x: c.bits >= x.possible_bits, _evidence_fields
    ),
    Rule("else", "none", lambda c, x: np.ones(len(c.i), dtype=bool), _fmt("dd_else"), 0.0),
)


def decide(c: Comparison, x: Context, rules: tuple[Rule, ...] = RULES) -> pd.DataFrame:
    """Apply the rules in order; one row per candidate pair that is a duplicate or possible one.

    Columns: ``i``, ``j`` (record positions), ``tier``, ``rule``, ``score`` (0..100), ``reason``.
    """
    todo = np.ones(len(c.i), dtype=bool)
    parts: list[pd.DataFrame] = []
    evidence = np.clip(c.bits * POINTS_PER_BIT, 0, 100).round(1)
    for rule in rules:
        hit = todo & rule.applies(c, x)
        todo &= ~hit
        if rule.tier == "none" or not hit.any():
            continue
        k = np.nonzero(hit)[0]
        score = np.full(len(k), rule.fixed_score) if rule.fixed_score is not None else evidence[k]
        parts.append(
            pd.DataFrame(
                {
                    "i": c.i[k],
                    "j": c.j[k],
                    "tier": rule.tier,
                    "rule": rule.name,
                    "score": score,
                    "reason": rule.reason(c, x, k),
                }
            )
        )
    cols = ["i", "j", "tier", "rule", "score", "reason"]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=cols)


#: The fields whose equality alone lets a rule above flag a pair (an identifier, a contact, the
#: account); a pair equal in none of them is flagged only on its person evidence (``c.bits``).
FLAG_FIELDS = (
    "credit_code", "id_number", "mobile", "email", "wechat", "co_brand", "co_brand_py",
    "email_domain",
)  # fmt: skip


def worth_comparing(fields: PairFields, prior_bits: np.ndarray | None, x: Context) -> np.ndarray:
    """Which pairs of ``fields`` need the full comparison: not ruled out by different
    credit codes or ID numbers (the first rules), and equal in one of :data:`FLAG_FIELDS` or with
    person evidence that can reach the lower threshold at best (:func:`~addin.duplicates.
    compare.max_bits`). Every other pair ends at the else rule whatever its similarities are,
    so :func:`decide` gives the same rows without comparing it: most candidate pairs are such."""
    eq, both = fields.eq, fields.both
    code_differs = both["credit_code"] & ~eq["credit_code"]
    id_differs = both["id_number"] & ~eq["id_number"] & ~eq["credit_code"]
    flagged = np.logical_or.reduce([eq[col] for col in FLAG_FIELDS])
    # a hair below the threshold: max_bits adds the same terms in another order
    low = min(x.possible_bits, x.duplicate_bits) - 1e-9
    reach = max_bits(fields, prior_bits) >= low
    out: np.ndarray = ~(code_differs | id_differs) & (flagged | reach)
    return out
