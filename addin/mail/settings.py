"""The ``[email]`` settings (see :mod:`addin.mail.send` for the table in intake.toml)."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from ..config import Config, settings_from_mapping
from ..errors import ConfigError
from ..schema import Lang
from .compose import check_subject, parse_address
from .smtp import SECURITY_MODES, SmtpTransport
from .texts import msg

__all__ = ["MailSettings"]


@dataclass(frozen=True)
class MailSettings:
    """The ``[email]`` table (see module doc)."""

    host: str = "localhost"
    port: int = 0
    security: str = "starttls"
    username: str = ""
    sender: str = ""
    sender_name: str = ""
    subject: str = ""
    cc: tuple[str, ...] = ()
    mask_mobiles: bool = True
    max_attachment_mb: float = 10.0
    timeout: float = 30.0
    ca_file: str = ""
    allow_plaintext: bool = False

    def __post_init__(self) -> None:
        if self.security not in SECURITY_MODES:
            raise ValueError(f"security must be one of {', '.join(SECURITY_MODES)}")
        if not isinstance(self.port, int) or not 0 <= self.port <= 65535:
            raise ValueError(f"port must be a number from 1 to 65535, not {self.port!r}")
        if not self.max_attachment_mb > 0 or not self.timeout > 0:
            raise ValueError("max_attachment_mb and timeout must be above 0")

    @classmethod
    def from_config(cls, config: Config) -> MailSettings:
        """The settings from the ``[email]`` table of ``config``."""
        return settings_from_mapping(cls, config.section("email"), section="email")

    def check(self, lang: Lang = "zh") -> None:
        """Raise ConfigError if these settings cannot produce a message."""
        if not self.sender:
            raise ConfigError(msg("mail_no_sender", lang))
        for key, value in [("sender", self.sender)] + [("cc", c) for c in self.cc]:
            try:
                parse_address(value)
            except ValueError:
                raise ConfigError(
                    msg("mail_bad_setting_address", lang, key=key, value=value)
                ) from None
        check_subject(self.subject, lang)
        self.check_plaintext(lang)

    def check_plaintext(self, lang: Lang = "zh") -> None:
        """Raise ConfigError when a login would cross the network in clear text unasked."""
        if self.security == "none" and self.username and not self.allow_plaintext:
            if not _loopback(self.host):
                raise ConfigError(msg("mail_plaintext_login", lang, host=self.host))

    def transport(self, password: str, lang: Lang = "zh") -> SmtpTransport:
        """The real SMTP transport for these settings."""
        return SmtpTransport(
            host=self.host, port=self.port, security=self.security, username=self.username,
            password=password, timeout=self.timeout, ca_file=self.ca_file, lang=lang,
        )  # fmt: skip


def _loopback(host: str) -> bool:
    """True for localhost and loopback addresses (no name is looked up)."""
    if host.strip().lower().rstrip(".") == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[] ")).is_loopback
    except ValueError:
        return False
