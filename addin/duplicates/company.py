"""Company names split into place / brand / industry / legal form, however a rep typed them.

Handled: traditional characters (OpenCC, character by character), the full administrative
divisions (:mod:`addin.duplicates.places`: 福建省厦门市…, 北京市海淀区…, …(昆山)…), legal forms
cut short (…有限 / …有限责任), branches (…北京分公司, …办事处), government bodies' short forms
(科学技术局 = 科技局) and English or pinyin names (YIDA ADVERTISING (GUANGZHOU) CO.,LTD: brand
'yida', industry 广告, place 广州).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import opencc

from .names import _pinyin, fold_text, pinyin_readings
from .places import Place, place_in, place_names, place_of, places_by_pinyin_key, short_form

__all__ = [
    "CompanyName",
    "Parts",
    "brand_pinyin",
    "company_tuple",
    "parse_company",
    "to_simplified",
]

_LEGAL = sorted(
    """股份有限公司 有限责任公司 集团有限公司 集团股份有限公司 有限公司 股份公司 总公司 公司 集团 (集团)
    有限责任 有限责 股份有限 股份 有限 co.,ltd. co.,ltd co.ltd co.,limited company limited limited ltd. ltd
    inc. inc corp. corp corporation group co. ,""".split(),
    key=len,
    reverse=True,
)
_INDUSTRY = sorted(
    """信息技术 网络科技 电子科技 生物科技 智能科技 教育科技 医疗科技 新能源 科技 技术 信息 网络 软件
    电子 通信 数据 智能 贸易 商贸 国际贸易 进出口 实业 投资 控股 物流 供应链 运输 快递 医药 医疗器械 医疗
    生物 健康 建设 建筑 工程 装饰 设计 地产 房地产 置业 物业 食品 餐饮 酒店 旅游 教育 培训 文化 传媒
    广告 咨询 管理 服务 制造 机械 设备 电气 电器 汽车 能源 电力 环保 材料 化工 纺织 服装 农业 金融
    保险 证券 银行 药业 制药 仪器""".split(),
    key=len,
    reverse=True,
)
#: English industry words -> the Chinese word reps would write.
_ENGLISH_INDUSTRY = {
    "technology": "科技", "technologies": "科技", "tech": "科技", "trading": "贸易", "trade": "贸易",
    "logistics": "物流", "advertising": "广告", "electronics": "电子", "electronic": "电子",
    "machinery": "机械", "pharmaceutical": "医药", "pharmaceuticals": "医药", "software": "软件",
    "construction": "建设", "consulting": "咨询", "food": "食品", "foods": "食品", "garment": "服装",
    "garments": "服装", "engineering": "工程", "investment": "投资", "industrial": "实业",
    "information": "信息", "network": "网络", "medical": "医疗", "education": "教育",
    "culture": "文化", "media": "传媒", "materials": "材料", "chemical": "化工", "energy": "能源",
    "supply chain": "供应链", "import & export": "进出口", "import and export": "进出口",
}  # fmt: skip
#: Government bodies: full name -> the short form reps write (both read as the short form).
_GOV_SHORT = {
    "科学技术局": "科技局", "人力资源和社会保障局": "人社局", "人力资源社会保障局": "人社局",
    "发展和改革委员会": "发改委", "发展改革委": "发改委", "市场监督管理局": "市监局",
    "市场监管局": "市监局", "住房和城乡建设局": "住建局", "卫生健康委员会": "卫健委",
    "卫生和健康委员会": "卫健委", "工业和信息化局": "工信局", "自然资源和规划局": "自然资源局",
    "生态环境局": "环保局", "文化和旅游局": "文旅局", "交通运输局": "交通局",
    "农业农村局": "农业局", "教育委员会": "教委", "人民政府": "政府",
}  # fmt: skip
_GOV_RE = re.compile("|".join(map(re.escape, sorted(_GOV_SHORT, key=len, reverse=True))))
_GOV_END = re.compile(r"(局|委|委员会|厅|办公室|办|政府|法院|检察院|管委会|中心|站|所)$")
_BRACKETS = re.compile(r"\(([^()]*)\)")
_BRANCH = re.compile(r"^(.+?)(分公司|分行|分部|办事处|分店)$")
_JUNK = re.compile(r"[\s·•.,，。、'\"“”‘’&+/\\_-]+")
_CJK = re.compile(r"[\u3400-\u9fff]")
#: Districts reps write bare (海淀华信): the old list's, kept besides the county-level cities.
_BARE_DISTRICTS = frozenset(
    "浦东 海淀 朝阳 西城 东城 丰台 南山 福田 罗湖 宝安 龙岗 天河 越秀 番禺 滨江 西湖 余杭 萧山".split()
)
_LEGAL_END = re.compile("(" + "|".join(map(re.escape, _LEGAL)) + ")$")
_INDUSTRY_END = re.compile("(" + "|".join(map(re.escape, _INDUSTRY)) + ")$")


@lru_cache(maxsize=1)
def _t2s_table() -> dict[int, str]:
    """Traditional -> simplified, character by character (one OpenCC call, ~0.1 s, once)."""
    chars = [chr(c) for c in range(0x4E00, 0x9FA6)]
    out = opencc.OpenCC("t2s").convert("\n".join(chars)).split("\n")
    return {ord(a): b for a, b in zip(chars, out, strict=True) if a != b and len(b) == 1}


@lru_cache(maxsize=1)
def _traditional() -> re.Pattern[str]:
    """One character class of every traditional character: most names have none."""
    return re.compile("[" + "".join(re.escape(chr(c)) for c in _t2s_table()) + "]")


def to_simplified(text: str) -> str:
    """藍蘭電子 -> 蓝兰电子 (text without traditional characters is returned as it is)."""
    return text.translate(_t2s_table()) if _traditional().search(text) else text


def brand_pinyin(brand: str) -> str:
    """A brand as plain Latin letters: 毅达 -> 'yida', 'Yi Da' -> 'yida'."""
    if _CJK.search(brand):
        return re.sub(r"[^a-z0-9]", "", _pinyin(brand))
    return re.sub(r"[^a-z0-9]", "", brand.replace("ü", "u").replace("v", "u"))  # 吕 = LV = lu


@dataclass(frozen=True)
class CompanyName:
    """A company name split into its parts; ``brand`` is what identifies the account.

    ``place`` is the finest division named (昆山), ``prefecture`` / ``province`` the ones it
    lies in (苏州 / 江苏); ``government`` marks a public body (its place must match exactly);
    ``latin`` a name written in Latin letters (brand compared by pinyin).
    """

    place: str
    brand: str
    industry: str
    legal: str
    prefecture: str = ""
    province: str = ""
    government: bool = False
    latin: bool = False

    @property
    def core(self) -> str:
        """Brand plus industry word: what the issue calls 'the name without city and suffix'."""
        return self.brand + self.industry


def _lead_place(s: str, inside: Place | None) -> tuple[Place | None, str] | None:
    """A place at the start of ``s`` (full name, or a short form safe to read bare), longest
    first, leaving at least two characters; when ``inside`` is given the place must lie in it."""
    names, lengths, heads = _place_heads()
    if heads is not None and s[:2] not in heads:  # most brands: one look-up, not one per length
        return None
    for n in lengths.get(s[:1], ()):
        if n > len(s) - 2:
            continue
        head = s[:n]
        if head in names:
            p = place_of(head) if inside is None else place_in(head, inside.finest)
            if p is None:
                continue
            return p, s[n:]
    return None


@lru_cache(maxsize=1)
def _place_heads() -> tuple[frozenset[str], dict[str, tuple[int, ...]], frozenset[str] | None]:
    """Place names read at the start of a company name, per first character the lengths
    of those names, longest first (so a name needs one or two set lookups), and the first two
    characters of every name (None if a name were shorter: then no quick refusal)."""
    full, bare = place_names()
    names = full | bare | _BARE_DISTRICTS
    lengths: dict[str, set[int]] = {}
    for n in names:
        lengths.setdefault(n[0], set()).add(len(n))
    heads = frozenset(n[:2] for n in names) if all(len(n) >= 2 for n in names) else None
    return names, {k: tuple(sorted(v, reverse=True)) for k, v in lengths.items()}, heads


def _places(s: str) -> tuple[list[Place], str]:
    """Leading places, outermost first: 福建省厦门市X -> [福建, 厦门], 'X'."""
    found: list[Place] = []
    while True:
        hit = _lead_place(s, found[-1] if found else None)
        if hit is None or hit[0] is None:
            return found, s
        found.append(hit[0])
        s = hit[1]


def _english(s: str) -> tuple[str, str, list[Place]]:
    """Brand, industry word and places of a Latin-letter name (legal form already cut)."""
    places: list[Place] = []
    lookup = _pinyin_places()
    for m in _BRACKETS.finditer(s):
        p = place_of(lookup.get(_latin_place_key(m.group(1)), ""))
        if p is not None:
            places.append(p)
    s = _BRACKETS.sub(" ", s)
    industry = ""
    for en in sorted(_ENGLISH_INDUSTRY, key=len, reverse=True):
        hit = re.search(rf"\b{re.escape(en)}\b", s)
        if hit:
            industry = industry or _ENGLISH_INDUSTRY[en]
            s = s[: hit.start()] + " " + s[hit.end() :]
    words = [w for w in re.split(r"[^a-z0-9]+", s) if w]
    if words and len(words) > 1:
        p = place_of(lookup.get(_latin_place_key(words[0]), ""))
        if p is not None:
            places.append(p)
            words = words[1:]
    return "".join(words), industry, places


def _latin_place_key(text: str) -> str:
    """'Lvliang' / 'Lüliang' -> 'luliang' (pinyin writes ü as v or u), letters only."""
    return re.sub(r"[^a-z]", "", text.replace("ü", "u").replace("v", "u"))


@lru_cache(maxsize=1)
def _pinyin_places() -> dict[str, str]:
    full, bare = place_names()
    return places_by_pinyin_key({n: [_pinyin(n), *pinyin_readings(n)] for n in bare})


def parse_company(name: str) -> CompanyName:
    """Split a company name into place, brand, industry word and legal form.

    >>> c = parse_company("华信科技(昆山)有限责任公司")
    >>> c.place, c.brand, c.industry, c.legal, c.prefecture, c.province
    ('昆山', '华信', '科技', '有限责任公司', '苏州', '江苏')
    >>> parse_company("北京华信科技有限公司").core
    '华信科技'
    """
    return CompanyName(*company_tuple(name))


def company_tuple(name: str) -> Parts:
    """:func:`parse_company` as a plain tuple of CompanyName's fields (see :data:`Parts`)."""
    s = to_simplified(fold_text(name))
    latin = not _CJK.search(s)
    if not latin:
        s = s.replace(" ", "")
    legal = ""
    places: list[Place] = []
    branch = _BRANCH.match(s)
    if branch:
        s = branch.group(1)
    changed = True
    while changed and s:  # legal forms, bracketed places and branch places can alternate
        changed = False
        m = _LEGAL_END.search(s.rstrip())
        if m and m.start() > 0:
            legal = m.group(1) + legal
            s = s.rstrip()[: m.start()].rstrip()
            changed = True
        m = _BRACKETS.search(s) if not latin else None
        if m:
            p = place_of(m.group(1)) or place_of(short_form(m.group(1)))
            if p is not None:
                places.append(p)
            s = (s[: m.start()] + s[m.end() :]).strip()
            changed = True
        if branch and not latin:  # …有限公司北京分公司: the branch's place at the end
            for n in range(min(len(s) - 2, 6), 1, -1):
                p = place_of(s[-n:])
                if p is not None:
                    places.append(p)
                    s = s[:-n]
                    changed = True
                    break
            branch = None
    if latin:
        brand, industry, more = _english(s)
        return _build(more + places, brand, industry, legal, latin=True)
    s = _GOV_RE.sub(lambda m: _GOV_SHORT[m.group(0)], _JUNK.sub("", s))
    lead, rest = _places(s)
    if lead and places and not _related(lead[-1], places[0]):  # 东方泰安(北京): 东方 is the brand
        lead, rest = [], s
    brand, industry = _split_industry(rest)
    if lead and not brand:  # the 'place' is the brand itself: 嘉兴能源(苏州)
        lead, (brand, industry) = [], _split_industry(s)
    government = bool(_GOV_END.search(brand)) and not legal
    return _build(lead + places, brand, industry, legal, government=government)


#: A parsed company name as a plain tuple, CompanyName's fields in order (company_parts reads
#: hundreds of thousands: a frozen dataclass costs a setattr per field to build).
Parts = tuple[str, str, str, str, str, str, bool, bool]


def _build(
    places: list[Place],
    brand: str,
    industry: str,
    legal: str,
    *,
    government: bool = False,
    latin: bool = False,
) -> Parts:
    """The finest place named wins; its prefecture and province come with it."""
    if not places:
        return ("", brand, industry, legal, "", "", government, latin)
    best = (
        places[0]
        if len(places) == 1
        else max(places, key=lambda p: (p.county_level, bool(p.prefecture)))
    )
    return (best.finest, brand, industry, legal, best.prefecture, best.province, government, latin)


def _related(a: Place, b: Place) -> bool:
    """One place is the other or lies inside it."""
    return a.finest in (b.finest, b.prefecture, b.province) or b.finest in (
        a.prefecture,
        a.province,
    )


def _split_industry(s: str) -> tuple[str, str]:
    m = _INDUSTRY_END.search(s)
    return (s[: m.start()], m.group(1)) if m else (s, "")
