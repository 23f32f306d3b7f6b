"""Validation: every bad cell at once, with the right code, cell and message."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import pytest

from addin.intake.checks import build_rules_schema
from addin.intake.validate import build_schema, validate_frame
from tests.conftest import GOOD_ROW, TODAY


def run(rows: list[dict[str, Any]], lang: str = "zh") -> tuple[pd.DataFrame, pd.DataFrame]:
    raw = pd.DataFrame(rows, dtype=object)
    raw["_file"], raw["_sheet"], raw["_row"] = "rep.xlsx", "客户信息", range(2, 2 + len(rows))
    result = validate_frame(raw, lang=lang, today=TODAY)  # type: ignore[arg-type]
    return result.customers, result.errors


def test_good_row_is_clean_and_typed() -> None:
    customers, errors = run([GOOD_ROW])
    assert errors.empty
    row = customers.iloc[0]
    assert row["mobile"] == "+8613812345678" and row["phone"] == "+861088886666"
    assert row["email"] == "wang.wei@example.com"
    assert row["customer_type"] == "enterprise" and row["stage"] == "won"
    assert row["registered_on"] == pd.Timestamp(2024, 3, 15)
    assert (
        customers["order_count"].dtype.name == "Int64"
        and customers["total_amount"].dtype.name == "float64"
    )


@pytest.mark.parametrize(
    ("field", "typed", "code"),
    [
        ("rep", None, "required"),
        ("customer_name", "  ", "required"),
        ("registered_on", "2024-13-01", "date"),
        ("birthday", "明年", "date"),
        ("birthday", dt.date(2030, 1, 1), "future_date"),
        ("mobile", "010-88886666", "mobile"),
        ("mobile", "1381234567", "mobile"),
        ("phone", "8888", "phone"),
        ("email", "wang@", "email"),
        ("email", "wang wei@example", "email"),
        ("customer_type", "外星人", "picklist"),
        ("industry", "造船", "picklist"),
        ("order_count", "2.5", "int"),
        ("order_count", -1, "non_negative"),
        ("total_amount", "很多", "amount"),
        ("total_amount", -100, "non_negative"),
        ("credit_code", "91350100M000100Y44", "credit_code"),
        ("id_number", "11010519491231002Y", "id_number"),
        ("mobile", "#N/A", "excel_error"),
    ],
)
def test_each_check(field: str, typed: object, code: str) -> None:
    customers, errors = run([GOOD_ROW | {field: typed}])
    assert errors[["row", "field", "code"]].to_dict("records") == [
        {"row": 2, "field": field, "code": code}
    ]
    if code not in ("required", "future_date"):
        assert customers.loc[0, field] is None or pd.isna(
            customers.loc[0, field]
        )  # blanked in the output


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"stage": "成交", "total_amount": 0}, "total_amount", "won_needs_amount"),
        ({"stage": "won", "total_amount": None}, "total_amount", "won_needs_amount"),
        ({"customer_type": "政府", "company": None}, "company", "company_required"),
        ({"next_follow_up": dt.date(2024, 4, 30)}, "next_follow_up", "follow_up_before_contact"),
        (
            {"first_purchase": "2024-02-01", "last_purchase": "2024-01-01"},
            "last_purchase",
            "last_before_first_purchase",
        ),
    ],
)
def test_cross_field_rules(changes: dict[str, object], field: str, code: str) -> None:
    _, errors = run([GOOD_ROW | changes])
    assert errors[["field", "code"]].to_dict("records") == [{"field": field, "code": code}]


def test_individual_needs_no_company_and_same_day_follow_up_is_fine() -> None:
    _, errors = run(
        [
            GOOD_ROW
            | {"customer_type": "个人", "company": None, "next_follow_up": dt.date(2024, 5, 1)}
        ]
    )
    assert errors.empty


def test_all_errors_found_at_once_across_rows() -> None:
    rows = [
        GOOD_ROW | {"mobile": "123", "email": "x"},
        GOOD_ROW,
        GOOD_ROW | {"rep": None, "stage": "foo"},
    ]
    _, errors = run(rows)
    assert errors[["row", "field"]].values.tolist() == [
        [2, "mobile"],
        [2, "email"],
        [4, "rep"],
        [4, "stage"],
    ]


def test_messages_in_both_languages_name_the_value() -> None:
    _, zh = run([GOOD_ROW | {"mobile": "12345"}])
    _, en = run([GOOD_ROW | {"mobile": "12345"}], lang="en")
    assert "手机号码无效" in zh.loc[0, "message"] and "12345" in zh.loc[0, "message"]
    assert "not a valid mobile" in en.loc[0, "message"]
    _, pick = run([GOOD_ROW | {"customer_type": "x"}], lang="en")
    assert "Government / Enterprise / Individual" in pick.loc[0, "message"]


def test_dates_typed_as_text_and_full_width_digits_are_accepted() -> None:
    customers, errors = run(
        [
            GOOD_ROW
            | {
                "registered_on": "2024年3月15日",
                "mobile": "１３８ １２３４ ５６７８",
                "total_amount": "1.28万",
                "order_count": "3次",
            }
        ]
    )
    assert errors.empty
    assert customers.loc[0, "total_amount"] == 12800.0


def test_schema_is_generated_from_fields() -> None:
    schema = build_schema(TODAY)
    assert "mobile" in schema.columns and not schema.columns["rep"].nullable
    rules = build_rules_schema(TODAY)
    assert {c.name for c in rules.checks} >= {"won_needs_amount", "follow_up_before_contact"}


def test_every_cross_field_rule_is_reported_once_per_row() -> None:
    # The rules run on their own narrow frame: each failing row is one problem, on the rule's
    # cell, whichever other fields of the row are blank.
    rows = [
        GOOD_ROW | {"stage": "成交", "total_amount": None},
        GOOD_ROW | {"customer_type": "企业", "company": None},
        GOOD_ROW | {"last_contact": "2024-05-01", "next_follow_up": "2024-04-01"},
        GOOD_ROW | {"first_purchase": "2024-05-01", "last_purchase": "2024-04-01"},
        GOOD_ROW | {"birthday": "2030-01-01"},
    ]
    _, errors = run(rows)
    assert errors[["field", "code"]].values.tolist() == [
        ["total_amount", "won_needs_amount"],
        ["company", "company_required"],
        ["next_follow_up", "follow_up_before_contact"],
        ["last_purchase", "last_before_first_purchase"],
        ["birthday", "future_date"],
    ]


def test_many_rows_fast_enough_to_be_practical() -> None:
    # Not a timing test: checks that 5,000 rows of mixed input validate and count right.
    rows = [GOOD_ROW | ({"mobile": "bad"} if i % 10 == 0 else {}) for i in range(5000)]
    _, errors = run(rows)
    assert len(errors) == 500
