"""Duplicate detection: matching rules, groups, ownership, outputs and notices."""

from __future__ import annotations

import csv
import os
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest

from addin.config import settings_from_mapping
from addin.duplicates import (
    GROUP_COLUMNS,
    DedupeSettings,
    find_duplicates,
    mark_rows,
    rep_notices,
    write_clusters_csv,
    write_duplicate_files,
    write_duplicates,
)
from addin.errors import ConfigError, OutputError
from addin.intake.normalize import normalize_frame
from addin.records import make_customers, to_customer_frame
from addin.workers import pool_for


def customers(*rows: dict[str, Any]) -> pd.DataFrame:
    """A customer frame from rows typed as reps type them (normalised like validation does)."""
    filled = [
        {"_file": f"rep{k}.xlsx", "_sheet": "客户信息", "_row": k + 2, "rep": f"rep{k}", **r}
        for k, r in enumerate(rows)
    ]
    return to_customer_frame(normalize_frame(pd.DataFrame(filled)))


def grouped(df: pd.DataFrame, **settings: Any) -> list[set[int]]:
    g = find_duplicates(df, DedupeSettings(**settings), lang="en").groups
    return [set(m["_pos"]) for _, m in g.groupby("group_id")]


@pytest.mark.parametrize(
    "typed",
    [
        "138 1234 5678",
        "+86 138-1234-5678",
        "１３８１２３４５６７８",
        "0086 13812345678",
        "(+86)13812345678",
    ],
)
def test_mobile_variants_are_one_customer(typed: str) -> None:
    df = customers(
        {"customer_name": "王伟", "mobile": "13812345678"},
        {"customer_name": "王伟", "mobile": typed},
    )
    result = find_duplicates(df, lang="en")
    assert result.groups["reasons"].tolist() == ["same mobile 138 1234 5678"] * 2
    assert set(result.groups["tier"]) == {"duplicate"}


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        # pinyin + birthday + address
        (
            {
                "customer_name": "张伟",
                "birthday": "1985-06-01",
                "address": "北京市海淀区中关村大街27号",
            },
            {
                "customer_name": "Zhang Wei",
                "birthday": "1985/6/1",
                "address": "北京海淀中关村大街27号",
            },
            "duplicate",
        ),
        # same landline and same name
        (
            {"customer_name": "李娜", "phone": "010-8888 6666"},
            {"customer_name": "李娜", "phone": "(010) 88886666", "birthday": "1990-01-02"},
            "duplicate",
        ),
        # same e-mail, Gmail dots and case
        (
            {"customer_name": "王芳", "email": "Wang.Fang@Gmail.com"},
            {"customer_name": "王芳", "email": "wangfang@gmail.com"},
            "duplicate",
        ),
        # same credit code, different contacts
        (
            {"customer_name": "王芳", "company": "远航物流", "credit_code": "91350100M000100Y43"},
            {
                "customer_name": "刘强",
                "company": "远航国际物流",
                "credit_code": "91350100M000100Y43",
            },
            "duplicate",
        ),
        # another contact at the same company, typed differently
        (
            {"customer_name": "王芳", "company": "北京华信科技有限公司", "mobile": "13800000001"},
            {
                "customer_name": "刘强",
                "company": "华信科技(北京)有限责任公司",
                "mobile": "13900000002",
            },
            "duplicate",
        ),
        # same brand, other city: review
        (
            {"customer_name": "王芳", "company": "上海华信科技有限公司"},
            {"customer_name": "刘强", "company": "北京华信科技有限公司"},
            "possible",
        ),
        # a shared mobile but different names: review
        (
            {"customer_name": "王芳", "mobile": "13800000001"},
            {"customer_name": "刘强", "mobile": "13800000001"},
            "possible",
        ),
        # look-alike company
        (
            {"customer_name": "王芳", "company": "北京华兴科技有限公司"},
            {"customer_name": "刘强", "company": "北京华信科技有限公司"},
            None,
        ),
        # same name, different person
        (
            {"customer_name": "张伟", "birthday": "1985-06-01", "mobile": "13800000001"},
            {"customer_name": "张伟", "birthday": "1979-11-23", "mobile": "13900000002"},
            None,
        ),
        # different credit codes win over a shared brand
        (
            {"company": "华信科技", "customer_name": "王芳", "credit_code": "91350100M000100Y43"},
            {"company": "华信科技", "customer_name": "王芳", "credit_code": "911101085923662400"},
            None,
        ),
    ],
)
def test_pair_decisions(a: dict[str, Any], b: dict[str, Any], expected: str | None) -> None:
    result = find_duplicates(customers(a, b), lang="en")
    tiers = set(result.groups["tier"])
    assert tiers == ({expected} if expected else set())
    assert all(result.groups["reasons"].str.len() > 0)


