"""Matching keys for names: person names folded to pinyin (titles such as 李总 cut to the surname), addresses and e-mails folded for comparison.

Every function here works on one value and is pure, so callers compute it once per *distinct*
value (:func:`map_unique`) and never per row: a million rows hold far fewer distinct names.
"""

from __future__ import annotations

import importlib.util
import json
import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import pandas as pd

__all__ = [
    "fold_text",
    "fold_texts",
    "strip_title",
    "strip_folded_title",
    "name_tokens",
    "folded_name_tokens",
    "name_key",
    "fold_address",
    "fold_addresses",
    "fold_email",
    "fold_emails",
    "email_key",
    "map_unique",
    "pinyin_readings",
    "pinyin_table",
    "reading_among",
    "WEBMAIL_DOT_DOMAINS",
    "WEBMAIL_PLUS_DOMAINS",
]

_JUNK = re.compile(r"[\s·•.,，。、'\"“”‘’&+/\\_-]+")
_CJK = re.compile(r"[\u3400-\u9fff]")


def fold_text(text: str) -> str:
    """NFKC (full-width to half-width), case-folded, full-width brackets to ASCII, trimmed."""
    s = unicodedata.normalize("NFKC", text).casefold()
    return s.replace("【", "(").replace("】", ")").replace("[", "(").replace("]", ")").strip()


def _joined(texts: list[str]) -> str | None:
    """The texts joined by NUL, None when a text holds one (then they are folded one by one)."""
    joined = "\x00".join(texts)
    return joined if joined.count("\x00") == max(len(texts) - 1, 0) else None


def fold_texts(texts: list[str]) -> list[str]:
    """``[fold_text(t) for t in texts]``, normalised and case-folded once on the joined texts
    (NFKC never joins a character to a NUL, and case folding goes character by character)."""
    joined = _joined(texts)
    if joined is None or not texts:
        return [fold_text(t) for t in texts]
    s = unicodedata.normalize("NFKC", joined).casefold()
    s = s.replace("【", "(").replace("】", ")").replace("[", "(").replace("]", ")")
    return [t.strip() for t in s.split("\x00")]


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


#: Honorifics and job titles reps type instead of a given name (李总, 王经理, 刘先生, Mr Wang).
_TITLES = sorted(
    """总经理 董事长 总监 经理 主任 主管 先生 女士 小姐 老师 老板 老总 师傅 会计 科长 处长 局长 院长
    校长 医生 律师 教授 博士 总 工 姐 哥""".split(),
    key=len,
    reverse=True,
)
_TITLE_END = re.compile("(" + "|".join(_TITLES) + ")$")
_LATIN_TITLE = re.compile(r"^(mr|mrs|ms|miss|dr|madam|sir)\.?\s+|\s+(mr|mrs|ms)\.?$")


@lru_cache(maxsize=1 << 16)
def strip_title(name: str) -> tuple[str, bool]:
    """A person name without its honorific, and whether only a surname is left.

    >>> strip_title("李总"), strip_title("王伟经理"), strip_title("张伟")
    (('李', True), ('王伟', False), ('张伟', False))
    """
    return strip_folded_title(fold_text(name))


def strip_folded_title(s: str) -> tuple[str, bool]:
    """:func:`strip_title` of a name already folded (:func:`fold_text`, :func:`fold_texts`)."""
    if _CJK.search(s):
        s = _JUNK.sub("", s)
        m = _TITLE_END.search(s)
        surname = 2 if s[:2] in _COMPOUND_SURNAMES else 1
        if m and m.start() >= surname and (len(m.group(1)) > 1 or m.start() == surname):
            s = s[: m.start()]
        return s, len(s) <= surname
    t = _LATIN_TITLE.sub(" ", s).strip()
    return (t, len(t.split()) == 1) if t != s else (s, False)


@lru_cache(maxsize=1)
def pinyin_table() -> dict[int, str]:
    """pypinyin's character readings (``pypinyin.constants.PINYIN_DICT``), read from its data file.

    Read on the first Chinese character, not with the module, and without importing pypinyin:
    its package start-up also loads the phrase dictionary, which these keys never use (0.20 s
    of CPU against 0.03 s for the file alone, measured with time.process_time; ``intake check``
    of 200 rows pays it on every run).
    """
    spec = importlib.util.find_spec("pypinyin")
    assert spec is not None and spec.submodule_search_locations, "pypinyin is a dependency"
    folder = Path(next(iter(spec.submodule_search_locations)))
    data = json.loads((folder / "pinyin_dict.json").read_text(encoding="utf-8"))
    return {int(code): text for code, text in data.items()}


def _char_pinyin(ch: str) -> str:
    """A character's first toneless reading (pypinyin's order), the character when it has none."""
    return _char_readings(ch)[0]


class _FirstReadings(dict[int, str]):
    """Code point -> :func:`_char_pinyin`, filled as characters are met: ``str.translate``
    with it reads a text's pinyin in one C loop (a generator of cached calls cost 2x)."""

    def __missing__(self, code: int) -> str:
        reading = self[code] = _char_pinyin(chr(code))
        return reading


_FIRST_READINGS = _FirstReadings()


def _pinyin(text: str, *, surname: bool = False) -> str:
    if surname and text[:1] in _SURNAME_READINGS:
        return _SURNAME_READINGS[text[0]] + text[1:].translate(_FIRST_READINGS)
    return text.translate(_FIRST_READINGS)


