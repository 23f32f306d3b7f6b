"""The buttons' texts: the sheets they write into the open workbook and what they tell the user."""

from __future__ import annotations

from ..messages import Catalogue

__all__ = ["TEXTS", "msg"]

TEXTS = Catalogue(
    "excel",
    {
        # The sheets the buttons write into the open workbook: the same names as the sheets of
        # the duplicates and classification workbooks (kept here so the buttons need no stage's
        # texts).
        "xl_sheet_duplicates": ("重复客户", "Duplicates"),
        "xl_sheet_classification": ("客户分类", "Classification"),
        "xl_duplicates_found": (
            "找到 {groups} 组重复客户，已在“{sheet}”表列出并在客户姓名上标黄",
            "{groups} duplicate groups listed on '{sheet}', names marked yellow",
        ),
        "xl_classified": ("已分类 {n} 位客户：{tiers}", "{n} customers classified: {tiers}"),
        "xl_followups_written": (
            "{n} 条跟进事项，跟进表已写入 {out}",
            "{n} follow-ups written to {out}",
        ),
        "xl_marks_cleared": ("已清除 {n} 个标记", "{n} marks cleared"),
    },
)
msg = TEXTS.msg
