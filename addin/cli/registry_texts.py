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
    "cli_help_registry_grant": (
        "团队 PostgreSQL：让账号 LOGIN 以某位业务员的身份查看和登记（密码取自系统钥匙串）。\n\n"
        "由登记库的管理员运行；账号不存在时创建。业务员只能看到自己名下客户的完整记录，"
        "其他客户只通过登记检查得知状态、归属业务员和日期。",
        "Team PostgreSQL: let LOGIN read and register as a rep (its password from the "
        "keyring).\n\nRun by the registry's administrator; creates the login when missing. A rep "
        "reads the full record of their own customers only, and of the others learns status, "
        "owner and dates through the entry-time check.",
    ),
    "cli_opt_registry_grant_rep": (
        "该账号对应的业务员（或经理）姓名，与表格中的业务员一致。",
        "The rep (or manager) this login is, as written in the sheets' 业务员 column.",
    ),
    "cli_help_registry_revoke": (
        "团队 PostgreSQL：账号 LOGIN 不能再使用登记库。",
        "Team PostgreSQL: LOGIN may no longer use the registry.",
    ),
    "cli_help_registry_managers": (
        "团队 PostgreSQL：把 [managers]（业务员 -> 经理）写入登记库，替换原有的对应关系。\n\n"
        "经理能查看其业务员的客户，每次查看都记为一条事件。",
        "Team PostgreSQL: copy [managers] (rep -> manager) into the registry, replacing "
        "it.\n\nA manager reads their reps' customers; every such read is an event.",
    ),
    "cli_help_registry_logins": (
        "团队 PostgreSQL：所有账号、对应的业务员及其经理。",
        "Team PostgreSQL: every login, its rep and the rep's manager.",
    ),
}
