"""E-mail the follow-up workbooks to managers: one message each, through an outbox.

:func:`send_followups` reads the follow-up folder's ``manifest.json``, puts one message per
manager into ``outbox/`` (an .eml file and a JSON status), and, unless it is a dry run,
sends every message still waiting there, including those that failed in earlier runs. A
message that was delivered is recorded in ``sent.jsonl`` and never sent again.

Every problem is reported per manager (no address, missing workbook, too large, refused,
server down, wrong password) and the others are still served; nothing leaves the outbox
until the server has accepted it.

Settings (``[email]`` in intake.toml)::

    [email]
    host = "smtp.exmail.qq.com"
    port = 465                  # 0 = usual port of `security`
    security = "ssl"            # "starttls" | "ssl" | "none"
    username = "sales@example.com"   # password: `intake email setup` (OS keyring)
    sender = "sales@example.com"
    sender_name = "销售部"
    subject = "客户跟进清单 {as_of} · {manager}"   # "" = default of the language
    cc = ["director@example.com"]
    mask_mobiles = true
    max_attachment_mb = 10
    timeout = 30
    ca_file = ""                # extra CA certificates (PEM), e.g. a company CA
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .. import audit
from ..config import Config, settings_from_mapping
from ..errors import ConfigError
from ..schema import Lang
from .compose import build_message, check_subject, parse_address
from .manifest import MANIFEST, ManagerEntry, Manifest, read_manifest
from .outbox import Item, Outbox, message_id, workbook_fingerprint
from .secrets import get_password
from .smtp import SECURITY_MODES, Connection, SmtpFailure, SmtpTransport, Transport
from .texts import msg

__all__ = ["MailSettings", "Outcome", "SendReport", "check_login", "send_followups"]

#: Something that says what time it is (the sent log and Date headers); tests fix it.
Clock = Callable[[], dt.datetime]


def _now() -> dt.datetime:
    return dt.datetime.now().astimezone()


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

    def transport(self, password: str, lang: Lang = "zh") -> SmtpTransport:
        """The real SMTP transport for these settings."""
        return SmtpTransport(
            host=self.host, port=self.port, security=self.security, username=self.username,
            password=password, timeout=self.timeout, ca_file=self.ca_file, lang=lang,
        )  # fmt: skip


@dataclass(frozen=True)
class Outcome:
    """What happened to one manager's message in this run."""

    manager: str
    to: str
    status: str  # sent | queued | already_sent | failed | no_address | superseded
    message: str = ""
    id: str = ""


@dataclass
class SendReport:
    """Per-manager outcomes of :func:`send_followups`, plus warnings about the manifest."""

    dry_run: bool
    outbox: Path
    outcomes: list[Outcome] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def count(self, *statuses: str) -> int:
        return sum(o.status in statuses for o in self.outcomes)

    @property
    def ok(self) -> bool:
        """Nothing failed and nobody was left out."""
        return not self.count("failed", "no_address") and not self.warnings

    @property
    def exit_code(self) -> int:
        """0: all served; 1: some manager failed, has no address, or a rep has no manager."""
        return 0 if self.ok else 1

    def render(self, lang: Lang = "zh") -> str:
        """A few lines for the terminal or a message box."""
        lines = []
        for o in self.outcomes:
            who = f"{o.manager} <{o.to}>" if o.to else o.manager
            status = msg(f"mail_status_{o.status}", lang)
            lines.append(f"{who}: {status}" + (f" – {o.message}" if o.message else ""))
        lines += [f"! {w}" for w in self.warnings]
        lines.append(
            msg("mail_summary", lang, sent=self.count("sent"),
                failed=self.count("failed", "no_address"),
                skipped=self.count("already_sent", "superseded"), queued=self.count("queued"))
        )  # fmt: skip
        if self.dry_run:
            lines.append(msg("mail_dry_run_hint", lang, outbox=self.outbox))
        return "\n".join(lines)


