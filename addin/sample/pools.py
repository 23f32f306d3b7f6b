"""Pools and column generators behind :mod:`addin.sample.generate`: realistic Chinese names, mobiles,
companies (place + brand + industry word + legal form) with valid credit codes, addresses, and
the ways reps type them."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..duplicates.names import name_tokens

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
LOOKALIKE = {
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


def pick(
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


def phone_variants(rng: np.random.Generator, mobiles: np.ndarray, messy: float) -> np.ndarray:
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


def pinyin_name(name: str) -> str:
    return " ".join(t.capitalize() for t in name_tokens(name))


def people_pool(rng: np.random.Generator, n: int) -> dict[str, np.ndarray]:
    given_len = rng.choice([1, 2], n, p=[0.45, 0.55])
    g1, g2 = pick(rng, _GIVEN, n), pick(rng, _GIVEN, n)
    names = pick(rng, _SURNAMES, n, _SURNAME_P) + np.where(given_len == 2, g1 + g2, g1)
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
    py = dict(zip(uniq, [pinyin_name(u).replace(" ", ".").lower() for u in uniq], strict=True))
    serial = rng.permutation(max(10 * n, 1000))[:n]  # distinct people never share a mailbox
    local = np.array([py[v] for v in names], dtype=object) + serial.astype(str)
    born = np.datetime64("1960-01-01") + rng.integers(0, 40 * 365, n).astype("timedelta64[D]")
    return {
        "customer_name": names,
        "gender": rng.choice(np.array(["男", "女"], dtype=object), n),
        "birthday": born.astype(object),
        "mobile": mobiles,
        "email": local + "@" + pick(rng, _MAIL, n),
    }


def company_pool(rng: np.random.Generator, n: int) -> dict[str, np.ndarray]:
    city = rng.integers(0, len(_CITIES), n)
    industry = pick(rng, list(_INDUSTRY_WORDS), n)
    words = np.array([_INDUSTRY_WORDS[i][k % len(_INDUSTRY_WORDS[i])] for i, k in
                      zip(industry, rng.integers(0, 4, n), strict=True)], dtype=object)  # fmt: skip
    three = rng.random(n) < 0.5
    brand = pick(rng, _BRAND, n) + pick(rng, _BRAND, n) + np.where(three, pick(rng, _BRAND, n), "")
    for _ in range(6):  # distinct customers get distinct brand + industry word (look-alikes aside)
        clash = pd.Series(brand + words).duplicated().to_numpy()
        if not clash.any():
            break
        k = int(clash.sum())
        brand[clash] = pick(rng, _BRAND, k) + pick(rng, _BRAND, k) + pick(rng, _BRAND, k)
    # Past ~1M customers the two- and three-character brands run out (52 characters: 143,312
    # brands) and six tries left different customers with one registered name (1,040 of 850,000,
    # 74,599 of 1,700,000), which no registry allows in one city and trade. Those get a fourth
    # character, drawn from a generator of their own so that every other draw stays as it was.
    more = np.random.default_rng(n)
    for _ in range(20):
        clash = pd.Series(brand + words).duplicated().to_numpy()
        if not clash.any():
            break
        brand[clash] = brand[clash] + pick(more, _BRAND, int(clash.sum()))
    place = np.array([_CITIES[c][0] for c in city], dtype=object)
    area = np.array([_CITIES[c][1] for c in city], dtype=object)
    return {
        "place": place,
        "brand": brand,
        "word": words,
        "suffix": pick(rng, _SUFFIXES, n),
        "industry": industry,
        "credit_code": _credit_codes(rng, np.array([_CITIES[c][2] for c in city])),
        "phone": area + "-" + rng.integers(10_000_000, 99_999_999, n).astype(str),
        "address": place
        + "市"
        + pick(rng, _DISTRICTS, n)
        + pick(rng, _STREETS, n)
        + rng.integers(1, 300, n).astype(str)
        + "号",
    }


def company_variant(
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
