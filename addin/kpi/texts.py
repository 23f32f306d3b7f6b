"""The texts of the 业绩看板 (KPI dashboard): the catalogue ``kpi`` of codes -> (zh, en)."""

from __future__ import annotations

from ..messages import Catalogue

__all__ = ["TEXTS", "msg"]

TEXTS = Catalogue(
    "kpi",
    {
        "kpi_sheet": ("业绩看板", "KPI dashboard"),
        "kpi_heading": (
            "业绩看板 · {first} 至 {last} · 截至 {now}（登记库时间，UTC）· {reps} 位业务员",
            "KPI dashboard · {first} to {last} · as of {now} (registry clock, UTC) · {reps} reps",
        ),
        "kpi_no_rep": ("（未填业务员）", "(no rep)"),
        # --- the table's columns ---------------------------------------------------------------
        "kpi_col_rep": ("业务员", "Sales rep"),
        "kpi_col_week": ("周", "Week"),
        "kpi_col_week_start": ("周一", "Monday"),
        "kpi_col_owned": ("周末名下客户", "Owned at week end"),
        "kpi_col_registered": ("新登记", "Newly registered"),
        "kpi_col_on_time": ("按时跟进", "Follow-ups on time"),
        "kpi_col_overdue": ("逾期未跟进", "Follow-ups overdue"),
        "kpi_col_on_time_rate": ("按时跟进率", "On-time rate"),
        "kpi_col_rows": ("导入行数", "Rows imported"),
        "kpi_col_complete": ("关键字段完整率", "Key fields complete"),
        "kpi_col_errors": ("每百行校验错误", "Validation errors per 100 rows"),
        "kpi_col_collisions": ("撞单", "撞单 caused"),
        # --- the charts' titles ----------------------------------------------------------------
        "kpi_chart_owned": ("每周末名下客户数", "Customers owned at each week's end"),
        "kpi_chart_registered": ("每周新登记客户", "Customers newly registered per week"),
        "kpi_chart_follow_ups": (
            "按时跟进率（按时 ÷ (按时 + 逾期)）",
            "Follow-ups on time (on time ÷ (on time + overdue))",
        ),
        "kpi_chart_complete": (
            "导入表格的关键字段完整率",
            "Key fields complete in the sheets imported",
        ),
        "kpi_chart_errors": ("每百行校验错误", "Validation errors per 100 rows imported"),
        "kpi_chart_collisions": ("每周造成的撞单", "撞单 caused per week"),
        # --- the job -------------------------------------------------------------------------
        "kpi_written": (
            "业绩看板已写出：{path}（{reps} 位业务员，{weeks} 周，{first} 至 {last}）",
            "KPI dashboard written: {path} ({reps} reps, {weeks} weeks, {first} to {last})",
        ),
        "kpi_unknown_rep": (
            "登记库中没有业务员“{rep}”（已知：{known}）",
            "no rep named '{rep}' in the registry (known: {known})",
        ),
        "kpi_list_sep": ("、", ", "),
    },
)
msg = TEXTS.msg
