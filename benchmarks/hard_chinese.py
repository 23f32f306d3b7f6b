"""A hard, realistic Chinese intake set for the duplicate finder, labelled per class.

Each *class* is one way real Chinese intake sheets fool a matcher (issue 10): positives (one
customer typed two ways by two reps) and negatives (different customers that look alike). Every
record carries its class, so precision and recall can be reported per class.

Pools (given-name characters, brands, streets, common names, places) are split in two halves:
``part="tune"`` draws from one, ``part="held"`` from the other, and the seeds differ too, so the
figures quoted for held-out data come from names, companies and seeds the rules were never looked
at on. Background records (singletons and plainly retyped duplicates) give the data its
realistic frequencies: 12 reps, about 5,000 records by default.

    >>> data = hard_chinese(seed=100, part="held")  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import opencc
import pandas as pd

from addin.duplicates.names import name_tokens
from addin.intake.normalize import normalize_frame
from addin.records import to_customer_frame

__all__ = ["POSITIVE", "NEGATIVE", "HardData", "hard_chinese"]

_SURNAMES = list(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
)
_SURNAME_W = np.linspace(7.0, 0.5, len(_SURNAMES)) ** 1.5
_GIVEN = list(
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀英华慧建国文平辉玲刚桂兰凤霞红波鹏飞宇浩然子涵欣怡梓轩雨晨佳琪思远俊峰"
    "志斌海燕亮春梅鑫晶宁琳雪婷健博瑶颖倩阳楠东岩帅鹏晓萍冬青云龙凯宏振家豪嘉欣诗雅一诺梦瑶"
)
#: the most common full names in China (public census lists): thousands of people each
_COMMON = """张伟 王伟 王芳 李伟 李娜 张敏 李静 王静 刘伟 王秀英 张丽 李秀英 王丽 张静 张秀英 李强 王敏 李敏 王磊
刘洋 王艳 王勇 李军 张勇 李杰 张杰 张磊 王强 李娟 王军 张艳 张涛 王涛 李艳 王超 李明 李勇 王娟 刘杰 刘敏 李霞
李丽 张军 王杰 张强 王秀兰 王刚 王平 刘芳 张燕 刘艳 刘军 李平 王辉 王燕 陈静 刘勇 李玲 李桂英 王丹 李刚 李丹 李萍
王鹏 刘涛 陈伟 张华 刘静 李涛 王桂英 张秀兰 李红 李超 刘丽 张桂英 王玉兰 李燕 张鹏 李秀兰 张超 王玲 张玲 李华""".split()
_BRAND = list(
    "华信远航蓝海星辰金桥瑞丰天成博雅宏达恒通盛世鼎新中科东方泰安诚德永安百川鸿运嘉禾锦程凯旋汇通联创万达兴隆"
    "毅达明珠富源昌盛宝丽祥和新锐卓越同舟精诚皓月朗润天宇正源开元"
)
_LOOKALIKE = {"信": "兴", "华": "桦", "达": "大", "通": "同", "海": "河", "航": "杭", "丰": "峰", "成": "诚",
              "源": "元", "宇": "雨", "明": "铭", "新": "欣", "昌": "长", "祥": "翔"}  # fmt: skip
#: industry word, its English, and a tail for the English name
_INDUSTRY = [("科技", "TECHNOLOGY"), ("贸易", "TRADING"), ("物流", "LOGISTICS"), ("广告", "ADVERTISING"),
             ("电子", "ELECTRONICS"), ("机械", "MACHINERY"), ("医药", "PHARMACEUTICAL"),
             ("软件", "SOFTWARE"), ("建设", "CONSTRUCTION"), ("咨询", "CONSULTING"),
             ("食品", "FOOD"), ("服装", "GARMENT")]  # fmt: skip
_SUFFIX = ["有限公司", "有限责任公司", "股份有限公司"]
_CUT = {"有限公司": "有限", "有限责任公司": "有限", "股份有限公司": "股份"}
#: (province, prefecture city, county-level cities or districts, area code)
_PLACES = [("福建", "厦门", ["思明区", "湖里区"], "0592"), ("江苏", "苏州", ["昆山", "常熟", "张家港"], "0512"),
           ("浙江", "宁波", ["余姚", "慈溪"], "0574"), ("广东", "广州", ["天河区", "番禺区"], "020"),
           ("江苏", "南京", ["建邺区", "鼓楼区"], "025"), ("浙江", "金华", ["义乌", "东阳"], "0579"),
           ("山东", "青岛", ["胶州", "平度"], "0532"), ("广东", "佛山", ["顺德区", "南海区"], "0757"),
           ("河北", "石家庄", ["辛集", "晋州"], "0311"), ("湖南", "长沙", ["浏阳", "宁乡"], "0731"),
           ("四川", "成都", ["都江堰", "彭州"], "028"), ("福建", "泉州", ["晋江", "石狮"], "0595"),
           ("江苏", "无锡", ["江阴", "宜兴"], "0510"), ("浙江", "嘉兴", ["海宁", "桐乡"], "0573"),
           ("河南", "郑州", ["巩义", "新郑"], "0371"), ("湖北", "武汉", ["江汉区", "洪山区"], "027")]  # fmt: skip
_STREETS = "中山路 人民路 建设路 解放路 长江路 学院路 和平路 新华路 工业园路 滨河路 文化路 胜利路 友谊路 东风路 光明路 黄河路".split()
_GOV = [("科学技术局", "科技局"), ("教育局", "教育局"), ("人力资源和社会保障局", "人社局"),
        ("发展和改革委员会", "发改委"), ("市场监督管理局", "市监局"), ("住房和城乡建设局", "住建局"),
        ("卫生健康委员会", "卫健委"), ("工业和信息化局", "工信局")]  # fmt: skip
_WEBMAIL = ["qq.com", "163.com", "126.com", "sina.com", "139.com"]
_PLACEHOLDERS = ["同手机号", "手机同号", "同上", "无", "暂无", "-", "N/A", "同号"]
_TITLES = ["总", "经理", "先生", "女士", "老师", "工", "老板", "主任"]
#: How often reps leave an optional cell blank.
_BLANK_RATE = {
    "mobile": 0.15,
    "email": 0.5,
    "birthday": 0.5,
    "gender": 0.3,
    "address": 0.25,
    "credit_code": 0.4,
}
_USCC_W = np.array([1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28])
_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"

#: Classes where the records of one scenario are one customer / different customers.
POSITIVE = ("retyped", "traditional", "english", "truncated", "province", "county", "government",
            "phone_typo", "branch", "corp_domain", "pinyin_person", "title_same_firm",
            "abbreviation", "new_mobile")  # fmt: skip
NEGATIVE = ("common_name", "title", "placeholder", "bookkeeper", "family", "chain", "lookalike",
            "name_city", "switchboard")  # fmt: skip
#: Classes added later: made after the background, so the records of the older classes stay
#: the same for a seed (only the shuffle differs).
_LATER = ("abbreviation", "new_mobile", "switchboard")
_T2S = opencc.OpenCC("s2t")


def _half(items: list[str], part: str) -> list[str]:
    """The tuning half (even positions) or the held-out half (odd positions) of a pool."""
    return items[0::2] if part == "tune" else items[1::2]


@dataclass
class HardData:
    """Customers, the true entity and the class of every record."""

    name: str
    customers: pd.DataFrame
    entity: np.ndarray
    klass: np.ndarray
    raw: pd.DataFrame = field(repr=False, default_factory=pd.DataFrame)


class _Gen:
    def __init__(self, seed: int, part: str, n_reps: int) -> None:
        self.rng = np.random.default_rng(seed)
        self.given = _half(_GIVEN, part)
        self.brand = _half(_BRAND, part)
        self.common = _half(_COMMON, part)
        self.places = _half(_PLACES, part)
        self.streets = _half(_STREETS, part)
        self.reps = [f"业务员{k + 1:02d}" for k in range(n_reps)]
        self.rows: list[dict[str, object]] = []
        self.entity = 0
        self.used_mobiles: set[str] = set()
        self.used_brands: set[str] = set()
        self.used_domains: set[str] = set()
        self.used_names: set[str] = set()

    # --- small pieces ---
    def choice(self, items: list[str]) -> str:
        return items[int(self.rng.integers(len(items)))]

    def person_name(self) -> str:
        s = _SURNAMES[self.rng.choice(len(_SURNAMES), p=_SURNAME_W / _SURNAME_W.sum())]
        w = np.arange(1, len(self.given) + 1, dtype=float) ** -0.8
        g = self.rng.choice(self.given, int(self.rng.choice([1, 2], p=[0.4, 0.6])), p=w / w.sum())
        return s + "".join(g)

    def mobile(self) -> str:
        while True:
            m = f"1{self.choice(list('3589'))}{int(self.rng.integers(10**9)):09d}"
            if m not in self.used_mobiles:
                self.used_mobiles.add(m)
                return m

    def birthday(self) -> str:
        d = pd.Timestamp("1960-01-01") + pd.Timedelta(days=int(self.rng.integers(40 * 365)))
        return d.strftime("%Y-%m-%d")

    def place(self) -> tuple[str, str, list[str], str]:
        return self.places[int(self.rng.integers(len(self.places)))]

    def address(self, city: str) -> str:
        return f"{city}市{self.choice(self.streets)}{int(self.rng.integers(1, 400))}号"

    def brand_name(self) -> str:
        while True:
            b = "".join(self.rng.choice(self.brand, int(self.rng.choice([2, 3], p=[0.7, 0.3]))))
            if b not in self.used_brands and len(set(b)) == len(b):
                self.used_brands.add(b)
                return b

    def domain(self, brand: str) -> str:
        """A firm's own mail domain: from its brand's pinyin, never another firm's."""
        base = "".join(name_tokens(brand + "x"))[:-1]
        while True:
            d = base + self.choice(["", "-tech", "group", "sh", "bj"]) + ".com.cn"
            if d not in self.used_domains:
                self.used_domains.add(d)
                return d
            base += self.choice(list("abcdefgh"))

    def credit_code(self) -> str:
        body = [9, 1, *self.rng.integers(0, 10, 6).tolist(), *self.rng.integers(0, 31, 9).tolist()]
        check = (31 - int((np.array(body) * _USCC_W).sum()) % 31) % 31
        return "".join(_ALPHABET[c] for c in [*body, check])

    def webmail(self, name: str) -> str:
        local = "".join(name_tokens(name)) + str(int(self.rng.integers(10, 9999)))
        return f"{local}@{self.choice(_WEBMAIL)}"

    def two_reps(self) -> tuple[str, str]:
        a, b = self.rng.choice(len(self.reps), 2, replace=False)
        return self.reps[a], self.reps[b]

    def person(self, name: str | None = None) -> dict[str, object]:
        name = name or self.person_name()
        prov, city, counties, area = self.place()
        return {
            "customer_name": name,
            "gender": self.choice(["男", "女"]),
            "birthday": self.birthday(),
            "mobile": self.mobile(),
            "email": self.webmail(name),
            "address": self.address(city),
            "_city": city,
        }

    def firm(self) -> dict[str, object]:
        prov, city, counties, area = self.place()
        ind, ind_en = _INDUSTRY[int(self.rng.integers(len(_INDUSTRY)))]
        brand = self.brand_name()
        return {
            "prov": prov, "city": city, "county": self.choice(counties), "area": area,
            "brand": brand, "ind": ind, "ind_en": ind_en, "suffix": self.choice(_SUFFIX),
            "credit_code": self.credit_code(),
            "phone": f"{area}-{int(self.rng.integers(10_000_000, 99_999_999))}",
            "domain": self.domain(brand),
            "address": self.address(city),
        }  # fmt: skip

    def add(
        self, klass: str, rep: str, entity: int, keep: tuple[str, ...] = (), **cols: object
    ) -> None:
        """One record; optional cells are left blank as often as reps leave them blank."""
        row = {k: v for k, v in cols.items() if not k.startswith("_")}
        for col, p in _BLANK_RATE.items():
            if col not in keep and self.rng.random() < p:
                row[col] = None
        self.rows.append({"rep": rep, "_class": klass, "_entity": entity, **row})

    def new_entity(self) -> int:
        self.entity += 1
        return self.entity

    def contact(self, f: dict[str, object], name: str | None = None) -> dict[str, object]:
        """A contact at firm ``f``: own name and mobile, e-mail at the firm's domain."""
        p = self.person(name)
        local = ".".join(name_tokens(str(p["customer_name"])))
        return {
            "customer_name": p["customer_name"],
            "mobile": p["mobile"],
            "email": f"{local}@{f['domain']}",
            "gender": p["gender"],
        }

    def company_row(self, f: dict[str, object], company: str, **extra: object) -> dict[str, object]:
        return {"company": company, "customer_type": "enterprise", "address": f["address"], **extra}