@lru_cache(maxsize=1 << 16)
def _char_readings(ch: str) -> tuple[str, ...]:
    """Every toneless reading of a character, in pypinyin's order (长: 'zhang', 'chang')."""
    raw = pinyin_table().get(ord(ch))
    if not raw:
        return (ch,)
    plain = (
        "".join(c for c in unicodedata.normalize("NFKD", r) if not unicodedata.combining(c))
        for r in raw.split(",")
    )
    return tuple(dict.fromkeys(r.replace("ü", "u").replace("v", "u") for r in plain))


def pinyin_readings(text: str, limit: int = 16) -> list[str]:
    """The pinyin of ``text`` read every way its polyphonic characters allow (长乐: 'changle',
    'changle', 'zhangyue', ...), in pypinyin's order; at most ``limit`` readings."""
    out = [""]
    for ch in text:
        out = [a + r for a in out for r in _char_readings(ch)][:limit]
    if text[:1] in _SURNAME_READINGS:  # 单 as a surname or a brand's first character: 'shan'
        out.append(_pinyin(text, surname=True))
    return list(dict.fromkeys(out))


def reading_among(text: str, spelled: set[str], prefixes: set[str]) -> str | None:
    """The first reading of ``text`` (as :func:`pinyin_readings` would list them) that is in
    ``spelled``, or None; ``prefixes`` holds every prefix of the spelled words, so a text whose
    first character cannot start any of them costs one or two set look-ups."""
    heads = [""]
    for ch in text:
        heads = [h + r for h in heads for r in _char_readings(ch) if h + r in prefixes]
        if not heads:
            return None
    return next((h for h in heads if h in spelled), None)


@lru_cache(maxsize=1 << 18)
def name_tokens(name: str) -> tuple[str, ...]:
    """A person name as lower-case Latin tokens: 张伟 -> ('zhang', 'wei'), 'Wei ZHANG' -> ('wei', 'zhang').

    Chinese names are split into surname and given name (compound surnames such as 欧阳 kept
    whole) and written in pinyin without tones, so a name typed in pinyin compares equal.

    >>> name_tokens("欧阳 娜娜")
    ('ouyang', 'nana')
    """
    return folded_name_tokens(fold_text(name))


def folded_name_tokens(s: str) -> tuple[str, ...]:
    """:func:`name_tokens` of a name already folded (:func:`fold_text`, :func:`fold_texts`)."""
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


def fold_addresses(texts: list[str]) -> list[str]:
    """``[fold_address(t) for t in texts]``, each step once on the joined texts: the patterns
    never match across the NUL between two texts (not a word character, a space or CJK), and
    after the punctuation is folded to single spaces, splitting and joining a text on
    whitespace is stripping it."""
    joined = _joined(texts)
    if joined is None or not texts:
        return [fold_address(t) for t in texts]
    s = unicodedata.normalize("NFKC", joined).casefold()
    s = s.replace("【", "(").replace("】", ")").replace("[", "(").replace("]", ")")
    for unit in _LONG_UNITS:  # as _ADDR_UNITS takes them: a long unit before its characters
        s = s.replace(unit, " ")
    # one str.replace per character: a scan in C each, where str.translate looks every
    # character of a CJK text up in a dict (16x slower on 115k customers' addresses)
    for ch in _UNIT_CHARS:
        s = s.replace(ch, " ")
    if "st" in s or "rd" in s or "ave" in s or "road" in s:  # what _ADDR_ABBR can match
        s = _ADDR_ABBR.sub(" ", s)
    # _JUNK's runs to one space, then stripped: every junk character a space (most are in no
    # address), runs of spaces one space, none beside the NUL between two texts or at the ends
    for ch in _JUNK_CHARS:
        s = s.replace(ch, " ")
    s = _SPACES.sub(" ", s).replace(" \x00", "\x00").replace("\x00 ", "\x00").strip(" ")
    return _FAST_GAP.sub("", s).split("\x00")


#: _ADDR_UNITS in two steps for fold_addresses: the units of several characters (none holds
#: the first character of another unit, none of their characters ends a unit before them),
#: then the one-character units; every unit becomes spaces, which the junk step folds to one.
_LONG_UNITS = ("特别行政区", "自治区", "号楼", "单元", "大道")
_UNIT_CHARS = "省市区县号室栋层楼路街"
#: _JUNK's characters: its punctuation and every character ``\s`` matches (str.isspace) but
#: the space itself.
_JUNK_CHARS = "·•.,，。、'\"“”‘’&+/\\_-" + "".join(
    chr(c) for c in range(0x3100) if chr(c).isspace() and c != 0x20
)
_SPACES = re.compile(" {2,}")
#: _CJK_GAP starting with its space (the regex engine then looks for spaces only).
_FAST_GAP = re.compile(
    r" (?:(?<=[\u3400-\u9fff0-9] )(?=[\u3400-\u9fff])|(?<=[\u3400-\u9fff] )(?=[0-9]))"
)


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
    return email_key(fold_text(email).replace(" ", ""), mode)


def fold_emails(emails: list[str], mode: str = "webmail") -> list[str]:
    """``[fold_email(e, mode) for e in emails]``, the text folding done at once (:func:`fold_texts`)."""
    return [email_key(s.replace(" ", ""), mode) for s in fold_texts(emails)]


def email_key(s: str, mode: str) -> str:
    """:func:`fold_email` of an address already folded, spaces taken out."""
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


@lru_cache(maxsize=1)
def pinyin_syllables() -> frozenset[str]:
    """Every toneless pinyin syllable a character can be read as ('zhang', 'wei', 'an', ...)."""
    marked = {r for raw in pinyin_table().values() for r in raw.split(",")}  # ~1,500 distinct
    plain = (
        "".join(c for c in unicodedata.normalize("NFKD", r) if not unicodedata.combining(c))
        for r in marked
    )
    return frozenset(r.replace("ü", "u").replace("v", "u") for r in plain)
