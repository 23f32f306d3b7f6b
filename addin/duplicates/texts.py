"""User-facing texts of the duplicates stage: notes, reasons, sheet names, headers and notices."""

from __future__ import annotations

from ..messages import Catalogue

__all__ = ["TEXTS", "msg"]

TEXTS = Catalogue(
    "duplicates",
    {
        # --- finding (find.py) ----------------------------------------------------------------
        "dd_no_keys": (
            "没有可比较的信息：所有记录的姓名、手机、电话、邮箱、公司名称都为空，无法查重",
            "nothing to compare: every record's name, mobile, phone, e-mail and company are empty",
        ),
        "dd_skipped_keys": (
            "{key}：{keys} 个值被 {records} 条记录共用（超过 {cap} 条，例如 {examples}），未按它配对",
            "{key}: {keys} value(s) shared by {records} records (over {cap}, e.g. {examples}) were "
            "not used for pairing",
        ),
        "dd_no_records": ("没有客户记录", "no customer records"),
        "dd_summary": (
            "{records} 条记录，{groups} 组重复（{cross} 组跨业务员）：{dups} 条重复、{possible} 条疑似；已写入 {out}",
            "{records} records, {groups} duplicate groups ({cross} across reps): {dups} duplicate and "
            "{possible} possible records; written to {out}",
        ),
        # --- reasons of the decision rules (rules.py) -----------------------------------------
        "dd_credit_code": ("统一社会信用代码相同 {v}", "same credit code {v}"),
        "dd_id_number": ("证件号码相同（尾号 {v}）", "same ID number (ending {v})"),
        "dd_mobile": ("手机号相同 {v}", "same mobile {v}"),
        "dd_email": ("邮箱相同 {v}", "same e-mail {v}"),
        "dd_wechat": ("微信号相同 {v}", "same WeChat ID {v}"),
        "dd_company": (
            "公司名称 {v} 去掉城市和公司类型后品牌相同",
            "company name {v} same brand after removing city and legal suffix",
        ),
        "dd_company_latin": (
            "公司名称 {a} 与 {b}：英文/拼音名称与中文名称品牌相同",
            "company names {a} and {b}: the English or pinyin name has the same brand",
        ),
        "dd_email_domain": (
            "公司邮箱域名相同 {v}，公司名称相近（{a} / {b}）",
            "same company e-mail domain {v}, similar company names ({a} / {b})",
        ),
        "dd_shared_contact_companies": (
            "同一联系方式 {v} 用于两家不同公司（{a} / {b}）：可能是代账会计或共同联系人，请核实",
            "one contact {v} for two different companies ({a} / {b}): a shared bookkeeper or "
            "contact? please review",
        ),
        "dedupeacc_company_bare_brand": (
            "{a} 与 {b}：一方只写品牌 {v}，文件中此品牌有多个行业的公司，请核实是哪一家",
            "{a} and {b}: one side writes only the brand {v}, which the file holds for firms in "
            "several trades: please review which one is meant",
        ),
        "dd_company_ambiguous": (
            "公司品牌 {v} 相同，但此品牌在文件中出现于多个城市或多个信用代码，一方未写城市，请核实",
            "same company brand {v}, but the brand appears in several cities or with several credit "
            "codes and one side names no city: please review",
        ),
        "dd_decided_duplicate": ("经理已确认重复", "confirmed as duplicate by the manager"),
        "dd_group_conflict": (
            "第 {group} 组：记录之间的信用代码或证件号码互相矛盾，已在最弱的关联处拆开",
            "group {group}: credit codes or ID numbers contradicted each other; split at the weakest links",
        ),
        "dd_group_too_large": (
            "第 {group} 组有 {size} 条记录（超过 {cap} 条）：可能是共用的联系方式把不相关的客户连在一起，"
            "标为可疑，不当作同一客户",
            "group {group} holds {size} records (over {cap}): probably a shared contact chaining "
            "unrelated customers; marked suspicious, not treated as one customer",
        ),
        "dd_decisions_unusable": (
            "处理结果文件无法使用（需要“重复客户”表及其“处理”列）：{detail}",
            "the decisions workbook cannot be used (it needs the Duplicates sheet and its "
            "Decision column): {detail}",
        ),
        "dd_decisions_read": (
            "已读取经理的处理结果：{no} 对“不是重复”、{yes} 对“确认重复”（{path}）",
            "read the manager's decisions: {no} pairs 'not a duplicate', {yes} 'confirmed' ({path})",
        ),
        "dd_other_contact": ("（不同联系人：{a} / {b}）", " (different contacts: {a} / {b})"),
        "dd_credit_differs": ("统一社会信用代码不同", "different credit codes"),
        "dd_id_differs": ("证件号码不同", "different ID numbers"),
        "dd_shared_contact_names_differ": (
            "{what}相同 {v}，但姓名不同（{a} / {b}），请核实",
            "same {what} {v} but different names ({a} / {b}); please check",
        ),
        "dd_person_other_company": (
            "同一人（{fields}）但公司不同：{a} / {b}，请核实",
            "same person ({fields}) at different companies: {a} / {b}; please check",
        ),
        "dd_brand_other_city": (
            "品牌 {v} 相同但城市不同（{a} / {b}），请核实",
            "same brand {v} but different cities ({a} / {b}); please check",
        ),
        "dd_evidence": ("{fields}", "{fields}"),
        "dd_else": ("相同信息不足", "not enough in common"),
        "dd_f_name": ("姓名相同", "name"),
        "dd_f_name_pinyin": ("姓名拼音相同", "name (same pinyin)"),
        "dd_f_name_similar": ("姓名相近", "similar name"),
        "dd_f_birth": ("生日", "birthday"),
        "dd_f_birth_near": ("生日相近", "near birthday"),
        "dd_f_address": ("地址", "address"),
        "dd_f_address_similar": ("地址相近", "similar address"),
        "dd_f_phone": ("座机", "phone"),
        "dd_what_mobile": ("手机号", "mobile"),
        "dd_what_email": ("邮箱", "e-mail"),
        # --- the Duplicates workbook, row marks and notices (output.py) -----------------------
        "dd_sheet_groups": ("重复客户", "Duplicates"),
        "dd_sheet_pairs": ("配对明细", "Pairs"),
        "dd_sheet_notes": ("说明", "Notes"),
        "dd_tier_duplicate": ("重复", "duplicate"),
        "dd_tier_possible": ("疑似重复，请核实", "possible duplicate, please review"),
        "dd_tier_suspicious": ("可疑大组，请核实", "suspiciously large group, please review"),
        "dd_decision_yes": ("确认重复", "confirmed duplicate"),
        "dd_decision_no": ("不是重复", "not a duplicate"),
        "dd_col_decision": ("处理", "Decision"),
        "dd_role_owner": ("归属", "owner"),
        "dd_role_challenger": ("挑战者", "challenger"),
        "dd_mark": (
            "撞单 #{group}：{tier}，归属 {owner}{self}",
            "duplicate #{group}: {tier}, owner {owner}{self}",
        ),
        "dd_mark_self": ("（本条为归属记录）", " (this record owns it)"),
        "dd_notice_challenger": (
            "客户 {customer} 已由 业务员 {owner} 于 {date} 登记（撞单 #{group}）",
            "customer {customer} was registered by rep {owner} on {date} (duplicate #{group})",
        ),
        "dd_notice_owner": (
            "你的客户 {customer} 也被 业务员 {others} 登记；按规则归你所有（撞单 #{group}）",
            "your customer {customer} was also entered by {others}; by the rule it stays yours "
            "(duplicate #{group})",
        ),
        "dd_note_rule": ("归属规则：{rule}", "ownership rule: {rule}"),
        "dd_rule_earliest_registered": (
            "录入日期最早者；相同时按文件修改时间最早，再按文件名和行号",
            "earliest registered_on; ties by earliest file modification time, then file name and row",
        ),
        "dd_rule_most_recent_contact": (
            "最近联系日期最新者；相同时按录入日期最早",
            "latest last_contact; ties by earliest registered_on",
        ),
        "dd_rule_highest_amount": (
            "累计金额最高者；相同时按录入日期最早",
            "highest total_amount; ties by earliest registered_on",
        ),
        "dd_note_none": ("没有发现重复客户", "no duplicate customers found"),
        # --- column headers of the Duplicates sheet, one per column key ------------------------
        "dd_col_group_id": ("组号", "Group"),
        "dd_col_tier": ("结论", "Tier"),
        "dd_col_role": ("角色", "Role"),
        "dd_col_rep": ("业务员", "Rep"),
        "dd_col_owner": ("归属业务员", "Owner"),
        "dd_col_customer": ("客户", "Customer"),
        "dd_col_file": ("文件", "File"),
        "dd_col_sheet": ("工作表", "Sheet"),
        "dd_col_row": ("行号", "Row"),
        "dd_col_customer_id": ("客户编号", "Customer ID"),
        "dd_col_score": ("分数", "Score"),
        "dd_col_reasons": ("原因", "Reasons"),
        "dd_col_cross_rep": ("跨业务员", "Cross-rep"),
        # --- the Pairs sheet (配对明细): record i and record j of each matched pair -------------
        "dd_pair_col_group_id": ("组号", "Group"),
        "dd_pair_col_i_file": ("记录一·文件", "Record 1 file"),
        "dd_pair_col_i_row": ("记录一·行号", "Record 1 row"),
        "dd_pair_col_i_rep": ("记录一·业务员", "Record 1 rep"),
        "dd_pair_col_j_file": ("记录二·文件", "Record 2 file"),
        "dd_pair_col_j_row": ("记录二·行号", "Record 2 row"),
        "dd_pair_col_j_rep": ("记录二·业务员", "Record 2 rep"),
        "dd_pair_col_tier": ("结论", "Tier"),
        "dd_pair_col_rule": ("匹配规则", "Rule"),
        "dd_pair_col_score": ("分数", "Score"),
        "dd_pair_col_reason": ("原因", "Reason"),
        "dd_cross_rep_yes": ("是", "yes"),
        "dd_cross_rep_no": ("否", "no"),
    },
)
msg = TEXTS.msg
