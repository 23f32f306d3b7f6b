"""The administrative divisions of China, for reading places in company names.

The list is the one the ``cpca`` package ships (``cpca/resources/adcodes.csv``, MIT licence:
every province, prefecture and county-level division with its 12-digit administrative code).
Only its data file is read, found without importing ``cpca`` (whose import builds matchers we do
not need). Each division is known by its full name (昆山市, 建邺区, 福建省) and its short form
(昆山, 建邺, 福建); a place resolves to ``(finest, prefecture, province)`` short names, so that
昆山 is seen inside 苏州 inside 江苏.
"""

from __future__ import annotations

import csv
import importlib.util
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

__all__ = ["Place", "PLACE_SUFFIXES", "place_in", "place_of", "place_names", "places_by_pinyin_key"]

#: Suffixes of division names, longest first (自治州 before 州).
PLACE_SUFFIXES = (
    "特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州", "自治县", "地区",
    "新区", "省", "市", "区", "县", "盟", "旗",
)  # fmt: skip
# The four municipalities are province and prefecture at once.
_MUNICIPALITIES = ("11", "12", "31", "50")


@dataclass(frozen=True)
class Place:
    """A division as short names: itself, its prefecture and its province ('' when none)."""

    finest: str
    prefecture: str
    province: str
    county_level: bool  # a county, district or county-level city


def short_form(name: str) -> str:
    """'昆山市' -> '昆山', '恩施土家族苗族自治州' -> '恩施土家族苗族' (kept when 1 char would remain)."""
    for suf in PLACE_SUFFIXES:
        if name.endswith(suf) and len(name) - len(suf) >= 2:
            return name[: -len(suf)]
    return name


def _data_file() -> Path | None:
    spec = importlib.util.find_spec("cpca")  # locates the package without running its __init__
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "resources" / "adcodes.csv"
    return path if path.is_file() else None


@lru_cache(maxsize=1)
def _divisions() -> dict[str, list[Place]]:
    """Every full and short name -> the divisions it names (a few short names repeat)."""
    path = _data_file()
    if path is None:
        return {}
    with path.open(encoding="utf-8", newline="") as fh:
        rows = [(r["adcode"], r["name"]) for r in csv.DictReader(fh)]
    by_code = {code[:6]: name for code, name in rows}
    out: dict[str, list[Place]] = {}
    for code, name in rows:
        c = code[:6]
        prov = short_form(by_code.get(c[:2] + "0000", ""))
        muni = c[:2] in _MUNICIPALITIES
        if c[2:] == "0000":
            place = Place(short_form(name), short_form(name) if muni else "", prov, False)
        elif c[4:] == "00":
            if muni:
                continue  # no prefecture level inside 北京 / 上海 / 天津 / 重庆
            place = Place(short_form(name), short_form(name), prov, False)
        else:
            pref = prov if muni else short_form(by_code.get(c[:4] + "00", "")) or prov
            pref = "" if "直辖" in pref else pref  # 省直辖县级行政区划: no prefecture
            place = Place(short_form(name), pref, prov, True)
        for key in dict.fromkeys((name, short_form(name))):
            if len(key) >= 2 and "辖" not in key:
                out.setdefault(key, []).append(place)
    return out


@lru_cache(maxsize=1 << 16)  # a few thousand place names, looked up once per company name
def place_of(text: str) -> Place | None:
    """The division ``text`` names (full or short form); None when unknown or ambiguous.

    >>> place_of("昆山市")
    Place(finest='昆山', prefecture='苏州', province='江苏', county_level=True)
    """
    found = _divisions().get(text)
    if not found:
        return None
    if len({(p.prefecture, p.finest) for p in found}) > 1:  # 鼓楼区: in 南京, 福州, 徐州, 开封
        provinces = {p.province for p in found}
        first = found[0]
        return Place(first.finest, "", first.province if len(provinces) == 1 else "", True)
    return found[0]


@lru_cache(maxsize=1 << 16)
def place_in(text: str, outer: str) -> Place | None:
    """The division ``text`` names inside ``outer`` (a prefecture or province short name):
    鼓楼区 inside 南京 is 南京's 鼓楼, not 福州's."""
    found = [p for p in _divisions().get(text, []) if outer in (p.prefecture, p.province)]
    return found[0] if len({p.finest for p in found}) == 1 else None


@lru_cache(maxsize=1)
def place_names() -> tuple[frozenset[str], frozenset[str]]:
    """(names with a suffix: 昆山市 福建省 建邺区; short forms safe to read bare: provinces,
    prefectures and county-level cities such as 昆山 — not bare counties or districts, which
    brands share: 永安, 东方, 长安)."""
    full: set[str] = set()
    bare: set[str] = set()
    for name, places in _divisions().items():
        if short_form(name) != name:
            full.add(name)
            continue
        p = places[0]
        if not p.county_level or f"{name}市" in _divisions():
            bare.add(name)
    return frozenset(full), frozenset(bare)


_LATIN_KEY = re.compile(r"[^a-z]")


def places_by_pinyin_key(pinyin: dict[str, list[str]]) -> dict[str, str]:
    """Latin spelling (e.g. 'guangzhou', 'changsha') -> short name of provinces and prefectures,
    for English company names; ``pinyin`` maps each short name to its readings (passed in: no
    import here), the usual one first. A prefecture sharing its short name with a district
    (东营, 九江) counts; a usual reading wins over another place's rarer one; a spelling that
    names two places (suzhou: 苏州 and 宿州, taizhou: 泰州 and 台州) names none: an English name
    says SUZHOU for either, so it is read as no place rather than as the wrong one."""
    names = [
        name
        for name, places in _divisions().items()
        if short_form(name) == name and name in pinyin and not all(p.county_level for p in places)
    ]
    out: dict[str, str] = {}
    for rank in range(max((len(pinyin[n]) for n in names), default=0)):
        found: dict[str, set[str]] = {}
        for name in names:
            if rank < len(pinyin[name]):
                found.setdefault(_LATIN_KEY.sub("", pinyin[name][rank]), set()).add(name)
        for key, hits in found.items():
            if key not in out:
                out[key] = next(iter(hits)) if len(hits) == 1 else ""
    return {k: v for k, v in out.items() if v}
