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
    (['业务员01-周敏'], 60)
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ._files import atomic_write
from ._names import name_tokens
from .schema import FIELD_BY_KEY, FIELDS, Lang, label

__all__ = ["SampleData", "generate_reps", "write_sample_files"]

_SURNAMES = list(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
)
_SURNAME_P = np.linspace(3.0, 0.4, len(_SURNAMES))
_GIVEN = list(
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀英华慧建国文平辉玲刚桂兰凤霞红波鹏飞宇浩然子涵欣怡梓轩雨晨佳琪思远俊峰"
)
_BRAND = list(
    "华信远航蓝海星辰金桥瑞丰天成博雅宏达恒通盛世鼎新中科东方泰安诚德永安百川鸿运嘉禾锦程凯旋汇通联创万达兴隆"
)
_LOOKALIKE = {
    "信": "兴",
    "华": "桦",
    "达": "大",
    "通": "同",
    "海": "河",
    "航": "杭",
    "丰": "峰",
    "成": "诚",
}
_CITIES = [("北京", "010", "110105"), ("上海", "021", "310115"), ("广州", "020", "440106"),
           ("深圳", "0755", "440305"), ("杭州", "0571", "330106"), ("成都", "028", "510107"),
           ("武汉", "027", "420106"), ("南京", "025", "320106"), ("西安", "029", "610113"),
           ("苏州", "0512", "320505"), ("天津", "022", "120104"), ("重庆", "023", "500103")]  # fmt: skip
_DISTRICTS = ["朝阳区", "海淀区", "高新区", "开发区", "滨江区", "天河区", "南山区", "锦江区"]
_STREETS = [
    "中关村大街",
    "人民路",
    "建设路",
    "解放路",
    "中山路",
    "科技园路",
    "长江路",
    "学院路",
    "和平路",
]
_INDUSTRY_WORDS = {"信息技术": ["科技", "网络科技", "软件", "信息技术"], "制造业": ["机械", "电子", "制造"],
                   "物流运输": ["物流", "供应链"], "医疗健康": ["医药", "生物科技"], "零售": ["商贸", "贸易"],
                   "建筑地产": ["建设", "置业"], "金融": ["投资", "金融"], "教育": ["教育科技", "培训"],
                   "能源": ["新能源", "能源"]}  # fmt: skip
_SUFFIXES = ["有限公司", "有限责任公司", "股份有限公司", "集团有限公司"]
_MAIL = ["qq.com", "163.com", "126.com", "gmail.com", "sina.com", "outlook.com"]
_FULLWIDTH = str.maketrans("0123456789+-", "０１２３４５６７８９＋－")
_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_W = np.array([1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28])


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


def _pick(
    rng: np.random.Generator, items: list[str], n: int, p: np.ndarray | None = None
) -> np.ndarray:
    arr = np.array(items, dtype=object)
    return arr[rng.choice(len(arr), n, p=None if p is None else p / p.sum())]


def _credit_codes(rng: np.random.Generator, regions: np.ndarray) -> np.ndarray:
    """Unified social credit codes with valid check digits (GB 32100-2015)."""
    n = len(regions)
    body = np.zeros((n, 17), dtype=np.int64)
    body[:, 0], body[:, 1] = 9, 1
    for k in range(6):
        body[:, 2 + k] = np.array([int(r[k]) for r in regions])
    body[:, 8:17] = rng.integers(0, 31, (n, 9))
    check = (31 - (body * _USCC_W).sum(axis=1) % 31) % 31
    alpha = np.array(list(_ALPHABET), dtype=object)
    chars = alpha[np.concatenate([body, check[:, None]], axis=1)]
    return np.array(["".join(row) for row in chars], dtype=object)


def _phone_variants(rng: np.random.Generator, mobiles: np.ndarray, messy: float) -> np.ndarray:
    """Mobiles typed the way reps type them: spaces, dashes, +86, full-width digits."""
    forms = rng.integers(0, 7, len(mobiles))
    forms[rng.random(len(mobiles)) > messy] = 0
    out = []
    for m, f in zip(mobiles, forms, strict=True):
        out.append(
            (
                m,
                f"{m[:3]} {m[3:7]} {m[7:]}",
                f"{m[:3]}-{m[3:7]}-{m[7:]}",
                f"+86 {m}",
                f"+86-{m[:3]}-{m[3:7]}-{m[7:]}",
                m.translate(_FULLWIDTH),
                f"0086{m}",
            )[f]  # fmt: skip
        )
    return np.array(out, dtype=object)


def _pinyin_name(name: str) -> str:
    return " ".join(t.capitalize() for t in name_tokens(name))


