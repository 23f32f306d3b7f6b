"""The registry's texts: opening errors, ownership rules, check statuses and reasons."""

from __future__ import annotations

from ..messages import Catalogue

__all__ = ["TEXTS", "msg"]

TEXTS = Catalogue(
    "registry",
    {
        # --- regrun: stored duplicate decisions (settled.py), field history (fields.py) --------
        "regrun_decision_reason": (
            "查重表 {file} 中经理的决定",
            "the manager's decision in {file}",
        ),
        "regrun_ev_field_changed": ("{field}已更改", "{field} changed"),
        "regrun_history_change": ("{old} → {new}", "{old} -> {new}"),
        "regrun_history_blank": ("（空）", "(blank)"),
        # --- opening (connect.py, migrate.py) -------------------------------------------------
        "reg_missing": (
            "这里还没有客户登记库；先运行 intake registry init",
            "no customer registry here yet; run intake registry init first",
        ),
        "reg_not_registry": (
            "这不是客户登记库（其他程序的文件或数据库）；请检查 [registry] url 或 --registry",
            "this is not a customer registry (another program's file or database); "
            "check [registry] url or --registry",
        ),
        "reg_not_initialised": (
            "数据库是空的；先运行 intake registry init",
            "the database is empty; run intake registry init first",
        ),
        "reg_newer_schema": (
            "登记库由更新版本的 intake 创建（结构版本 {revision}）；请先升级 intake，本机未做任何修改",
            "the registry was made by a newer intake (schema {revision}); update intake first, "
            "nothing was changed",
        ),
        "reg_older_schema": (
            "登记库结构较旧（版本 {revision}）；运行 intake registry init 升级（会先备份）",
            "the registry's schema is older ({revision}); run intake registry init to upgrade it",
        ),
        "reg_locked": (
            "登记库正被其他程序占用（锁定）；稍后再试，或关闭正在使用它的程序。未写入任何内容",
            "the registry is locked by another program; try again later or close that program. "
            "Nothing was written",
        ),
        "reg_unreachable": (
            "连不上登记库服务器；请检查网络、地址和端口。未写入任何内容",
            "cannot reach the registry server; check the network, host and port. "
            "Nothing was written",
        ),
        "reg_bad_password": (
            "登记库服务器拒绝了用户名或密码；运行 intake registry setup 重新保存密码",
            "the registry server refused the user name or password; run intake registry setup "
            "to store the password again",
        ),
        "reg_no_database": (
            "服务器上没有这个数据库；请让管理员创建，或检查 URL",
            "the server has no such database; ask the administrator to create it or check the URL",
        ),
        "reg_db_error": ("登记库出错：{detail}", "registry error: {detail}"),
        "reg_password_in_url": (
            "密码不能写在 URL 里（会留在配置文件和命令历史中）；去掉密码，"
            "用 intake registry setup 保存到系统钥匙串",
            "do not put the password in the URL (it would stay in files and shell history); "
            "remove it and store it with intake registry setup",
        ),
        "reg_no_keyring": (
            "没有可用的系统钥匙串（{detail}），无法保存密码",
            "no usable system keyring ({detail}); cannot store the password",
        ),
        "reg_password_saved": (
            "已把 {username} 的登记库密码保存到系统钥匙串（服务名 {service}）",
            "stored the registry password of {username} in the system keyring (service {service})",
        ),
        # --- evidence (match.py): kinds of keys, never their values -------------------------
        "reg_ev_credit_code": ("统一社会信用代码相同", "same credit code"),
        "reg_ev_id_number": ("证件号码相同", "same ID number"),
        "reg_ev_account": (
            "同一家公司（名称去掉城市和后缀后相同）",
            "same company (name without city and legal suffix)",
        ),
        "reg_ev_person_mobile": ("姓名和手机相同", "same name and mobile"),
        "reg_ev_person_email": ("姓名和邮箱相同", "same name and e-mail"),
        "reg_ev_brand": ("公司字号相同", "same company name"),
        "reg_ev_mobile": ("手机相同但姓名或公司不同", "same mobile, other name or company"),
        "reg_ev_email": ("邮箱相同但姓名或公司不同", "same e-mail, other name or company"),
        "reg_ev_wechat": ("微信相同", "same WeChat"),
        "reg_ev_phone": ("电话相同", "same phone"),
        "reg_ev_name_birth": ("姓名和生日相同", "same name and birthday"),
        "reg_ev_none": (
            "缺少可识别的信息（手机、邮箱、公司、信用代码或证件号），无法登记",
            "nothing to identify the customer by (mobile, e-mail, company, credit code or ID); "
            "cannot be registered",
        ),
        "reg_note_other_city": ("但城市不同", "but in another city"),
        "acc_note_other_trade": ("但行业不同", "but in another trade"),
        "acc_note_bare_brand": (
            "只写了字号，登记中此字号有多个行业的公司，请核实是哪一家",
            "only the brand is written and the registry holds it in several trades: "
            "please review which one is meant",
        ),
        "acc_note_several_cities": (
            "未写城市，登记中此字号在多个城市，请核实是哪一家",
            "no city is written and the registry holds the brand in several cities: "
            "please review which one is meant",
        ),
        "reg_note_other_code": ("但信用代码不同", "but a different credit code"),
        "reg_note_same_batch": (
            "同一批导入中先登记的记录",
            "registered from an earlier record of this batch",
        ),
        "reg_reason_sep": ("；", "; "),
        # --- statuses --------------------------------------------------------------------------
        "reg_status_new": (
            "登记库中没有这个客户，可以登记",
            "not in the registry: may be registered",
        ),
        "reg_status_yours": (
            "已是你的客户（{since} 起），保护期至 {until}",
            "already yours (since {since}), protected until {until}",
        ),
        "reg_status_taken": (
            "已被 {owner} 登记（{since} 起），保护期至 {until}；请勿重复跟进",
            "registered by {owner} (since {since}), protected until {until}; do not follow it up",
        ),
        "reg_status_pool": (
            "在公海中，可以认领（intake registry claim）",
            "in the public pool (公海): may be claimed (intake registry claim)",
        ),
        "reg_status_possible": (
            "疑似登记库中已有的客户，请经理核实",
            "possibly a registered customer; ask your manager to review",
        ),
        "reg_status_possible_owned": (
            "疑似 {owner} 的客户，请经理核实",
            "possibly {owner}'s customer; ask your manager to review",
        ),
        # --- events and rules (register.py, ownership.py) ----------------------------------------
        "reg_ev_registered": ("首次登记", "first registered"),
        "reg_ev_collision": (
            "撞单：{owner} 已登记此客户",
            "collision (撞单): {owner} registered this customer",
        ),
        "reg_ev_follow_up": (
            "记录了新的跟进（最近联系日期更新），保护期重新计算",
            "follow-up recorded (later last contact): protection starts again",
        ),
        "reg_ev_deal": ("成交：保护期延长", "deal: longer protection"),
        "reg_ev_expired": (
            "{days} 天没有记录跟进，退回公海",
            "no follow-up recorded for {days} days: back to the public pool",
        ),
        "reg_no_customer": ("登记库中没有客户 {ref}", "no customer {ref} in the registry"),
        "reg_ambiguous_customer": (
            "有多个客户叫 {ref}（{ids}）；请用编号",
            "several customers are called {ref} ({ids}); use the number",
        ),
        "reg_over_limit": (
            "{rep} 已有 {limit} 个客户（私海上限）；先释放一些再认领",
            "{rep} already owns {limit} customers (the limit); release some first",
        ),
        "reg_already_yours": ("{name} 已是你的客户", "{name} is already yours"),
        "reg_claim_taken": (
            "{name} 已被 {owner} 登记，不在公海",
            "{name} is owned by {owner}, not in the public pool",
        ),
        "reg_claim_lost": ("{name} 刚刚被别人认领了", "{name} was just claimed by someone else"),
        "reg_not_owner": (
            "{name} 不是 {rep} 的客户，不能释放",
            "{name} is not {rep}'s customer; cannot release it",
        ),
        "reg_not_manager": (
            "{by} 不是 {owner} 的经理（见 [managers]），不能转移",
            "{by} is not the manager of {owner} (see [managers]); cannot transfer",
        ),
        # --- backups (backup.py) ----------------------------------------------------------------
        "reg_no_pg_tool": (
            "找不到 {tool}（PostgreSQL 客户端工具）；请先安装",
            "{tool} (PostgreSQL client tools) not found; install it first",
        ),
        "reg_pg_tool_failed": ("{tool} 失败：{detail}", "{tool} failed: {detail}"),
        "reg_no_backup": ("找不到这个备份文件", "backup file not found"),
        "reg_backup_kind": (
            "这个备份不是这种登记库的（SQLite 用 .sqlite，PostgreSQL 用 .dump）",
            "this backup is for the other kind of registry (.sqlite for SQLite, .dump for PostgreSQL)",
        ),
        "reg_restore_not_empty": (
            "目标登记库里已有客户；只能恢复到新建的空登记库（先 intake registry init 一个新的）",
            "the target registry already has customers; restore only into a new, empty registry "
            "(intake registry init a new one first)",
        ),
        # --- the check's report (report.py) and the jobs ------------------------------------------
        "reg_row": ("第 {row} 行", "row {row}"),
        "reg_label_new": ("新客户", "new"),
        "reg_label_yours": ("你的", "yours"),
        "reg_label_taken": ("已被登记", "taken"),
        "reg_label_pool": ("公海", "pool"),
        "reg_label_possible": ("待核实", "possible"),
        "reg_check_summary": (
            "{n} 行：新客户 {new}、你的 {yours}、已被他人登记 {taken}、公海 {pool}、待核实 {possible}",
            "{n} rows: {new} new, {yours} yours, {taken} taken, {pool} in the pool, {possible} to review",
        ),
        "reg_ready": (
            "登记库已就绪：{where}（结构版本 {revision}）",
            "registry ready: {where} (schema {revision})",
        ),
        "reg_imported": (
            "{rows} 条记录：新登记客户 {registered}、新增来源记录 {records}、撞单 {collisions}、超出私海上限 {over}",
            "{rows} records: {registered} customers registered, {records} source records added, "
            "{collisions} collisions, {over} over the limit",
        ),
        "reg_status_line": (
            "{where}：客户 {customers}（私有 {owned}、公海 {pool}），事件 {events}",
            "{where}: {customers} customers ({owned} owned, {pool} in the pool), {events} events",
        ),
        "reg_rep_line": ("  {rep}：{n} 个客户", "  {rep}: {n} customers"),
        "reg_claimed": (
            "{name}（#{id}）现在是 {rep} 的客户，保护期至 {until}",
            "{name} (#{id}) now belongs to {rep}, protected until {until}",
        ),
        "reg_released": ("{name}（#{id}）已退回公海", "{name} (#{id}) is back in the public pool"),
        "reg_backup_written": ("备份：{path}", "backup: {path}"),
        "reg_restored": (
            "已从 {path} 恢复：客户 {customers}、事件 {events}",
            "restored from {path}: {customers} customers, {events} events",
        ),
        "reg_history_line": ("{at}  {kind}  {actor}  {detail}", "{at}  {kind}  {actor}  {detail}"),
        "reg_busy": (
            "登记库太忙（同时写入的人太多）；请稍后再试，未写入任何内容",
            "the registry is too busy (too many writers at once); try again, nothing was written",
        ),
        # --- access on a team PostgreSQL (access.py) -------------------------------------------
        "rls_sqlite": (
            "SQLite 登记库是一个人的文件（经理的电脑），没有登录账号；团队共用请用 PostgreSQL",
            "a SQLite registry is one person's file (the manager's PC) and has no logins; "
            "share a team PostgreSQL instead",
        ),
        "rls_not_admin": (
            "只有登记库的管理员（库的所有者）能管理账号和经理；请用管理员账号运行",
            "only the registry's administrator (its owner) manages logins and managers; "
            "run this with the administrator's login",
        ),
        "rls_bad_name": (
            "账号名（最多 63 个字符）和业务员姓名（最多 100 个字符）都不能为空：{login!r} / {person!r}",
            "the login (at most 63 characters) and the rep's name (at most 100) must not be "
            "empty: {login!r} / {person!r}",
        ),
        "rls_granted": (
            "账号 {login} 现在以 {person} 的身份使用登记库（密码取自系统钥匙串）",
            "login {login} now uses the registry as {person} (password from the keyring)",
        ),
        "rls_granted_no_password": (
            "账号 {login} 现在以 {person} 的身份使用登记库；钥匙串中没有它的密码，未设置密码"
            "（先运行 intake registry setup --username {login} 再授权一次即可设置）",
            "login {login} now uses the registry as {person}; the keyring holds no password for "
            "it, so none was set (run intake registry setup --username {login}, then grant again)",
        ),
        "rls_revoked": (
            "账号 {login} 不能再使用登记库",
            "login {login} can no longer use the registry",
        ),
        "rls_no_login": ("登记库中没有账号 {login}", "the registry has no login {login}"),
        "rls_managers_set": (
            "已登记 {n} 位业务员的经理（共 {managers} 位经理）",
            "recorded the managers of {n} reps ({managers} managers)",
        ),
        "rls_login_line": (
            "{login}  {person}  经理：{manager}",
            "{login}  {person}  manager: {manager}",
        ),
        "rls_not_yours": (
            "你的账号只能登记自己名下的客户（表格中有其他业务员的行）；请用 --rep 或由经理导入",
            "your login may only register its own customers (the sheet has other reps' rows); "
            "use --rep or let your manager import it",
        ),
        "rls_admin_only": (
            "认领、退回和转交由经理用登记库管理员的账号操作；你的账号只能检查和登记自己的客户",
            "claims, releases and transfers are done by a manager with the registry "
            "administrator's login; your login checks and registers your own customers",
        ),
        "rls_denied": (
            "你的账号没有这个权限（认领、退回和转交由经理用管理员账号操作）：{detail}",
            "your login may not do this (claims, releases and transfers are done by the "
            "manager with the administrator's login): {detail}",
        ),
    },
)

msg = TEXTS.msg
