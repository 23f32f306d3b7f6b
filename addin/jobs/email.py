"""The e-mail jobs (``intake email``, 发送给经理; ``intake email setup``)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from ..audit import audit_path
from ..config import Config
from ..mail import MailSettings, SendReport, check_login, send_followups, set_password
from ..schema import Lang

__all__ = ["mail_username", "run_email", "run_email_setup"]


def run_email(
    followups_dir: Path, *, config: Config, send: bool, lang: Lang, retry_held: bool = False
) -> SendReport:
    """E-mail the workbooks of a follow-up folder (with its manifest.json) to the managers.

    Args:
        followups_dir: the folder ``run_followups`` or the pipeline wrote.
        config: the ``[email]`` settings.
        send: send now; otherwise only write the messages to the outbox (a dry run).
        lang: language of the report.
        retry_held: also send the messages held back (possibly delivered, or refused).

    Returns:
        The :class:`~addin.mail.SendReport` (``render`` it; its ``exit_code``: 0 all served).

    Example:
        >>> run_email(Path("out/followups"), config=Config(), send=False, lang="en")  # doctest: +SKIP
    """
    return send_followups(
        followups_dir,
        MailSettings.from_config(config),
        send=send,
        lang=lang,
        retry_held=retry_held,
        audit_log=audit_path(config),
    )


def mail_username(config: Config) -> str:
    """The ``[email] username`` (the mailbox login), '' when not set."""
    return MailSettings.from_config(config).username


def run_email_setup(
    config: Config, username: str, password: str, *, check: bool, lang: Lang
) -> str:
    """Store ``username``'s SMTP password in the keyring; with ``check``, also try to log in."""
    lines = [set_password(username, password, lang=lang)]
    if check:
        settings = dataclasses.replace(MailSettings.from_config(config), username=username)
        lines.append(check_login(settings, lang=lang))
    return "\n".join(lines)