def send_followups(
    out_dir: str | Path,
    settings: MailSettings,
    *,
    send: bool = True,
    lang: Lang = "zh",
    transport: Transport | None = None,
    clock: Clock = _now,
) -> SendReport:
    """E-mail each manager their follow-up workbook (see module doc).

    Args:
        out_dir: the follow-up folder (with ``manifest.json``); the outbox and sent log are
            written inside it.
        settings: the ``[email]`` settings.
        send: False = dry run: write the .eml files to the outbox, send nothing.
        lang: language of the report. Subject and body follow the manifest's language, so
            that they match the attached workbook.
        transport: how to reach the server (default: SMTP from ``settings``, password from
            the keyring, looked up only when something is to be sent).
        clock: the current time, for Date headers and the sent log.

    Returns:
        A :class:`SendReport`; its ``exit_code`` is 1 when any manager was not served.

    Raises:
        InputError: no or unreadable manifest.
        ConfigError: settings unusable (no sender, bad subject template, bad CA file).
        MailError: the password is not in the keyring (run ``intake email setup``).

    Example:
        >>> report = send_followups("out/2026-11-23", MailSettings(host="smtp.example.com",
        ...                         sender="sales@example.com"))  # doctest: +SKIP
        >>> report.count("sent")  # doctest: +SKIP
        3
    """
    settings.check(lang)
    manifest = read_manifest(out_dir, lang=lang)
    outbox = Outbox(out_dir)
    with outbox.lock(lang):
        report = _run(manifest, outbox, settings, send, lang, transport, clock)
    # Counts only: the audit log holds no names or addresses.
    audit.record(
        "email" if send else "email:dry-run",
        inputs=[manifest.folder / MANIFEST],
        outputs=[outbox.sent_log] if outbox.sent_log.exists() else [],
        counts={
            s: report.count(s) for s in ("sent", "failed", "no_address", "already_sent", "queued")
        },
        status="ok" if report.ok else "failed",
    )
    return report


def _run(
    manifest: Manifest, outbox: Outbox, settings: MailSettings, send: bool, lang: Lang,
    transport: Transport | None, clock: Clock,
) -> SendReport:  # fmt: skip
    """:func:`send_followups` once the outbox is ours."""
    report = SendReport(dry_run=not send, outbox=outbox.folder)
    report.warnings += [msg("mail_unassigned_rep", lang, rep=r) for r in manifest.unassigned_reps]
    sent = outbox.sent_ids()
    stamp = clock().isoformat(timespec="seconds")
    current: dict[str, str] = {}
    existing = {item.id: item for item in outbox.items()}
    for entry in manifest.managers:
        problem = _unusable(entry, lang)
        if problem is not None:
            report.outcomes.append(problem)
            continue
        fingerprint = workbook_fingerprint(entry.file)
        id_ = message_id(entry.manager, entry.email, manifest.as_of, fingerprint)
        current[entry.manager] = id_
        if id_ in sent:
            report.outcomes.append(Outcome(entry.manager, entry.email, "already_sent", id=id_))
            continue
        _enqueue(outbox, manifest, entry, settings, existing.get(id_), id_, clock(), stamp)
    for item in outbox.supersede(current, stamp):
        report.outcomes.append(Outcome(item.manager, item.to, "superseded", id=item.id))
    # This run's messages in manifest order, then older ones still waiting.
    order = {id_: n for n, id_ in enumerate(current.values())}
    pending = sorted(outbox.pending(sent), key=lambda i: order.get(i.id, len(order)))
    if not send:
        report.outcomes += [Outcome(i.manager, i.to, "queued", i.error, i.id) for i in pending]
        return report
    if pending:
        if transport is None:
            password = get_password(settings.username, lang=lang) if settings.username else ""
            transport = settings.transport(password, lang)
        report.outcomes += _deliver(pending, outbox, settings, transport, clock, lang)
    return report


def check_login(
    settings: MailSettings, *, lang: Lang = "zh", transport: Transport | None = None
) -> str:
    """Connect and log in with the stored password, send nothing; returns a confirmation.

    Args:
        settings: the ``[email]`` settings.
        lang: language of the messages.
        transport: the server connection (default: SMTP from ``settings``).

    Raises:
        MailError: no password, server down, TLS or login failure (clear message).

    Example:
        >>> check_login(MailSettings(host="smtp.example.com", username="s@example.com"))  # doctest: +SKIP
        '已成功登录邮件服务器 smtp.example.com'
    """
    if transport is None:
        password = get_password(settings.username, lang=lang) if settings.username else ""
        transport = settings.transport(password, lang)
    transport.connect().close()
    return msg("mail_login_ok", lang, host=settings.host)