def _full(f: dict[str, object]) -> str:
    return f"{f['city']}{f['brand']}{f['ind']}{f['suffix']}"


def _pinyin_upper(text: str) -> str:
    return "".join(name_tokens(text + "x"))[:-1].upper()


def _retyped(g: _Gen, klass: str = "retyped") -> None:
    e, (r1, r2) = g.new_entity(), g.two_reps()
    if g.rng.random() < 0.5:  # an individual
        p = g.person()
        g.add(klass, r1, e, **p)
        q = dict(p, mobile=f"{p['mobile'][:3]} {p['mobile'][3:7]} {p['mobile'][7:]}", email=None)
        g.add(klass, r2, e, **q)
        return
    f = g.firm()
    c = g.contact(f)
    g.add(klass, r1, e, **g.company_row(f, _full(f), credit_code=f["credit_code"]), **c)
    other = f"{f['brand']}{f['ind']}({f['city']}){f['suffix']}"
    g.add(klass, r2, e, **g.company_row(f, other), **dict(c, mobile="+86 " + str(c["mobile"])))


def _firm_pair(
    g: _Gen, klass: str, a: str, b: str, f: dict[str, object], **b_extra: object
) -> None:
    """One firm typed ``a`` and ``b`` by two reps, with two different contacts."""
    e, (r1, r2) = g.new_entity(), g.two_reps()
    g.add(klass, r1, e, **g.company_row(f, a, credit_code=f["credit_code"]), **g.contact(f))
    g.add(klass, r2, e, **{**g.company_row(f, b), **g.contact(f), **b_extra})


