"""The jobs' texts: what the CLI commands and the pipeline tell the user when they are done."""

from __future__ import annotations

from ..messages import Catalogue

__all__ = ["TEXTS", "msg"]

TEXTS = Catalogue(
    "jobs",
    {
        # --- shared (common.py) ---------------------------------------------------------------
        "jobs_no_records": ("没有可用的客户记录", "no usable customer records"),
        "jobs_problems_note": (
            "注意：输入中有 {n} 个问题（无效单元格按空白处理），详见 intake validate",
            "note: {n} problems in the input (invalid cells counted as blank); see intake validate",
        ),
        "jobs_unassigned": ("未分配经理的业务员：{reps}", "reps without a manager: {reps}"),
        "jobs_list_sep": ("、", ", "),
        # --- validate.py ----------------------------------------------------------------------
        "jobs_report": ("报告：{path}", "report: {path}"),
        "jobs_marked": ("已标记：{path}", "marked: {path}"),
        # --- classify.py, followups.py --------------------------------------------------------
        "jobs_classified": (
            "已分类 {n} 位客户（{tiers}）→ {path}",
            "classified {n} customers ({tiers}) -> {path}",
        ),
        "jobs_followups": (
            "{rows} 条跟进：{reps} 个业务员、{managers} 个经理的跟进表 → {out}",
            "{rows} follow-ups: workbooks for {reps} reps and {managers} managers -> {out}",
        ),
        # --- regrun: the registry in run / dedupe / the buttons (registry_run.py) -------------
        "regrun_summary": (
            "客户登记库（{where}）：新登记客户 {registered} 位，撞单（已被其他业务员登记）{taken} 行，"
            "记录跟进 {follow_ups} 位客户，待核实 {possible} 行，公海 {pool} 行，超出私海上限 {over_limit} 行",
            "customer registry ({where}): {registered} customers registered, {taken} rows taken "
            "(撞单: another rep's customer), follow-ups recorded for {follow_ups} customers, "
            "{possible} rows to review, {pool} in the pool, {over_limit} over the limit",
        ),
        "regrun_checked": (
            "客户登记库（{where}）：撞单（已被其他业务员登记）{taken} 行，待核实 {possible} 行，公海 {pool} 行",
            "customer registry ({where}): {taken} rows taken (撞单: another rep's customer), "
            "{possible} rows to review, {pool} in the pool",
        ),
        "regrun_decisions_stored": (
            "查重决定已存入登记库 {stored} 条（{unchanged} 条已存过；{not_stored} 条无法存入："
            "记录尚未登记，或两条记录在登记库中是同一客户）",
            "duplicate decisions stored in the registry: {stored} ({unchanged} stored before; "
            "{not_stored} not stored: a record not registered, or both records one registry "
            "customer)",
        ),
        "regrun_unusable_check": (
            "客户登记库无法使用，未对照登记库检查：{error}",
            "the customer registry cannot be used, not checked against it: {error}",
        ),
        "regrun_unusable": (
            "客户登记库无法使用，本次未登记：{error}（其他输出已照常写出）",
            "the customer registry cannot be used, nothing registered: {error} (the other "
            "outputs are written as usual)",
        ),
        # --- run.py: the steps and the summary ------------------------------------------------
        "jobs_step_consolidate": ("读取并校验", "consolidate"),
        "jobs_step_registry": ("登记库", "registry"),
        "jobs_step_dedupe": ("查重", "dedupe"),
        "jobs_step_classify": ("分类", "classify"),
        "jobs_step_followups": ("跟进表", "followups"),
        "jobs_step_email": ("邮件", "email"),
        "jobs_run_summary": (
            "读取 {files} 个文件（{unusable_files} 个无法使用），{records} 条客户记录，{errors} 个问题\n"
            "重复客户：{duplicate_groups} 组（其中跨业务员 {cross_rep_groups} 组），"
            "疑似重复待核实 {possible_groups} 组\n"
            "分类客户 {classified} 位；跟进事项 {followups} 条，"
            "{rep_books} 个业务员、{manager_books} 个经理的跟进表",
            "read {files} files ({unusable_files} unusable), {records} customer records, "
            "{errors} problems\n"
            "duplicates: {duplicate_groups} groups ({cross_rep_groups} of them across reps), "
            "{possible_groups} possible duplicates to review\n"
            "classified {classified} customers; {followups} follow-ups in workbooks for "
            "{rep_books} reps and {manager_books} managers",
        ),
        "jobs_output": ("输出：{path}", "output: {path}"),
        "jobs_time": ("用时 {seconds:.1f} s", "time {seconds:.1f} s"),
    },
)
msg = TEXTS.msg
