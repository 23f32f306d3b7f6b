"""The PostgreSQL password of a team registry, kept in the operating system's keyring only.

Service :data:`SERVICE` (``customer-intake-registry``), user name = the URL's user name;
``intake registry setup`` stores it. Like the SMTP password it is never written to a file.
"""

from __future__ import annotations

import keyring
import keyring.errors

from ..schema import Lang
from .errors import RegistryError
from .texts import msg

__all__ = ["SERVICE", "registry_password", "set_registry_password"]

#: Keyring service name under which registry passwords are stored.
SERVICE = "customer-intake-registry"


def registry_password(username: str) -> str | None:
    """The stored password of ``username``, or None (the server may not need one)."""
    try:
        return keyring.get_password(SERVICE, username)
    except keyring.errors.KeyringError:
        return None  # no keyring at all: connect without; the server says if it needs one


def set_registry_password(username: str, password: str, *, lang: Lang = "zh") -> str:
    """Store the password of ``username``; returns the confirmation message."""
    try:
        keyring.set_password(SERVICE, username, password)
    except keyring.errors.KeyringError as exc:
        raise RegistryError(msg("reg_no_keyring", lang, detail=type(exc).__name__)) from None
    return msg("reg_password_saved", lang, username=username, service=SERVICE)
