"""Fixtures for the e-mail tests: a real SMTP server on localhost, a follow-up folder, a keyring.

The server is aiosmtpd in a thread on 127.0.0.1 (a free port), with optional AUTH, STARTTLS or
implicit TLS (certificates from a trustme CA the client is told to trust) and a size limit.
Received messages are kept as bytes and parsed back with :mod:`email`.

Import the fixtures you use into the test module (pytest finds them there).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import email
import json
import secrets
import socket
import ssl
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any, cast

import keyring
import keyring.backend
import openpyxl
import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

USER = "sales@example.com"
SECRET = "s3cret-app-password-7f3e"
TZ = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2026, 11, 23, 9, 30, tzinfo=TZ)


def clock() -> dt.datetime:
    """A fixed clock for Date headers and the sent log."""
    return NOW


# --- the SMTP server -------------------------------------------------------------------------


@dataclass
class Received:
    """One message as the server got it."""

    mail_from: str
    rcpt_tos: list[str]
    raw: bytes

    @property
    def message(self) -> EmailMessage:
        return cast(EmailMessage, email.message_from_bytes(self.raw, policy=policy.default))


@dataclass
class Handler:
    """Stores what arrives; refuses the recipients in ``refuse``."""

    refuse: set[str] = field(default_factory=set)
    #: recipient -> reply to DATA instead of accepting it, once (then accepted)
    reject_once: dict[str, str] = field(default_factory=dict)
    #: recipient -> reply to RCPT instead of accepting it, once (then accepted)
    rcpt_once: dict[str, str] = field(default_factory=dict)
    #: reply to every MAIL FROM instead of accepting it
    mail_reply: str = ""
    #: after storing a message, close the connection instead of answering 250
    drop_after_data: bool = False
    #: called with each message after it is stored, before the reply (e.g. to kill the client)
    on_data: Callable[[Received], None] | None = None
    received: list[Received] = field(default_factory=list)

    async def handle_MAIL(  # noqa: N802 (aiosmtpd hook name)
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        if self.mail_reply:
            return self.mail_reply
        envelope.mail_from = address
        envelope.mail_options.extend(options)
        return "250 OK"

    async def handle_RCPT(  # noqa: N802 (aiosmtpd hook name)
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        if address in self.refuse:
            return "550 5.1.1 mailbox unavailable"
        if address in self.rcpt_once:
            return self.rcpt_once.pop(address)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(  # noqa: N802
        self, server: SMTP, session: Session, envelope: Envelope
    ) -> str:
        for rcpt in envelope.rcpt_tos:
            if rcpt in self.reject_once:
                return self.reject_once.pop(rcpt)
        got = Received(
            str(envelope.mail_from), list(envelope.rcpt_tos), envelope.original_content or b""
        )
        self.received.append(got)
        if self.on_data is not None:
            self.on_data(got)
        if self.drop_after_data:
            assert server.transport is not None
            server.transport.abort()  # the message is taken, the client never hears so
        return "250 Message accepted for delivery"


def authenticate(
    server: SMTP, session: Session, envelope: Envelope, mechanism: str, auth_data: Any
) -> AuthResult:
    """Accept USER / SECRET only."""
    ok = isinstance(auth_data, LoginPassword) and (
        auth_data.login.decode() == USER and auth_data.password.decode() == SECRET
    )
    # handled=False: aiosmtpd answers "535 Authentication credentials invalid" itself.
    return AuthResult(success=ok, handled=False)


@dataclass
class Server:
    """A running server: where it is and what it received."""

    host: str
    port: int
    handler: Handler

    @property
    def received(self) -> list[Received]:
        return self.handler.received


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass(frozen=True)
class Tls:
    """The test CA: the server's context and the CA file the client trusts."""

    server_context: ssl.SSLContext
    ca_file: Path


@pytest.fixture(scope="session")
def tls(tmp_path_factory: pytest.TempPathFactory) -> Tls:
    ca = trustme.CA()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1", "localhost").configure_cert(context)
    ca_file = tmp_path_factory.mktemp("ca") / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    return Tls(context, ca_file)


StartServer = Callable[..., Server]


