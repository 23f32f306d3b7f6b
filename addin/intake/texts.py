"""The intake stage's texts: reading files, finding the sheet and header, validating cells, reports."""

from __future__ import annotations

from ..messages import Catalogue

__all__ = ["TEXTS", "msg"]

TEXTS = Catalogue(
    "intake",
    {
        # --- reading ------------------------------------------------------------------------
        "placeholder": (
            "“{value}”是占位词，不是实际内容：按空白处理",
            "'{value}' is a placeholder, not a value: left blank",
        ),
        "file_missing": ("找不到文件", "file not found"),
        "file_empty": ("文件是空的（0 字节）", "the file is empty (0 bytes)"),
        "file_corrupt": (
            "文件已损坏或不完整，无法打开。请用 Excel 打开后另存为 .xlsx 再试",
            "the file is damaged or incomplete; open it in Excel and save it again as .xlsx",
        ),
        "poolread_file_failed": (
            "读取或校验该文件时出现意外错误（{error}），该文件未使用；其他文件照常处理。请把此文件发给管理员",
            "an unexpected error while reading or validating this file ({error}): it was not used, "
            "the other files were; please send this file to the administrator",
        ),
        "file_password": (
            "工作簿设置了打开密码，无法读取。请在 Excel 中取消密码（文件 › 信息 › 保护工作簿）后再试",
            "the workbook is password-protected; remove the password in Excel (File › Info) and try again",
        ),
        "file_open_in_excel": (
            "该文件正在 Excel 中打开，读取的是最后一次保存的内容",
            "the file is open in Excel; the last saved version was read",
        ),
        "file_wrong_type": (
            "文件内容与扩展名不符（{actual}），请另存为 .xlsx",
            "the file's content does not match its extension ({actual}); save it as .xlsx",
        ),
        "file_unsupported": (
            "不支持的文件类型 {ext}，请使用 .xlsx、.xlsm、.xls 或 .csv",
            "unsupported file type {ext}; use .xlsx, .xlsm, .xls or .csv",
        ),
        "too_large_inflated": (
            "文件解压后有 {mb:,.0f} MB，超过单个文件 {limit:,} MB 的上限（可能是“压缩炸弹”）；"
            "请把数据拆分到几个文件，或删除多余的工作表后再试",
            "the file unpacks to {mb:,.0f} MB, over the limit of {limit:,} MB per file (a zip "
            "bomb?); split the data into several files or delete unneeded sheets",
        ),
        "too_large_file": (
            "文件有 {mb:,.0f} MB，超过单个文件 {limit:,} MB 的上限；请把数据拆分到几个文件",
            "the file has {mb:,.0f} MB, over the limit of {limit:,} MB per file; split the data",
        ),
        "too_many_cells_declared": (
            "工作表声明的范围是 {ref}（{cells:,} 个单元格），超过每个工作表 {limit:,} 个单元格的上限；"
            "请在 Excel 中删除数据下方和右侧的空行空列后另存",
            "the sheet declares the range {ref} ({cells:,} cells), over the limit of {limit:,} "
            "cells per sheet; delete the empty rows and columns below and right of the data in "
            "Excel and save again",
        ),
        "too_many_cells": (
            "工作表的已用区域到 {ref} 为止（{cells:,} 个单元格），超过每个工作表 {limit:,} 个单元格的上限；"
            "请删除 {ref} 等远处的单元格，或把数据拆分到几个文件",
            "the sheet's used area reaches {ref} ({cells:,} cells), over the limit of {limit:,} "
            "cells per sheet; clear far-away cells such as {ref} or split the data",
        ),
        "csv_field_too_long": (
            "第 {row} 行有一个超过 {limit:,} 个字符的字段（可能是引号没有配对）",
            "line {row} has a field over {limit:,} characters (an unmatched quote?)",
        ),
        "csv_unreadable": (
            "CSV 文件第 {row} 行无法解析：{error}",
            "the CSV file cannot be parsed at line {row}: {error}",
        ),
        "cell_too_long": (
            "单元格有 {n:,} 个字符，超过 Excel 每格 {limit:,} 个字符的上限；"
            "输出的工作簿中只显示前面部分，末尾标有“{mark}”",
            "the cell has {n:,} characters, over Excel's limit of {limit:,} per cell; output "
            "workbooks show its start, ending in '{mark}'",
        ),
        "csv_encoding": (
            "无法识别 CSV 文件的编码（已尝试 UTF-8 和 GBK），请另存为 UTF-8",
            "cannot tell the CSV file's encoding (tried UTF-8 and GBK); save it as UTF-8",
        ),
        "sheet_missing": (
            "工作表“{sheet}”不存在；现有工作表：{sheets}",
            "no sheet '{sheet}'; sheets: {sheets}",
        ),
        "no_intake_sheet": (
            "没有找到客户信息表：任何工作表的前 {rows} 行都没有可识别的表头（如 客户姓名、手机、业务员）",
            "no customer sheet found: no sheet has recognisable headers (e.g. Customer name, Mobile, "
            "Sales rep) in its first {rows} rows",
        ),
        "sheet_empty": ("工作表是空的", "the sheet is empty"),
        "no_data_rows": ("表头下面没有数据行", "there are no data rows under the header"),
        "missing_required_columns": (
            "缺少必填列：{columns}。请从模板复制表头",
            "required columns missing: {columns}; copy the header row from the template",
        ),
        "duplicate_header": (
            "列“{label}”出现了两次（{first} 列和 {second} 列），请删除或改名其中一列",
            "column '{label}' appears twice (columns {first} and {second}); remove or rename one",
        ),
        "merged_header": (
            "表头单元格 {range} 是合并单元格，请取消合并，每列一个表头",
            "header cells {range} are merged; unmerge them so each column has its own header",
        ),
        "merged_cells": (
            "{range} 是合并单元格，已把左上角的值用于每一行；建议取消合并",
            "{range} is a merged range; its top-left value was used for every row, please unmerge",
        ),
        "unknown_column": (
            "无法识别的列“{header}”，已原样保留，不做校验",
            "unrecognised column '{header}' was kept as is and not checked",
        ),
        "formula_no_value": (
            "单元格含公式但没有计算结果，请在 Excel 中打开并保存一次",
            "the cell holds a formula with no calculated value; open and save the file in Excel",
        ),
        "formula_cells": (
            "此列有 {count} 个公式单元格（首个在第 {row} 行），已读取其计算结果",
            "{count} formula cells in this column (first in row {row}); their calculated values were used",
        ),
        # --- validation -----------------------------------------------------------------------
        "excel_error": (
            "单元格是 Excel 错误值 {value}，请改成实际内容或留空",
            "the cell holds the Excel error {value}; type the real value or leave it empty",
        ),
        "required": ("必填项不能为空", "this field is required"),
        "date": (
            "日期无法识别：“{value}”。请填写如 2024-03-15 的日期",
            "not a date: '{value}'; type a date such as 2024-03-15",
        ),
        "int": (
            "应为非负整数，例如 3；现在是“{value}”",
            "should be a whole number such as 3, not '{value}'",
        ),
        "amount": (
            "金额无法识别：“{value}”。请只填数字，例如 12800 或 1.28万",
            "not an amount: '{value}'; type a number such as 12800",
        ),
        "non_negative": ("不能为负数：{value}", "must not be negative: {value}"),
        "mobile": (
            "手机号码无效：“{value}”。应为 11 位、以 1 开头，例如 138 1234 5678；座机请填在“电话”列",
            "not a valid mobile number: '{value}'; e.g. 138 1234 5678 (landlines go in 'Phone')",
        ),
        "phone": (
            "电话号码无效：“{value}”。座机请带区号，例如 010-8888 6666；国外号码请以 + 开头",
            "not a valid phone number: '{value}'; include the area code, e.g. 010-8888 6666, or start "
            "foreign numbers with +",
        ),
        "email": (
            "邮箱格式不正确：“{value}”，例如 wang@example.com",
            "not a valid e-mail: '{value}'",
        ),
        "picklist": (
            "“{value}”不在下拉选项中，请从列表选择：{choices}",
            "'{value}' is not one of the choices: {choices}",
        ),
        "credit_code": (
            "统一社会信用代码无效：“{value}”（应为 18 位，且末位校验码正确）",
            "not a valid unified social credit code: '{value}' (18 characters with a valid check digit)",
        ),
        "id_number": (
            "证件号码无效：“{value}”（18 位身份证号，末位校验码不符）",
            "not a valid resident ID number: '{value}' (18 characters, check digit wrong)",
        ),
        "won_needs_amount": (
            "销售阶段为“成交”时，累计金额必须大于 0",
            "a customer in stage 'Won' needs a total amount above 0",
        ),
        "follow_up_before_contact": (
            "下次跟进日期（{value}）早于最近联系日期（{other}）",
            "next follow-up ({value}) is before the last contact ({other})",
        ),
        "company_required": (
            "企业或政府客户须填写公司名称",
            "government and enterprise customers need a company name",
        ),
        "last_before_first_purchase": (
            "最近购买日期（{value}）早于首次购买日期（{other}）",
            "last purchase ({value}) is before the first purchase ({other})",
        ),
        "future_date": ("日期在未来：{value}", "date is in the future: {value}"),
        # --- summaries ------------------------------------------------------------------------
        "summary_clean": ("{file}：{rows} 行，全部通过校验", "{file}: {rows} rows, all valid"),
        "summary_errors": (
            "{file}：{rows} 行，{errors} 个问题，涉及 {bad_rows} 行",
            "{file}: {rows} rows, {errors} problems in {bad_rows} rows",
        ),
        # --- loading ------------------------------------------------------------------------
        "intake_no_input_files": (
            "没有找到 .xlsx/.xlsm/.xls/.csv 文件",
            "no .xlsx/.xlsm/.xls/.csv files found",
        ),
        "intake_reading": ("读取", "reading"),
        # --- marks on a rep's workbook (for marks.py's clear_marks_book) ---------------------
        "intake_marks_cleared": ("已清除 {n} 个标记", "{n} marks cleared"),
        # --- the report workbook and tables ---------------------------------------------------
        "intake_sheet_errors": ("错误", "Errors"),
        "intake_sheet_summary": ("汇总", "Summary"),
        "intake_col_level": ("级别", "Level"),
        "intake_col_file": ("文件", "File"),
        "intake_col_sheet": ("工作表", "Sheet"),
        "intake_col_row": ("行", "Row"),
        "intake_col_column": ("列", "Column"),
        "intake_col_field": ("字段", "Field"),
        "intake_col_value": ("填写内容", "Value"),
        "intake_col_code": ("代码", "Code"),
        "intake_col_message": ("问题说明", "Problem"),
        # tool tip of the link from a problem to its cell
        "intake_link_tip": (
            "打开 {file}，定位到 {sheet} 第 {row} 行",
            "Open {file} at {sheet}, row {row}",
        ),
        "intake_level_error": ("错误", "error"),
        "intake_level_warning": ("提示", "warning"),
        "intake_sum_file": ("文件", "File"),
        "intake_sum_rows": ("行数", "Rows"),
        "intake_sum_errors": ("错误", "Errors"),
        "intake_sum_bad_rows": ("有错误的行", "Rows with errors"),
        "intake_sum_warnings": ("提示", "Warnings"),
    },
)
msg = TEXTS.msg
