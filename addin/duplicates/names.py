"""Matching keys for names: company names split into place / brand / industry / legal form,
person names folded to pinyin, addresses and e-mails folded for comparison.

Every function here works on one value and is pure, so callers compute it once per *distinct*
value (:func:`map_unique`) and never per row: a million rows hold far fewer distinct names.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

__all__ = [
    "CompanyName",
    "parse_company",
    "fold_text",
    "name_tokens",
    "name_key",
    "fold_address",
    "fold_email",
    "map_unique",
    "WEBMAIL_DOT_DOMAINS",
    "WEBMAIL_PLUS_DOMAINS",
]

# Provinces, municipalities and the larger cities, as reps put them in front of or in brackets
# after a company name. Longer names first so that 石家庄 is not read as 石.
_PLACES = sorted(
    """北京 上海 天津 重庆 河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南
    广东 海南 四川 贵州 云南 陕西 甘肃 青海 台湾 内蒙古 广西 西藏 宁夏 新疆 香港 澳门 广州 深圳 杭州
    南京 苏州 无锡 常州 宁波 温州 绍兴 嘉兴 金华 台州 合肥 福州 厦门 泉州 南昌 济南 青岛 烟台 潍坊
    郑州 洛阳 武汉 宜昌 长沙 株洲 成都 绵阳 贵阳 昆明 西安 兰州 西宁 银川 乌鲁木齐 拉萨 呼和浩特
    南宁 桂林 海口 三亚 石家庄 唐山 保定 太原 大同 沈阳 大连 长春 哈尔滨 东莞 佛山 珠海 中山 惠州
    汕头 江门 湛江 徐州 南通 扬州 镇江 盐城 淮安 芜湖 蚌埠 漳州 赣州 淄博 临沂 济宁 威海 开封 襄阳
    岳阳 常德 宜宾 泸州 遵义 曲靖 宝鸡 咸阳 天水 柳州 北海 秦皇岛 廊坊 邯郸 鞍山 抚顺 吉林市 齐齐哈尔
    浦东 海淀 朝阳 西城 东城 丰台 南山 福田 罗湖 宝安 龙岗 天河 越秀 番禺 滨江 西湖 余杭 萧山""".split(),
    key=len,
    reverse=True,
)
_PLACE_SUFFIX = ("特别行政区", "自治区", "省", "市", "区", "县")
# Legal forms and group words, longest first; matched at the end (after bracketed places).
_LEGAL = sorted(
    [
        "股份有限公司",
        "有限责任公司",
        "集团有限公司",
        "集团股份有限公司",
        "有限公司",
        "股份公司",
        "分公司",
        "总公司",
        "公司",
        "集团",
        "(集团)",
        "co.,ltd.",
        "co.,ltd",
        "co.ltd",
        "co.,limited",
        "company limited",
        "limited",
        "ltd.",
        "ltd",
        "inc.",
        "inc",
        "corp.",
        "corp",
        "corporation",
        "group",
        "co.",
        ",",
    ],
    key=len,
    reverse=True,
)
# Industry words reps keep or drop at will ("华信科技" / "华信"); longest first.
_INDUSTRY = sorted(
    """信息技术 网络科技 电子科技 生物科技 智能科技 教育科技 医疗科技 新能源 科技 技术 信息 网络 软件
    电子 通信 数据 智能 贸易 商贸 国际贸易 进出口 实业 投资 控股 物流 供应链 运输 快递 医药 医疗器械 医疗
    生物 健康 建设 建筑 工程 装饰 设计 地产 房地产 置业 物业 食品 餐饮 酒店 旅游 教育 培训 文化 传媒
    广告 咨询 管理 服务 制造 机械 设备 电气 电器 汽车 能源 电力 环保 材料 化工 纺织 服装 农业 金融
    保险 证券 银行 药业 制药 仪器 engineering technology tech software trading logistics""".split(),
    key=len,
    reverse=True,
)
_BRACKETS = re.compile(r"\(([^()]*)\)")
# 华信科技有限公司北京分公司: the head office name, then the branch's place.
_BRANCH = re.compile(
    r"^(.+?(?:有限责任公司|股份有限公司|有限公司|公司|集团))(.+?)(?:分公司|分行|分部|办事处)$"
)
_JUNK = re.compile(r"[\s·•.,，。、'\"“”‘’&+/\\_-]+")
_CJK = re.compile(r"[\u3400-\u9fff]")


def fold_text(text: str) -> str:
    """NFKC (full-width to half-width), case-folded, full-width brackets to ASCII, trimmed."""
    s = unicodedata.normalize("NFKC", text).casefold()
    return s.replace("【", "(").replace("】", ")").replace("[", "(").replace("]", ")").strip()


# One regex per list instead of a loop over it: alternatives are tried longest first.
_LEAD_PLACE = re.compile(
    "^(" + "|".join(map(re.escape, _PLACES)) + ")(" + "|".join(_PLACE_SUFFIX) + ")?(?=..)"
)
_LEGAL_END = re.compile("(" + "|".join(map(re.escape, _LEGAL)) + ")$")
_INDUSTRY_END = re.compile("(" + "|".join(map(re.escape, _INDUSTRY)) + ")$")


def _strip_place(s: str) -> tuple[str, str]:
    """Split a leading place name (with its 省/市/区 suffix) off ``s``."""
    m = _LEAD_PLACE.match(s)
    if not m:
        return "", s
    if len(s) - m.end() < 2:  # '北京市X': keep the suffix with the rest rather than leave one char
        return m.group(1).removesuffix("市"), s[len(m.group(1)) :]
    return m.group(1).removesuffix("市"), s[m.end() :]


def _canonical_place(text: str) -> str:
    t = text
    for suf in _PLACE_SUFFIX:
        if t.endswith(suf) and len(t) > len(suf) + 1:
            t = t[: -len(suf)]
            break
    return t


@dataclass(frozen=True)
class CompanyName:
    """A company name split into its parts; ``brand`` is what identifies the account."""

    place: str
    brand: str
    industry: str
    legal: str

    @property
    def core(self) -> str:
        """Brand plus industry word: what the issue calls 'the name without city and suffix'."""
        return self.brand + self.industry


def parse_company(name: str) -> CompanyName:
    """Split a company name into place, brand, industry word and legal form.

    >>> parse_company("华信科技(北京)有限责任公司")
    CompanyName(place='北京', brand='华信', industry='科技', legal='有限责任公司')
    >>> parse_company("北京华信科技有限公司").core
    '华信科技'
    """
    s = fold_text(name).replace(" ", "")
    legal = ""
    places: list[str] = []
    branch = _BRANCH.match(s)
    if branch:
        s = branch.group(1)
        places.append(_canonical_place(branch.group(2)))
    changed = True
    while changed and s:  # legal forms and bracketed places can alternate at the end
        changed = False
        m = _LEGAL_END.search(s)
        if m and m.start() > 0:
            legal = m.group(1) + legal
            s = s[: m.start()]
            changed = True
        m = _BRACKETS.search(s)
        if m:
            inner = m.group(1)
            if inner and inner not in ("集团",):
                places.append(_canonical_place(inner))
            s = (s[: m.start()] + s[m.end() :]).strip()
            changed = True
    s = _JUNK.sub("", s)
    lead, rest = _strip_place(s)
    brand, industry = _split_industry(rest)
    if lead and not brand:  # the 'place' is the brand itself: 嘉兴能源(苏州)
        lead, (brand, industry) = "", _split_industry(s)
    return CompanyName(lead or (places[0] if places else ""), brand, industry, legal)


def _split_industry(s: str) -> tuple[str, str]:
    m = _INDUSTRY_END.search(s)
    return (s[: m.start()], m.group(1)) if m else (s, "")


# --- person names ---------------------------------------------------------------------------

_COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 诸葛 上官 东方 皇甫 令狐 慕容 司徒 夏侯 尉迟 公孙 长孙 宇文 轩辕 端木 西门 南宫".split()
)
# Surnames whose reading differs from the character's first reading.
_SURNAME_READINGS = {
    "曾": "zeng",
    "单": "shan",
    "解": "xie",
    "仇": "qiu",
    "区": "ou",
    "查": "zha",
    "朴": "piao",
    "翟": "zhai",
    "乐": "yue",
    "秘": "bi",
    "覃": "qin",
    "盖": "ge",
    "缪": "miao",
    "柏": "bai",
    "尉": "yu",
}


@lru_cache(maxsize=1 << 16)
def _char_pinyin(ch: str) -> str:
    # Imported on the first Chinese character, not with the module: pypinyin's dictionary
    # costs ~180 ms at import (python -X importtime), which `import addin` should not pay.
    from pypinyin.constants import PINYIN_DICT

    raw = PINYIN_DICT.get(ord(ch))
    if not raw:
        return ch
    first = raw.split(",")[0]
    plain = "".join(c for c in unicodedata.normalize("NFKD", first) if not unicodedata.combining(c))
    return plain.replace("ü", "u").replace("v", "u")


def _pinyin(text: str, *, surname: bool = False) -> str:
    if surname and text[:1] in _SURNAME_READINGS:
        return _SURNAME_READINGS[text[0]] + "".join(_char_pinyin(c) for c in text[1:])
    return "".join(_char_pinyin(c) for c in text)


@lru_cache(maxsize=1 << 18)
def name_tokens(name: str) -> tuple[str, ...]:
    """A person name as lower-case Latin tokens: 张伟 -> ('zhang', 'wei'), 'Wei ZHANG' -> ('wei', 'zhang').

    Chinese names are split into surname and given name (compound surnames such as 欧阳 kept
    whole) and written in pinyin without tones, so a name typed in pinyin compares equal.

    >>> name_tokens("欧阳 娜娜")
    ('ouyang', 'nana')
    """
    s = fold_text(name)
    if _CJK.search(s):
        s = _JUNK.sub("", s)
        cut = 2 if s[:2] in _COMPOUND_SURNAMES else 1
        tokens = (_pinyin(s[:cut], surname=True), _pinyin(s[cut:]))
        return tuple(t for t in tokens if t)
    s = s.replace("ü", "u").replace("lv", "lu")
    return tuple(t for t in re.split(r"[^a-z0-9]+", s) if t)


def name_key(name: str) -> str:
    """Order-free key of a person name: sorted pinyin tokens ('wei zhang' for 张伟 and Zhang Wei)."""
    return " ".join(sorted(name_tokens(name)))


# --- addresses, e-mail ------------------------------------------------------------------------

_ADDR_UNITS = re.compile(r"(省|市|自治区|特别行政区|区|县|号楼|号|室|栋|单元|层|楼|路|街|大道)")
_ADDR_ABBR = re.compile(r"\b(st|rd|ave|street|road)\b")
_CJK_GAP = re.compile(r"(?<=[\u3400-\u9fff0-9]) (?=[\u3400-\u9fff])|(?<=[\u3400-\u9fff]) (?=[0-9])")


def fold_address(text: str) -> str:
    """Address folded for fuzzy comparison: half-width, lower-case, no punctuation or unit words.

    >>> fold_address("北京市海淀区中关村大街 27号") == fold_address("北京海淀中关村大街27号")
    True
    """
    s = _ADDR_ABBR.sub(" ", _ADDR_UNITS.sub(" ", fold_text(text)))
    s = " ".join(_JUNK.sub(" ", s).split())
    return _CJK_GAP.sub("", s)


#: Providers that ignore dots in the local part (Gmail documents it).
WEBMAIL_DOT_DOMAINS = frozenset({"gmail.com", "googlemail.com"})
#: Providers that deliver 'name+tag@' to 'name@'.
WEBMAIL_PLUS_DOMAINS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "icloud.com",
        "me.com",
    }
)


def fold_email(email: str, mode: str = "webmail") -> str:
    """E-mail key: lower-case; '+tag' and dots dropped where the provider ignores them.

    ``mode``: ``"none"`` (case only), ``"webmail"`` (the providers above), ``"all"`` (drop
    '+tag' for every domain, dots only for the providers above).

    >>> fold_email("Wang.Wei+crm@Gmail.com")
    'wangwei@gmail.com'
    """
    s = fold_text(email).replace(" ", "")
    local, at, domain = s.rpartition("@")
    if not at or mode == "none":
        return s
    if domain == "googlemail.com":
        domain = "gmail.com"
    if mode == "all" or domain in WEBMAIL_PLUS_DOMAINS:
        local = local.split("+", 1)[0]
    if domain in WEBMAIL_DOT_DOMAINS:
        local = local.replace(".", "")
    return f"{local}@{domain}"


def map_unique(values: pd.Series, fn: Callable[[str], object]) -> pd.Series:
    """Apply ``fn`` once per distinct non-missing value; missing values stay missing."""
    present = values.dropna()
    present = present[present.astype(str).str.len() > 0]
    uniques = pd.unique(present.astype(str))
    mapping = {u: fn(u) for u in uniques}
    out = present.astype(str).map(mapping)
    return out.reindex(values.index)