def test_reasons_in_words() -> None:
    df = customers(
        {"customer_name": "王芳", "company": "北京华信科技有限公司"},
        {"customer_name": "刘强", "company": "华信科技(北京)有限责任公司"},
    )
    zh = find_duplicates(df).groups["reasons"].iloc[0]
    en = find_duplicates(df, lang="en").groups["reasons"].iloc[0]
    assert zh.startswith("公司名称 华信科技 去掉城市和公司类型后品牌相同")
    assert en.startswith("company name 华信科技 same brand after removing city and legal suffix")


def test_groups_are_connected_components() -> None:
    df = customers(
        {"customer_name": "王伟", "mobile": "13812345678"},
        {"customer_name": "王伟", "mobile": "13812345678", "email": "ww@qq.com"},
        {"customer_name": "Wang Wei", "email": "WW@qq.com"},
        {"customer_name": "赵敏", "mobile": "13700000000"},
    )
    assert grouped(df) == [{0, 1, 2}]


def test_group_rows_and_columns() -> None:
    df = customers(
        {"customer_name": "王伟", "mobile": "13812345678", "customer_id": "A-1"},
        {"customer_name": "王伟", "mobile": "13812345678", "customer_id": "B-7"},
    )
    g = find_duplicates(df).groups
    assert list(g.columns[: len(GROUP_COLUMNS)]) == GROUP_COLUMNS
    assert set(g["customer_id"]) == {"A-1", "B-7"}
    assert g["cross_rep"].all() and g["is_owner"].sum() == 1


def test_same_rep_duplicate_is_not_cross_rep() -> None:
    df = customers(
        {"customer_name": "王伟", "mobile": "13812345678", "rep": "张三"},
        {"customer_name": "王伟", "mobile": "13812345678", "rep": "张三"},
    )
    assert not find_duplicates(df).groups["cross_rep"].any()


def test_a_missing_rep_makes_no_group_cross_rep() -> None:
    df = customers(
        {"customer_name": "王伟", "mobile": "13812345678", "rep": "张三"},
        {"customer_name": "王伟", "mobile": "13812345678", "rep": None},
        {"customer_name": "李娜", "mobile": "13900001111", "rep": None},
        {"customer_name": "李娜", "mobile": "13900001111", "rep": "张三"},
        {"customer_name": "李娜", "mobile": "13900001111", "rep": "李四"},
    )
    g = find_duplicates(df, lang="en").groups
    by_name = g.assign(name=df["customer_name"].to_numpy()[g["_pos"]]).groupby("name")["cross_rep"]
    assert by_name.all().to_dict() == {"王伟": False, "李娜": True}
    assert by_name.any().to_dict() == {"王伟": False, "李娜": True}


# --- ownership --------------------------------------------------------------------------------


def _contested(
    tmp_path: Path, a: dict[str, Any], b: dict[str, Any], mtimes: tuple[int, int]
) -> pd.DataFrame:
    files = []
    for name, t in zip(("b_rep.xlsx", "a_rep.xlsx"), mtimes, strict=True):
        p = tmp_path / name
        p.write_bytes(b"x")
        os.utime(p, (t, t))
        files.append(str(p))
    base = {"customer_name": "王伟", "mobile": "+8613812345678"}
    return make_customers(
        [
            {**base, "rep": "甲", "_file": files[0], "_row": 5, **a},
            {**base, "rep": "乙", "_file": files[1], "_row": 2, **b},
        ]
    )