@pytest.fixture
def smtp_server(tls: Tls) -> Iterator[StartServer]:
    """Start servers: ``smtp_server(security="none"|"starttls"|"ssl", auth=False,
    size_limit=None, refuse=(), reject_once={}, **handler_options)`` (any other
    :class:`Handler` field); all are stopped after the test."""
    with contextlib.ExitStack() as stack:

        def start(
            *,
            security: str = "none",
            auth: bool = False,
            size_limit: int | None = None,
            refuse: Sequence[str] = (),
            reject_once: dict[str, str] | None = None,
            **handler_options: Any,
        ) -> Server:
            handler = Handler(
                refuse=set(refuse), reject_once=dict(reject_once or {}), **handler_options
            )
            kwargs: dict[str, Any] = {}
            if auth:
                # aiosmtpd refuses AUTH outside STARTTLS unless told otherwise; it does not
                # count implicit TLS as TLS, hence only "starttls" keeps the requirement.
                kwargs.update(authenticator=authenticate, auth_require_tls=security == "starttls")
            if security == "starttls":
                kwargs.update(tls_context=tls.server_context, require_starttls=True)
            if size_limit is not None:
                kwargs["data_size_limit"] = size_limit
            controller = Controller(
                handler,
                hostname="127.0.0.1",
                port=free_port(),
                ssl_context=tls.server_context if security == "ssl" else None,
                **kwargs,
            )
            controller.start()
            stack.callback(controller.stop)
            return Server("127.0.0.1", controller.port, handler)

        yield start


# --- the keyring -----------------------------------------------------------------------------


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A keyring in a dict: tests only, never registered as a default."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.passwords.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError(username)


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    """An empty in-memory keyring for the test; the previous backend is restored after."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


# --- the follow-up folder --------------------------------------------------------------------

MANAGERS: list[dict[str, Any]] = [
    {
        "manager": "李经理",
        "email": "li@example.com",
        "reps": ["张伟", "王芳"],
        "total": 12,
        "counts": {"overdue": 3, "no_contact_30d": 9},
        "reason_labels": {"overdue": "跟进逾期", "no_contact_30d": "30 天未联系"},
        "top_overdue": [
            {
                "rep": "张伟",
                "customer": "王五",
                "company": "华信科技",
                "reason": "跟进逾期，客户手机 13812345678",
                "due": "2026-11-01",
                "days_overdue": 22,
            }
        ],
    },
    {
        "manager": "Chen Jing",
        "email": "chen@example.com",
        "reps": ["李娜"],
        "total": 2,
        "counts": {"overdue": 2},
        "reason_labels": {"overdue": "跟进逾期"},
        "top_overdue": [],
    },
]


def write_workbook(path: Path, manager: str, rows: int = 3, filler: int = 0) -> None:
    """A small follow-up workbook; ``filler`` adds that many bytes of incompressible text."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "跟进"
    ws.append(["经理", "业务员", "客户"])
    for i in range(rows):
        ws.append([manager, "张伟", f"客户{i}"])
    # Random hex compresses to about half: 16 kB of file per cell of 32,000 characters.
    for n in range(filler // 16_000 + 1 if filler else 0):
        ws.cell(n + 1, 5, secrets.token_hex(16_000))
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)


WriteFollowups = Callable[..., Path]


@pytest.fixture
def write_followups(tmp_path: Path) -> WriteFollowups:
    """Write a follow-up folder (manifest.json + one workbook per manager) and return it."""

    def write(
        managers: Sequence[dict[str, Any]] = MANAGERS,
        *,
        as_of: str = "2026-11-23",
        lang: str = "zh",
        unassigned: Sequence[str] = (),
        folder: str = "followups",
        filler: dict[str, int] | None = None,
        rows: int = 3,
    ) -> Path:
        out = tmp_path / folder
        entries = []
        for m in managers:
            entry = {k: v for k, v in m.items() if k != "no_workbook"}
            entry.setdefault("file", f"managers/{m['manager']}.xlsx")
            if not m.get("no_workbook"):
                size = (filler or {}).get(m["manager"], 0)
                write_workbook(out / entry["file"], m["manager"], rows, size)
            entries.append(entry)
        manifest = {
            "as_of": as_of,
            "lang": lang,
            "managers": entries,
            "reps": [],
            "unassigned_reps": list(unassigned),
        }
        (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), "utf-8")
        return out

    return write
