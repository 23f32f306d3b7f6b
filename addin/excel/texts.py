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
        "xl_classified": ("已分类 {n} 位客户：{tiers}", "{n} customers classified: {tiers}"),
        "xl_followups_written": (
            "{n} 条跟进事项，跟进表已写入 {out}",
            "{n} follow-ups written to {out}",
        ),
    },
)
msg = TEXTS.msg
