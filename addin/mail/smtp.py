"""Sending bytes to a mail server: the Transport interface and its smtplib implementation.

The mailer only sees :class:`Transport` (``connect()``) and :class:`Connection`
(``size_limit``, ``send``, ``close``); every smtplib/socket/ssl exception is turned into an
:class:`SmtpFailure` carrying a message code, so the mailer can tell a dead server (stop
trying for this run) from a refused message (try the next manager).
"""

from __future__ import annotations

import contextlib
import os
import smtplib
import ssl
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from ..errors import ConfigError, MailError
from ..schema import Lang
from .texts import msg

__all__ = [
    "Connection",
    "SmtpConnection",
    "SmtpFailure",
    "SmtpTransport",
    "Transport",
    "SECURITY_MODES",
    "DEFAULT_PORTS",
    "CA_FILE_ENV",
]

SECURITY_MODES = ("starttls", "ssl", "none")
DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}
#: Extra CA bundle (PEM) to trust, when ``[email] ca_file`` is not set: for company servers
#: with their own certificate authority, and for the tests' trustme CA.
CA_FILE_ENV = "INTAKE_SMTP_CA_FILE"


class SmtpFailure(MailError):
    """The server could not be reached or did not accept a message."""

    def __init__(self, code: str, message: str, *, connection: bool) -> None:
        self.code = code
        #: True when the connection itself failed: later messages would fail the same way.
        self.connection = connection
        super().__init__(message)


class Connection(Protocol):
    """An open session with a mail server."""

    @property
    def size_limit(self) -> int | None:
        """Largest message the server accepts, in bytes (SIZE extension), if it says."""
        ...

    def send(self, raw: bytes, sender: str, recipients: Sequence[str]) -> dict[str, str]:
        """Deliver one message; returns the recipients refused while others were accepted."""
        ...

    def close(self) -> None:
        """End the session (errors ignored)."""
        ...


class Transport(Protocol):
    """Something that opens :class:`Connection`s (the real one is :class:`SmtpTransport`)."""

    def connect(self) -> Connection:
        """Open a session, including TLS and login; raises :class:`SmtpFailure`."""
        ...


@dataclass(frozen=True)
class SmtpTransport:
    """SMTP over smtplib: STARTTLS, implicit SSL or plain, with optional login.

    Args:
        host, port: the server (port 0 = the usual port of ``security``).
        security: ``"starttls"`` (never falls back to plain text), ``"ssl"`` or ``"none"``.
        username: login name; empty = no login.
        password: the password (from the keyring); never logged or shown.
        timeout: seconds for connecting and for each server reply.
        ca_file: extra CA certificates (PEM) to trust; default ``$INTAKE_SMTP_CA_FILE``.
        lang: language of the failure messages.
    """

    host: str
    port: int = 0
    security: str = "starttls"
    username: str = ""
    password: str = ""
    timeout: float = 30.0
    ca_file: str = ""
    lang: Lang = "zh"

    def __repr__(self) -> str:  # the dataclass default would print the password
        return f"SmtpTransport({self.host!r}, {self.effective_port}, {self.security!r})"

    @property
    def effective_port(self) -> int:
        return self.port or DEFAULT_PORTS[self.security]

    def ssl_context(self) -> ssl.SSLContext:
        """Certificate-checking TLS context, also trusting ``ca_file`` if given."""
        ca_file = self.ca_file or os.environ.get(CA_FILE_ENV, "")
        if ca_file and not Path(ca_file).is_file():
            raise ConfigError("[email] ca_file not found", file=ca_file)
        return ssl.create_default_context(cafile=ca_file or None)

    def connect(self) -> SmtpConnection:
        """Connect, secure the session and log in; see :class:`Transport`."""
        context = None if self.security == "none" else self.ssl_context()
        smtp: smtplib.SMTP | None = None
        try:
            if self.security == "ssl":
                smtp = smtplib.SMTP_SSL(
                    self.host, self.effective_port, timeout=self.timeout, context=context
                )
            else:
                smtp = smtplib.SMTP(self.host, self.effective_port, timeout=self.timeout)
            smtp.ehlo()
            if self.security == "starttls":
                if not smtp.has_extn("starttls"):
                    raise self._fail("smtp_no_starttls")
                smtp.starttls(context=context)
                smtp.ehlo()
            if self.username:
                if not smtp.has_extn("auth"):
                    raise self._fail("smtp_no_auth")
                self._login(smtp)
        except Exception as exc:
            if smtp is not None:
                with contextlib.suppress(Exception):
                    smtp.close()
            raise self._translate(exc) from None
        return SmtpConnection(smtp, lang=self.lang)

    def _login(self, smtp: smtplib.SMTP) -> None:
        try:
            smtp.login(self.username, self.password)
        except (smtplib.SMTPAuthenticationError, smtplib.SMTPServerDisconnected):
            raise
        except smtplib.SMTPException:  # no AUTH method both sides know
            raise self._fail("smtp_no_auth") from None
        except UnicodeEncodeError:  # smtplib sends credentials as ASCII only
            raise self._fail("smtp_password_ascii", username=self.username) from None

    def _fail(self, code: str, **kw: object) -> SmtpFailure:
        return SmtpFailure(code, msg(code, self.lang, **kw), connection=True)

    def _translate(self, exc: Exception) -> Exception:
        """The SmtpFailure for an exception raised while connecting (others unchanged)."""
        if isinstance(exc, SmtpFailure):
            return exc
        if isinstance(exc, smtplib.SMTPAuthenticationError):
            return self._fail("smtp_auth", username=self.username, reply=exc.smtp_code)
        if isinstance(exc, smtplib.SMTPNotSupportedError):
            return self._fail("smtp_no_auth")
        if isinstance(exc, ssl.SSLError | ssl.CertificateError):
            return self._fail("smtp_tls", detail=_detail(exc))
        if isinstance(exc, OSError):  # refused, timeout, DNS, greeting refused, dropped
            return self._fail(
                "smtp_down", host=self.host, port=self.effective_port, detail=_detail(exc)
            )
        return exc