def _unusable(entry: ManagerEntry, lang: Lang) -> Outcome | None:
    """The outcome for a manager who cannot be mailed at all, else None."""
    if not entry.email:
        return Outcome(entry.manager, "", "no_address", msg("mail_no_address", lang,
                                                             manager=entry.manager))  # fmt: skip
    try:
        parse_address(entry.email)
    except ValueError:
        text = msg("mail_bad_address", lang, manager=entry.manager, email=entry.email)
        return Outcome(entry.manager, entry.email, "no_address", text)
    if not entry.file.is_file():
        text = msg("mail_attachment_missing", lang, manager=entry.manager, file=entry.file)
        return Outcome(entry.manager, entry.email, "failed", text)
    return None


def _enqueue(
    outbox: Outbox, manifest: Manifest, entry: ManagerEntry, settings: MailSettings,
    item: Item | None, id_: str, now: dt.datetime, stamp: str,
) -> None:  # fmt: skip
    """Write (or rewrite, with today's settings) the manager's message into the outbox."""
    message = build_message(
        entry, as_of=manifest.as_of, lang=manifest.lang, sender=settings.sender,
        sender_name=settings.sender_name, cc=settings.cc, subject=settings.subject,
        mask_mobiles=settings.mask_mobiles, message_id=id_, now=now,
    )  # fmt: skip
    # A message that failed before keeps its history (attempts, last error).
    item = item or Item(
        id=id_, manager=entry.manager, to=entry.email, as_of=manifest.as_of,
        file=_relative(entry.file, manifest.folder), recipients=[], attachment_bytes=0,
        created=stamp,
    )  # fmt: skip
    item.recipients = [entry.email, *settings.cc]
    item.attachment_bytes = entry.file.stat().st_size
    item.updated = stamp
    outbox.put(item, message.as_bytes())


def _deliver(
    pending: list[Item], outbox: Outbox, settings: MailSettings, transport: Transport,
    clock: Clock, lang: Lang,
) -> list[Outcome]:  # fmt: skip
    """Send each pending message; one connection for all, reopened if the server drops it."""
    outcomes: list[Outcome] = []
    limit = int(settings.max_attachment_mb * 1024 * 1024)
    connection: Connection | None = None
    down: SmtpFailure | None = None  # the server cannot be reached: fail the rest alike

    def fail(item: Item, code: str, text: str) -> None:
        item.status, item.error_code, item.error = "failed", code, text
        item.updated = clock().isoformat(timespec="seconds")
        outbox.save(item)
        outcomes.append(Outcome(item.manager, item.to, "failed", text, item.id))

    try:
        for item in pending:
            if item.attachment_bytes > limit:
                fail(item, "mail_too_big_config", msg("mail_too_big_config", lang,
                     size=_mb(item.attachment_bytes), limit=settings.max_attachment_mb))  # fmt: skip
                continue
            if down is not None:
                fail(item, down.code, down.message)
                continue
            raw = outbox.raw(item)
            item.attempts += 1
            try:
                if connection is None:
                    connection = transport.connect()
                server_limit = connection.size_limit
                if server_limit is not None and len(raw) > server_limit:
                    fail(item, "mail_too_big_server", msg("mail_too_big_server", lang,
                         size=_mb(len(raw)), limit=_mb(server_limit)))  # fmt: skip
                    continue
                refused = connection.send(raw, settings.sender, item.recipients)
            except SmtpFailure as exc:
                fail(item, exc.code, exc.message)
                if exc.connection and connection is None:
                    down = exc
                elif exc.connection and connection is not None:
                    connection.close()
                    connection = None
                continue
            item.sent_at = clock().isoformat(timespec="seconds")
            item.notes = [f"{addr}: {reply}" for addr, reply in refused.items()]
            outbox.log_sent(item)  # first: this is what prevents a second delivery
            item.status, item.error_code, item.error = "sent", "", ""
            outbox.save(item)
            outcomes.append(Outcome(item.manager, item.to, "sent", "; ".join(item.notes), item.id))
    finally:
        if connection is not None:
            connection.close()
    return outcomes


def _relative(path: Path, folder: Path) -> str:
    try:
        return path.relative_to(folder).as_posix()
    except ValueError:  # an absolute path in the manifest
        return str(path)


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}"