def _traditional(g: _Gen) -> None:
    f = g.firm()
    _firm_pair(g, "traditional", _full(f), _T2S.convert(_full(f)), f, address=None)


def _english(g: _Gen) -> None:
    f = g.firm()
    en = f"{_pinyin_upper(str(f['brand']))} {f['ind_en']} ({_pinyin_upper(str(f['city']))}) CO.,LTD"
    b = g.contact(f)
    b["customer_name"] = " ".join(t.capitalize() for t in name_tokens(str(b["customer_name"])))
    e, (r1, r2) = g.new_entity(), g.two_reps()
    a = f"{f['brand']}{f['ind']}（{f['city']}）{f['suffix']}"
    g.add("english", r1, e, **g.company_row(f, a, credit_code=f["credit_code"]), **g.contact(f))
    g.add("english", r2, e, **{**g.company_row(f, en, address=None), **b})


def _truncated(g: _Gen) -> None:
    f = g.firm()
    cut = f"{f['city']}{f['brand']}{f['ind']}{_CUT[str(f['suffix'])]}"
    _firm_pair(g, "truncated", _full(f), cut, f)


def _province(g: _Gen) -> None:
    f = g.firm()
    _firm_pair(g, "province", f"{f['prov']}省{_full(f)}", f"{f['brand']}{f['ind']}{f['suffix']}", f)


