"""Titles and placeholders are blanks, a shared name is never enough, shared contacts at two
firms are questions, and groups never hold two credit codes."""

from __future__ import annotations

import pandas as pd
import pytest

from addin.duplicates.company import parse_company, to_simplified
from addin.duplicates.find import find_duplicates
from addin.duplicates.names import strip_title
from addin.duplicates.places import place_of
from addin.duplicates.settings import DedupeSettings
from addin.intake.normalize import normalize_frame
from addin.intake.validate import validate_frame
from addin.records import make_customers


def _find(rows: list[dict[str, object]], **settings: object) -> pd.DataFrame:
    df = make_customers([{"rep": f"rep{k % 3}", **r} for k, r in enumerate(rows)])
    return find_duplicates(df, DedupeSettings(**settings), lang="en").pairs  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("name", "core", "surname_only"),
    [("李总", "李", True), ("王经理", "王", True), ("刘先生", "刘", True), ("陈女士", "陈", True),
     ("欧阳总", "欧阳", True), ("王伟经理", "王伟", False), ("张伟", "张伟", False),
     ("Mr Wang", "wang", True), ("Wei Wang", "wei wang", False)],
)  # fmt: skip
def test_titles_are_stripped(name: str, core: str, surname_only: bool) -> None:
    assert strip_title(name) == (core, surname_only)


def test_titles_at_different_firms_are_not_merged() -> None:
    pairs = _find(
        [{"customer_name": "李总", "company": f"{b}科技有限公司"} for b in ("华信", "远航", "蓝海")]
    )
    assert not (pairs["tier"] == "duplicate").any()


@pytest.mark.parametrize("placeholder", ["同手机号", "手机同号", "同上", "无", "暂无", "-", "N/A"])
def test_placeholders_link_nobody(placeholder: str) -> None:
    raw = pd.DataFrame(
        [{"rep": "a", "customer_name": n, "wechat": placeholder, "email": placeholder}
         for n in ("王伟", "李娜", "刘洋", "陈静")]
    )  # fmt: skip
    customers = make_customers(normalize_frame(raw).to_dict("records"))
    assert customers["wechat"].isna().all()
    assert find_duplicates(customers).pairs.empty


def test_validation_reports_placeholders_as_warnings() -> None:
    raw = pd.DataFrame(
        [{"rep": "a", "customer_name": "王伟", "mobile": "13812345678", "wechat": "同手机号"}]
    )
    raw["_file"], raw["_sheet"], raw["_row"] = "rep.xlsx", "客户信息", 2
    result = validate_frame(raw, lang="en")
    warn = result.errors[result.errors["code"] == "placeholder"]
    assert [(w.level, w.field, int(w.row)) for w in warn.itertuples()] == [("warning", "wechat", 2)]
    assert "placeholder" in warn.iloc[0]["message"] and "同手机号" in warn.iloc[0]["message"]
    assert pd.isna(result.customers.loc[0, "wechat"])


def test_a_shared_name_or_name_and_city_is_never_a_duplicate() -> None:
    pairs = _find(
        [{"customer_name": "李涛", "address": "北京市海淀区中关村大街27号", "birthday": "1991-03-02"},
         {"customer_name": "李涛", "address": "北京市朝阳区建国路8号", "birthday": "1986-07-15"},
         {"customer_name": "李涛", "address": "西安市雁塔区科技路1号"}]
    )  # fmt: skip
    assert not (pairs["tier"] == "duplicate").any()


def test_one_bookkeeper_for_two_firms_is_only_possible() -> None:
    pairs = _find(
        [{"customer_name": "刘会计", "mobile": "+8613812345678", "company": "华信物流有限公司"},
         {"customer_name": "刘会计", "mobile": "+8613812345678", "company": "远航食品有限公司"}]
    )  # fmt: skip
    assert pairs["tier"].tolist() == ["possible"]
    assert "two different companies" in pairs.iloc[0]["reason"]


def test_groups_never_hold_two_credit_codes() -> None:
    result = find_duplicates(
        make_customers(
            [
                {
                    "rep": "a",
                    "company": "北京华信科技有限公司",
                    "credit_code": "91110000100000000A",
                },
                {"rep": "b", "company": "华信科技有限公司", "mobile": "+8613812345678"},
                {"rep": "c", "company": "华信科技有限公司", "mobile": "+8613812345678"},
                {
                    "rep": "d",
                    "company": "上海华信科技有限公司",
                    "credit_code": "91310000200000000B",
                },
            ]
        )  # fmt: skip
    )
    g = result.groups
    per_group = (
        g.merge(pd.DataFrame({"_pos": range(4), "cc": ["A", None, None, "B"]}), on="_pos")
        .groupby("group_id")["cc"]
        .nunique()
    )
    assert (per_group <= 1).all()


def test_oversized_groups_are_suspicious() -> None:
    rows = [{"customer_name": f"客户{k}", "mobile": "+8613812345678"} for k in range(5)]
    result = find_duplicates(
        make_customers([{"rep": "a", **r} for r in rows]), DedupeSettings(max_group_size=3)
    )
    assert set(result.groups["tier"]) == {"suspicious"}
    assert any("over 3" in n or "超过 3" in n for n in result.notes)


@pytest.mark.parametrize(
    ("a", "b"),
    [("藍蘭電子科技有限公司", "蓝兰电子科技有限公司"),
     ("YIDA ADVERTISING (GUANGZHOU) CO.,LTD", "毅达广告（广州）有限公司"),
     ("厦门华信物流有限", "厦门华信物流有限责任公司"),
     ("福建省厦门市华信物流有限公司", "厦门市华信物流有限公司"),
     ("昆山华信科技有限公司", "华信科技(昆山)有限公司"),
     ("北京市海淀区华信科技有限公司", "华信科技(海淀)有限公司"),
     ("建邺区科技局", "南京市建邺区科学技术局"),
     ("华信科技有限公司北京分公司", "北京华信科技有限公司")],
)  # fmt: skip
def test_company_forms_are_one_account(a: str, b: str) -> None:
    pairs = _find(
        [{"company": a, "customer_name": "王伟"}, {"company": b, "customer_name": "李娜"}]
    )
    assert pairs["tier"].tolist() == ["duplicate"], (parse_company(a), parse_company(b))


def test_a_city_bureau_is_not_a_district_bureau() -> None:
    pairs = _find([{"company": "南京市科技局"}, {"company": "建邺区科技局"}])
    assert not (pairs["tier"] == "duplicate").any()


def test_places_and_traditional_characters() -> None:
    assert place_of("昆山市") is not None and place_of("昆山市").prefecture == "苏州"  # type: ignore[union-attr]
    assert to_simplified("藍蘭電子") == "蓝兰电子"
    assert parse_company("北京市海淀区华信科技").brand == "华信"


def test_one_mistyped_mobile_digit_with_name_and_address() -> None:
    pairs = _find(
        [{"customer_name": "赵明远", "mobile": "+8613812345678", "address": "成都市人民路12号"},
         {"customer_name": "赵明远", "mobile": "+8613812345679", "address": "成都市人民路12号"}]
    )  # fmt: skip
    assert pairs["tier"].tolist() == ["duplicate"]
