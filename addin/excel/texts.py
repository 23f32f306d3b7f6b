"""The buttons' texts: what they tell the user when they are done."""

from __future__ import annotations

from ..messages import Catalogue

__all__ = ["TEXTS", "msg"]

TEXTS = Catalogue(
    "excel",
    {
        "xl_duplicates_found": (
            "找到 {groups} 组重复客户，已在“{sheet}”表列出并在客户姓名上标黄",
            "{groups} duplicate groups listed on '{sheet}', names marked yellow",
        ),
        # --- regrun: 校验 against the registry, 登记客户 (registry.py) ---------------------------
        "regrun_xl_taken_note": ("撞单：{reason}", "taken (撞单): {reason}"),
        "regrun_xl_checked": (
            "客户登记库：{taken} 行是其他业务员保护中的客户（客户姓名已标橙色），{possible} 行待经理核实",
            "customer registry: {taken} rows are other reps' protected customers (names marked "
            "orange), {possible} rows for your manager to review",
        ),
        "regrun_xl_no_registry": (
            "没有指定客户登记库：请在工作簿旁的 intake.toml 中设置 [registry] url，"
            "或设置环境变量 INTAKE_REGISTRY",
            "no customer registry is named: set [registry] url in intake.toml beside the "
            "workbook, or the INTAKE_REGISTRY environment variable",
        ),
        "regrun_xl_registered": (
            "已登记 {n} 位新客户：{names}",
            "{n} new customers registered: {names}",
        ),
        "regrun_xl_taken": (
            "{n} 行已被其他业务员登记（撞单，不要跟进；客户姓名已标橙色）：{names}",
            "{n} rows are already other reps' customers (撞单: do not follow them up; names "
            "marked orange): {names}",
        ),
        "regrun_xl_possible": (
            "{n} 行可能是已登记的客户或信息不足，未登记，请经理核实：{names}",
            "{n} rows may be registered customers or say too little, not registered; ask your "
            "manager to review: {names}",
        ),
        "regrun_xl_over_limit": (
            "{n} 行因超出私海上限未登记",
            "{n} rows not registered: over the limit of customers per rep",
        ),
        "regrun_xl_owned_by": ("{name}（{owner}）", "{name} ({owner})"),
        "regrun_xl_more": ("另 {n} 位", "{n} more"),
        "regrun_xl_sep": ("、", ", "),
        "xl_classified": ("已分类 {n} 位客户：{tiers}", "{n} customers classified: {tiers}"),
        "xl_followups_written": (
            "{n} 条跟进事项，跟进表已写入 {out}",
            "{n} follow-ups written to {out}",
        ),
    },
)
msg = TEXTS.msg