@pytest.mark.parametrize(
    ("rule", "a", "b", "mtimes", "owner"),
    [
        (
            "earliest_registered",
            {"registered_on": "2024-01-01"},
            {"registered_on": "2024-02-01"},
            (2, 1),
            "甲",
        ),
        (
            "earliest_registered",
            {"registered_on": "2024-03-01"},
            {"registered_on": "2024-02-01"},
            (1, 2),
            "乙",
        ),
        # tie on the date: the earlier file modification time wins
        (
            "earliest_registered",
            {"registered_on": "2024-01-01"},
            {"registered_on": "2024-01-01"},
            (1, 2),
            "甲",
        ),
        (
            "earliest_registered",
            {"registered_on": "2024-01-01"},
            {"registered_on": "2024-01-01"},
            (2, 1),
            "乙",
        ),
        # tie on date and file time: file name (a_rep before b_rep)
        (
            "earliest_registered",
            {"registered_on": "2024-01-01"},
            {"registered_on": "2024-01-01"},
            (1, 1),
            "乙",
        ),
        # a missing date never wins
        ("earliest_registered", {}, {"registered_on": "2024-05-01"}, (1, 2), "乙"),
        (
            "most_recent_contact",
            {"last_contact": "2024-06-01"},
            {"last_contact": "2024-05-01"},
            (2, 1),
            "甲",
        ),
        ("highest_amount", {"total_amount": 100.0}, {"total_amount": 9000.0}, (1, 2), "乙"),
    ],
)
def test_owner_rule(
    tmp_path: Path,
    rule: str,
    a: dict[str, Any],
    b: dict[str, Any],
    mtimes: tuple[int, int],
    owner: str,
) -> None:
    df = _contested(tmp_path, a, b, mtimes)
    g = find_duplicates(df, DedupeSettings(owner_rule=rule)).groups  # type: ignore[arg-type]
    assert set(g["owner"]) == {owner}
    assert g.loc[g["is_owner"], "rep"].tolist() == [owner]


# --- outputs ----------------------------------------------------------------------------------


@pytest.fixture
def contested() -> tuple[pd.DataFrame, Any]:
    df = make_customers(
        [
            {"rep": "张三", "customer_name": "王伟", "company": "北京华信科技有限公司", "mobile": "+8613812345678",
             "email": "ww@huaxin.cn", "address": "北京市海淀区中关村大街27号", "registered_on": "2024-01-05",
             "_file": "zs.xlsx", "_sheet": "客户信息", "_row": 2},
            {"rep": "李四", "customer_name": "刘强", "company": "华信科技", "mobile": "+8613900000002",
             "email": "lq@huaxin.cn", "address": "北京海淀", "registered_on": "2024-03-01",
             "_file": "ls.xlsx", "_sheet": "客户信息", "_row": 7},
        ]
    )  # fmt: skip
    return df, find_duplicates(df)


def test_clusters_csv(tmp_path: Path, contested: tuple[pd.DataFrame, Any]) -> None:
    _, result = contested
    path = write_clusters_csv(result, tmp_path / "c.csv")
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == GROUP_COLUMNS
    assert [(r["rep"], r["owner"], r["tier"], r["row"]) for r in rows] == [
        ("张三", "张三", "duplicate", "2"),
        ("李四", "张三", "duplicate", "7"),
    ]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_duplicates_workbook_read_back(
    tmp_path: Path, contested: tuple[pd.DataFrame, Any], lang: str
) -> None:
    df, result = contested
    path = write_duplicates(result, tmp_path / "dups.xlsx", df, lang=lang)  # type: ignore[arg-type]
    wb = openpyxl.load_workbook(path, read_only=True)
    groups = wb.worksheets[0]
    assert wb.sheetnames == (
        ["重复客户", "配对明细", "说明"] if lang == "zh" else ["Duplicates", "Pairs", "Notes"]
    )
    rows = list(groups.iter_rows(values_only=True))
    header = rows[0]
    role = header.index("角色" if lang == "zh" else "Role")
    customer = header.index("客户" if lang == "zh" else "Customer")
    assert [r[role] for r in rows[1:]] == (
        ["归属", "挑战者"] if lang == "zh" else ["owner", "challenger"]
    )
    assert [r[customer] for r in rows[1:]] == ["北京华信科技有限公司", "华信科技"]
    notes = [r[0] for r in wb.worksheets[2].iter_rows(values_only=True)]
    assert any("earliest" in str(n) or "录入日期最早" in str(n) for n in notes)
    wb.close()


def test_write_replaces_atomically_with_backup(
    tmp_path: Path, contested: tuple[pd.DataFrame, Any]
) -> None:
    df, result = contested
    out = tmp_path / "dups.xlsx"
    write_duplicates(result, out, df)
    write_duplicates(result, out, df)
    assert list((tmp_path / ".intake-backup").glob("dups.*.xlsx"))


def _cells(path: Path) -> list[list[tuple[object, ...]]]:
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        return [list(ws.iter_rows(values_only=True)) for ws in wb.worksheets]
    finally:
        wb.close()