def _people(rng: np.random.Generator, n: int) -> dict[str, np.ndarray]:
    given_len = rng.choice([1, 2], n, p=[0.45, 0.55])
    g1, g2 = _pick(rng, _GIVEN, n), _pick(rng, _GIVEN, n)
    names = _pick(rng, _SURNAMES, n, _SURNAME_P) + np.where(given_len == 2, g1 + g2, g1)
    mobiles = np.array(
        [
            f"1{a}{b:09d}"
            for a, b in zip(
                rng.choice(list("3589"), n), rng.choice(10**9, n, replace=False), strict=True
            )
        ],
        dtype=object,
    )
    uniq = pd.unique(names)
    py = dict(zip(uniq, [_pinyin_name(u).replace(" ", ".").lower() for u in uniq], strict=True))
    serial = rng.permutation(max(10 * n, 1000))[:n]  # distinct people never share a mailbox
    local = np.array([py[v] for v in names], dtype=object) + serial.astype(str)
    born = np.datetime64("1960-01-01") + rng.integers(0, 40 * 365, n).astype("timedelta64[D]")
    return {
        "customer_name": names,
        "gender": rng.choice(np.array(["男", "女"], dtype=object), n),
        "birthday": born.astype(object),
        "mobile": mobiles,
        "email": local + "@" + _pick(rng, _MAIL, n),
    }


def _companies(rng: np.random.Generator, n: int) -> dict[str, np.ndarray]:
    city = rng.integers(0, len(_CITIES), n)
    industry = _pick(rng, list(_INDUSTRY_WORDS), n)
    words = np.array([_INDUSTRY_WORDS[i][k % len(_INDUSTRY_WORDS[i])] for i, k in
                      zip(industry, rng.integers(0, 4, n), strict=True)], dtype=object)  # fmt: skip
    three = rng.random(n) < 0.5
    brand = (
        _pick(rng, _BRAND, n) + _pick(rng, _BRAND, n) + np.where(three, _pick(rng, _BRAND, n), "")
    )
    for _ in range(6):  # distinct customers get distinct brand + industry word (look-alikes aside)
        clash = pd.Series(brand + words).duplicated().to_numpy()
        if not clash.any():
            break
        k = int(clash.sum())
        brand[clash] = _pick(rng, _BRAND, k) + _pick(rng, _BRAND, k) + _pick(rng, _BRAND, k)
    place = np.array([_CITIES[c][0] for c in city], dtype=object)
    area = np.array([_CITIES[c][1] for c in city], dtype=object)
    return {
        "place": place,
        "brand": brand,
        "word": words,
        "suffix": _pick(rng, _SUFFIXES, n),
        "industry": industry,
        "credit_code": _credit_codes(rng, np.array([_CITIES[c][2] for c in city])),
        "phone": area + "-" + rng.integers(10_000_000, 99_999_999, n).astype(str),
        "address": place
        + "市"
        + _pick(rng, _DISTRICTS, n)
        + _pick(rng, _STREETS, n)
        + rng.integers(1, 300, n).astype(str)
        + "号",
    }


