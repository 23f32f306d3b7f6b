"""E-mail of the follow-up workbooks to managers; the SMTP password lives in the OS keyring."""

from .secrets import delete_password, get_password, set_password
from .send import (
    SERVICE,
    MailSettings,
    Outcome,
    SendReport,
    SmtpTransport,
    Transport,
    check_login,
    mask_mobile,
    send_followups,
)

__all__ = [
    "MailSettings",
    "Outcome",
    "SERVICE",
    "SendReport",
    "SmtpTransport",
    "Transport",
    "check_login",
    "delete_password",
    "get_password",
    "mask_mobile",
    "send_followups",
    "set_password",
]
