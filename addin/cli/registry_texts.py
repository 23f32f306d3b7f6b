"""The help texts of ``intake check`` and ``intake registry ...`` (中文 / English), merged into
the command line's catalogue (:mod:`addin.cli.texts`)."""

from __future__ import annotations

__all__ = ["REGISTRY_TEXTS"]

_REGISTRY = (
    "登记库：SQLite 文件或 postgresql+psycopg://用户@主机/库（默认：$INTAKE_REGISTRY、"
    "[registry] url、你的数据文件夹中的文件）。",
    "Registry: a SQLite file or postgresql+psycopg://user@host/db (default: $INTAKE_REGISTRY, "
    "[registry] url, a file in your data folder).",
)

REGISTRY_TEXTS: dict[str, tuple[str, str]] = {
    "cli_help_check": (
        "用客户登记库检查业务员的表格：新客户 / 你的 / 已被占用 / 公海 / 待核实。\n\n"
        "已被占用的客户只显示归属业务员，从不显示其联系方式。"
        "退出码 0：没有被占用的客户，1：有行是其他业务员保护中的客户，2：输入或登记库无法使用。",
        "Check reps' sheets against the customer registry: new / yours / taken / pool / "
        "possible.\n\nShows the owner of a taken customer, never its contact details. Exit code "
        "0: nothing taken, 1: some rows are other reps' protected customers, 2: unusable input "
        "or registry.",
    ),
    "cli_opt_check_format": ("输出格式：表格或 JSON。", "Output format: a table or JSON."),
    "cli_opt_check_rep": (
        "以该业务员的身份检查（默认：每行的业务员）。",
        "Check as this rep (default: each row's 业务员).",
    ),
    "cli_opt_registry": _REGISTRY,
    "cli_help_registry": (
        "客户登记库（登记与公海）：哪个客户归谁、从何时起、保护到何时。",
        "The customer registry (登记与公海): who owns which customer, since when, until when.",
    ),
    "cli_help_registry_init": (
        "创建登记库，或把旧版登记库升级到本版本的结构。",
        "Create the registry, or upgrade an older one to this version's schema.",
    ),
    "cli_help_registry_import": (
        "登记业务员文件中的客户（新客户归其业务员；记录跟进；撞单）。",
        "Register the customers of reps' files (new ones for their rep; follow-ups; 撞单).",
    ),
    "cli_opt_registry_import_rep": (
        "登记到该业务员名下（默认：每行的业务员）。",
        "Register for this rep (default: each row's 业务员).",
    ),
    "cli_help_registry_status": (
        "每位业务员名下的客户数和公海中的客户数。",
        "Customers owned and in the pool, per rep.",
    ),
    "cli_help_registry_kpi": (
        "业绩看板：每位业务员每周的名下客户、新登记、按时与逾期跟进、导入表格的质量、撞单。\n\n"
        "工作簿只含数量，不含任何客户的名称或联系方式；不加 --rep 时含全部业务员（经理用）。",
        "The 业绩看板 (KPI dashboard): per rep and week, customers owned, newly registered, "
        "follow-ups on time and overdue, the quality of the sheets imported, 撞单.\n\n"
        "The workbook holds counts only, never a customer's name or contact details; without "
        "--rep it has every rep (the manager's book).",
    ),
    "cli_opt_registry_kpi_out": ("要写出的业绩看板工作簿。", "The KPI workbook to write."),
    "cli_opt_registry_kpi_weeks": ("只看最近 N 周。", "Only the last N weeks."),
    "cli_opt_registry_kpi_rep": (
        "只看该业务员（默认：全部业务员）。",
        "Only this rep (default: every rep).",
    ),
    "cli_help_registry_history": (
        "客户的历史（编号或名称）：登记、认领、退回公海、转交……",
        "A customer's history (number or name): registered, claimed, released, transferred, ...",
    ),
    "cli_help_registry_claim": (
        "从公海认领客户；先到先得。被拒绝时退出码为 1。",
        "Claim a customer from the public pool (公海); the first claim wins. Exit 1 when refused.",
    ),
    "cli_opt_registry_claim_rep": ("认领的业务员。", "The rep who claims it."),
    "cli_help_registry_release": (
        "把客户退回公海。",
        "Give a customer back to the public pool (公海).",
    ),
    "cli_opt_registry_release_rep": ("客户现在的归属业务员。", "The rep who owns it."),
    "cli_opt_reason": ("原因（记入历史）。", "Why (kept in the history)."),
    "cli_help_registry_transfer": (
        "经理把客户转交给另一位业务员。",
        "A manager gives a customer to another rep.",
    ),
    "cli_opt_to": ("接手的业务员。", "The rep who gets it."),
    "cli_opt_by": (
        "办理转交的经理（见 [managers]）。",
        "The manager transferring it (see [managers]).",
    ),
    "cli_help_registry_backup": (
        "在 FOLDER 中写一份带日期的备份（保留最新的 keep_backups = 8 份）。",
        "Write a dated backup into FOLDER (the newest keep_backups = 8 are kept).",
    ),
    "cli_help_registry_restore": (
        "把备份恢复到一个新的空登记库（从不覆盖已有客户）。",
        "Restore a backup into a new, empty registry (never over existing customers).",
    ),
    "cli_help_registry_setup": (
        "把团队登记库的 PostgreSQL 密码存入系统钥匙串。",
        "Store a team registry's PostgreSQL password in the system keyring.",
    ),
    "cli_opt_registry_setup_username": (
        "PostgreSQL 用户名（与 URL 中的一致）。",
        "The PostgreSQL user name (as in the URL).",
    ),
}
