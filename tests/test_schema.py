from collections import Counter

import pytest

from addin.schema import FIELDS, GROUPS, choice_label, fold_header, header_lookup, label

REQUIRED_KEYS = (
    "customer_id rep registered_on customer_name customer_type gender birthday mobile phone email wechat "
    "address company credit_code industry company_size source needs stage first_purchase last_purchase "
    "order_count total_amount last_contact next_follow_up follow_up_notes feedback interests campaigns "
    "channel tags notes id_number"
).split()


def test_every_key_of_the_issue_is_a_field() -> None:
    keys = {f.key for f in FIELDS}
    assert set(REQUIRED_KEYS) <= keys


def test_keys_and_labels_are_unique() -> None:
    for attr in ("key", "zh", "en"):
        counts = Counter(getattr(f, attr) for f in FIELDS)
        assert [k for k, n in counts.items() if n > 1] == [], attr


def test_no_header_text_names_two_fields() -> None:
    seen: dict[str, str] = {}
    for f in FIELDS:
        for name in {fold_header(n) for n in (f.key, f.zh, f.en, *f.aliases)}:
            assert seen.setdefault(name, f.key) == f.key, f"{name!r}: {seen[name]} and {f.key}"


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("客户姓名", "customer_name"),
        (" Customer  Name ", "customer_name"),
        ("MOBILE", "mobile"),
        ("手机号码", "mobile"),
        ("E-mail", "email"),
        ("客户 类型*", "customer_type"),
        ("ｅｍａｉｌ", "email"),
    ],
)
def test_headers_recognised_by_key_label_or_alias(header: str, key: str) -> None:
    assert header_lookup()[fold_header(header)] == key


def test_picklists_have_unique_choice_keys_and_labels() -> None:
    for f in FIELDS:
        if f.type == "picklist":
            assert f.choices, f.key
            for attr in ("key", "zh", "en"):
                values = [getattr(c, attr) for c in f.choices]
                assert len(values) == len(set(values)), (f.key, attr)
        else:
            assert not f.choices


def test_groups_and_help_text_complete() -> None:
    for f in FIELDS:
        assert f.group in GROUPS
        assert f.help_zh and f.help_en, f.key


def test_customer_type_choices_as_in_the_issue() -> None:
    assert [
        choice_label("customer_type", k, "zh") for k in ("government", "enterprise", "individual")
    ] == ["政府", "企业", "个人"]
    assert label("customer_type", "en") == "Customer type"
