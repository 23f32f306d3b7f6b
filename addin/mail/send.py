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
    allow_plaintext = false     # security = "none" with a username: only to a loopback host,
                                # unless this says the clear-text password is meant
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from .. import audit
from ..schema import Lang
from .compose import build_message, parse_address
from .manifest import MANIFEST, ManagerEntry, Manifest, read_manifest
from .outbox import Item, Outbox, message_id, workbook_fingerprint
from .secrets import get_password
from .settings import MailSettings
from .smtp import Connection, SmtpFailure, Transport
from .texts import msg

__all__ = ["MailSettings", "Outcome", "SendReport", "check_login", "send_followups"]

#: Something that says what time it is (the sent log and Date headers); tests fix it.
Clock = Callable[[], dt.datetime]


def _now() -> dt.datetime:
    return dt.datetime.now().astimezone()


#: Outcomes that leave a manager without their mail (for now).
_NOT_SERVED = ("failed", "no_address", "unsure", "rejected")


@dataclass(frozen=True)
class Outcome:
    """What happened to one manager's message in this run."""

    manager: str
    to: str
    #: sent | queued | already_sent | failed | no_address | superseded | unsure | rejected
    status: str
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
        return not self.count(*_NOT_SERVED) and not self.warnings

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
                failed=self.count(*_NOT_SERVED),
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
    retry_held: bool = False,
    audit_log: Path | None = None,
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
        retry_held: also send the messages held back: possibly delivered already
            (``unsure``) or refused for good by the server (``rejected``).
        audit_log: the audit log to append to (default: :func:`addin.audit.audit_path`).

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
        report = _run(manifest, outbox, settings, send, lang, transport, clock, retry_held)
    # Counts only: the audit log holds no names or addresses.
    audit.record(
        "email" if send else "email:dry-run",
        inputs=[manifest.folder / MANIFEST],
        outputs=[outbox.sent_log] if outbox.sent_log.exists() else [],
        counts={
            s: report.count(s)
            for s in ("sent", "failed", "no_address", "already_sent", "queued", "unsure")
            + ("rejected", "superseded")
        },
        status="ok" if report.ok else "failed",
        log=audit_log,
    )
    return report


def _run(
    manifest: Manifest, outbox: Outbox, settings: MailSettings, send: bool, lang: Lang,
    transport: Transport | None, clock: Clock, retry_held: bool,
) -> SendReport:  # fmt: skip
    """:func:`send_followups` once the outbox is ours."""
    report = SendReport(dry_run=not send, outbox=outbox.folder)
    report.warnings += [msg("mail_unassigned_rep", lang, rep=r) for r in manifest.unassigned_reps]
    sent = outbox.sent_ids()
    stamp = clock().isoformat(timespec="seconds")
    for item in outbox.interrupted(sent, stamp):
        item.error = msg("mail_interrupted", lang, at=item.attempted_at or item.updated)
        outbox.save(item)
    current: dict[str, str] = {}
    reps = {entry.manager: set(entry.reps) for entry in manifest.managers}
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
    for item in outbox.supersede(current.values(), stamp):
        gone = sorted(set(item.reps) - reps.get(item.manager, set()))
        if item.manager not in current or gone:  # the recipient no longer manages them
            sep = msg("mail_rep_sep", lang)
            who = sep.join(gone or item.reps) or "-"
            item.error = msg("mail_stale_recipient", lang, manager=item.manager, reps=who)
            item.error_code = "mail_stale_recipient"
            outbox.save(item)
        report.outcomes.append(Outcome(item.manager, item.to, "superseded", item.error, item.id))
    # This run's messages in manifest order, then older ones still waiting.
    order = {id_: n for n, id_ in enumerate(current.values())}
    pending = sorted(
        outbox.pending(sent, retry_held=retry_held), key=lambda i: order.get(i.id, len(order))
    )
    if not retry_held:  # held back: say so every run until the user decides
        report.outcomes += [
            Outcome(i.manager, i.to, i.status, i.error, i.id) for i in outbox.held()
        ]
    if not send:
        report.outcomes += [Outcome(i.manager, i.to, "queued", i.error, i.id) for i in pending]
        return report
    if pending:
        if transport is None:
            settings.check_plaintext(lang)
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
        settings.check_plaintext(lang)
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
    if item.status == "superseded":  # the same message is current again (e.g. a move undone)
        item.status = "queued"
    item.recipients = [entry.email, *settings.cc]
    item.reps = list(entry.reps)
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

    def fail(item: Item, code: str, text: str, status: str = "failed") -> None:
        item.status, item.error_code, item.error = status, code, text
        item.updated = clock().isoformat(timespec="seconds")
        outbox.save(item)
        outcomes.append(Outcome(item.manager, item.to, status, text, item.id))

    def sending(item: Item) -> None:
        # Recorded before the data goes out: if the process dies after the server accepted
        # the message, the next run finds "sending" and does not send it a second time.
        item.status = "sending"
        item.attempted_at = item.updated = clock().isoformat(timespec="seconds")
        outbox.save(item)

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
                refused = connection.send(
                    raw, settings.sender, item.recipients, before_data=partial(sending, item)
                )
            except SmtpFailure as exc:
                status = "unsure" if exc.in_doubt else "rejected" if exc.permanent else "failed"
                fail(item, exc.code, exc.message, status)
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