def _county(g: _Gen) -> None:
    f = g.firm()
    county = str(f["county"])
    a = f"{county}{f['brand']}{f['ind']}有限公司"
    if county.endswith("区"):
        a = f"{f['city']}市{county}{f['brand']}{f['ind']}有限公司"
    b = f"{f['brand']}{f['ind']}({county.removesuffix('区')}){f['suffix']}"
    _firm_pair(g, "county", a, b, f)


def _government(g: _Gen) -> None:
    f = g.firm()
    full, short = _GOV[int(g.rng.integers(len(_GOV)))]
    county = str(f["county"])
    county = county if county.endswith("区") else county + "市"
    a, b = f"{f['city']}市{county}{full}", f"{county}{short}"
    if a in g.used_names:  # one public body is one customer: never two scenarios of it
        return
    g.used_names.add(a)
    e, (r1, r2) = g.new_entity(), g.two_reps()
    for rep, name in ((r1, a), (r2, b)):
        c = g.contact(f)
        c["email"] = None
        g.add("government", rep, e, company=name, customer_type="government",
              address=f["address"], phone=f["phone"], **c)  # fmt: skip


def _phone_typo(g: _Gen) -> None:
    e, (r1, r2) = g.new_entity(), g.two_reps()
    p = g.person()
    m = str(p["mobile"])
    k = int(g.rng.integers(3, 11))
    typo = m[:k] + str((int(m[k]) + int(g.rng.integers(1, 10))) % 10) + m[k + 1 :]
    g.add("phone_typo", r1, e, keep=("address",), **p)
    g.add("phone_typo", r2, e, keep=("address",), **dict(p, mobile=typo, email=None, birthday=None))


