"""E-mail of the follow-up workbooks to managers; the SMTP password lives in the OS keyring."""

from .compose import mask_mobile
from .secrets import SERVICE, delete_password, get_password, set_password
from .send import MailSettings, Outcome, SendReport, check_login, send_followups
from .smtp import SmtpTransport, Transport

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
