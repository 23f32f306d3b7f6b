"""The words of the intake template: sheet names, instructions, cell prompts, ribbon (中文 / English).

The catalogue ``template`` (codes prefixed ``tpl_``): ``msg("tpl_sheet_intake", lang)``.
"""

from __future__ import annotations

from ..messages import Catalogue
from ..schema import Lang

__all__ = ["INSTRUCTION_STEPS", "SHEETS", "TEXTS", "msg", "sheet_name"]

#: Sheet roles -> message code of the sheet name. ``_xlwings.conf`` is not translated.
SHEETS = {
    "intake": "tpl_sheet_intake",
    "instructions": "tpl_sheet_instructions",
    "settings": "tpl_sheet_settings",
    "lists": "tpl_sheet_lists",
}

#: Codes of the numbered "how to fill in" steps on the instructions sheet, in order.
INSTRUCTION_STEPS = tuple(f"tpl_step_{i}" for i in range(1, 8))

TEXTS = Catalogue(
    "template",
    {
        # --- file and sheet names -------------------------------------------------------
        "tpl_file_name": ("customer_intake.xlsm", "customer_intake_en.xlsm"),
        "tpl_addin_file_name": ("customer_intake.xlam", "customer_intake_en.xlam"),
        "tpl_sheet_intake": ("客户信息", "Customers"),
        "tpl_sheet_instructions": ("说明", "Instructions"),
        "tpl_sheet_settings": ("设置", "Settings"),
        "tpl_sheet_lists": ("列表", "Lists"),
        "tpl_needs_build_extra": (
            '生成模板需要 pyOpenVBA：pip install "customer-intake-addin[build]"（平时使用无需生成，直接用 intake template 复制随附的模板）',
            'building the template needs pyOpenVBA: pip install "customer-intake-addin[build]" '
            "(to use it, `intake template` copies the shipped one without building)",
        ),
        # --- workbook properties ----------------------------------------------------------
        "tpl_title": ("客户信息登记模板", "Customer intake template"),
        # --- header comments --------------------------------------------------------------
        "tpl_required": ("必填", "Required"),
        "tpl_optional": ("选填", "Optional"),
        "tpl_choices": ("可选值：{choices}", "Choices: {choices}"),
        # --- data validation prompts (titles at most 32 characters) -----------------------
        "tpl_list_error_title": ("请从列表中选择", "Pick from the list"),
        "tpl_list_error": (
            "请点击单元格右侧的下拉箭头，从列表中选择一项。",
            "Click the arrow at the right of the cell and pick one entry.",
        ),
        "tpl_date_error_title": ("日期无效", "Not a date"),
        "tpl_date_error": (
            "请输入 1900-01-01 到 2100-12-31 之间的日期，格式如 2024-03-15。",
            "Type a date between 1900-01-01 and 2100-12-31, e.g. 2024-03-15.",
        ),
        "tpl_int_error_title": ("须为非负整数", "Whole number ≥ 0"),
        "tpl_int_error": (
            "请输入 0 或正整数，例如 3。",
            "Type 0 or a positive whole number, e.g. 3.",
        ),
        "tpl_amount_error_title": ("金额无效", "Not an amount"),
        "tpl_amount_error": (
            "请输入不小于 0 的金额（元），例如 12800 或 12800.50。",
            "Type an amount of at least 0, e.g. 12800 or 12800.50.",
        ),
        "tpl_length_error_title": ("长度应为 {n} 位", "Should be {n} characters"),
        "tpl_length_error": (
            "应为 {n} 位，请核对后再输入。确实无误可点“是”继续，校验时会再次检查。",
            "This should be {n} characters long. Click Yes to keep it anyway; Validate checks it again.",
        ),
        "tpl_email_error_title": ("邮箱格式", "E-mail address"),
        "tpl_email_error": (
            "邮箱地址中应包含 @，例如 wang@example.com。点“是”可保留。",
            "An e-mail address contains @, e.g. wang@example.com. Click Yes to keep it anyway.",
        ),
        # --- instructions sheet ---------------------------------------------------------
        "tpl_how_to": ("填写方法", "How to fill in"),
        "tpl_step_1": (
            "在“{intake}”表中每行填写一位客户。第 1 行表头请勿修改、删除或调换顺序，可以在最右侧增加自己的列。",
            "Enter one customer per row on the '{intake}' sheet. Do not change, delete or reorder "
            "the header row; you may add your own columns at the right.",
        ),
        "tpl_step_2": (
            "红色粗体表头为必填项；表头底色表示字段分组（见下方字段表）。鼠标停在表头上可看到填写说明。",
            "Headers in bold red are required; the header colour shows the field's group (see the "
            "field table below). Hover over a header for help.",
        ),
        "tpl_step_3": (
            "带下拉箭头的列请从列表中选择；日期按 2024-03-15 的格式填写；金额填数字（元）。",
            "Pick values from the drop-down lists; type dates like 2024-03-15; amounts as numbers.",
        ),
        "tpl_step_4": (
            "手机、电话、证件号码、统一社会信用代码列为文本格式，开头的 0 不会丢失；可以带空格或横线。",
            "Mobile, phone, ID number and credit code columns are text, so leading zeros are kept; "
            "spaces and dashes are fine.",
        ),
        "tpl_step_5": (
            "打开文件时如提示“宏已被禁用”，请点击“启用内容”，否则功能区按钮无法使用。",
            "If Excel says macros are disabled, click 'Enable Content', otherwise the ribbon buttons "
            "do nothing.",
        ),
        "tpl_step_6": (
            "填完后点击功能区“{tab}”选项卡上的“{validate}”，出错的单元格会标红并附批注；改正后再点一次。",
            "When done, click '{validate}' on the '{tab}' ribbon tab: bad cells are marked red with a "
            "note; fix them and click again.",
        ),
        "tpl_step_7": (
            "经理和邮箱填在“{settings}”表中；规则的调整项也可写在那里（键名见 README）。",
            "Managers and their e-mail addresses go on the '{settings}' sheet, as can rule overrides "
            "(keys are listed in the README).",
        ),
        "tpl_fields": ("字段说明", "Fields"),
        "tpl_col_field": ("字段名称", "Field name"),
        "tpl_col_group": ("分组", "Group"),
        "tpl_col_required": ("是否必填", "Required?"),
        "tpl_col_type": ("数据类型", "Data type"),
        "tpl_col_help": ("填写说明", "How to fill in"),
        "tpl_col_choices": ("可选值", "Allowed values"),
        "tpl_yes": ("是", "yes"),
        "tpl_buttons": ("功能区按钮（“{tab}”选项卡）", "Ribbon buttons ('{tab}' tab)"),
        "tpl_col_button": ("按钮", "Button"),
        "tpl_col_does": ("作用", "What it does"),
        "tpl_type_text": ("文本", "text"),
        "tpl_type_date": ("日期", "date"),
        "tpl_type_int": ("非负整数", "whole number ≥ 0"),
        "tpl_type_amount": ("金额（≥0）", "amount ≥ 0"),
        "tpl_type_picklist": ("下拉列表", "drop-down list"),
        "tpl_type_mobile": ("手机号（文本）", "mobile number (text)"),
        "tpl_type_phone": ("电话（文本）", "phone number (text)"),
        "tpl_type_email": ("电子邮箱", "e-mail address"),
        "tpl_type_credit_code": ("统一社会信用代码（18位）", "credit code (18 characters)"),
        "tpl_type_id_number": ("身份证号（18位）", "resident ID (18 characters)"),
        # --- settings sheet -------------------------------------------------------------
        "tpl_set_rep": ("业务员", "Sales rep"),
        "tpl_set_manager": ("经理", "Manager"),
        "tpl_set_manager_email": ("经理邮箱", "Manager e-mail"),
        "tpl_set_key": ("设置项", "Setting"),
        "tpl_set_value": ("值", "Value"),
        "tpl_set_note": (
            "左表：每行一位业务员及其经理和经理邮箱，跟进表按此发送给经理。\n"
            "右表（设置项 | 值）：可覆盖规则的默认值，键名与 intake.toml 中相同，"
            "例如 followups.cadence_a_days；可用的键见 README。留空则使用默认值。",
            "Left table: one row per sales rep with their manager and the manager's e-mail; "
            "follow-up sheets are sent accordingly.\n"
            "Right table (Setting | Value): overrides of rule defaults, with the same keys as in "
            "intake.toml, e.g. followups.cadence_a_days; the README lists them. Empty means default.",
        ),
        # --- ribbon tab and its groups ---------------------------------------------------
        "tpl_tab": ("客户管理", "Customer intake"),
        "tpl_group_check": ("数据检查", "Check"),
        "tpl_group_followup": ("分类与跟进", "Follow up"),
        "tpl_group_all": ("一键", "All steps"),
        # --- xlwings.conf sheet -----------------------------------------------------------
        "tpl_conf_note": (
            "此表名为 _xlwings.conf，xlwings 不读取它：Python 的路径每台电脑只需设置一次，运行 "
            "intake excel setup 即可（写入用户目录下的 xlwings.conf）。只有当这个工作簿需要与本机"
            "设置不同时，才把此表改名为 xlwings.conf：此时表中的行（A 列为键，B 列为值，从 A1 起到"
            "第一个空行）优先于用户设置，即使值为空也是如此，不需要的行请删除。",
            "This sheet is named _xlwings.conf, so xlwings ignores it: the Python to use is set "
            "once per PC with `intake excel setup` (it writes the user's xlwings.conf). Rename the "
            "sheet to xlwings.conf only when this workbook must differ from the PC's settings: "
            "then its rows (key in column A, value in column B, from A1 down to the first empty "
            "row) win over the user's settings even when empty, so delete the rows you do not need.",
        ),
    },
)
msg = TEXTS.msg


def sheet_name(role: str, lang: Lang) -> str:
    """The name of the template sheet with ``role`` (``"intake"``, ``"lists"``, ...) in ``lang``."""
    return msg(SHEETS[role], lang)
