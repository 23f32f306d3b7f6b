"""Building one manager's e-mail: subject, plain-text and HTML summary, workbook attached.

Headers with Chinese display names are RFC 2047-encoded by :mod:`email` (``Address``), the
attachment name RFC 2231-encoded; bodies are UTF-8 in base64, so the message is pure ASCII
on the wire and needs no SMTPUTF8/8BITMIME support from the server.
"""

from __future__ import annotations

import datetime as dt
import html
import mimetypes
import re
from collections.abc import Sequence
from dataclasses import replace
from email import policy
from email.errors import HeaderParseError
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime

from ..errors import ConfigError
from ..managers import one_line
from ..schema import Lang
from .manifest import ManagerEntry, Overdue
from .texts import msg

__all__ = [
    "parse_address",
    "mask_mobile",
    "subject_for",
    "check_subject",
    "build_message",
    "XLSX_TYPES",
]

XLSX_TYPES = {
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".xlsm": "application/vnd.ms-excel.sheet.macroEnabled.12",
}

# A Chinese mobile number anywhere in free text: 11 digits starting 1[3-9], optionally
# +86/86 in front and spaces or dashes in the usual 3-4-4 places.
_MOBILE = re.compile(r"(?<!\d)((?:\+?86[ -]?)?1[3-9]\d)[ -]?\d{4}[ -]?(\d{4})(?!\d)")


def mask_mobile(text: str) -> str:
    """Hide the middle four digits of every mobile number in ``text``.

    Args:
        text: any text that may contain phone numbers.

    Example:
        >>> mask_mobile("请回电 138 1234 5678 或 +8613912345678")
        '请回电 138****5678 或 +86139****5678'
    """
    return _MOBILE.sub(lambda m: f"{m.group(1)}****{m.group(2)}", text)


def check_subject(template: str, lang: Lang = "zh") -> None:
    """Raise ConfigError now if the subject template cannot be filled in."""
    subject_for(template, manager="李经理", as_of="2026-11-23", total=1, lang=lang)


def subject_for(template: str, *, manager: str, as_of: str, total: int, lang: Lang) -> str:
    """The subject line: ``template`` (or the default of ``lang``) filled in."""
    try:
        return (template or msg("mail_subject", lang)).format(
            manager=manager, as_of=as_of, total=total
        )
    except (KeyError, IndexError, ValueError) as exc:
        detail = f"{{{exc.args[0]}}}" if isinstance(exc, KeyError) else str(exc)
        raise ConfigError(msg("mail_bad_template", lang, detail=detail)) from None


def _lines(entry: ManagerEntry, as_of: str, lang: Lang) -> tuple[str, str]:
    sep = msg("mail_rep_sep", lang)
    greeting = msg("mail_greeting", lang, manager=entry.manager)
    intro = msg(
        "mail_intro" if entry.customers else "mail_intro_items", lang, as_of=as_of,
        reps=sep.join(entry.reps) or "-", total=entry.total, customers=entry.customers,
        file=entry.file.name,
    )  # fmt: skip
    return greeting, intro


def _counts(entry: ManagerEntry) -> list[tuple[str, int]]:
    """(label, count) in the manifest's order (the follow-up step lists reasons by urgency);
    codes without a label are shown as they are."""
    return [(entry.reason_labels.get(code, code), n) for code, n in entry.counts.items()]


def _overdue_cells(o: Overdue) -> list[str]:
    return [o.rep, o.customer, o.company, o.reason, o.due, str(o.days_overdue)]


def _overdue_headers(lang: Lang) -> list[str]:
    cols = ("rep", "customer", "company", "reason", "due", "days")
    return [msg(f"mail_col_{c}", lang) for c in cols]


def text_body(entry: ManagerEntry, as_of: str, lang: Lang) -> str:
    """The plain-text part."""
    greeting, intro = _lines(entry, as_of, lang)
    out = [greeting, "", intro, "", msg("mail_by_reason", lang)]
    out += ["  - " + msg("mail_count_line", lang, label=lb, n=n) for lb, n in _counts(entry)]
    out += ["", msg("mail_top_overdue", lang)]
    if not entry.top_overdue:
        out.append("  " + msg("mail_none_overdue", lang))
    for o in entry.top_overdue:
        who = (
            msg("mail_who", lang, customer=o.customer, company=o.company)
            if o.company
            else o.customer
        )
        line = msg("mail_overdue_line", lang, due=o.due, days=o.days_overdue, who=who,
                   reason=o.reason, rep=o.rep)  # fmt: skip
        out.append("  - " + line)
    out += ["", "--", msg("mail_signature", lang), ""]
    return "\n".join(out)


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    # Inline styles only: Outlook ignores <style> blocks and CSS classes in many versions.
    th = "".join(
        f'<th style="border:1px solid #ccc;padding:4px 8px;background:#f2f2f2;text-align:left">'
        f"{html.escape(h)}</th>"
        for h in headers
    )
    body = "".join(
        "<tr>"
        + "".join(
            f'<td style="border:1px solid #ccc;padding:4px 8px">{html.escape(c)}</td>' for c in r
        )
        + "</tr>"
        for r in rows
    )
    return f'<table style="border-collapse:collapse"><tr>{th}</tr>{body}</table>'


