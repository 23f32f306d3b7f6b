"""Issue 10, second round: English names of Chinese firms whose brand or city has a polyphonic
character, a bare brand that could mean two firms, and Latin-letter addresses compared by house
number and postcode."""

from __future__ import annotations

import pandas as pd
import pytest

from addin.duplicates.company import parse_company
from addin.duplicates.fields import company_parts
from addin.duplicates.find import find_duplicates
from addin.duplicates.names import pinyin_readings
from addin.records import make_customers


def _find(rows: list[dict[str, object]]) -> pd.DataFrame:
    df = make_customers([{"rep": f"rep{k % 3}", **r} for k, r in enumerate(rows)])
    return find_duplicates(df, lang="en").pairs


def test_pinyin_readings_cover_every_reading_of_a_polyphone() -> None:
    assert {"changyuan", "zhangyuan"} <= set(pinyin_readings("长远"))
    assert "foshan" in pinyin_readings("佛山")


@pytest.mark.parametrize(
    ("latin", "place"),
    [("FOSHAN", "佛山"), ("CHANGSHA", "长沙"), ("DONGYING", "东营"), ("JIUJIANG", "九江"),
     ("LVLIANG", "吕梁"), ("XIAMEN", "厦门")],
)  # fmt: skip
def test_english_names_read_the_city_whatever_its_pinyin(latin: str, place: str) -> None:
    assert parse_company(f"HUAMEI TRADING ({latin}) CO.,LTD").place == place


def test_a_spelling_of_two_cities_is_read_as_no_city() -> None:
    # SUZHOU is 苏州 or 宿州: read as neither, so it never contradicts 苏州 (or 宿州)
    assert parse_company("HUAMEI TRADING (SUZHOU) CO.,LTD").place == ""


def test_polyphonic_brand_takes_the_reading_the_english_name_spells() -> None:
    parts = company_parts(["长远机械（梧州）有限公司", "CHANGYUAN MACHINERY (WUZHOU) CO.,LTD"])
    assert parts["py"][0] == parts["py"][1] == "changyuan"


def test_polyphonic_brand_in_english_is_the_same_account() -> None:
    pairs = _find(
        [
            {
                "customer_name": "王敏",
                "company": "长远机械（梧州）有限公司",
                "mobile": "13812345678",
            },
            {"customer_name": "Li Qiang", "company": "CHANGYUAN MACHINERY (WUZHOU) CO.,LTD"},
        ]
    )
    assert pairs["tier"].tolist() == ["duplicate"]
    assert "CHANGYUAN" in pairs["reason"].iloc[0]


def test_a_bare_brand_meaning_two_firms_is_only_possible() -> None:
    rows = [
        {"customer_name": "王敏", "company": "华信科技（北京）有限公司"},
        {"customer_name": "李强", "company": "华信物流（上海）有限公司"},
        {"customer_name": "刘洋", "company": "华信"},
    ]
    pairs = _find(rows)
    bare = pairs[(pairs["i"] == 2) | (pairs["j"] == 2)]
    assert len(bare) == 2 and (bare["tier"] == "possible").all()
    assert bare["reason"].str.contains("only the brand 华信").all()


def test_a_bare_brand_of_one_firm_is_the_same_account() -> None:
    pairs = _find(
        [
            {"customer_name": "王敏", "company": "华信科技（北京）有限公司"},
            {"customer_name": "刘洋", "company": "华信"},
        ]
    )
    assert pairs["tier"].tolist() == ["duplicate"]


def test_same_house_number_and_postcode_is_the_same_home() -> None:
    base = {"customer_name": "matilda madigan", "birthday": "1901-08-28"}
    pairs = _find(
        [
            {**base, "address": "28 john cleland crescent ponderossa tumbarumba 2315 tas"},
            {**base, "customer_name": "matild madigan", "birthday": "1930-11-07",
             "address": "28 cleland cres westfield 2135 tas"},  # postcode transposed
        ]
    )  # fmt: skip
    assert pairs["tier"].tolist() == ["duplicate"]
    assert "similar address" in pairs["reason"].iloc[0]


def test_a_neighbour_with_another_house_number_is_not_the_same_home() -> None:
    pairs = _find(
        [
            {"customer_name": "kody white", "address": "245 duncan street thornlie 2673 sa"},
            {"customer_name": "lillianna white", "address": "247 duncan street thornlie 2673 sa"},
        ]
    )
    assert not (pairs["tier"] == "duplicate").any()