class SmtpConnection:
    """An open smtplib session (see :class:`Connection`)."""

    def __init__(self, smtp: smtplib.SMTP, *, lang: Lang = "zh") -> None:
        self._smtp = smtp
        self._lang = lang

    @property
    def size_limit(self) -> int | None:
        value = self._smtp.esmtp_features.get("size", "").strip()
        # "SIZE" without a number, or SIZE 0, means the server states no limit (RFC 1870).
        return int(value) if value.isdecimal() and int(value) > 0 else None

    def send(self, raw: bytes, sender: str, recipients: Sequence[str]) -> dict[str, str]:
        try:
            refused = self._smtp.sendmail(sender, list(recipients), raw)
        except smtplib.SMTPRecipientsRefused as exc:
            to = ", ".join(exc.recipients)
            code, text = next(iter(exc.recipients.values()), (0, b""))
            raise self._fail(
                "smtp_recipient_refused", code, to=to, detail=_reply(code, text)
            ) from None
        except smtplib.SMTPResponseException as exc:  # sender refused, DATA refused, ...
            name = "smtp_too_big" if exc.smtp_code == 552 else "smtp_rejected"
            detail = _reply(exc.smtp_code, exc.smtp_error)
            raise self._fail(name, exc.smtp_code, detail=detail) from None
        except UnicodeEncodeError as exc:  # an address smtplib cannot put in a command
            raise self._fail("smtp_rejected", 0, detail=str(exc)) from None
        except OSError as exc:  # SMTPServerDisconnected, reset, timeout: reconnect next time
            raise SmtpFailure(
                "smtp_disconnected",
                msg("smtp_disconnected", self._lang, detail=_detail(exc)),
                connection=True,
            ) from None
        return {addr: _reply(*reply) for addr, reply in refused.items()}

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._smtp.quit()
        with contextlib.suppress(Exception):
            self._smtp.close()

    def _fail(self, name: str, reply: int, **kw: object) -> SmtpFailure:
        # 421: the server is closing the session (smtplib has closed it): reconnect next time.
        return SmtpFailure(name, msg(name, self._lang, **kw), connection=reply == 421)


def _reply(code: int, text: bytes | str) -> str:
    """'550 no such user' from an SMTP reply."""
    body = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return f"{code} {body}".strip()


def _detail(exc: BaseException) -> str:
    """A short reason from a low-level exception (never includes the password)."""
    if isinstance(exc, smtplib.SMTPResponseException):
        return _reply(exc.smtp_code, exc.smtp_error)
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__
