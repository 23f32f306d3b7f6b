"""Property-based tests of matching: symmetric, order-independent, never crashing on any text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from addin.duplicates.company import parse_company
from addin.duplicates.find import find_duplicates
from addin.duplicates.names import fold_address, fold_email, fold_text, name_key
from addin.intake.normalize import normalize_frame
from addin.records import to_customer_frame

names = st.one_of(
    st.sampled_from(["张伟", "Zhang Wei", "张 伟", "王芳", "李娜", "Wang Fang", ""]),
    st.text(max_size=12),
)
companies = st.one_of(
    st.sampled_from(["北京华信科技有限公司", "华信科技(北京)有限责任公司", "北京华兴科技有限公司", "华信科技",
                     "上海华信科技股份有限公司", "Huaxin Technology Co., Ltd.", None]),
    st.text(max_size=20),
)  # fmt: skip
phones = st.one_of(
    st.sampled_from(["13812345678", "+86 138 1234 5678", "010-88886666", None]),
    st.text(max_size=15),
)
emails = st.one_of(
    st.sampled_from(["w.ang@gmail.com", "wang@gmail.com", "Wang+x@GMAIL.com", None]),
    st.text(max_size=15),
)
records = st.fixed_dictionaries(
    {"customer_name": names, "company": companies, "mobile": phones, "email": emails,
     "address": st.one_of(st.none(), st.text(max_size=20)), "birthday": st.sampled_from(["1985-06-01", "1985-01-06", None]),
     "rep": st.sampled_from(["张三", "李四"]), "registered_on": st.sampled_from(["2024-01-01", "2024-02-01"])}
)  # fmt: skip


def _pair(a: dict[str, object], b: dict[str, object]) -> tuple[str, float] | None:
    raw = to_customer_frame(normalize_frame(__import__("pandas").DataFrame([a, b], dtype=object)))
    raw["_file"], raw["_sheet"], raw["_row"] = ["a.xlsx", "b.xlsx"], "客户信息", [2, 2]
    pairs = find_duplicates(raw).pairs
    if pairs.empty:
        return None
    row = pairs.iloc[0]
    return str(row["tier"]), float(row["score"])


@given(records, records)
@settings(max_examples=150, deadline=None)
def test_pair_decision_is_symmetric(a: dict[str, object], b: dict[str, object]) -> None:
    assert _pair(a, b) == _pair(b, a)


@given(st.text())
@settings(max_examples=300)
def test_name_and_company_folding_never_crash_and_are_stable(text: str) -> None:
    assert fold_text(fold_text(text)) == fold_text(text)
    parse_company(text)
    name_key(text)
    fold_address(text)
    fold_email(text)
    once = parse_company(text).core
    assert isinstance(once, str)


@given(records)
@settings(max_examples=100, deadline=None)
def test_a_record_never_duplicates_itself_into_a_different_tier(a: dict[str, object]) -> None:
    # the same record entered twice is at least a possible duplicate whenever it has a key to match on
    result = _pair(a, a)
    if a["mobile"] in ("13812345678", "+86 138 1234 5678") or a["email"] in ("wang@gmail.com",):
        assert result is not None and result[0] == "duplicate"