def _company_variant(
    rng: np.random.Generator, c: dict[str, np.ndarray], k: np.ndarray
) -> np.ndarray:
    """How another rep types the same company: place in brackets, no place, other suffix."""
    form = rng.integers(0, 5, len(k))
    p, b, w, s = c["place"][k], c["brand"][k], c["word"][k], c["suffix"][k]
    return np.select(
        [form == 0, form == 1, form == 2, form == 3],
        [p + b + w + s, b + w + "(" + p + ")" + s, b + w, p + "市" + b + w + "有限公司"],
        default=b + w + "（" + p + "）有限责任公司",
    )


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
) -> SampleData:
    """Generate every rep's rows, with typed duplicates, look-alikes and a few invalid cells.

    Args:
        n_reps: number of reps (one file each).
        rows_per_rep: rows in each rep's file.
        seed: random seed; the same seed gives the same data.
        dup_rate: share of rows re-entering a customer already entered.
        invalid_rate: share of rows with one deliberately invalid cell.
        lang: language of the picklist labels typed in the cells.

    Example:
        >>> generate_reps(2, 10).rows["_entity"].nunique() <= 20
        True
    """
    rng = np.random.default_rng(seed)
    n = n_reps * rows_per_rep
    n_dup = int(round(n * dup_rate))
    n_base = n - n_dup
    co = _companies(rng, n_base)
    ppl = _people(rng, n + n_reps)
    is_co = rng.random(n_base) < 0.75
    # look-alike negatives: a near-identical company name or a namesake, but another customer
    look = np.nonzero((rng.random(n_base) < 0.04) & is_co)[0]
    if len(look) and is_co.sum() > 1:
        src = rng.choice(np.nonzero(is_co)[0], len(look))
        taken = set(co["brand"] + co["word"])
        for k, s in zip(look, src, strict=True):
            b = co["brand"][s]
            pos = next((q for q, ch in enumerate(b) if ch in _LOOKALIKE), None)
            swapped = (
                b[:pos] + _LOOKALIKE[b[pos]] + b[pos + 1 :] if pos is not None else b[:-1] + "瑞"
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
    names[as_pinyin] = [_pinyin_name(v) for v in names[as_pinyin]]
    email = ppl["email"][person].copy()
    upper = is_dup & (rng.random(n) < 0.3)
    email[upper] = [e[:1].upper() + e[1:] for e in email[upper]]
    full_names = (
        co["place"][entity] + co["brand"][entity] + co["word"][entity] + co["suffix"][entity]
    )
    companies = np.full(n, None, dtype=object)
    companies[company_row] = full_names[company_row]
    variant = is_dup & company_row
    companies[variant] = _company_variant(rng, co, entity[variant])
    gov = company_row & (entity % 10 == 0)
    ctype = np.where(gov, "政府", np.where(company_row, "企业", "个人"))
    ctype = np.array([label_choice("customer_type", v, lang) for v in ctype], dtype=object)

    reps_people = ppl["customer_name"][n:]
    rep_idx = _assign_reps(rng, n_reps, rows_per_rep, src)
    rep_names = np.array([f"{reps_people[k]}" for k in range(n_reps)], dtype=object)
    files = np.array([f"rep{k + 1:02d}_{reps_people[k]}.xlsx" for k in range(n_reps)], dtype=object)

    reg = np.datetime64("2023-01-01") + rng.integers(0, 700, n).astype("timedelta64[D]")
    stage = _pick(rng, [c.zh for c in FIELD_BY_KEY["stage"].choices], n)
    won = stage == "成交"
    amount = np.where(
        won, rng.integers(1, 500, n) * 100.0, np.where(rng.random(n) < 0.5, 0.0, np.nan)
    )
    last_contact = reg + rng.integers(0, 300, n).astype("timedelta64[D]")
    rows = pd.DataFrame(
        {
            "customer_id": None,
            "rep": rep_names[rep_idx],
            "registered_on": reg.astype(object),
            "customer_name": names,
            "customer_type": ctype,
            "gender": _blank(rng, ppl["gender"][person], 0.2),
            "birthday": _blank(rng, ppl["birthday"][person], np.where(is_dup, 0.3, 0.15).mean()),
            "mobile": _phone_variants(rng, ppl["mobile"][person], 0.3 + 0.5 * is_dup.mean()),
            "phone": np.where(company_row & (rng.random(n) < 0.5), co["phone"][entity], None),
            "email": _blank(rng, email, 0.25),
            "address": _blank(rng, co["address"][entity], 0.2),
            "company": companies,
            "credit_code": np.where(
                company_row & (rng.random(n) < 0.5), co["credit_code"][entity], None
            ),
            "industry": np.where(company_row, co["industry"][entity], None),
            "source": _pick(rng, [c.zh for c in FIELD_BY_KEY["source"].choices], n),
            "stage": stage,
            "total_amount": amount,
            "order_count": np.where(won, rng.integers(1, 20, n), 0),
            "last_contact": last_contact.astype(object),
            "next_follow_up": (
                last_contact + rng.integers(1, 60, n).astype("timedelta64[D]")
            ).astype(object),
            "tags": _pick(rng, ["VIP", "价格敏感", "重视服务", "VIP,重视服务", "", "老客户"], n),
            "_entity": entity,
        }
    )
    rows["_file"] = files[rep_idx]
    rows["_sheet"] = "客户信息"
    rows = rows.sort_values(["_file", "registered_on"], kind="stable").reset_index(drop=True)
    rows["_row"] = rows.groupby("_file").cumcount() + 2
    rows["customer_id"] = [f"C{r:04d}" for r in rows["_row"] - 1]
    _spoil(rng, rows, invalid_rate)
    return SampleData(rows, lang)


def label_choice(field: str, zh_label: str, lang: Lang) -> str:
    """The label a rep types for a picklist value given by its Chinese label."""
    for c in FIELD_BY_KEY[field].choices:
        if c.zh == zh_label:
            return c.label(lang)
    return zh_label


def _spoil(rng: np.random.Generator, rows: pd.DataFrame, rate: float) -> None:
    """A few deliberately invalid cells so that validation has something to show."""
    bad = np.nonzero(rng.random(len(rows)) < rate)[0]
    kind = rng.integers(0, 3, len(bad))
    for r, k in zip(bad, kind, strict=True):
        if k == 0:
            rows.at[r, "mobile"] = "138" + str(rng.integers(10_000, 99_999))  # too short
        elif k == 1:
            d = pd.Timestamp(rows.at[r, "registered_on"])  # type: ignore[arg-type]
            rows.at[r, "registered_on"] = f"{d.year}/{d.month}/{d.day}"  # date typed as text
        else:
            rows.at[r, "stage"] = "已成交了"  # picklist typo


def _write_xlsx(frame: pd.DataFrame, path: Path, lang: Lang) -> None:
    import xlsxwriter

    keys = [f.key for f in FIELDS if f.key in frame.columns]
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("客户信息" if lang == "zh" else "Customers")
    date_fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
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
