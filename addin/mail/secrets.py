"""The SMTP password, kept in the operating system's keyring and nowhere else.

Service name :data:`SERVICE` (``customer-intake-smtp``), user name = ``[email] username``.
On Windows this is the Credential Manager (“Windows 凭据”), on macOS the Keychain, on Linux
the Secret Service (GNOME Keyring / KWallet). ``intake email setup`` stores the password;
nothing in this package ever writes it to a workbook, a log or a file.

This module deliberately does not choose a backend: a plaintext file backend (keyrings.alt)
must never become the default behind the user's back, so when no real keyring exists we
say so instead of falling back.
"""

from __future__ import annotations

import keyring
import keyring.errors

from ..errors import MailError
from ..schema import Lang
from .texts import msg

__all__ = ["SERVICE", "get_password", "set_password", "delete_password"]

#: Keyring service name under which the SMTP password is stored.
SERVICE = "customer-intake-smtp"


def get_password(username: str, *, lang: Lang = "zh") -> str:
    """The SMTP password of ``username`` from the keyring.

    Args:
        username: the ``[email] username`` setting.
        lang: language of the error message.

    Raises:
        MailError: no password stored, or no usable keyring; the message says to run
            ``intake email setup``.

    Example:
        >>> get_password("sales@example.com")  # doctest: +SKIP
        '...'
    """
    try:
        password = keyring.get_password(SERVICE, username)
    except keyring.errors.KeyringError as exc:  # NoKeyringError included
        # The backend's message may be long or localised; its class name is enough to act on.
        raise MailError(msg("mail_no_keyring", lang, detail=type(exc).__name__)) from None
    if not password:
        raise MailError(msg("mail_no_password", lang, username=username))
    return password


def set_password(username: str, password: str, *, lang: Lang = "zh") -> str:
    """Store the SMTP password of ``username``; returns the confirmation message.

    Args:
        username: the ``[email] username`` setting.
        password: the password (or app password) of the mailbox.
        lang: language of the messages.

    Example:
        >>> set_password("sales@example.com", "app-password")  # doctest: +SKIP
        '已把 sales@example.com 的密码保存到系统钥匙串（服务名 customer-intake-smtp）'
    """
    try:
        keyring.set_password(SERVICE, username, password)
    except keyring.errors.KeyringError as exc:
        raise MailError(msg("mail_no_keyring", lang, detail=type(exc).__name__)) from None
    return msg("mail_password_saved", lang, username=username, service=SERVICE)


def delete_password(username: str) -> bool:
    """Remove the stored password; False when there was none."""
    try:
        keyring.delete_password(SERVICE, username)
    except keyring.errors.PasswordDeleteError:
        return False
    return True