def _branch(g: _Gen) -> None:
    f = g.firm()
    a = f"{f['brand']}{f['ind']}{f['suffix']}{f['city']}分公司"
    b = g.choice(
        [
            f"{f['city']}{f['brand']}{f['ind']}有限公司",
            f"{f['brand']}{f['ind']}({f['city']})有限公司",
        ]
    )
    _firm_pair(g, "branch", a, b, f)


def _corp_domain(g: _Gen) -> None:
    f = g.firm()
    brand = str(f["brand"])
    k = next((i for i, ch in enumerate(brand) if ch in _LOOKALIKE), None)
    typo = brand[:k] + _LOOKALIKE[brand[k]] + brand[k + 1 :] if k is not None else brand[0]
    e, (r1, r2) = g.new_entity(), g.two_reps()
    g.add("corp_domain", r1, e, keep=("email",), **g.company_row(f, _full(f)), **g.contact(f))
    g.add("corp_domain", r2, e, keep=("email",), **{**g.company_row(f, f"{typo}{f['ind']}{f['suffix']}"),
                                                    **g.contact(f), "address": None})  # fmt: skip


def _pinyin_person(g: _Gen) -> None:
    e, (r1, r2) = g.new_entity(), g.two_reps()
    p = g.person()
    py = " ".join(t.capitalize() for t in reversed(name_tokens(str(p["customer_name"]))))
    g.add("pinyin_person", r1, e, keep=("birthday", "address"), **p)
    g.add(
        "pinyin_person",
        r2,
        e,
        keep=("birthday", "address"),
        **dict(p, customer_name=py, mobile=None),
    )


def _title_same_firm(g: _Gen) -> None:
    f = g.firm()
    c = g.contact(f)
    e, (r1, r2) = g.new_entity(), g.two_reps()
    g.add("title_same_firm", r1, e, **g.company_row(f, _full(f)), **c)
    short = str(c["customer_name"])[0] + g.choice(_TITLES)
    g.add("title_same_firm", r2, e, **{**g.company_row(f, _full(f)), **c, "customer_name": short})


# --- negatives: every record its own customer ---


def _common_name(g: _Gen) -> None:
    name = g.choice(g.common)
    for _ in range(int(g.rng.integers(3, 7))):
        p = g.person(name)
        p["mobile"] = p["mobile"] if g.rng.random() < 0.5 else None
        g.add("common_name", g.choice(g.reps), g.new_entity(), **p)


def _name_city(g: _Gen) -> None:
    name = g.person_name()
    p = g.person(name)
    for _ in range(2):
        q = g.person(name)
        q["address"] = g.address(str(p["_city"]))
        q["mobile"] = q["mobile"] if g.rng.random() < 0.5 else None
        g.add("name_city", g.choice(g.reps), g.new_entity(), **q)


def _title(g: _Gen) -> None:
    surname, title = g.choice(_SURNAMES[:12]), g.choice(_TITLES)
    for _ in range(int(g.rng.integers(2, 5))):
        f = g.firm()
        c = g.contact(f, surname + title)
        c["mobile"] = c["mobile"] if g.rng.random() < 0.5 else None
        g.add("title", g.choice(g.reps), g.new_entity(), **g.company_row(f, _full(f)), **c)


