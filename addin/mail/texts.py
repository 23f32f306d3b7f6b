"""The texts of the e-mail step: the catalogue ``mail`` of message codes -> (zh, en).

Errors say what happened *and* what to do; they never contain the password.
"""

from __future__ import annotations

from ..messages import Catalogue

__all__ = ["TEXTS", "msg"]

_ENTRIES: dict[str, tuple[str, str]] = {
    # --- setup and configuration -----------------------------------------------------------
    "mail_no_sender": (
        '未设置发件人：请在 intake.toml 的 [email] 中填写 sender（例如 sender = "sales@example.com"）',
        "no sender configured: set sender in the [email] table of intake.toml "
        '(e.g. sender = "sales@example.com")',
    ),
    "mail_no_password": (
        "钥匙串中没有 {username} 的邮箱密码，请先运行：intake email setup",
        "no SMTP password for {username} in the keyring; run: intake email setup",
    ),
    "mail_no_keyring": (
        "本机没有可用的系统钥匙串（{detail}），无法读取邮箱密码。请在有钥匙串的电脑上运行 intake email setup",
        "no usable system keyring on this computer ({detail}), so the SMTP password cannot be "
        "read; run intake email setup on a computer with a keyring",
    ),
    "mail_password_saved": (
        "已把 {username} 的密码保存到系统钥匙串（服务名 {service}）",
        "the password for {username} is stored in the system keyring (service {service})",
    ),
    "mail_login_ok": ("已成功登录邮件服务器 {host}", "logged in to the mail server {host}"),
    "mail_bad_template": (
        "[email] subject 模板有误：{detail}。可用的占位符：{{manager}}、{{as_of}}、{{total}}",
        "the [email] subject template is wrong: {detail}; placeholders: {{manager}}, "
        "{{as_of}}, {{total}}",
    ),
    "mail_busy": (
        "另一个发送任务正在使用这个发件箱，请等它结束后再试",
        "another run is sending from this outbox; try again when it has finished",
    ),
    "mail_no_manifest": (
        "文件夹中没有 manifest.json，请先生成跟进表（intake followups）",
        "there is no manifest.json in this folder; write the follow-up sheets first "
        "(intake followups)",
    ),
    "mail_bad_manifest": (
        "manifest.json 无法读取：{detail}。请重新生成跟进表",
        "manifest.json cannot be read: {detail}; write the follow-up sheets again",
    ),
    # --- per manager -----------------------------------------------------------------------
    "mail_no_address": (
        "经理“{manager}”没有邮箱地址，未发送。请在设置表（[managers]）中填写后重新生成跟进表",
        "manager '{manager}' has no e-mail address, nothing sent; add it to the managers "
        "settings and write the follow-ups again",
    ),
    "mail_unassigned_rep": (
        "业务员“{rep}”没有对应的经理，其跟进表未发送给任何人。请在设置表中为其指定经理",
        "sales rep '{rep}' has no manager, so their follow-ups go to nobody; assign a manager "
        "in the settings",
    ),
    "mail_bad_address": (
        "经理“{manager}”的邮箱地址“{email}”无效，未发送。请在设置表中改正后重新生成跟进表",
        "manager '{manager}' has an invalid e-mail address '{email}', nothing sent; correct it "
        "in the settings and write the follow-ups again",
    ),
    "mail_bad_setting_address": (
        "[email] {key} 不是有效的邮箱地址：“{value}”",
        "[email] {key} is not a valid e-mail address: '{value}'",
    ),
    "mail_attachment_missing": (
        "附件 {file} 不存在，未发送给“{manager}”。请重新生成跟进表",
        "attachment {file} is missing, nothing sent to '{manager}'; write the follow-ups again",
    ),
    "mail_too_big_config": (
        "附件 {size} MB，超过设置的上限 {limit} MB（[email] max_attachment_mb），未发送；邮件保存在发件箱",
        "the attachment is {size} MB, over the configured limit of {limit} MB "
        "([email] max_attachment_mb); not sent, the message is kept in the outbox",
    ),
    "mail_too_big_server": (
        "邮件 {size} MB，超过邮件服务器允许的 {limit} MB，未发送；邮件保存在发件箱",
        "the message is {size} MB, over the server's limit of {limit} MB; not sent, the "
        "message is kept in the outbox",
    ),
    # --- SMTP ------------------------------------------------------------------------------
    "smtp_down": (
        "无法连接邮件服务器 {host}:{port}（{detail}）。请检查网络和 [email] host/port；邮件保存在发件箱，下次会重试",
        "cannot connect to the mail server {host}:{port} ({detail}); check the network and "
        "[email] host/port; the message is kept in the outbox and retried next time",
    ),
    "smtp_tls": (
        "与邮件服务器建立加密连接失败（{detail}）。请检查 [email] security 和 port（STARTTLS 通常 587，SSL 通常 465）",
        "the encrypted connection to the mail server failed ({detail}); check [email] "
        "security and port (STARTTLS is usually 587, SSL 465)",
    ),
    "smtp_no_starttls": (
        '邮件服务器不支持 STARTTLS，为保护密码未发送。请把 [email] security 改为 "ssl" 或咨询管理员',
        "the mail server does not offer STARTTLS, so nothing was sent to protect the password; "
        'set [email] security = "ssl" or ask your administrator',
    ),
    "smtp_auth": (
        "邮箱用户名或密码错误（{username}，服务器答复 {reply}）。请运行 intake email setup 重新输入密码",
        "wrong SMTP user name or password ({username}, server said {reply}); run intake email "
        "setup to enter the password again",
    ),
    "smtp_password_ascii": (
        "{username} 的密码含有中文或其他非 ASCII 字符，邮件服务器登录不支持。请在邮箱设置中使用“授权码/应用专用密码”，再运行 intake email setup",
        "the password for {username} contains non-ASCII characters, which SMTP login does not "
        "support; create an app password in the mailbox settings and run intake email setup",
    ),
    "smtp_no_auth": (
        "邮件服务器不接受登录（没有 AUTH）。请检查 [email] security/port，或删除 username",
        "the mail server does not accept a login (no AUTH); check [email] security/port or "
        "remove username",
    ),
    "smtp_sender_refused": (
        "邮件服务器拒绝发件人 {sender}（{detail}），未发送，也不会自动重试。请把 [email] sender 改为登录账号允许使用的地址，再运行 intake email --send --retry-held",
        "the mail server refused the sender {sender} ({detail}); not sent and not retried "
        "automatically; set [email] sender to an address your login may use, then run "
        "intake email --send --retry-held",
    ),
    "smtp_sender_temporary": (
        "邮件服务器暂时不接受发件人（{detail}）；邮件保存在发件箱，下次运行会重试",
        "the mail server temporarily refused the sender ({detail}); the message is kept in "
        "the outbox and retried by the next run",
    ),
    "smtp_recipient_refused": (
        "邮件服务器拒绝收件人 {to}（{detail}），未发送，也不会自动重试。请核对经理的邮箱地址，改正后重新生成跟进表",
        "the mail server refused the recipient {to} ({detail}); not sent and not retried "
        "automatically; check the manager's address, correct it and write the follow-ups again",
    ),
    "smtp_recipient_temporary": (
        "邮件服务器暂时不接受收件人 {to}（{detail}），地址本身没有问题；邮件保存在发件箱，下次运行会重试",
        "the mail server temporarily refused the recipient {to} ({detail}); the address is "
        "not the problem; the message is kept in the outbox and retried by the next run",
    ),
    "smtp_data_refused": (
        "邮件服务器拒收此邮件（{detail}），可能是反垃圾/病毒过滤或发送策略，未发送，也不会自动重试。请把答复转给邮件管理员，解决后运行 intake email --send --retry-held",
        "the mail server refused the message ({detail}), e.g. a spam or virus filter or a "
        "sending policy; not sent and not retried automatically; show the reply to your mail "
        "administrator, then run intake email --send --retry-held",
    ),
    "smtp_data_temporary": (
        "邮件服务器暂时无法接收此邮件（{detail}）；邮件保存在发件箱，下次运行会重试",
        "the mail server could not take the message just now ({detail}); it is kept in the "
        "outbox and retried by the next run",
    ),
    "smtp_rejected": (
        "邮件服务器拒收此邮件（{detail}），未发送，也不会自动重试",
        "the mail server rejected the message ({detail}); not sent and not retried automatically",
    ),
    "smtp_too_big": (
        "邮件服务器认为邮件过大（{detail}），未发送，也不会自动重试。请减少附件（或请管理员放宽限制）后重新生成跟进表",
        "the mail server found the message too large ({detail}); not sent and not retried "
        "automatically; make the attachment smaller (or ask for a higher limit) and write "
        "the follow-ups again",
    ),
    "smtp_disconnected": (
        "发送途中与邮件服务器断开（{detail}），邮件尚未完整送达服务器；邮件保存在发件箱，下次会重试",
        "the mail server closed the connection before the message was complete ({detail}); "
        "the message is kept in the outbox and retried next time",
    ),
    "smtp_in_doubt": (
        "邮件已完整送到服务器，但在服务器确认前连接断开（{detail}），可能已经送达。为避免重复，不会自动重发：请向经理确认是否收到，未收到时运行 intake email --send --retry-held",
        "the whole message reached the server but the connection broke before the server "
        "confirmed it ({detail}), so it may have been delivered; to avoid a duplicate it is "
        "not sent again automatically: ask the manager, and if it did not arrive run "
        "intake email --send --retry-held",
    ),
    "mail_interrupted": (
        "上次运行在发送此邮件时中断（{at}），服务器可能已经收下。为避免重复，不会自动重发：请向经理确认是否收到，未收到时运行 intake email --send --retry-held",
        "the last run was interrupted while sending this message ({at}); the server may "
        "have accepted it; to avoid a duplicate it is not sent again automatically: ask the "
        "manager, and if it did not arrive run intake email --send --retry-held",
    ),
    "mail_plaintext_login": (
        '[email] security = "none" 会把密码以明文发送到 {host}。请改用 "starttls" 或 "ssl"；确需明文（例如公司内网中继）时在 [email] 中加 allow_plaintext = true',
        '[email] security = "none" would send the password in clear text to {host}; use '
        '"starttls" or "ssl", or, if you really mean it (e.g. a relay on the company '
        "network), add allow_plaintext = true to [email]",
    ),
    "mail_stale_recipient": (
        "“{manager}”已不再负责 {reps}（按当前的经理设置），这封旧邮件不再发送",
        "'{manager}' no longer manages {reps} (per the current manager settings); this old "
        "message will not be sent",
    ),
    # --- the e-mail itself ------------------------------------------------------------------
    "mail_subject": ("客户跟进清单 {as_of} · {manager}", "Customer follow-ups {as_of} · {manager}"),
    "mail_greeting": ("{manager}，您好：", "Dear {manager},"),
    "mail_intro": (
        # {total} counts follow-up items (one customer may have several reasons), not customers
        "截至 {as_of}，您团队（{reps}）共有 {total} 条跟进事项，涉及 {customers} 位客户，"
        "明细见附件“{file}”。",
        "As of {as_of} your team ({reps}) has {total} follow-up items for {customers} "
        "customers; the details are in the attached workbook '{file}'.",
    ),
    "mail_intro_items": (  # a manifest without the number of customers
        "截至 {as_of}，您团队（{reps}）共有 {total} 条跟进事项，明细见附件“{file}”。",
        "As of {as_of} your team ({reps}) has {total} follow-up items; the details are "
        "in the attached workbook '{file}'.",
    ),
    "mail_by_reason": ("按跟进原因：", "By reason:"),
    "mail_count_line": ("{label}：{n}", "{label}: {n}"),
    "mail_who": ("{customer}（{company}）", "{customer} ({company})"),
    "mail_rep_sep": ("、", ", "),  # between the reps' names in the intro
    "mail_overdue_line": (
        "{due}（逾期 {days} 天）{who} · {reason} · 业务员：{rep}",
        "{due} ({days} days overdue) {who} · {reason} · rep: {rep}",
    ),
    "mail_top_overdue": ("逾期最久的跟进：", "Most overdue:"),
    "mail_none_overdue": ("目前没有逾期的跟进。", "Nothing is overdue."),
    "mail_col_reason": ("原因", "Reason"),
    "mail_col_count": ("客户数", "Customers"),
    "mail_col_rep": ("业务员", "Sales rep"),
    "mail_col_customer": ("客户", "Customer"),
    "mail_col_company": ("公司", "Company"),
    "mail_col_due": ("应跟进日期", "Due"),
    "mail_col_days": ("逾期天数", "Days overdue"),
    "mail_signature": (
        "此邮件由客户登记工具自动发送，如有疑问请联系发件人。",
        "Sent automatically by the customer intake add-in; reply to the sender with questions.",
    ),
    # --- report ----------------------------------------------------------------------------
    "mail_status_sent": ("已发送", "sent"),
    "mail_status_queued": ("已放入发件箱（未发送）", "in the outbox (not sent)"),
    "mail_status_already_sent": ("此前已发送，跳过", "sent before, skipped"),
    "mail_status_failed": ("失败", "failed"),
    "mail_status_no_address": ("无邮箱", "no address"),
    "mail_status_unsure": ("可能已送达，暂不重发", "may have been delivered, held back"),
    "mail_status_rejected": ("被服务器拒收，不再自动重试", "refused by the server, not retried"),
    "mail_status_superseded": (
        "已被新的跟进表取代，不再发送",
        "replaced by newer follow-ups, will not be sent",
    ),
    "mail_summary": (
        "发送 {sent} 封，失败 {failed} 封，跳过 {skipped} 封，待发送 {queued} 封",
        "{sent} sent, {failed} failed, {skipped} skipped, {queued} waiting in the outbox",
    ),
    "mail_dry_run_hint": (
        "这是试运行：邮件已写入 {outbox}，未发送。确认无误后加 --send 发送",
        "dry run: the messages are in {outbox}, nothing was sent; add --send to send them",
    ),
}

TEXTS = Catalogue("mail", _ENTRIES)
msg = TEXTS.msg
