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
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from ..errors import ConfigError, MailError
from ..schema import Lang
from .texts import msg

if TYPE_CHECKING:  # the type smtplib's stubs use; in collections.abc from Python 3.12
    from typing_extensions import Buffer

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

    def __init__(
        self,
        code: str,
        message: str,
        *,
        connection: bool,
        permanent: bool = False,
        in_doubt: bool = False,
    ) -> None:
        self.code = code
        #: True when the connection itself failed: later messages would fail the same way.
        self.connection = connection
        #: A 5xx reply: sending the same message again would be refused again.
        self.permanent = permanent
        #: The whole message had reached the server when the session broke: it may have
        #: been accepted (and delivered) although we never saw the server's reply.
        self.in_doubt = in_doubt
        super().__init__(message)


class Connection(Protocol):
    """An open session with a mail server."""

    @property
    def size_limit(self) -> int | None:
        """Largest message the server accepts, in bytes (SIZE extension), if it says."""
        ...

    def send(
        self,
        raw: bytes,
        sender: str,
        recipients: Sequence[str],
        before_data: Callable[[], None] | None = None,
    ) -> dict[str, str]:
        """Deliver one message; returns the recipients refused while others were accepted.

        ``before_data`` is called once the server has accepted sender and recipients, just
        before the message itself is sent: the last moment to record the attempt.
        """
        ...

    def close(self) -> None:
        """End the session (errors ignored)."""
        ...


class Transport(Protocol):
    """Something that opens :class:`Connection`s (the real one is :class:`SmtpTransport`)."""

    def connect(self) -> Connection:
        """Open a session, including TLS and login; raises :class:`SmtpFailure`."""
        ...


class _DataTracking(smtplib.SMTP):
    """smtplib.SMTP noting when the end of the message data has been handed to the socket.

    After that point a broken session leaves the outcome unknown: the server may have
    accepted the message and only its reply was lost.
    """

    data_sent = False

    def send(self, s: Buffer | str) -> None:
        super().send(s)
        if isinstance(s, bytes) and s.endswith(b"\r\n.\r\n"):
            self.data_sent = True


class _DataTrackingSSL(smtplib.SMTP_SSL, _DataTracking):
    """:class:`_DataTracking` over implicit TLS."""


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
        smtp: _DataTracking | None = None
        try:
            if self.security == "ssl":
                smtp = _DataTrackingSSL(
                    self.host, self.effective_port, timeout=self.timeout, context=context
                )
            else:
                smtp = _DataTracking(self.host, self.effective_port, timeout=self.timeout)
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
    """An open smtplib session (see :class:`Connection`).

    The stages are run one by one (MAIL, RCPT, DATA) rather than through ``sendmail`` so
    that every reply is classified by its stage and class: 4xx is temporary (kept, retried
    by the next run), 5xx permanent (held back, the message says what to fix).
    """

    def __init__(self, smtp: _DataTracking, *, lang: Lang = "zh") -> None:
        self._smtp = smtp
        self._lang = lang

    @property
    def size_limit(self) -> int | None:
        value = self._smtp.esmtp_features.get("size", "").strip()
        # "SIZE" without a number, or SIZE 0, means the server states no limit (RFC 1870).
        return int(value) if value.isdecimal() and int(value) > 0 else None

    def send(
        self,
        raw: bytes,
        sender: str,
        recipients: Sequence[str],
        before_data: Callable[[], None] | None = None,
    ) -> dict[str, str]:
        smtp = self._smtp
        smtp.data_sent = False
        try:
            options = [f"size={len(raw)}"] if smtp.has_extn("size") else []
            code, text = smtp.mail(sender, options)
            if code != 250:
                self._reset()
                raise self._refusal("sender", code, text, sender=sender)
            refused: dict[str, tuple[int, bytes]] = {}
            for rcpt in recipients:
                code, text = smtp.rcpt(rcpt)
                if code not in (250, 251):
                    refused[rcpt] = (code, text)
            if len(refused) == len(recipients):
                self._reset()
                # Temporary as soon as one refusal is: the next run may get through.
                temp = min(refused.values(), key=lambda r: r[0] // 100 != 4)
                raise self._refusal("recipient", *temp, to=", ".join(refused))
            if before_data is not None:
                before_data()
            code, text = smtp.data(raw)
            if code != 250:
                self._reset()
                raise self._refusal("data", code, text)
        except UnicodeEncodeError as exc:  # an address smtplib cannot put in a command
            self._reset()
            raise SmtpFailure(
                "smtp_rejected", msg("smtp_rejected", self._lang, detail=str(exc)),
                connection=False, permanent=True,
            ) from None  # fmt: skip
        except smtplib.SMTPResponseException as exc:  # 354 refused: reply to the DATA command
            self._reset()
            raise self._refusal("data", exc.smtp_code, exc.smtp_error) from None
        except OSError as exc:  # SMTPServerDisconnected, reset, timeout: reconnect next time
            doubt = smtp.data_sent
            name = "smtp_in_doubt" if doubt else "smtp_disconnected"
            raise SmtpFailure(
                name, msg(name, self._lang, detail=_detail(exc)), connection=True, in_doubt=doubt
            ) from None
        return {addr: _reply(*reply) for addr, reply in refused.items()}

    def _reset(self) -> None:
        with contextlib.suppress(Exception):
            self._smtp.rset()

    def _refusal(self, stage: str, code: int, text: bytes | str, **kw: object) -> SmtpFailure:
        """The failure for a refusing reply at ``stage`` (sender, recipient or data)."""
        permanent = code // 100 == 5
        name = f"smtp_{stage}_{'refused' if permanent else 'temporary'}"
        if stage == "data" and code == 552:  # 552 is "too big" at DATA, even in old servers
            name = "smtp_too_big"
        detail = _reply(code, text)
        # 421: the server is closing the session: reconnect for the next message. A refused
        # sender would be refused for every message: stop trying for this run.
        connection = code == 421 or stage == "sender"
        return SmtpFailure(
            name, msg(name, self._lang, detail=detail, **kw),
            connection=connection, permanent=permanent,
        )  # fmt: skip

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._smtp.quit()
        with contextlib.suppress(Exception):
            self._smtp.close()


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
