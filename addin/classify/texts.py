"""Texts of the classification step: column headers, value labels, the workbook's words."""

from __future__ import annotations

from ..messages import Catalogue

__all__ = ["TEXTS", "msg"]

TEXTS = Catalogue(
    "classify",
    {
        # --- headers of the classification columns -------------------------------------------
        "classify_col_customer_class": ("客户类别", "Customer class"),
        "classify_col_value_tier": ("价值等级", "Value tier"),
        "classify_col_rfm_segment": ("RFM分群", "RFM segment"),
        "classify_col_purchase_behavior": ("购买行为", "Purchase behaviour"),
        "classify_col_lifecycle": ("生命周期", "Lifecycle"),
        "classify_col_needs_focus": ("需求侧重", "Needs focus"),
        "classify_col_rfm_r": ("R得分", "R score"),
        "classify_col_rfm_f": ("F得分", "F score"),
        "classify_col_rfm_m": ("M得分", "M score"),
        "classify_col__rule": ("依据", "Rule"),
        "classify_col__reason": ("原因", "Reason"),
        "classify_col_rule": ("{column}依据", "{column} rule"),
        "classify_col_reason": ("{column}原因", "{column} reason"),
        # --- labels of the classification values ---------------------------------------------
        "classify_customer_class_government": ("政府", "Government"),
        "classify_customer_class_enterprise": ("企业", "Enterprise"),
        "classify_customer_class_individual": ("个人", "Individual"),
        "classify_value_tier_A": ("A类", "A"),
        "classify_value_tier_B": ("B类", "B"),
        "classify_value_tier_C": ("C类", "C"),
        "classify_rfm_segment_important_value": ("重要价值客户", "Champions (important value)"),
        "classify_rfm_segment_important_keep": ("重要保持客户", "Loyal, lapsing (important keep)"),
        "classify_rfm_segment_important_develop": (
            "重要发展客户",
            "Big new spenders (important develop)",
        ),
        "classify_rfm_segment_important_retain": (
            "重要挽留客户",
            "Big spenders at risk (important retain)",
        ),
        "classify_rfm_segment_general_value": ("一般价值客户", "Regulars (general value)"),
        "classify_rfm_segment_general_keep": ("一般保持客户", "Regulars, lapsing (general keep)"),
        "classify_rfm_segment_general_develop": ("一般发展客户", "Newcomers (general develop)"),
        "classify_rfm_segment_general_retain": (
            "一般挽留客户",
            "Low value, lapsing (general retain)",
        ),
        "classify_rfm_segment_no_purchase": ("未成交（不评RFM）", "No purchase (not scored)"),
        "classify_purchase_behavior_frequent": ("频繁购买", "Frequent"),
        "classify_purchase_behavior_occasional": ("偶尔购买", "Occasional"),
        "classify_purchase_behavior_never": ("从未购买", "Never"),
        "classify_lifecycle_prospect": ("潜在", "Prospect"),
        "classify_lifecycle_new": ("新客户", "New"),
        "classify_lifecycle_mature": ("成熟", "Mature"),
        "classify_lifecycle_churned": ("流失", "Churned"),
        "classify_needs_focus_price": ("价格", "Price"),
        "classify_needs_focus_quality": ("质量", "Quality"),
        "classify_needs_focus_service": ("服务", "Service"),
        "classify_needs_focus_none": ("未标注", "Not tagged"),
        # --- the RFM reason starts with the scores: "R5 F4 M3：R、F、M 均高" --------------------
        "classify_scores_sep": ("：", ": "),
        # --- the workbook ----------------------------------------------------------------------
        "classify_sheet_classification": ("客户分类", "Classification"),
        "classify_sheet_details": ("分类依据", "Reasons"),
        "classify_sheet_summary": ("分类汇总", "Summary"),
        "classify_col_file": ("来源文件", "Source file"),
        "classify_col_sheet": ("工作表", "Sheet"),
        "classify_col_row": ("行号", "Row"),
        "classify_blank": ("（未填）", "(blank)"),
        "classify_as_of": (" · 截至 {date}", " · as of {date}"),
        "classify_heading": (
            "客户分类汇总{when} · 共 {count} 位客户",
            "Customer classification summary{when} · {count} customers",
        ),
    },
)
msg = TEXTS.msg
