"""The command line's words: every command's and option's help (中文 / English), its errors.

Codes: ``cli_help_<command>`` (``cli_help_email_setup`` for ``intake email setup``,
``cli_help_main`` for ``intake`` itself), ``cli_opt_<command>_<option>`` for an option with a
text of its own in that command, ``cli_opt_<option>`` for one shared by several commands.
"""

from __future__ import annotations

from ..messages import Catalogue
from .registry_texts import REGISTRY_TEXTS

__all__ = ["TEXTS", "msg"]

_EXIT_DATA = (
    "退出码 0：完成且无问题，1：数据中有问题，2：输入无法使用。",
    "Exit code 0: done and clean, 1: problems found in the data, 2: unusable input.",
)

TEXTS = Catalogue(
    "cli",
    {
        # --- commands -------------------------------------------------------------------
        "cli_help_main": (
            "客户信息登记：校验业务员的工作簿，查找撞单，客户分类，生成跟进表并用邮件发给经理。"
            '\n\n每个命令都有 --help；--lang en 显示英文（或在 intake.toml 中设置 lang = "en"）。',
            "Customer intake: validate reps' workbooks, find duplicate customers (撞单), classify, "
            "write follow-up sheets and e-mail them to managers.\n\nEvery command has --help; "
            '--lang zh shows Chinese (or lang = "zh" in intake.toml).',
        ),
        "cli_help_validate": (
            "检查登记文件（或文件夹）：一次列出所有有问题的单元格。\n\n"
            "退出码 0：全部有效，1：发现问题，2：有文件无法读取。",
            "Check intake files (or folders of them); every bad cell is listed at once.\n\n"
            "Exit code 0: all valid, 1: problems found, 2: a file could not be read.",
        ),
        "cli_help_template": (
            "写出登记模板（.xlsm：下拉列表、输入检查、说明、功能区按钮）。\n\n"
            "默认复制随本插件附带的模板；--build 则按字段表重新生成（需要 [build] 附加组件）。",
            "Write the intake workbook (.xlsm: drop-downs, checks, help, ribbon).\n\n"
            "Copies the template shipped with the add-in; --build generates it anew from the "
            "field list (needs the [build] extra).",
        ),
        "cli_help_email": (
            "把跟进表用邮件发给每位经理（不加 --send 时只演练）。\n\n"
            "发送失败的邮件留在 OUT_DIR/outbox，下次运行时重试；同一封邮件不会发送两次。"
            "退出码 0：所有经理都已送达，1：有未送达（会列出），2：输入或设置无法使用。",
            "E-mail each manager their follow-up workbook (a dry run unless --send).\n\n"
            "Failed messages stay in OUT_DIR/outbox and are retried next time; nothing is sent "
            "twice. Exit code 0: all managers served, 1: some were not (listed), 2: unusable "
            "input or settings.",
        ),
        "cli_help_email_setup": (
            "把 SMTP 密码存入系统钥匙串（隐藏输入，从不写入文件）。",
            "Store the SMTP password in the system keyring (typed hidden, never written to a file).",
        ),
        "cli_help_dedupe": (
            "在登记文件或文件夹中查找不同业务员登记的同一客户（撞单）。"
            "指定了客户登记库时，“处理”决定存入登记库，以后无需工作簿也会应用。\n\n"
            "退出码 0：完成（无论有无重复），2：没有可用的输入或登记库无法使用。",
            "Find duplicate customers across reps (撞单) in intake files or folders. With a "
            "customer registry named, the 处理 decisions are stored in it and applied later "
            "without the workbook.\n\n"
            "Exit code 0: done (duplicates or not), 2: no input could be used, or the registry.",
        ),
        "cli_help_classify": (
            "客户分类（类型、ABC 等级、RFM 分群、生命周期……），每项都写明依据的规则。\n\n"
            "退出码 0：已写出，2：没有可用的输入或设置无效。",
            "Classify customers (type, ABC tier, RFM segment, lifecycle, ...) with the rule for "
            "each.\n\nExit code 0: written, 2: no input could be used or the settings are invalid.",
        ),
        "cli_help_followups": (
            "为每位业务员和经理写出跟进表：联系谁、为什么、何时之前。\n\n"
            "退出码 0：已写出，2：没有可用的输入或设置无效。",
            "Write follow-up workbooks per rep and per manager: who to contact, why and by "
            "when.\n\nExit code 0: written, 2: no input could be used or the settings are invalid.",
        ),
        "cli_help_run": (
            "一次完成全部步骤：汇总、校验、查重、分类、跟进表、邮件。"
            "指定了客户登记库（--registry、$INTAKE_REGISTRY、[registry] url）时，先登记新客户并记录跟进；"
            "有行已被其他业务员登记时退出码为 1，登记库无法使用时为 2（其他输出照常写出）。\n\n"
            "INPUTS 为业务员的文件或文件夹。" + _EXIT_DATA[0],
            "Everything in one go: consolidate, validate, dedupe, classify, follow-ups, e-mail. "
            "With a customer registry named (--registry, $INTAKE_REGISTRY, [registry] url) it "
            "first registers new customers and records follow-ups; exit code 1 when a row is "
            "another rep's customer, 2 when the registry cannot be used (the other outputs are "
            "written all the same)."
            "\n\nINPUTS are reps' files or folders. " + _EXIT_DATA[1],
        ),
        "cli_help_demo": (
            "生成示例业务员文件并对其运行整个流程（邮件只演练）。日期以今天为准。",
            "Generate sample reps' files and run the whole pipeline on them (e-mail as a dry "
            "run). Dates are relative to today.",
        ),
        "cli_help_audit": (
            "显示审计日志：谁在何时对哪些文件（SHA-256）运行了什么、结果数量。",
            "Show the audit log: who ran what, when, on which files (SHA-256), with what counts.",
        ),
        "cli_help_addin": (
            "Excel 加载项 customer_intake.xlam：在每个工作簿中显示“客户管理”选项卡。",
            "The Excel add-in customer_intake.xlam: the Customer intake tab in every workbook.",
        ),
        "cli_help_addin_build": (
            "生成加载项（.xlam，与模板相同的功能区和宏；需要 [build] 附加组件）。",
            "Build the add-in (.xlam with the template's ribbon and macros; needs the [build] extra).",
        ),
        "cli_help_addin_install": (
            "把加载项复制到 Excel 启动时加载的文件夹（XLSTART），与 xlwings addin install 相同。",
            "Copy the add-in into the folder Excel loads at start (XLSTART), as "
            "`xlwings addin install` does.",
        ),
        "cli_help_excel": (
            "在这台电脑上设置 Excel。",
            "Set Excel up on this PC.",
        ),
        "cli_help_excel_setup": (
            "让 Excel 的按钮使用这个 Python：写入用户的 xlwings.conf（Interpreter_Win / "
            "Interpreter_Mac），每台电脑一次；在 Mac 上同时完成 xlwings runpython install。",
            "Make Excel's buttons run this Python: writes the user's xlwings.conf "
            "(Interpreter_Win / Interpreter_Mac), once per PC; on a Mac also does "
            "`xlwings runpython install`.",
        ),
        # --- options shared by several commands -----------------------------------------
        "cli_opt_lang": (
            "工作表和提示的语言（默认：配置文件中的 lang，否则 zh）。",
            "Language of sheets and messages (default: from config, else zh).",
        ),
        "cli_opt_config": (
            "配置文件（默认：$INTAKE_CONFIG 或 ./intake.toml）。",
            "Configuration file (default: $INTAKE_CONFIG or ./intake.toml).",
        ),
        "cli_opt_as_of": (
            "名单所依据的日期，格式 YYYY-MM-DD（默认：今天）。",
            "Date the lists are for, YYYY-MM-DD (default: today).",
        ),
        "cli_opt_settings": (
            "含“设置/Settings”表的工作簿（经理、规则设置）。",
            "Workbook with a 设置/Settings sheet (managers, rule overrides).",
        ),
        "cli_opt_version": ("显示版本后退出。", "Show the version and exit."),
        "cli_opt_out": ("要写出的工作簿。", "The workbook to write."),
        "cli_opt_out_dir": ("输出文件夹。", "Folder for the outputs."),
        # --- options of one command -----------------------------------------------------
        "cli_opt_validate_report": ("把报告工作簿写到这里。", "Write the report workbook here."),
        "cli_opt_validate_format": ("终端输出的格式。", "Format of the terminal output."),
        "cli_opt_validate_sheet": (
            "要读取的工作表（默认：按表头自动查找）。",
            "Sheet to read (default: found by its headers).",
        ),
        "cli_opt_validate_marked_copy": (
            "把每个工作簿标记问题单元格后的副本保存到这个文件夹。",
            "Save a copy of each workbook with bad cells marked into this folder.",
        ),
        "cli_opt_validate_in_place": (
            "直接在输入的工作簿中标记问题单元格（会保留备份）。",
            "Mark bad cells in the input workbooks themselves (a backup is kept).",
        ),
        "cli_opt_template_out": (
            "模板写到哪里（默认：当前文件夹下的 customer_intake.xlsm，--lang en 时为 "
            "customer_intake_en.xlsm；在项目源码中使用 --build 时为随附的模板本身）。",
            "Where to write the workbook (default: customer_intake.xlsm in this folder, "
            "customer_intake_en.xlsm for --lang en; with --build in the project's checkout, the "
            "shipped template itself).",
        ),
        "cli_opt_template_build": (
            "按字段表重新生成，而不是复制随附的模板（需要 pyOpenVBA：[build] 附加组件）。",
            "Generate from the field list instead of copying the shipped template (needs "
            "pyOpenVBA: the [build] extra).",
        ),
        "cli_opt_email_out_dir": (
            "要发送的跟进表文件夹（含 manifest.json）。",
            "Follow-up folder (with manifest.json) to e-mail.",
        ),
        "cli_opt_email_send": (
            "立即发送，或只把邮件写到 OUT_DIR/outbox（默认）。",
            "Send now, or only write the messages to OUT_DIR/outbox (the default).",
        ),
        "cli_opt_email_retry_held": (
            "同时发送被暂扣的邮件：可能已送达（发送数据后连接中断）或被服务器永久拒收。请核实后再用。",
            "Also send the messages held back: possibly delivered already (the connection broke "
            "after the data) or refused for good by the server. Use it once you have checked.",
        ),
        "cli_opt_email_setup_username": (
            "邮箱登录名（默认：[email] username）。",
            "Mailbox login (default: [email] username).",
        ),
        "cli_opt_email_setup_check": (
            "然后登录服务器检验密码。",
            "Then log in to the server to test the password.",
        ),
        "cli_opt_dedupe_out": ("要写出的查重工作簿。", "The Duplicates workbook to write."),
        "cli_opt_dedupe_clusters_csv": (
            "同时把每组中的每条记录写成一行 CSV。",
            "Also write one CSV line per record in a group here.",
        ),
        "cli_opt_decisions": (
            "之前的查重工作簿，其中“处理”列已填写：标为“不是重复”的配对不再提示，“确认重复”视为已定。",
            "An earlier Duplicates workbook whose 处理 column is filled in: pairs marked 不是重复 "
            "are never flagged again, 确认重复 is settled.",
        ),
        "cli_opt_classify_out": ("要写出的分类工作簿。", "The classification workbook to write."),
        "cli_opt_followups_out_dir": (
            "reps/、managers/ 和 manifest.json 所在的文件夹。",
            "Folder for reps/, managers/ and manifest.json.",
        ),
        "cli_opt_followups_no_duplicates": (
            "不检查撞单（不生成“疑似撞单”事项）。",
            "Skip the duplicate check (撞单) reason.",
        ),
        "cli_opt_run_out_dir": ("所有输出的文件夹。", "Folder for all outputs."),
        "cli_opt_run_send": (
            "把跟进表用邮件发给每位经理。",
            "E-mail each manager their follow-ups.",
        ),
        "cli_opt_run_dry_run": (
            "只把邮件作为 .eml 文件写入 outbox，不发送。",
            "Write the e-mails to the outbox as .eml files, send nothing.",
        ),
        "cli_opt_run_settings": (
            "模板格式的工作簿，其“设置”表列出业务员对应的经理。",
            "Template-shaped workbook whose 设置 sheet maps reps to managers.",
        ),
        "cli_opt_run_mark": (
            "同时保存标记了问题单元格的业务员文件副本。",
            "Also save copies of the reps' files with bad cells marked.",
        ),
        "cli_opt_demo_out_dir": (
            "示例文件和所有输出的文件夹。",
            "Folder for the sample files and all outputs.",
        ),
        "cli_opt_demo_reps": (
            "生成多少位业务员的示例文件。",
            "How many reps' sample files to generate.",
        ),
        "cli_opt_demo_rows": ("每位业务员的客户行数。", "Customer rows per rep."),
        "cli_opt_demo_as_of": (
            "示例数据和名单所依据的日期，格式 YYYY-MM-DD（默认：今天；固定日期用于测试）。",
            "Date the sample data and lists are for, YYYY-MM-DD (default: today; a fixed date "
            "is for tests).",
        ),
        "cli_opt_demo_lang": (
            "示例文件、工作表和提示的语言。",
            "Language of the sample files, sheets and messages.",
        ),
        "cli_opt_audit_out": (
            "把日志写成工作簿（最新的在前），而不是打印出来。",
            "Write the log as a workbook (newest first) instead of printing it.",
        ),
        "cli_opt_audit_log": (
            "日志文件（默认：$INTAKE_AUDIT_LOG、[audit] path、~/.customer-intake/audit.jsonl）。",
            "The log file (default: $INTAKE_AUDIT_LOG, [audit] path, "
            "~/.customer-intake/audit.jsonl).",
        ),
        "cli_opt_audit_last": ("打印最近多少条。", "Entries to print."),
        "cli_opt_addin_build_out": (
            "加载项写到哪里（默认：当前文件夹下的 customer_intake.xlam；在项目源码中为随附的加载项本身）。",
            "Where to write the add-in (default: customer_intake.xlam in this folder; in the "
            "project's checkout, the shipped add-in itself).",
        ),
        "cli_opt_addin_install_file": (
            "要安装的加载项（默认：随本插件附带的 customer_intake.xlam）。",
            "The add-in to install (default: the customer_intake.xlam shipped with the add-in).",
        ),
        "cli_opt_addin_install_dir": (
            "安装到这个文件夹（默认：本用户的 XLSTART 文件夹）。",
            "Install into this folder (default: the user's XLSTART folder).",
        ),
        "cli_opt_excel_setup_python": (
            "按钮使用的 Python（默认：当前这个 Python，Windows 上为 pythonw.exe）。",
            "The Python the buttons run (default: this one; pythonw.exe on Windows).",
        ),
        # --- messages -------------------------------------------------------------------
        "cli_error": ("错误：{message}", "error: {message}"),
        "cli_out_dir_required": ("需要 --out-dir", "--out-dir is required"),
        "cli_send_and_dry_run": (
            "--send 与 --dry-run 不能同时使用：请只选一个",
            "--send and --dry-run cannot be used together: choose one",
        ),
        "cli_smtp_username": ("SMTP 用户名", "SMTP username"),
        "cli_password_for": ("{user} 的密码", "Password for {user}"),
        "cli_template_copied": (
            "{path}（随附的模板；--build 可按字段表重新生成）",
            "{path} (the shipped template; --build generates it anew)",
        ),
        **REGISTRY_TEXTS,
    },
)
msg = TEXTS.msg