def _placeholder(g: _Gen) -> None:
    ph = g.choice(_PLACEHOLDERS)
    for _ in range(int(g.rng.integers(3, 6))):
        p = g.person()
        g.add("placeholder", g.choice(g.reps), g.new_entity(),
              **dict(p, wechat=ph, email=g.choice(["无", "-", p["email"]]), phone=g.choice(["同上", "无", None])))  # fmt: skip


def _bookkeeper(g: _Gen) -> None:
    keeper = g.person()
    for _ in range(int(g.rng.integers(2, 4))):
        f = g.firm()
        g.add("bookkeeper", g.choice(g.reps), g.new_entity(),
              **g.company_row(f, _full(f), credit_code=f["credit_code"] if g.rng.random() < 0.3 else None),
              customer_name=keeper["customer_name"], mobile=keeper["mobile"], email=keeper["email"])  # fmt: skip


def _family(g: _Gen) -> None:
    head = g.person()
    surname = str(head["customer_name"])[0]
    landline = f"0{int(g.rng.integers(10, 999))}-{int(g.rng.integers(10_000_000, 99_999_999))}"
    names = dict.fromkeys(surname + g.person_name()[1:] for _ in range(3))  # distinct people
    for given in list(names)[: int(g.rng.integers(2, 4))]:
        p = g.person(given)
        g.add(
            "family",
            g.choice(g.reps),
            g.new_entity(),
            **dict(p, phone=landline, address=head["address"]),
        )


def _chain(g: _Gen) -> None:
    """One brand in two cities, two firms (two credit codes), with codeless records between."""
    f1 = g.firm()
    f2 = g.firm()
    while f2["city"] == f1["city"]:  # two firms of one brand in one city are not told apart
        f2 = g.firm()
    f2.update(brand=f1["brand"], ind=f1["ind"], suffix=f1["suffix"])
    e1, e2 = g.new_entity(), g.new_entity()
    c1 = g.contact(f1)
    g.add(
        "chain",
        g.choice(g.reps),
        e1,
        **g.company_row(f1, _full(f1), credit_code=f1["credit_code"]),
        **c1,
    )
    g.add("chain", g.choice(g.reps), e1, **g.company_row(f1, f"{f1['brand']}{f1['ind']}{f1['suffix']}"),
          **dict(c1, email=None))  # fmt: skip
    c2 = g.contact(f2)
    g.add(
        "chain",
        g.choice(g.reps),
        e2,
        **g.company_row(f2, _full(f2), credit_code=f2["credit_code"]),
        **c2,
    )
    g.add("chain", g.choice(g.reps), e2, **g.company_row(f2, f"{f2['brand']}{f2['ind']}({f2['city']}){f2['suffix']}"),
          **g.contact(f2))  # fmt: skip


def _lookalike(g: _Gen) -> None:
    f = g.firm()
    brand = str(f["brand"])
    k = next((i for i, ch in enumerate(brand) if ch in _LOOKALIKE), None)
    if k is None:
        return
    f2 = dict(
        g.firm(),
        city=f["city"],
        ind=f["ind"],
        brand=brand[:k] + _LOOKALIKE[brand[k]] + brand[k + 1 :],
    )
    for firm in (f, f2):
        g.add("lookalike", g.choice(g.reps), g.new_entity(),
              **g.company_row(firm, _full(firm), credit_code=firm["credit_code"]), **g.contact(firm))  # fmt: skip


def _abbreviation(g: _Gen) -> None:
    """One firm: one rep types it in full with the place in full-width brackets (华信科技（北京）
    有限公司), another writes the short name everyone uses (华信), each with their own contact."""
    f = g.firm()
    full = f"{f['brand']}{f['ind']}（{f['city']}）{f['suffix']}"
    short = g.choice([str(f["brand"]), f"{f['city']}{f['brand']}", f"{f['brand']}{f['ind']}"])
    _firm_pair(g, "abbreviation", full, short, f)
    if g.rng.random() < 0.5:  # a sister firm of the brand in another trade and city: another
        sister = g.firm()  # customer, which the bare 华信 could also mean
        ind = g.choice([i for i, _ in _INDUSTRY if i != f["ind"]])
        sister.update(brand=f["brand"], ind=ind)
        g.add("abbreviation", g.choice(g.reps), g.new_entity(),
              **g.company_row(sister, _full(sister), credit_code=sister["credit_code"]),
              **g.contact(sister))  # fmt: skip