def test_duplicate_files_written_in_a_worker_are_those_written_here(
    tmp_path: Path, contested: tuple[pd.DataFrame, Any]
) -> None:
    df, result = contested
    book = write_duplicates(result, tmp_path / "here.xlsx", df, lang="en")
    csv_here = write_clusters_csv(result, tmp_path / "here.csv", lang="en")
    with pool_for(1) as pool:
        assert pool is not None
        collect = write_duplicate_files(
            result, tmp_path / "w.xlsx", tmp_path / "w.csv", df, lang="en", pool=pool
        )
        assert pool._pool is not None  # sent to the worker
        assert collect() == (tmp_path / "w.xlsx", tmp_path / "w.csv")
        # what the worker could not write is raised here, as writing it here raises it
        (tmp_path / "taken").write_text("a file, not a folder")
        failing = write_duplicate_files(
            result, tmp_path / "taken" / "d.xlsx", tmp_path / "d.csv", df, pool=pool
        )
        with pytest.raises(OutputError) as there:
            failing()
    with pytest.raises(OutputError) as here:
        write_duplicates(result, tmp_path / "taken" / "d.xlsx", df)
    assert str(there.value) == str(here.value)  # names the file
    assert _cells(tmp_path / "w.xlsx") == _cells(book)
    assert (tmp_path / "w.csv").read_bytes() == csv_here.read_bytes()
    assert write_duplicate_files(result, tmp_path / "x.xlsx", tmp_path / "x.csv", df)() == (
        tmp_path / "x.xlsx",
        tmp_path / "x.csv",
    )  # without a pool: written at once, here


def test_mark_rows(contested: tuple[pd.DataFrame, Any]) -> None:
    _, result = contested
    marks = mark_rows(result, "en")
    assert [(m.file, m.sheet, m.row, m.is_owner) for m in marks] == [
        ("zs.xlsx", "客户信息", 2, True),
        ("ls.xlsx", "客户信息", 7, False),
    ]
    assert marks[1].note == "duplicate #1: duplicate, owner 张三"


def test_notices_do_not_reveal_the_other_record(contested: tuple[pd.DataFrame, Any]) -> None:
    df, result = contested
    notices = rep_notices(result, df)
    to_challenger = notices[notices["rep"] == "李四"]["message"].tolist()
    assert to_challenger == ["客户 华信科技 已由 业务员 张三 于 2024-01-05 登记（撞单 #1）"]
    owner_record = df.iloc[0]
    secrets = [owner_record[c] for c in ("mobile", "email", "address", "customer_name")]
    secrets += ["138 1234 5678", "13812345678"]
    for text in notices["message"]:
        assert not any(str(s) in text for s in secrets)


# --- bad input and settings -------------------------------------------------------------------


def test_empty_frame() -> None:
    result = find_duplicates(make_customers([]), lang="en")
    assert result.groups.empty and result.notes == ["no customer records"]


def test_all_key_fields_empty() -> None:
    df = make_customers([{"rep": "张三", "stage": "lead"}] * 5)
    result = find_duplicates(df, lang="en")
    assert result.groups.empty
    assert result.notes and result.notes[0].startswith("nothing to compare")


def test_switchboard_number_is_skipped_and_reported() -> None:
    rows = [
        {"customer_name": f"客户{k}", "phone": "+861088886666", "rep": "张三"} for k in range(12)
    ]
    result = find_duplicates(make_customers(rows), DedupeSettings(block_cap=10), lang="en")
    assert result.groups.empty
    assert any(
        n.startswith("Phone: 1 value(s) shared by 12 records (over 10, e.g. 010-88886666 ×12)")
        for n in result.notes
    )


@pytest.mark.parametrize(
    "table",
    [{"owner_rule": "loudest"}, {"duplicate_score": 10, "possible_score": 50}, {"threshold": 1}],
)
def test_bad_settings(table: dict[str, Any]) -> None:
    with pytest.raises(ConfigError):
        settings_from_mapping(DedupeSettings, table, section="dedupe")


def test_settings_from_toml_table() -> None:
    s = settings_from_mapping(
        DedupeSettings, {"owner_rule": "highest_amount", "email_mode": "none"}
    )
    assert s.owner_rule == "highest_amount" and s.email_mode == "none"


def test_input_frame_is_not_modified(contested: tuple[pd.DataFrame, Any]) -> None:
    df, _ = contested
    before = df.copy()
    find_duplicates(df)
    pd.testing.assert_frame_equal(df, before)