def html_body(entry: ManagerEntry, as_of: str, lang: Lang) -> str:
    """The HTML part (every value escaped)."""
    greeting, intro = _lines(entry, as_of, lang)
    counts = _table(
        [msg("mail_col_reason", lang), msg("mail_col_count", lang)],
        [(label, str(n)) for label, n in _counts(entry)],
    )
    if entry.top_overdue:
        overdue = _table(_overdue_headers(lang), [_overdue_cells(o) for o in entry.top_overdue])
    else:
        overdue = f"<p>{html.escape(msg('mail_none_overdue', lang))}</p>"
    return (
        f'<html><body style="font-family:Microsoft YaHei,Arial,sans-serif;font-size:14px">'
        f"<p>{html.escape(greeting)}</p><p>{html.escape(intro)}</p>"
        f"<p><b>{html.escape(msg('mail_by_reason', lang))}</b></p>{counts}"
        f"<p><b>{html.escape(msg('mail_top_overdue', lang))}</b></p>{overdue}"
        f'<p style="color:#888">{html.escape(msg("mail_signature", lang))}</p>'
        f"</body></html>"
    )


def _masked(entry: ManagerEntry) -> ManagerEntry:
    """The entry with mobile numbers hidden in every free-text value."""
    overdue = tuple(
        replace(o, customer=mask_mobile(o.customer), company=mask_mobile(o.company),
                reason=mask_mobile(o.reason), rep=mask_mobile(o.rep))
        for o in entry.top_overdue
    )  # fmt: skip
    labels = {k: mask_mobile(v) for k, v in entry.reason_labels.items()}
    return replace(entry, top_overdue=overdue, reason_labels=labels)


def build_message(
    entry: ManagerEntry,
    *,
    as_of: str,
    lang: Lang,
    sender: str,
    sender_name: str = "",
    cc: Sequence[str] = (),
    subject: str = "",
    mask_mobiles: bool = True,
    message_id: str,
    now: dt.datetime,
) -> EmailMessage:
    """One manager's message, ready to be written as .eml and sent.

    Args:
        entry: the manager's manifest entry (``email`` must be set, ``file`` must exist).
        as_of: the follow-up date shown in subject and body.
        lang: language of subject and body.
        sender, sender_name: the From address and its display name.
        cc: extra recipients (shown in Cc).
        subject: subject template with ``{manager}``, ``{as_of}``, ``{total}``; "" = default.
        mask_mobiles: hide the middle digits of mobile numbers in the body.
        message_id: stable id; the Message-ID header is derived from it, so a retried
            message is recognisably the same one.
        now: the Date header.

    Example:
        >>> build_message(entry, as_of="2026-11-23", lang="zh", sender="s@example.com",
        ...               message_id="ab12", now=now)["To"]  # doctest: +SKIP
        '=?utf-8?b?5p2O57uP55CG?= <li@example.com>'
    """
    shown = _masked(entry) if mask_mobiles else entry
    message = EmailMessage(policy=policy.SMTP)
    # A header is one line: a line break typed into a name (Alt+Enter in 设置, "\n" in the
    # TOML) is a space there, never a header injection nor an error.
    message["Subject"] = one_line(subject_for(subject, manager=entry.manager, as_of=as_of,
                                              total=entry.total, lang=lang))  # fmt: skip
    message["From"] = parse_address(sender, one_line(sender_name))
    message["To"] = parse_address(entry.email, one_line(entry.manager))
    if cc:
        message["Cc"] = ", ".join(cc)
    message["Date"] = format_datetime(now)
    domain = sender.rpartition("@")[2] or "customer-intake.invalid"
    message["Message-ID"] = f"<{message_id}@{domain}>"
    message["X-Intake-Id"] = message_id
    message.set_content(text_body(shown, as_of, lang), cte="base64")
    message.add_alternative(html_body(shown, as_of, lang), subtype="html", cte="base64")
    mime = XLSX_TYPES.get(entry.file.suffix.lower()) or (
        mimetypes.guess_type(entry.file.name)[0] or "application/octet-stream"
    )
    maintype, _, subtype = mime.partition("/")
    message.add_attachment(
        entry.file.read_bytes(), maintype=maintype, subtype=subtype, filename=entry.file.name
    )
    return message


def parse_address(addr: str, name: str = "") -> Address:
    """``addr`` as an Address with display name ``name``; ValueError when it is not one."""
    if not addr.isascii():  # SMTP commands are ASCII; IDN domains must be given as xn--
        raise ValueError("not ASCII")
    try:
        address = Address(display_name=name, addr_spec=addr.strip())
    except (ValueError, HeaderParseError) as exc:  # defects are ValueErrors
        raise ValueError(str(exc)) from None
    if not address.domain:
        raise ValueError("no domain")
    return address
