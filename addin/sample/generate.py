"""Sample intake data: reps' files with realistic Chinese customers, typed duplicates and truth.

Used by ``intake demo``, the tests and the benchmarks (up to a million rows, so everything is
drawn with numpy in one go per column). Each row belongs to a real customer, its *entity*:
the account (company) for enterprise and government rows, the person for individuals. A share
``dup_rate`` of the rows re-enters an entity another rep (sometimes the same rep) already has:
the same contact typed differently (phone formats, pinyin name, company name variants, e-mail
case) or another contact at the same company. Look-alike negatives (北京华兴科技 next to
北京华信科技, a namesake with a different birthday) are distinct entities.

Example:
    >>> data = generate_reps(n_reps=3, rows_per_rep=20, seed=1)
    >>> sorted(data.frames)[:1], len(data.rows)
    (['rep01_余文.xlsx'], 60)
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import xlsxwriter

from ..files import atomic_write
from ..schema import FIELD_BY_KEY, FIELDS, Lang, label
from .pools import (
    LOOKALIKE,
    company_pool,
    company_variant,
    people_pool,
    phone_variants,
    pick,
    pinyin_name,
)
from .texts import msg

__all__ = ["SAMPLE_AS_OF", "SampleData", "generate_reps", "write_sample_files"]

#: The day generated data is current for unless told otherwise: fixed, so that the same seed
#: gives the same files on any day (tests, benchmarks); ``intake demo`` passes today.
SAMPLE_AS_OF = dt.date(2026, 11, 23)
#: Registrations fall between this many days and a month before the as-of day.
_HISTORY_DAYS = 730


@dataclass
class SampleData:
    """Generated rows of every rep, as typed, with the truth.

    ``rows``: all reps' rows (field keys as columns, values as a rep types them) plus ``_file``
    (the rep's file name), ``_sheet``, ``_row`` (Excel row) and ``_entity`` (the real customer:
    rows with equal ``_entity`` are duplicates of each other).
    """

    rows: pd.DataFrame
    lang: Lang = "zh"

    @property
    def frames(self) -> dict[str, pd.DataFrame]:
        """Rows per rep file (without the truth column)."""
        return {
            str(name): part.drop(columns=["_entity"]).reset_index(drop=True)
            for name, part in self.rows.groupby("_file", sort=True)
        }

    def true_pairs(self) -> set[tuple[int, int]]:
        """Pairs (i < j) of row positions in ``rows`` that are the same customer."""
        out: set[tuple[int, int]] = set()
        for idx in self.rows.groupby("_entity").indices.values():
            if len(idx) > 1:
                s = sorted(int(v) for v in idx)
                out.update((a, b) for k, a in enumerate(s) for b in s[k + 1 :])
        return out


def _assign_reps(
    rng: np.random.Generator, n_reps: int, per_rep: int, src: np.ndarray
) -> np.ndarray:
    """Exactly ``per_rep`` rows per rep; a duplicate row mostly lands with another rep than its
    original (``src``: the base row each duplicate row re-enters)."""
    slots = rng.permutation(np.repeat(np.arange(n_reps), per_rep))
    n_base = len(slots) - len(src)
    base, dup = slots[:n_base], slots[n_base:]
    src_rep = base[src]
    same = np.nonzero(dup == src_rep)[0]
    swap = rng.permutation(len(dup))[: len(same)]
    for a, b in zip(same, swap, strict=True):  # a swap that fixes one and breaks none
        if dup[b] != src_rep[a] and dup[a] != src_rep[b]:
            dup[a], dup[b] = dup[b], dup[a]
    return np.concatenate([base, dup])


def _blank(rng: np.random.Generator, values: np.ndarray, share: float) -> np.ndarray:
    out = values.astype(object).copy()
    out[rng.random(len(out)) < share] = None
    return out


def generate_reps(
    n_reps: int = 8,
    rows_per_rep: int = 60,
    *,
    seed: int = 0,
    dup_rate: float = 0.15,
    invalid_rate: float = 0.01,
    lang: Lang = "zh",
    as_of: dt.date = SAMPLE_AS_OF,
) -> SampleData:
    """Generate every rep's rows, with typed duplicates, look-alikes and a few invalid cells.

    Args:
        n_reps: number of reps (one file each).
        rows_per_rep: rows in each rep's file.
        seed: random seed; the same seed gives the same data.
        dup_rate: share of rows re-entering a customer already entered.
        invalid_rate: share of rows with one deliberately invalid cell.
        lang: language of the picklist labels typed in the cells.
        as_of: the day the data is current for: registered in the two years before it, last
            contacted mostly in the weeks before it, next follow-ups around it.

    Example:
        >>> generate_reps(2, 10).rows["_entity"].nunique() <= 20
        True
    """
    rng = np.random.default_rng(seed)
    n = n_reps * rows_per_rep
    n_dup = int(round(n * dup_rate))
    n_base = n - n_dup
    co = company_pool(rng, n_base)
    ppl = people_pool(rng, n + n_reps)
    is_co = rng.random(n_base) < 0.75
    # look-alike negatives: a near-identical company name or a namesake, but another customer
    look = np.nonzero((rng.random(n_base) < 0.04) & is_co)[0]
    if len(look) and is_co.sum() > 1:
        src = rng.choice(np.nonzero(is_co)[0], len(look))
        taken = set(co["brand"] + co["word"])
        for k, s in zip(look, src, strict=True):
            b = co["brand"][s]
            pos = next((q for q, ch in enumerate(b) if ch in LOOKALIKE), None)
            swapped = (
                b[:pos] + LOOKALIKE[b[pos]] + b[pos + 1 :] if pos is not None else b[:-1] + "瑞"
            )
            if swapped + co["word"][s] not in taken:  # a look-alike, never another real customer
                taken.add(swapped + co["word"][s])
                co["brand"][k], co["place"][k], co["word"][k] = (
                    swapped,
                    co["place"][s],
                    co["word"][s],
                )
    namesake = np.nonzero(rng.random(n_base) < 0.04)[0]
    ppl["customer_name"][namesake] = ppl["customer_name"][rng.integers(0, n_base, len(namesake))]

    src = rng.integers(0, n_base, n_dup)
    entity = np.concatenate([np.arange(n_base), src])
    company_row = is_co[entity]
    other_contact = np.concatenate(
        [np.zeros(n_base, bool), company_row[n_base:] & (rng.random(n_dup) < 0.4)]
    )
    person = np.concatenate([np.arange(n_base), src])
    person[other_contact] = np.nonzero(other_contact)[0]  # people n_base..n-1 are unused so far
    is_dup = np.arange(n) >= n_base

    names = ppl["customer_name"][person].copy()
    as_pinyin = is_dup & ~other_contact & (rng.random(n) < 0.15)
    names[as_pinyin] = [pinyin_name(v) for v in names[as_pinyin]]
    email = ppl["email"][person].copy()
    upper = is_dup & (rng.random(n) < 0.3)
    email[upper] = [e[:1].upper() + e[1:] for e in email[upper]]
    full_names = (
        co["place"][entity] + co["brand"][entity] + co["word"][entity] + co["suffix"][entity]
    )
    companies = np.full(n, None, dtype=object)
    companies[company_row] = full_names[company_row]
    variant = is_dup & company_row
    companies[variant] = company_variant(rng, co, entity[variant])
    gov = company_row & (entity % 10 == 0)
    ctype = np.where(gov, "政府", np.where(company_row, "企业", "个人"))
    ctype = np.array([label_choice("customer_type", v, lang) for v in ctype], dtype=object)

    reps_people = ppl["customer_name"][n:]
    rep_idx = _assign_reps(rng, n_reps, rows_per_rep, src)
    rep_names = np.array([f"{reps_people[k]}" for k in range(n_reps)], dtype=object)
    files = np.array([f"rep{k + 1:02d}_{reps_people[k]}.xlsx" for k in range(n_reps)], dtype=object)

    day = np.timedelta64(1, "D")
    today = np.datetime64(as_of, "D")
    reg = today - _HISTORY_DAYS * day + rng.integers(0, _HISTORY_DAYS - 30, n) * day
    stage = pick(rng, [c.zh for c in FIELD_BY_KEY["stage"].choices], n)
    won = stage == "成交"
    amount = np.where(
        won, rng.integers(1, 500, n) * 100.0, np.where(rng.random(n) < 0.5, 0.0, np.nan)
    )
    # Most customers were contacted in the last weeks (a few long ago), never before registering.
    since = (today - reg) // day
    ago = np.minimum(rng.exponential(40, n).astype(np.int64) + 1, since)
    last_contact = today - ago * day
    first_after = (rng.random(n) * (since - ago)).astype(np.int64)  # days after registering
    first_buy = reg + first_after * day
    last_buy = first_buy + (rng.random(n) * (since - ago - first_after)).astype(np.int64) * day
    updated = last_contact - (rng.random(n) < 0.3) * rng.integers(0, 200, n) * day
    updated = np.maximum(updated, reg)
    rows = pd.DataFrame(
        {
            "customer_id": None,
            "rep": rep_names[rep_idx],
            "registered_on": reg.astype(object),
            "customer_name": names,
            "customer_type": ctype,
            "gender": _blank(rng, ppl["gender"][person], 0.2),
            "birthday": _blank(rng, ppl["birthday"][person], np.where(is_dup, 0.3, 0.15).mean()),
            "mobile": phone_variants(rng, ppl["mobile"][person], 0.3 + 0.5 * is_dup.mean()),
            "phone": np.where(company_row & (rng.random(n) < 0.5), co["phone"][entity], None),
            "email": _blank(rng, email, 0.25),
            "address": _blank(rng, co["address"][entity], 0.2),
            "company": companies,
            "credit_code": np.where(
                company_row & (rng.random(n) < 0.5), co["credit_code"][entity], None
            ),
            "industry": np.where(company_row, co["industry"][entity], None),
            "source": pick(rng, [c.zh for c in FIELD_BY_KEY["source"].choices], n),
            "stage": stage,
            "total_amount": amount,
            "order_count": np.where(won, rng.integers(1, 20, n), 0),
            "first_purchase": np.where(won, first_buy, np.datetime64("NaT")).astype(object),
            "last_purchase": np.where(won, last_buy, np.datetime64("NaT")).astype(object),
            "last_contact": last_contact.astype(object),
            "next_follow_up": (last_contact + rng.integers(7, 45, n) * day).astype(object),
            "tags": pick(rng, ["VIP", "价格敏感", "重视服务", "VIP,重视服务", "", "老客户"], n),
            "updated_on": updated.astype(object),
            "_entity": entity,
        }
    )
    rows["_file"] = files[rep_idx]
    rows["_sheet"] = "客户信息"
    rows = rows.sort_values(["_file", "registered_on"], kind="stable").reset_index(drop=True)
    rows["_row"] = rows.groupby("_file").cumcount() + 2
    rows["customer_id"] = [f"C{r:04d}" for r in rows["_row"] - 1]
    _spoil(rng, rows, invalid_rate, as_of)
    return SampleData(rows, lang)


def label_choice(field: str, zh_label: str, lang: Lang) -> str:
    """The label a rep types for a picklist value given by its Chinese label."""
    for c in FIELD_BY_KEY[field].choices:
        if c.zh == zh_label:
            return c.label(lang)
    return zh_label


def _spoil(rng: np.random.Generator, rows: pd.DataFrame, rate: float, as_of: dt.date) -> None:
    """A few deliberately invalid cells so that validation has something to show."""
    bad = np.nonzero(rng.random(len(rows)) < rate)[0]
    kind = rng.integers(0, 7, len(bad))
    for col in ("mobile", "registered_on", "stage", "last_contact", "email", "total_amount"):
        rows[col] = rows[col].astype(object)  # a typed column cannot hold what reps type
    for r, k in zip(bad, kind, strict=True):
        if k == 0:
            rows.at[r, "mobile"] = "138" + str(rng.integers(10_000, 99_999))  # too short
        elif k == 1:
            d = pd.Timestamp(rows.at[r, "registered_on"])  # type: ignore[arg-type]
            rows.at[r, "registered_on"] = f"{d.year}/{d.month}/{d.day}"  # date typed as text: fine
        elif k == 2:
            rows.at[r, "stage"] = "已成交了"  # picklist typo
        elif k == 3:
            rows.at[r, "last_contact"] = f"{as_of.year}-02-30"  # no such day
        elif k == 4 and isinstance(rows.at[r, "email"], str):
            rows.at[r, "email"] = str(rows.at[r, "email"]).replace("@", "#")  # a slip of the finger
        elif k == 5:
            rows.at[r, "total_amount"] = "约五千"  # an amount in words
        else:
            rows.at[r, "stage"], rows.at[r, "total_amount"] = "成交", 0  # won, but no amount


def _write_xlsx(frame: pd.DataFrame, path: Path, lang: Lang) -> None:
    keys = [f.key for f in FIELDS if f.key in frame.columns]
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet(msg("sample_sheet", lang))
    date_fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
    for c, key in enumerate(keys):  # widths as in the template, so dates do not show as ###
        ws.set_column(c, c, FIELD_BY_KEY[key].width)
    ws.write_row(0, 0, [label(k, lang) for k in keys])
    for r, values in enumerate(frame[keys].itertuples(index=False), start=1):
        for c, v in enumerate(values):
            if v is None or (isinstance(v, float) and v != v) or v == "":
                continue
            if isinstance(v, dt.date):
                ws.write_datetime(r, c, dt.datetime(v.year, v.month, v.day), date_fmt)
            elif isinstance(v, np.integer | np.floating):
                ws.write_number(r, c, float(v))
            else:
                ws.write(r, c, v)
    wb.close()


def _write_csv(frame: pd.DataFrame, path: Path, lang: Lang) -> None:
    keys = [f.key for f in FIELDS if f.key in frame.columns]
    out = frame[keys].rename(columns={k: label(k, lang) for k in keys})
    out.to_csv(path, index=False, encoding="gbk")


def _write_to(
    writer: Callable[[pd.DataFrame, Path, Lang], None], frame: pd.DataFrame, lang: Lang, path: Path
) -> None:
    writer(frame, path, lang)


def write_sample_files(
    folder: str | Path,
    data: SampleData | None = None,
    *,
    csv_files: int = 2,
    **generate: object,
) -> list[Path]:
    """Write one workbook per rep (headers in the data's language) and a few GBK CSVs.

    Args:
        folder: where to write (created if missing).
        data: what to write; by default ``generate_reps(**generate)``.
        csv_files: how many of the reps' files are written as GBK-encoded .csv instead.

    Example:
        >>> write_sample_files(tmp_path / "reps", n_reps=3)  # doctest: +SKIP
    """
    data = data or generate_reps(**generate)  # type: ignore[arg-type]
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    for k, (name, frame) in enumerate(data.frames.items()):
        as_csv = k >= len(data.frames) - csv_files
        target = out / (Path(name).stem + (".csv" if as_csv else ".xlsx"))
        writer: Callable[[pd.DataFrame, Path, Lang], None] = _write_csv if as_csv else _write_xlsx
        atomic_write(target, functools.partial(_write_to, writer, frame, data.lang), backup=False)
        paths.append(target)
    return paths
