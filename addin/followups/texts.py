"""Texts of the follow-up step: reasons, actions, the detail sentences and the workbooks' words."""

from __future__ import annotations

import string
from typing import Any

import pandas as pd

from ..messages import Catalogue
from ..schema import Lang

__all__ = ["TEXTS", "fill", "msg"]

TEXTS = Catalogue(
    "followups",
    {
        # --- reason labels (codes followup_<reason>) -----------------------------------------
        "followup_overdue": ("逾期未跟进", "Overdue"),
        "followup_feedback": ("反馈/投诉未解决", "Unresolved feedback"),
        # the words of the run summary: 重复客户 (confirmed) and 待核实 (possible, to review)
        "followup_duplicate": ("重复客户（撞单）", "Duplicate customer"),
        "followup_churn_risk": ("流失风险", "Churn risk"),
        "followup_due": ("按节奏到期", "Due"),
        "followup_birthday": ("生日关怀", "Birthday"),
        "followup_holiday": ("节日关怀", "Holiday greeting"),
        "followup_stale": ("资料久未更新", "Stale record"),
        "followup_missing_info": ("缺少关键信息", "Missing information"),
        # --- suggested actions (codes followup_action_<reason>) ------------------------------
        "followup_action_overdue": (
            "今天联系客户，并更新下次跟进日期",
            "contact today and set the next follow-up date",
        ),
        "followup_action_feedback": (
            "跟进处理进度，解决后把状态改为“已解决”",
            "chase the resolution; set the status to Resolved when done",
        ),
        "followup_action_duplicate": (
            "与相关业务员和经理确认客户归属",
            "agree ownership with the other rep and your manager",
        ),
        "followup_action_churn_risk": (
            "回访了解近况，介绍新品或老客户优惠",
            "call to catch up; offer news or a loyalty discount",
        ),
        "followup_action_due": ("按计划联系客户", "contact as planned"),
        "followup_action_birthday": ("生日当天发送祝福", "send birthday wishes on the day"),
        "followup_action_holiday": ("节前发送节日问候", "send greetings before the holiday"),
        "followup_action_stale": ("核实并更新客户资料", "check and update the record"),
        "followup_action_missing_info": ("补全缺失的信息", "fill in the missing information"),
        "followup_action_by": ("（建议{channel}）", " (by {channel})"),
        # --- urgency (1 most urgent .. 4) ------------------------------------------------------
        "followup_urgency_1": ("紧急", "Urgent"),
        "followup_urgency_2": ("高", "High"),
        "followup_urgency_3": ("中", "Medium"),
        "followup_urgency_4": ("低", "Low"),
        # --- detail sentences ------------------------------------------------------------------
        "followup_cadence": (
            "{tier}类每 {every} 天，{why}",
            "{tier} tier, every {every} days, {why}",
        ),
        "followup_days": ("{days} 天", "{days} days"),
        "followup_sep": ("，", ", "),
        "followup_names_sep": ("、", ", "),
        "followup_overdue_text": (
            "{why}：应于 {due} 跟进，已逾期 {days}",
            "{why}: due {due}, {days} overdue",
        ),
        "followup_due_text": ("{why}：应于 {due} 前跟进", "{why}: due by {due}"),
        "followup_no_status": ("未填状态", "no status"),
        "followup_feedback_text": ("“{snippet}”，状态：{state}", "'{snippet}', status: {state}"),
        "followup_churn_text": (
            "曾有成交，已 {days}没有购买或联系",
            "bought before; no order or contact for {days}",
        ),
        "followup_birthday_text": ("{date} 生日", "{date} birthday"),
        "followup_holiday_text": ("{name}（{date}）", "{name} ({date})"),
        # The English text leaves the date out: an empty precision (":.0") prints nothing.
        "followup_stale_text": (
            "{days}未更新（最后更新 {date}）",
            "not updated for {days}{date:.0}",
        ),
        "followup_missing_text": ("缺少：{fields}", "missing: {fields}"),
        "followup_key_contact": ("联系方式", "contact details"),
        "followup_dup_text": (
            "与 {others} 的客户记录重复（组 {group}）",
            "the same customer as {others}'s (group {group})",
        ),
        "followup_dup_text_possible": (
            "与 {others} 的客户记录疑似重复，待核实（组 {group}）",
            "possibly the same customer as {others}'s, to review (group {group})",
        ),
        "followup_dup_owner": ("；归属：{owner}", "; owner: {owner}"),
        "followup_dup_yours": (
            "客户归属于你，请告知其他业务员停止跟进",
            "you own this customer; tell the other reps",
        ),
        "followup_dup_confirm": (
            "与 {owner} 确认归属，确认前暂停跟进",
            "confirm with {owner}; pause until agreed",
        ),
        # --- the workbooks -----------------------------------------------------------------------
        "followup_sheet_list": ("跟进清单", "Follow-ups"),
        "followup_sheet_summary": ("汇总", "Summary"),
        "followup_no_rep": ("（未填业务员）", "(no rep)"),
        "followup_title": (
            "跟进清单 · {who} · 截至 {as_of} · 共 {n} 项",
            "Follow-ups · {who} · as of {as_of} · {n} items",
        ),
        "followups_manager_title": (
            "跟进清单 · {who} · 截至 {as_of} · 每位业务员最紧急的 {top} 项，列出 {shown} / 共 {n} 项"
            "（全部见各业务员的跟进表）",
            "Follow-ups · {who} · as of {as_of} · each rep's {top} most urgent, {shown} of {n}"
            " items (all of them in each rep's workbook)",
        ),
        "followups_summary_title": (
            "汇总 · {who} · 截至 {as_of} · {reps} 位业务员，共 {n} 项",
            "Summary · {who} · as of {as_of} · {reps} reps, {n} items",
        ),
        "followup_col_rep": ("业务员", "Sales rep"),
        "followups_col_shown": ("本表列出", "Listed here"),
        "followups_col_max_overdue": ("最长逾期天数", "Most days overdue"),
        "followup_col_total": ("合计", "Total"),
        "followup_col_urgency_label": ("紧急程度", "Urgency"),
        "followup_col_reason_label": ("原因类别", "Reason"),
        "followup_col_reason": ("原因说明", "Details"),
        "followup_col_due": ("截止日期", "Due"),
        "followup_col_days_overdue": ("逾期天数", "Days overdue"),
        "followup_col_customer_id": ("客户编号", "Customer ID"),
        "followup_col_customer": ("客户", "Customer"),
        "followup_col_company": ("公司", "Company"),
        "followup_col_mobile": ("联系电话", "Phone"),
        "followup_col_value_tier": ("等级", "Tier"),
        "followup_col_last_contact": ("最近联系", "Last contact"),
        "followup_col_suggested_action": ("建议行动", "Suggested action"),
        "followup_col__file": ("来源文件", "Source file"),
        "followup_col__row": ("行号", "Row"),
    },
)
msg = TEXTS.msg


def fill(code: str, lang: Lang, /, **parts: pd.Series | str) -> pd.Series:
    """The text of ``code`` for every row, its placeholders filled from columns (vectorised)."""
    out: Any = ""
    for literal, field, spec, _ in string.Formatter().parse(msg(code, lang)):
        if literal:
            out = out + literal
        if field is None:
            continue
        value = parts[field]
        if not isinstance(value, pd.Series):
            out = out + format(value, spec or "")
        elif spec:
            out = out + value.map(("{:" + spec + "}").format, na_action="ignore")
        else:
            out = out + value
    if not isinstance(out, pd.Series):
        raise TypeError(f"{code}: fill needs at least one column")
    return out
