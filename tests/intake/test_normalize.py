import datetime as dt

import pandas as pd
import pytest

from addin.intake.distinct import normalize_distinct
from addin.intake.normalize import (
    clean_text,
    format_phone,
    is_blank,
    normalize_amount,
    normalize_column,
    normalize_date,
    normalize_email,
    normalize_frame,
    normalize_int,
    normalize_mobile,
    normalize_phone,
)
from addin.per_value import cells
from addin.schema import FIELD_BY_KEY


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("13812345678", "+8613812345678"),
        ("138 1234 5678", "+8613812345678"),
        ("138-1234-5678", "+8613812345678"),
        ("+86 138 1234 5678", "+8613812345678"),
        ("0086-13812345678", "+8613812345678"),
        ("86 13812345678", "+8613812345678"),
        ("１３８１２３４５６７８", "+8613812345678"),
        ("(+86)138.1234.5678", "+8613812345678"),
        (13812345678.0, "+8613812345678"),
        ("+44 7911 123456", "+447911123456"),
        ("010-88886666", "010-88886666"),  # a landline is not a mobile: left as typed
        ("1381234567", "1381234567"),  # 10 digits
        ("12812345678", "12812345678"),  # no such prefix
        (None, None),
        ("  ", None),
    ],
)
def test_mobile(typed: object, expected: object) -> None:
    assert normalize_mobile(typed) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("010-8888 6666", "+861088886666"),
        ("(010)88886666", "+861088886666"),
        ("0755-12345678", "+8675512345678"),
        ("075512345678", "+8675512345678"),
        ("0571-8765432", "+865718765432"),
        ("+86 10 8888 6666", "+861088886666"),
        ("010-88886666 转 123", "+861088886666;ext=123"),
        ("010-88886666-ext.9", "+861088886666;ext=9"),
        ("13812345678", "+8613812345678"),
        ("+1 650-253-0000", "+16502530000"),
        ("8888 6666", "8888 6666"),  # no area code
        ("12345", "12345"),
    ],
)
def test_phone(typed: object, expected: object) -> None:
    assert normalize_phone(typed) == expected


@pytest.mark.parametrize(
    ("e164", "shown"),
    [
        ("+8613812345678", "138 1234 5678"),
        ("+861088886666", "010-88886666"),
        ("+8675512345678;ext=1", "0755-12345678 转 1"),
        ("+442079460958", "+44 20 7946 0958"),
    ],
)
def test_format_phone(e164: str, shown: str) -> None:
    assert format_phone(e164) == shown


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        (dt.date(2024, 3, 5), pd.Timestamp(2024, 3, 5)),
        (dt.datetime(2024, 3, 5, 14, 30), pd.Timestamp(2024, 3, 5)),
        ("2024-03-05", pd.Timestamp(2024, 3, 5)),
        ("2024/3/5", pd.Timestamp(2024, 3, 5)),
        ("2024.3.5", pd.Timestamp(2024, 3, 5)),
        ("2024年3月5日", pd.Timestamp(2024, 3, 5)),
        ("２０２４年３月５日", pd.Timestamp(2024, 3, 5)),
        ("20240305", pd.Timestamp(2024, 3, 5)),
        ("2024-03-05 10:00:00", pd.Timestamp(2024, 3, 5)),
        ("15/03/2024", pd.Timestamp(2024, 3, 15)),
        ("03/15/2024", pd.Timestamp(2024, 3, 15)),
        ("03/04/2024", "03/04/2024"),  # ambiguous: March 4 or April 3
        (45366.0, pd.Timestamp(2024, 3, 15)),  # Excel serial
        ("45366", pd.Timestamp(2024, 3, 15)),  # serial typed as text
        (60.0, "60"),  # 1900-02-29 does not exist (Excel's leap-year bug)
        ("2023-02-29", "2023-02-29"),
        ("2024-02-29", pd.Timestamp(2024, 2, 29)),
        ("下周三", "下周三"),
        ("2263-01-01", "2263-01-01"),  # a typo, and beyond pandas' datetime64[ns]
        (dt.date(2263, 1, 1), "2263-01-01"),
        (dt.date(1066, 10, 14), "1066-10-14"),
        ("", None),
        ("无", None),
    ],
)
def test_date(typed: object, expected: object) -> None:
    assert normalize_date(typed) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        (12800, 12800.0),
        ("12,800", 12800.0),
        ("¥1,200", 1200.0),
        ("1200元", 1200.0),
        ("1.5万", 15000.0),
        ("RMB 300", 300.0),
        ("-5", -5.0),
        ("abc", "abc"),
        ("１２００", 1200.0),
        (None, None),
    ],
)
def test_amount(typed: object, expected: object) -> None:
    assert normalize_amount(typed) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("一万二", 12000.0),
        ("约五千", 5000.0),  # "about" words are dropped
        ("五千左右", 5000.0),
        ("大约3千", 3000.0),
        ("三千五", 3500.0),
        ("一万二千五百元", 12500.0),
        ("壹万贰仟", 12000.0),  # the banker's numerals of a receipt
        ("¥两千", 2000.0),
        ("万", "万"),  # a unit alone is no amount
        ("张三", "张三"),
        ("约", "约"),
    ],
)
def test_amount_in_chinese_numerals(typed: object, expected: object) -> None:
    assert normalize_amount(typed) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        (3, 3),
        (3.0, 3),
        ("3", 3),
        ("3次", 3),
        ("1,200", 1200),
        (2.5, 2.5),
        ("两次", "两次"),
        (-1, -1),
    ],
)
def test_int(typed: object, expected: object) -> None:
    assert normalize_int(typed) == expected


def test_email_and_text() -> None:
    assert normalize_email(" Wang.Wei＠Example。com ") == "wang.wei@example.com"
    assert clean_text("  华信　 科技  ") == "华信 科技"
    assert clean_text("ＡＢＣ（北京）") == "ABC(北京)"
    assert is_blank("暂无") and is_blank(float("nan")) and not is_blank(0)


def test_frame_keeps_unknown_columns_and_picklist_keys() -> None:
    raw = pd.DataFrame(
        {"customer_type": ["企业", "Individual", "公司", "外星人"], "自定义": [1, 2, 3, 4]}
    )
    out = normalize_frame(raw)
    assert out["customer_type"].tolist() == ["enterprise", "individual", "enterprise", "外星人"]
    assert out["自定义"].tolist() == [1, 2, 3, 4]


DISTINCT_CASES = [
    ["C0001", "C0002", "C0001", None, "n/a", "NaN", "", " C3", "a  b", "x\ty", "同上"],
    ["User@Example.com", "a b@c.com", "MAILTO:x@y.cn", "无", None, "wang＠qq。com", "-"],
    ["ZW-1", "ZW-2", "ZW-3"],
    [True, 1, 1.0, "1", None],
]


@pytest.mark.parametrize("values", DISTINCT_CASES)
@pytest.mark.parametrize("key", ["customer_id", "email", "total_amount", "order_count"])
def test_distinct_normalising_gives_what_normalize_column_gives(
    values: list[object], key: str
) -> None:
    # normalize_distinct: once per distinct value, plain ASCII texts on the joined text in C
    raw = pd.Series(values * 3, dtype=object)
    want = normalize_column(raw, FIELD_BY_KEY[key]).tolist()
    got = cells(normalize_distinct(raw, FIELD_BY_KEY[key])).tolist()
    assert [(type(v), v) for v in got] == [(type(v), v) for v in want]
