"""Matching keys: company names, person names in pinyin, e-mail folding, addresses."""

from __future__ import annotations

import pytest
from pypinyin.constants import PINYIN_DICT

from addin.duplicates.company import parse_company
from addin.duplicates.names import fold_address, fold_email, name_key, pinyin_table


def _same_account(a: str, b: str) -> bool:
    """The account rule of the dedupe engine: brand equal, place and industry compatible."""
    x, y = parse_company(a), parse_company(b)
    compatible = lambda u, v: not u or not v or u == v  # noqa: E731
    return (
        bool(x.brand)
        and x.brand == y.brand
        and compatible(x.place, y.place)
        and compatible(x.industry, y.industry)
    )


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("北京华信科技有限公司", "华信科技(北京)有限责任公司", True),
        ("北京华信科技有限公司", "华信科技（北京）有限责任公司", True),  # full-width brackets
        ("北京华信科技有限公司", "华信科技", True),
        ("北京华信科技有限公司", "北京市华信科技有限公司", True),
        ("北京华信科技有限公司", "华信科技有限公司北京分公司", True),
        ("北京华信科技有限公司", "北京华信科技股份有限公司", True),
        ("北京华信科技有限公司", "华信科技集团", True),
        ("Huaxin Technology Co., Ltd.", "HUAXIN TECHNOLOGY LIMITED", True),
        ("北京华兴科技有限公司", "北京华信科技有限公司", False),  # look-alike brand
        ("上海华信科技有限公司", "北京华信科技有限公司", False),  # another city's company
        ("北京华信物流有限公司", "北京华信科技有限公司", False),  # same brand, other industry
        ("科技有限公司", "科技有限公司", False),  # no brand at all: nothing to match on
    ],
)
def test_company_names(a: str, b: str, same: bool) -> None:
    assert _same_account(a, b) is same


@pytest.mark.parametrize(
    ("name", "parts"),
    [
        ("华信科技(北京)有限责任公司", ("北京", "华信", "科技", "有限责任公司")),
        ("深圳市腾讯计算机系统有限公司", ("深圳", "腾讯计算机系统", "", "有限公司")),
        (
            "嘉兴能源(苏州)集团有限公司",
            ("苏州", "嘉兴", "能源", "集团有限公司"),
        ),  # city-named brand
    ],
)
def test_company_parts(name: str, parts: tuple[str, str, str, str]) -> None:
    c = parse_company(name)
    assert (c.place, c.brand, c.industry, c.legal) == parts


@pytest.mark.parametrize(
    ("a", "b", "equal"),
    [
        ("张伟", "Zhang Wei", True),
        ("张伟", "WEI ZHANG", True),
        ("张伟", "zhang  wei", True),
        ("欧阳娜娜", "Ouyang Nana", True),
        ("吕小军", "Lv Xiaojun", True),
        ("曾国藩", "Zeng Guofan", True),  # surname reading, not the first reading of 曾
        ("张伟", "张玮", True),  # same pinyin: a typing variant to review, compared as equal key
        ("张伟", "王伟", False),
    ],
)
def test_person_name_keys(a: str, b: str, equal: bool) -> None:
    assert (name_key(a) == name_key(b)) is equal


@pytest.mark.parametrize(
    ("email", "mode", "key"),
    [
        ("Wang.Wei+crm@Gmail.com", "webmail", "wangwei@gmail.com"),
        ("wang.wei@googlemail.com", "webmail", "wangwei@gmail.com"),
        ("wang.wei+x@outlook.com", "webmail", "wang.wei@outlook.com"),
        ("wang.wei+x@huaxin.cn", "webmail", "wang.wei+x@huaxin.cn"),
        ("wang.wei+x@huaxin.cn", "all", "wang.wei@huaxin.cn"),
        ("Wang.Wei+x@Gmail.com", "none", "wang.wei+x@gmail.com"),
    ],
)
def test_email_folding(email: str, mode: str, key: str) -> None:
    assert fold_email(email, mode) == key


def test_address_folding_ignores_units_and_spaces() -> None:
    assert fold_address("北京市海淀区中关村大街 27号") == fold_address("北京海淀中关村大街27号")
    assert fold_address("北京市海淀区中关村大街27号") != fold_address("北京市海淀区中关村大街28号")


def test_pinyin_table_are_pypinyins_dictionary() -> None:
    # read from pypinyin's data file for start-up time: the same readings as its own table
    assert pinyin_table() == PINYIN_DICT
    assert name_key("欧阳娜娜") == "nana ouyang"