def _new_mobile(g: _Gen) -> None:
    """One person who changed mobile number but kept the e-mail: the later record has the new
    number (and often no birthday or address)."""
    e, (r1, r2) = g.new_entity(), g.two_reps()
    p = g.person()
    g.add("new_mobile", r1, e, keep=("email", "mobile"), **p)
    later = dict(p, mobile=g.mobile(), birthday=None if g.rng.random() < 0.5 else p["birthday"])
    g.add("new_mobile", r2, e, keep=("email", "mobile"), **later)


def _switchboard(g: _Gen) -> None:
    """Two or three small firms in one business centre (same building, one switchboard 总机),
    each with its own contact and no credit code typed: different customers."""
    f = g.firm()
    for _ in range(int(g.rng.integers(2, 4))):
        room = f"{int(g.rng.integers(2, 30))}{int(g.rng.integers(1, 20)):02d}室"
        other = dict(g.firm(), address=f"{f['address']}{room}", city=f["city"])
        g.add("switchboard", g.choice(g.reps), g.new_entity(), keep=("address",),
              **g.company_row(other, _full(other), phone=f["phone"]), **g.contact(other),
              credit_code=None)  # fmt: skip


def _background(g: _Gen) -> None:
    """A plain customer, seen once."""
    if g.rng.random() < 0.45:
        g.add("background", g.choice(g.reps), g.new_entity(), **g.person())
        return
    f = g.firm()
    code = f["credit_code"] if g.rng.random() < 0.5 else None
    g.add("background", g.choice(g.reps), g.new_entity(), **g.company_row(f, _full(f), credit_code=code),
          **g.contact(f), phone=f["phone"] if g.rng.random() < 0.3 else None)  # fmt: skip


_MAKERS: dict[str, Callable[[_Gen], None]] = {
    "retyped": _retyped, "traditional": _traditional, "english": _english, "truncated": _truncated,
    "province": _province, "county": _county, "government": _government, "phone_typo": _phone_typo,
    "branch": _branch, "corp_domain": _corp_domain, "pinyin_person": _pinyin_person,
    "title_same_firm": _title_same_firm, "common_name": _common_name, "title": _title,
    "placeholder": _placeholder, "bookkeeper": _bookkeeper, "family": _family, "chain": _chain,
    "lookalike": _lookalike, "name_city": _name_city, "abbreviation": _abbreviation,
    "new_mobile": _new_mobile, "switchboard": _switchboard,
}  # fmt: skip


def hard_chinese(
    seed: int = 0,
    part: str = "tune",
    *,
    per_class: int = 30,
    background: int = 3500,
    n_reps: int = 12,
) -> HardData:
    """The hard set: ``per_class`` scenarios of every class plus ``background`` plain customers.

    ``part``: ``"tune"`` or ``"held"`` (which half of every pool). Records are shuffled and
    spread over ``n_reps`` reps; then normalised as intake would (placeholders blanked).
    """
    if part not in ("tune", "held"):
        raise ValueError("part is 'tune' or 'held'")
    g = _Gen(seed, part, n_reps)
    for klass in (*POSITIVE, *NEGATIVE):
        for _ in range(per_class if klass not in _LATER else 0):
            _MAKERS[klass](g)
    for _ in range(background):
        _background(g)
    for klass in _LATER:
        for _ in range(per_class):
            _MAKERS[klass](g)
    raw = pd.DataFrame(g.rows)
    raw = raw.iloc[g.rng.permutation(len(raw))].reset_index(drop=True)
    raw["_file"] = raw["rep"] + ".xlsx"
    raw["_row"] = raw.groupby("rep").cumcount() + 2
    labels = raw[["_entity", "_class"]]
    customers = to_customer_frame(normalize_frame(raw.drop(columns=["_entity", "_class"])))
    for col in ("mobile", "phone"):  # what validation blanks: phones that are not E.164
        ok = customers[col].astype(str).str.startswith("+")
        customers[col] = customers[col].where(ok, None)
    return HardData(
        f"hard-{part}-{seed}",
        customers,
        labels["_entity"].to_numpy(),
        labels["_class"].to_numpy(dtype=object),
        raw,
    )
