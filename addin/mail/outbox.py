"""The outbox: every message as an .eml file with a JSON status beside it, and the sent log.

Layout inside the follow-up folder::

    outbox/2026-11-23-李经理-3f2a9c01b7d4.eml    the message exactly as it is (or was) sent
    outbox/2026-11-23-李经理-3f2a9c01b7d4.json   {"status": ..., "error": ..., "attempts": ...}
    sent.jsonl                                   one line per delivered message

Statuses: ``queued`` (waiting), ``failed`` (a temporary failure: retried by the next run),
``sending`` (recorded just before the message data goes out), ``unsure`` (the session broke,
or the process died, after the data went out: it may have been delivered, so it is held
back), ``rejected`` (a permanent 5xx refusal: held back), ``sent``, ``superseded`` (newer
follow-ups replaced it, or its recipient no longer manages those reps: never sent).
Held-back messages are only sent again when the user asks (``--retry-held``).

A message is identified by :func:`message_id`: a hash of manager, address, date and the
*content* of the workbook. The sent log is the authority for "already sent": it is written
right after the server accepted a message and before anything else. A crash between the
server's reply and that line leaves the status ``sending``, which the next run turns into
``unsure`` instead of sending it again. All files are written with
:func:`addin.files.atomic_write`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import MailError
from ..files import atomic_write, hold_lock, remove_temps
from ..schema import Lang
from .texts import msg

__all__ = ["OUTBOX", "SENT_LOG", "Item", "Outbox", "message_id", "workbook_fingerprint"]

OUTBOX = "outbox"
SENT_LOG = "sent.jsonl"
PENDING = ("queued", "failed")
#: Not sent automatically: may have been delivered, or refused for good.
HELD = ("unsure", "rejected")


def _write(path: Path, data: bytes) -> None:
    """Atomic write; no backups: these files only grow or change status."""

    def write(tmp: Path) -> None:
        tmp.write_bytes(data)

    atomic_write(path, write, backup=False)


def workbook_fingerprint(path: Path) -> str:
    """SHA-256 of a workbook's content, ignoring its document properties.

    Writing the same data twice gives different bytes (creation time in docProps/core.xml,
    zip timestamps), so hashing the file would make a regenerated, identical workbook look
    new and send it again. Hashing the zip members' names and uncompressed bytes, without
    docProps/, does not. Files that are not zips are hashed as they are.
    """
    digest = hashlib.sha256()
    try:
        with zipfile.ZipFile(path) as archive:
            for name in sorted(archive.namelist()):
                if name.startswith("docProps/"):
                    continue
                digest.update(name.encode() + b"\0" + archive.read(name) + b"\0")
    except zipfile.BadZipFile:
        digest = hashlib.sha256(path.read_bytes())
    return digest.hexdigest()


def message_id(manager: str, email: str, as_of: str, fingerprint: str) -> str:
    """Stable id of one delivery: same manager, address, date and workbook content = same id.

    The address is part of it so that correcting a wrong address delivers again.

    Example:
        >>> message_id("李经理", "li@example.com", "2026-11-23", "00")
        '7622c8d8cd608311699bed34'
    """
    key = "\n".join([manager, email.strip().lower(), as_of, fingerprint])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]


@dataclass
class Item:
    """Status of one message in the outbox (the JSON file next to its .eml)."""

    id: str
    manager: str
    to: str
    as_of: str
    file: str
    recipients: list[str]
    attachment_bytes: int
    reps: list[str] = field(default_factory=list)
    status: str = "queued"
    attempts: int = 0
    error_code: str = ""
    error: str = ""
    created: str = ""
    updated: str = ""
    sent_at: str = ""
    attempted_at: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def stem(self) -> str:
        """File name without extension: date, manager (made file-safe) and the id."""
        safe = re.sub(r'[\\/:*?"<>|\s]+', "_", self.manager).strip("._") or "manager"
        return f"{self.as_of}-{safe[:40]}-{self.id[:12]}"


class Outbox:
    """The outbox folder and sent log of one follow-up folder."""

    def __init__(self, out_dir: str | Path) -> None:
        self.out_dir = Path(out_dir)
        self.folder = self.out_dir / OUTBOX
        self.sent_log = self.out_dir / SENT_LOG

    @contextlib.contextmanager
    def lock(self, lang: Lang = "zh") -> Iterator[None]:
        """Hold the outbox for one run, so that two runs (a double click on the ribbon, the
        CLI at the same time) cannot both send a message. The OS releases the lock when the
        process ends, so a crash leaves no stale lock behind. Temp files a killed run left
        in the outbox (customer data) are removed once the lock is ours."""
        with hold_lock(
            self.folder / ".lock", lambda: MailError(msg("mail_busy", lang), file=self.folder)
        ):
            remove_temps(self.folder)
            yield

    def eml_path(self, item: Item) -> Path:
        return self.folder / f"{item.stem}.eml"

    def _status_path(self, item: Item) -> Path:
        return self.folder / f"{item.stem}.json"

    def items(self) -> list[Item]:
        """Every message in the outbox, oldest first (unreadable status files are skipped)."""
        found: list[Item] = []
        names = {f.name for f in dataclasses.fields(Item)}
        for path in sorted(self.folder.glob("*.json")):
            # Our own files, written atomically: a bad one was edited by hand; skip rather
            # than stop every other manager's mail.
            with contextlib.suppress(OSError, ValueError, TypeError):
                data = json.loads(path.read_text(encoding="utf-8"))
                found.append(Item(**{k: v for k, v in data.items() if k in names}))
        return sorted(found, key=lambda i: (i.created, i.stem))

    def put(self, item: Item, raw: bytes) -> None:
        """Write (or replace) the message and its status; the .eml first, so a status file
        never points to a missing message."""
        _write(self.eml_path(item), raw)
        self.save(item)

    def save(self, item: Item) -> None:
        """Write the status file."""
        text = json.dumps(dataclasses.asdict(item), ensure_ascii=False, indent=1)
        _write(self._status_path(item), text.encode("utf-8"))

    def raw(self, item: Item) -> bytes:
        """The message bytes as stored."""
        return self.eml_path(item).read_bytes()

    def sent_ids(self) -> set[str]:
        """Ids in the sent log (lines that are not JSON are ignored)."""
        if not self.sent_log.is_file():
            return set()
        ids = set()
        for line in self.sent_log.read_text(encoding="utf-8").splitlines():
            with contextlib.suppress(ValueError, TypeError, KeyError):
                ids.add(str(json.loads(line)["id"]))
        return ids

    def log_sent(self, item: Item) -> None:
        """Add ``item`` to the sent log (rewritten atomically: it is a few lines per week)."""
        entry = {k: getattr(item, k) for k in ("id", "manager", "to", "as_of", "file", "sent_at")}
        entry["recipients"] = item.recipients
        old = self.sent_log.read_bytes() if self.sent_log.is_file() else b""
        if old and not old.endswith(b"\n"):
            old += b"\n"
        line = (json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8")
        _write(self.sent_log, old + line)

    def interrupted(self, sent: Iterable[str], now: str) -> list[Item]:
        """Reconcile the messages a killed run was sending (status ``sending``): those in
        the sent log were delivered; the others become ``unsure``, which are returned."""
        done = set(sent)
        found = []
        for item in self.items():
            if item.status != "sending":
                continue
            if item.id in done:
                item.status = "sent"
            else:
                item.status, item.error_code, item.updated = "unsure", "mail_interrupted", now
                found.append(item)
            self.save(item)
        return found

    def supersede(self, current: Iterable[str], now: str) -> list[Item]:
        """Mark every unsent message that is not one of this run's as superseded.

        This run's messages come from the current manifest, i.e. the current manager map: a
        message whose recipient no longer manages those reps (or manages nobody any more)
        is not among them, so it can never be sent.

        Args:
            current: ids of this run's messages.
            now: timestamp for ``updated``.
        """
        keep = set(current)
        changed = []
        for item in self.items():
            if item.status in (*PENDING, *HELD) and item.id not in keep:
                item.status, item.updated = "superseded", now
                self.save(item)
                changed.append(item)
        return changed

    def pending(self, sent: Iterable[str], *, retry_held: bool = False) -> list[Item]:
        """Messages to send; items already in the sent log are marked sent on the way.

        Args:
            sent: ids in the sent log.
            retry_held: also the held-back ones (``unsure``, ``rejected``).
        """
        done = set(sent)
        wanted = (*PENDING, *HELD) if retry_held else PENDING
        out = []
        for item in self.items():
            if item.status in (*PENDING, *HELD, "sending") and item.id in done:
                item.status = "sent"  # a crash after logging, before the status was saved
                self.save(item)
            elif item.status in wanted:
                out.append(item)
        return out

    def held(self) -> list[Item]:
        """Messages held back (``unsure``, ``rejected``)."""
        return [i for i in self.items() if i.status in HELD]
