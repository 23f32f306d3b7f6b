"""Follow-up reasons with fixed as-of dates, the workbooks and the manifest read back."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest

from addin.classify import classify
from addin.config import Config
from addin.followups import (
    FOLLOWUP_COLUMNS,
    FollowupSettings,
    build_followups,
    load_followup_settings,
    write_followups,
)
from addin.followups.books import safe_filename
from addin.followups.holidays import builtin_holidays, holidays_between
from addin.managers import Manager, ManagerMap
from addin.records import make_customers

AS_OF = dt.date(2026, 11, 23)  # a Monday; no holiday within 14 days


def fu(rows: list[dict[str, Any]], as_of: dt.date = AS_OF, **kw: Any) -> pd.DataFrame:
    dups = kw.pop("duplicates", None)
    base = {"rep": "张伟", "customer_name": "王五", "registered_on": "2026-11-01",
            "updated_on": as_of, "mobile": "+8613812345678", "source": "expo", "stage": "lead"}  # fmt: skip
    classified = classify(make_customers([{**base, **r} for r in rows]), as_of=as_of)
    return build_followups(classified, FollowupSettings(**kw), as_of=as_of, duplicates=dups)


def codes(frame: pd.DataFrame) -> list[str]:
    return sorted(frame["reason_code"].tolist())


# --- cadence -----------------------------------------------------------------------------------
# A tier needs an amount; one customer alone holds 100 % -> tier A (every 7 days).
@pytest.mark.parametrize(
    ("last_contact", "expected", "days_overdue"),
    [
        ("2026-11-16", ["due"], 0),  # + 7 = 23rd: due today, not overdue
        ("2026-11-15", ["overdue"], 1),  # + 7 = 22nd: one day late
        ("2026-11-23", ["due"], 0),  # due on the 30th = as_of + 7, the end of the window
        ("2026-11-24", [], None),  # due on 1 December: beyond the 7-day window
    ],
)
def test_cadence_edges_tier_a(
    last_contact: str, expected: list[str], days_overdue: int | None
) -> None:
    # the cadence arithmetic alone (22 November is a Sunday: days off are tested below)
    out = fu(
        [{"total_amount": 100, "last_contact": last_contact, "stage": "won"}], workdays_only=False
    )
    assert codes(out) == expected
    if days_overdue is not None:
        assert out.loc[0, "days_overdue"] == days_overdue
        assert out.loc[0, "reason"].startswith("A类每 7 天，距上次联系")


def test_cadence_per_tier_hand_computed() -> None:
    # Amounts 80 / 15 / 5 -> tiers A / B / C. Last contact 1 Nov: A due 8 Nov (15 days late),
    # B due 15 Nov (8 days late), C due 1 Dec (8 days ahead: outside the 7-day window).
    rows = [{"total_amount": a, "last_contact": "2026-11-01", "stage": "won", "customer_name": n}
            for a, n in ((80, "甲"), (15, "乙"), (5, "丙"))]  # fmt: skip
    out = fu(rows, workdays_only=False)  # 8 and 15 November are Sundays; see below
    got = {r.customer: (r.value_tier, r.reason_code, r.due.date(), r.days_overdue)
           for r in out.itertuples()}  # fmt: skip
    assert got == {
        "甲": ("A", "overdue", dt.date(2026, 11, 8), 15),
        "乙": ("B", "overdue", dt.date(2026, 11, 15), 8),
    }


def test_planned_date_wins_over_cadence() -> None:
    out = fu([{"total_amount": 100, "last_contact": "2026-11-01", "next_follow_up": "2026-11-25"}])
    assert codes(out) == ["due"]
    assert out.loc[0, "due"] == pd.Timestamp("2026-11-25")
    assert out.loc[0, "reason"].startswith("计划跟进日期")


def test_never_contacted_counts_from_registration() -> None:
    # tier C: + 30 = 31 Oct, a Saturday -> due Monday 2 November, 21 days late
    out = fu([{"registered_on": "2026-10-01"}])
    assert codes(out) == ["overdue"]
    assert out.loc[0, "due"] == pd.Timestamp("2026-11-02")
    assert out.loc[0, "days_overdue"] == 21


@pytest.mark.parametrize(
    ("registered_on", "due"),
    [
        ("2026-09-01", "2026-10-08"),  # + 30 = 1 Oct: National Day, days off to the 7th
        ("2026-09-10", "2026-10-10"),  # + 30 = a Saturday worked for National Day (调休)
        ("2026-08-21", "2026-09-20"),  # + 30 = Sunday 20 Sep, a make-up workday too
        ("2026-09-02", "2026-10-08"),
    ],
)
def test_due_dates_skip_official_days_off(registered_on: str, due: str) -> None:
    out = fu([{"registered_on": registered_on}], as_of=dt.date(2026, 9, 1), due_within_days=60)
    assert out.loc[out["reason_code"] == "due", "due"].tolist() == [pd.Timestamp(due)]


def test_planned_dates_stay_as_the_rep_typed_them() -> None:
    out = fu([{"next_follow_up": "2026-11-28"}])  # a Saturday
    assert out.loc[0, "due"] == pd.Timestamp("2026-11-28")


def test_lost_customers_get_no_cadence() -> None:
    assert codes(fu([{"stage": "lost", "registered_on": "2026-01-01"}])) == []


def test_cadence_is_configurable() -> None:
    out = fu([{"registered_on": "2026-11-10"}], cadence_c_days=10)  # due 20th: 3 days late
    assert out.loc[0, "days_overdue"] == 3


# --- customer care -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("as_of", "leap", "due"),
    [
        (dt.date(2027, 2, 20), "02-28", "2027-02-28"),
        (dt.date(2027, 2, 20), "03-01", "2027-03-01"),
        (dt.date(2028, 2, 20), "02-28", "2028-02-29"),  # a leap year has the real day
        (dt.date(2027, 2, 28), "02-28", "2027-02-28"),  # on the day itself
    ],
)
def test_leap_day_birthdays(as_of: dt.date, leap: str, due: str) -> None:
    rows = [{"birthday": "1980-02-29", "updated_on": as_of, "last_contact": as_of,
             "registered_on": as_of}]  # fmt: skip
    out = fu(rows, as_of=as_of, leap_birthday=leap)
    bday = out[out["reason_code"] == "birthday"]
    assert bday["due"].tolist() == [pd.Timestamp(due)]


@pytest.mark.parametrize(
    ("birthday", "listed"),
    [("1990-12-07", True), ("1990-12-08", False), ("1990-11-22", False), ("1990-11-23", True)],
)
def test_birthday_window_is_14_days_inclusive(birthday: str, listed: bool) -> None:
    out = fu([{"birthday": birthday, "last_contact": AS_OF}])
    assert ("birthday" in codes(out)) is listed


@pytest.mark.parametrize(
    ("as_of", "due"),
    [
        (dt.date(2026, 6, 10), "2026-06-19"),  # lunar 5/5 of 2026 (端午)
        (dt.date(2027, 5, 30), "2027-06-09"),  # the same lunar day, ten days later in 2027
        (dt.date(2027, 1, 20), "2027-01-24"),  # lunar 12/17 of lunar year 2026 falls in 2027
    ],
)
def test_lunar_birthdays_fall_on_their_solar_day_each_year(as_of: dt.date, due: str) -> None:
    birthday = "1980-12-17" if as_of.month == 1 else "1980-05-05"  # lunar month and day
    rows = [{"birthday": birthday, "updated_on": as_of, "last_contact": as_of,
             "registered_on": as_of}]  # fmt: skip
    out = fu(rows, as_of=as_of, birthday_calendar="lunar")
    bday = out[out["reason_code"] == "birthday"]
    assert bday["due"].tolist() == [pd.Timestamp(due)]
    assert bday["reason"].iloc[0] == f"{due[5:]} 生日"


def test_birthday_calendar_must_be_solar_or_lunar() -> None:
    with pytest.raises(ValueError, match="birthday_calendar"):
        FollowupSettings(birthday_calendar="阴历")


def test_spring_festival_greetings_go_out_before_the_days_off() -> None:
    # 春节 2026-02-17; the days off run 15-23 February; Saturday the 14th is a make-up workday
    as_of = dt.date(2026, 2, 5)
    rows = [{"total_amount": 90, "last_contact": as_of, "updated_on": as_of}]
    hol = fu(rows, as_of=as_of)
    hol = hol[hol["reason_code"] == "holiday"]
    assert hol["due"].tolist() == [pd.Timestamp("2026-02-14")]


def test_birthday_window_crosses_the_year_end() -> None:
    out = fu([{"birthday": "1975-01-03", "last_contact": "2026-12-28", "registered_on": "2026-12-01",
               "updated_on": "2026-12-28"}], as_of=dt.date(2026, 12, 28))  # fmt: skip
    assert out[out["reason_code"] == "birthday"]["due"].tolist() == [pd.Timestamp("2027-01-03")]


def test_holiday_greetings_for_tier_a_and_b_only() -> None:
    as_of = dt.date(2026, 9, 14)  # 中秋节 2026-09-25 is 11 days away
    rows = [{"total_amount": 90, "last_contact": as_of, "updated_on": as_of},
            {"total_amount": 1, "customer_name": "小客户", "last_contact": as_of, "updated_on": as_of},
            {"total_amount": 9, "last_contact": as_of, "updated_on": as_of}]  # fmt: skip
    out = fu(rows, as_of=as_of)
    hol = out[out["reason_code"] == "holiday"]
    assert sorted(hol["value_tier"]) == ["A", "B"]
    assert hol["reason"].iloc[0] == "中秋节（2026-09-25）"
    assert hol["due"].iloc[0] == pd.Timestamp("2026-09-24")  # the day before


def test_festivals_for_any_year_from_the_lunar_calendar() -> None:
    names = {(d.year, zh) for d, zh, _ in builtin_holidays(range(2024, 2041))}
    for year in range(2024, 2041):
        for name in ("元旦", "春节", "元宵节", "清明节", "端午节", "中秋节", "国庆节"):
            assert (year, name) in names
    # dates of the published calendars, the old table's, and beyond it
    days = {(zh, d) for d, zh, _ in builtin_holidays(range(2024, 2041))}
    for zh, day in (("春节", "2025-01-29"), ("中秋节", "2025-10-06"), ("端午节", "2028-05-28"),
                    ("清明节", "2030-04-05"), ("春节", "2035-02-08"), ("中秋节", "2040-09-20")):  # fmt: skip
        assert (zh, dt.date.fromisoformat(day)) in days
    assert holidays_between(dt.date(2026, 2, 10), dt.date(2026, 2, 20))[0][1] == "春节"
    extra = holidays_between(dt.date(2026, 6, 1), dt.date(2026, 6, 30), builtin=False,
                             extra=("06-18 店庆",))  # fmt: skip
    assert extra == [(dt.date(2026, 6, 18), "店庆", "店庆")]


# --- churn, stale, missing, feedback, duplicates ----------------------------------------------------
@pytest.mark.parametrize(
    ("last_purchase", "last_contact", "churn"),
    [("2026-08-25", None, False), ("2026-08-24", None, True), ("2026-01-01", "2026-11-01", False)],
)
def test_churn_risk_after_90_quiet_days(
    last_purchase: str, last_contact: str | None, churn: bool
) -> None:
    # 90 days before 2026-11-23 is 2026-08-25: quiet for exactly 90 days is not yet a risk.
    out = fu([{"total_amount": 10, "last_purchase": last_purchase, "last_contact": last_contact}])
    assert ("churn_risk" in codes(out)) is churn


@pytest.mark.parametrize(("updated", "stale"), [("2026-08-25", False), ("2026-08-24", True)])
def test_stale_after_90_days(updated: str, stale: bool) -> None:
    out = fu([{"updated_on": updated, "last_contact": AS_OF}])
    assert ("stale" in codes(out)) is stale


def test_missing_key_information() -> None:
    out = fu(
        [{"mobile": None, "source": None, "customer_type": "enterprise", "last_contact": AS_OF}]
    )
    row = out[out["reason_code"] == "missing_info"].iloc[0]
    assert row["reason"] == "缺少：联系方式，公司名称，客户来源"


@pytest.mark.parametrize(
    ("feedback", "status", "listed"),
    [("太贵", "open", True), ("太贵", "in_progress", True), ("太贵", "resolved", False),
     ("太贵", None, True), (None, None, False)],
)  # fmt: skip
def test_unresolved_feedback(feedback: str | None, status: str | None, listed: bool) -> None:
    out = fu([{"feedback": feedback, "feedback_status": status, "last_contact": AS_OF}])
    assert ("feedback" in codes(out)) is listed


def test_open_duplicates_joined_on_file_sheet_row() -> None:
    groups = pd.DataFrame(
        [{"group_id": 7, "file": "a.xlsx", "sheet": "客户信息", "row": 5, "customer_id": None,
          "rep": "张伟", "owner": "王芳", "tier": "duplicate", "score": 0.97, "reasons": "手机相同"},
         {"group_id": 7, "file": "b.xlsx", "sheet": "客户信息", "row": 9, "customer_id": None,
          "rep": "王芳", "owner": "王芳", "tier": "duplicate", "score": 0.97, "reasons": "手机相同"}]
    )  # fmt: skip
    rows = [{"_file": "a.xlsx", "_sheet": "客户信息", "_row": 5, "last_contact": AS_OF},
            {"_file": "b.xlsx", "_sheet": "客户信息", "_row": 9, "rep": "王芳", "last_contact": AS_OF}]  # fmt: skip
    out = fu(rows, duplicates=groups)
    dup = out[out["reason_code"] == "duplicate"].set_index("rep")
    # a confirmed group is called as the run summary calls it: 重复客户, not 疑似 (possible)
    assert dup.loc["张伟", "reason"] == "与 王芳 的客户记录重复（组 7）；归属：王芳"
    assert set(dup["reason_label"]) == {"重复客户（撞单）"}
    assert dup.loc["张伟", "suggested_action"] == "与 王芳 确认归属，确认前暂停跟进"
    assert dup.loc["王芳", "suggested_action"].startswith("客户归属于你")
    possible = fu(rows, duplicates=groups.assign(tier="possible"))
    text = possible[possible["reason_code"] == "duplicate"].set_index("rep").loc["张伟", "reason"]
    assert text == "与 王芳 的客户记录疑似重复，待核实（组 7）；归属：王芳"  # the summary's 待核实
    assert codes(fu(rows)) == []  # works without the dedupe step


def test_sorted_by_urgency_then_due_date_and_english_labels() -> None:
    rows = [{"registered_on": "2026-01-01", "feedback": "bad", "customer_name": "A"},
            {"registered_on": "2026-10-01", "customer_name": "B"}]  # fmt: skip
    classified = classify(make_customers(rows), as_of=AS_OF)
    out = build_followups(classified, as_of=AS_OF, lang="en")
    assert list(out.columns) == FOLLOWUP_COLUMNS
    assert out["urgency"].is_monotonic_increasing
    first = out[out["urgency"] == 1]
    assert first["due"].is_monotonic_increasing
    assert set(out["reason_label"]) >= {"Overdue", "Unresolved feedback"}


def test_empty_input_gives_empty_frame() -> None:
    out = build_followups(classify(make_customers([]), as_of=AS_OF), as_of=AS_OF)
    assert list(out.columns) == FOLLOWUP_COLUMNS and out.empty


# --- workbooks and manifest -----------------------------------------------------------------
MANAGERS = ManagerMap(
    {"张伟": Manager("李经理", "li@example.com"), "王芳": Manager("李经理", "li@example.com"),
     "a/b": Manager("周:经理", "zhou@example.com")}
)  # fmt: skip


def _team() -> pd.DataFrame:
    rows = [
        {"rep": "张伟", "customer_name": "王五", "company": "华信科技", "registered_on": "2026-10-01",
         "mobile": "+8613812345678", "email": "w@x.com", "address": "北京市某路1号", "_row": 2,
         "_file": "/data/inbox/2026-11/a.xlsx"},
        {"rep": "王芳", "customer_name": "李四", "registered_on": "2026-11-20", "feedback": "慢",
         "_row": 3},
        {"rep": "赵六", "customer_name": "钱七", "registered_on": "2026-09-01", "_row": 4},
        {"rep": "a/b", "customer_name": "孙八", "registered_on": "2026-09-01", "_row": 5},
    ]  # fmt: skip
    return build_followups(classify(make_customers(rows), as_of=AS_OF), as_of=AS_OF)


def test_write_followups_files_and_manifest(tmp_path: Path) -> None:
    out = write_followups(_team(), tmp_path, MANAGERS, lang="zh", as_of=AS_OF)
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert manifest == out.manifest
    assert manifest["as_of"] == "2026-11-23" and manifest["lang"] == "zh"
    assert manifest["unassigned_reps"] == ["赵六"]
    li = next(m for m in manifest["managers"] if m["manager"] == "李经理")
    assert li["email"] == "li@example.com" and li["file"] == "managers/李经理.xlsx"
    assert li["reps"] == ["张伟", "王芳"]
    assert li["total"] == sum(li["counts"].values())
    assert set(li["reason_labels"]) == set(li["counts"])
    assert li["top_overdue"][0] == {
        "rep": "张伟", "customer": "王五", "company": "华信科技",
        "reason": "C类每 30 天，从未联系，从录入日期算起：应于 2026-11-02 跟进，已逾期 21 天",
        "due": "2026-11-02", "days_overdue": 21,
    }  # fmt: skip
    zhou = next(m for m in manifest["managers"] if m["manager"] == "周:经理")
    # Issue 11 item 16: a name that had to be changed carries a tag from the name itself, so
    # the file never means another person in another run (was managers/周_经理.xlsx, reps/a_b.xlsx).
    assert zhou["file"] == "managers/周_经理-114950.xlsx"
    assert {r["rep"]: r["file"] for r in manifest["reps"]}["a/b"] == "reps/a_b-3ec69c.xlsx"
    for entry in manifest["reps"]:
        assert (tmp_path / entry["file"]).is_file()
    assert not (tmp_path / "managers" / "赵六.xlsx").exists()
    text = (tmp_path / "manifest.json").read_text(encoding="utf-8")
    for private in ("+86138", "w@x.com", "北京市某路"):
        assert private not in text


def test_rep_and_manager_workbooks_read_back(tmp_path: Path) -> None:
    write_followups(_team(), tmp_path, MANAGERS, lang="zh", as_of=AS_OF)
    rep = openpyxl.load_workbook(tmp_path / "reps" / "张伟.xlsx")
    ws = rep["跟进清单"]
    assert ws["A1"].value.startswith("跟进清单 · 张伟 · 截至 2026-11-23")
    header = [c.value for c in ws[2]]
    assert header[:4] == ["紧急程度", "原因类别", "原因说明", "截止日期"]
    first = dict(zip(header, [c.value for c in ws[3]], strict=True))
    assert first["原因类别"] == "逾期未跟进" and first["逾期天数"] == 21
    assert first["截止日期"] == dt.datetime(2026, 11, 2)
    assert ws["A3"].fill.fgColor.rgb.endswith("FCE4E4")  # overdue rows are tinted
    assert ws.print_title_rows == "$2:$2" and ws.page_setup.orientation == "landscape"
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToHeight == 0
    # an Excel table with filter buttons over the header and the rows: overdue + missing information
    assert [t.ref for t in ws.tables.values()] == ["A2:N4"]
    assert ws.freeze_panes == "A3"
    assert first["来源文件"] == "a.xlsx"  # the file's name, not its full path
    assert ws.column_dimensions["C"].width > 30
    boss = openpyxl.load_workbook(tmp_path / "managers" / "李经理.xlsx")
    # Issue 14 item 1: the summary per rep comes first, then each rep's most urgent items
    # (was: every item in 跟进清单, then 汇总).
    assert boss.sheetnames == ["汇总", "跟进清单"]
    assert {r[0] for r in boss["跟进清单"].iter_rows(min_row=3, values_only=True)} == {
        "张伟",
        "王芳",
    }
    summary = list(boss["汇总"].iter_rows(min_row=2, values_only=True))
    head, body = summary[0], {r[0]: dict(zip(summary[0], r, strict=True)) for r in summary[1:]}
    assert head[-3:] == ("合计", "最长逾期天数", "本表列出")
    assert set(body) == {"张伟", "王芳"}
    assert body["张伟"]["最长逾期天数"] == 21 and body["张伟"]["合计"] == body["张伟"]["本表列出"]


def _busy_team(n: int) -> pd.DataFrame:
    """张伟 with ``n`` overdue customers (their own days overdue), 王芳 with one feedback item."""
    rows = [
        {"rep": "张伟", "customer_name": f"客户{i}", "registered_on": f"2026-{1 + i % 9:02d}-01",
         "_row": i + 2}
        for i in range(n)
    ] + [{"rep": "王芳", "customer_name": "李四", "registered_on": "2026-11-20", "feedback": "慢",
          "_row": n + 2}]  # fmt: skip
    return build_followups(classify(make_customers(rows), as_of=AS_OF), as_of=AS_OF)


def test_manager_book_lists_each_reps_most_urgent_items(tmp_path: Path) -> None:
    fu = _busy_team(30)
    per_rep = fu["rep"].value_counts()
    assert per_rep["张伟"] > 10  # overdue + missing information per customer
    out = write_followups(fu, tmp_path, MANAGERS, lang="zh", as_of=AS_OF, manager_top_per_rep=10)
    rep = openpyxl.load_workbook(out.rep_files["张伟"])["跟进清单"]
    assert rep.max_row - 2 == per_rep["张伟"]  # the rep's own book has every item
    boss = openpyxl.load_workbook(out.manager_files["李经理"])
    listed = list(boss["跟进清单"].iter_rows(min_row=3, values_only=True))
    assert [r[0] for r in listed].count("张伟") == 10
    assert [r[0] for r in listed].count("王芳") == per_rep["王芳"]
    title = boss["跟进清单"]["A1"].value
    assert "每位业务员最紧急的 10 项" in title and f"共 {len(fu)} 项" in title
    # the 10 listed are 张伟's first 10 of the list, which is most urgent first
    header = [c.value for c in boss["跟进清单"][2]]
    mine = [r for r in listed if r[0] == "张伟"]
    expected = fu[fu["rep"] == "张伟"].head(10)
    assert [r[header.index("客户")] for r in mine] == expected["customer"].tolist()
    assert [r[header.index("逾期天数")] for r in mine] == expected["days_overdue"].tolist()
    summary = {r[0]: r for r in boss["汇总"].iter_rows(min_row=3, values_only=True)}
    assert summary["张伟"][-3] == per_rep["张伟"] and summary["张伟"][-1] == 10
    # the manifest (and so the e-mail) still counts every item
    li = next(m for m in out.manifest["managers"] if m["manager"] == "李经理")
    assert li["total"] == len(fu[fu["rep"].isin(["张伟", "王芳"])])


def test_manager_top_per_rep_zero_lists_every_item(tmp_path: Path) -> None:
    fu = _busy_team(12)
    out = write_followups(fu, tmp_path, MANAGERS, lang="en", as_of=AS_OF, manager_top_per_rep=0)
    ws = openpyxl.load_workbook(out.manager_files["李经理"])["Follow-ups"]
    assert ws.max_row - 2 == len(fu[fu["rep"].isin(["张伟", "王芳"])])
    assert ws["A1"].value.startswith("Follow-ups · 李经理 · as of 2026-11-23")


def test_manager_top_per_rep_is_a_setting() -> None:
    assert load_followup_settings(None).manager_top_per_rep == 50
    cfg = Config(sections={"followups": {"manager_top_per_rep": 20}})
    assert load_followup_settings(cfg).manager_top_per_rep == 20
    with pytest.raises(ValueError, match="manager_top_per_rep"):
        FollowupSettings(manager_top_per_rep=-1)


@pytest.mark.parametrize(
    ("name", "safe"),
    [("张伟", "张伟"), ('a\\b/c:d*e?f"g<h>i|j', "a_b_c_d_e_f_g_h_i_j"), ("COM1", "_COM1"),
     ("名字. ", "名字"), ("", "_")],
)  # fmt: skip
def test_safe_filename(name: str, safe: str) -> None:
    assert safe_filename(name) == safe


def test_safe_filenames_are_unique() -> None:
    taken: set[str] = set()
    assert [safe_filename(n, taken) for n in ("a/b", "a:b", "A_B")] == ["a_b", "a_b-2", "A_B-3"]


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_libreoffice_opens_a_manager_workbook(tmp_path: Path) -> None:
    write_followups(_team(), tmp_path / "out", MANAGERS, lang="en", as_of=AS_OF)
    src = tmp_path / "out" / "managers" / "李经理.xlsx"
    subprocess.run(  # sheet -1: every sheet, each to <name>-<sheet>.csv
        ["soffice", f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
         "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
         "--outdir", str(tmp_path / "lo"), str(src)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    summary = (tmp_path / "lo" / "李经理-Summary.csv").read_text(encoding="utf-8")
    assert "Summary · 李经理 · as of 2026-11-23 · 2 reps, 4 items" in summary
    assert "Sales rep,Overdue,Unresolved feedback," in summary and "张伟,1,0,1,2,21,2" in summary
    text = (tmp_path / "lo" / "李经理-Follow-ups.csv").read_text(encoding="utf-8")
    assert "Follow-ups · 李经理 · as of 2026-11-23" in text
    assert "Sales rep,Urgency,Reason," in text  # headers in the workbook language
    assert "张伟,紧急,逾期未跟进," in text and "2026-11-02" in text  # rows as built (zh)
