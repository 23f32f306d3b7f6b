"""Issue 11 on the e-mail side: stale recipients, clear-text logins, lost replies, killed runs."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from addin.cli import main
from addin.errors import ConfigError, OutputError
from addin.mail.send import MailSettings, SendReport, send_followups
from tests.mail_fixtures import (
    MANAGERS,
    Received,
    Server,
    StartServer,
    WriteFollowups,
    clock,
    smtp_server,
    tls,
    write_followups,
)

__all__ = ["smtp_server", "tls", "write_followups"]  # fixtures, used by name

ROOT = Path(__file__).resolve().parents[2]


def settings_for(server: Server, **kw: Any) -> MailSettings:
    base: dict[str, Any] = {
        "host": "127.0.0.1",
        "port": server.port,
        "security": "none",
        "sender": "sales@example.com",
        "timeout": 5.0,
    }
    return MailSettings(**(base | kw))


def send(folder: Path, settings: MailSettings, **kw: Any) -> SendReport:
    return send_followups(folder, settings, clock=clock, send=True, lang="en", **kw)


def statuses(report: SendReport) -> dict[str, str]:
    return {o.manager: o.status for o in report.outcomes}


def outbox(folder: Path) -> list[dict[str, Any]]:
    return [json.loads(p.read_text("utf-8")) for p in sorted((folder / "outbox").glob("*.json"))]


def to_of(received: list[Received]) -> list[str]:
    return sorted(r.rcpt_tos[0] for r in received)


# --- item 2: a message whose recipient no longer manages those reps is never sent -------------

X = {**MANAGERS[0], "manager": "X经理", "email": "x@example.com", "reps": ["张伟"]}
Y = {**MANAGERS[1], "manager": "Y经理", "email": "y@example.com", "reps": ["李娜"]}


@pytest.mark.parametrize("first", ["dry-run", "failed"])
def test_rep_moved_to_another_manager_old_message_never_reaches_the_old_one(
    smtp_server: StartServer, write_followups: WriteFollowups, first: str
) -> None:
    server = smtp_server()
    folder = write_followups([X, Y])
    if first == "dry-run":
        send_followups(folder, settings_for(server), send=False, clock=clock)
    else:  # X's message failed: the server refused it for now
        server.handler.rcpt_once["x@example.com"] = "451 4.3.0 try later"
        assert statuses(send(folder, settings_for(server)))["X经理"] == "failed"
    # 张伟 moves from X to Y; X now manages nobody.
    moved = {**Y, "reps": ["张伟", "李娜"], "total": 14}
    write_followups([moved], rows=5)
    report = send(folder, settings_for(server))
    assert "x@example.com" not in to_of(server.received)
    assert statuses(report)["X经理"] == "superseded"
    stale = next(o for o in report.outcomes if o.manager == "X经理")
    assert "no longer manages 张伟" in stale.message
    old = next(i for i in outbox(folder) if i["manager"] == "X经理")
    assert old["status"] == "superseded" and old["error_code"] == "mail_stale_recipient"
    assert old["reps"] == ["张伟"]
    # And it stays so: a later run with the old message still on disk sends nothing to X.
    send(folder, settings_for(server), retry_held=True)
    assert "x@example.com" not in to_of(server.received)


def test_old_manager_who_keeps_other_reps_gets_only_the_new_message(
    smtp_server: StartServer, write_followups: WriteFollowups
) -> None:
    server = smtp_server()
    folder = write_followups([{**X, "reps": ["张伟", "王芳"]}, Y])
    send_followups(folder, settings_for(server), send=False, clock=clock)
    write_followups([{**X, "reps": ["王芳"], "total": 1}, {**Y, "reps": ["张伟", "李娜"]}], rows=4)
    report = send(folder, settings_for(server))
    assert to_of(server.received) == ["x@example.com", "y@example.com"]
    x_mail = next(r for r in server.received if r.rcpt_tos == ["x@example.com"])
    assert "王芳" in x_mail.message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    stale = [o for o in report.outcomes if o.status == "superseded" and o.manager == "X经理"]
    assert len(stale) == 1 and "no longer manages 张伟" in stale[0].message


def test_manager_moved_back_sends_the_message_again(
    smtp_server: StartServer, write_followups: WriteFollowups
) -> None:
    server = smtp_server()
    folder = write_followups([X, Y])
    send_followups(folder, settings_for(server), send=False, clock=clock)
    write_followups([Y])  # X drops out: superseded
    send_followups(folder, settings_for(server), send=False, clock=clock)
    write_followups([X, Y])  # back as it was: the same message is current again
    report = send(folder, settings_for(server))
    assert statuses(report) == {"X经理": "sent", "Y经理": "sent"}


# --- item 13: no clear-text password over the network unless asked --------------------------


def test_plain_login_to_a_remote_host_is_refused() -> None:
    settings = MailSettings(
        host="smtp.example.com", security="none", username="u@example.com", sender="u@example.com"
    )
    with pytest.raises(ConfigError, match="allow_plaintext = true") as err:
        settings.check("en")
    assert "clear text" in str(err.value)


@pytest.mark.parametrize(
    ("host", "extra"),
    [
        ("127.0.0.1", {}),
        ("localhost", {}),
        ("::1", {}),
        ("smtp.example.com", {"allow_plaintext": True}),
        ("smtp.example.com", {"security": "starttls"}),
        ("smtp.example.com", {"username": ""}),
    ],
)
def test_plain_login_allowed_on_loopback_or_when_asked(host: str, extra: dict[str, Any]) -> None:
    base = {"security": "none", "username": "u@example.com", "sender": "u@example.com"}
    MailSettings(host=host, **(base | extra)).check("en")


def test_plain_login_refused_before_anything_is_sent(
    write_followups: WriteFollowups, tmp_path: Path
) -> None:
    settings = MailSettings(
        host="10.0.0.1", port=25, security="none", username="u@example.com", sender="u@x.com"
    )
    with pytest.raises(ConfigError):
        send(write_followups(), settings)
    assert not (tmp_path / "followups" / "outbox").exists()


# --- item 17: a reply lost after the data, a process killed after the server's 250 ------------


def test_connection_dropped_after_the_data_is_held_not_sent_twice(
    smtp_server: StartServer, write_followups: WriteFollowups
) -> None:
    server = smtp_server(drop_after_data=True)
    folder = write_followups()
    report = send(folder, settings_for(server))
    assert statuses(report) == {"李经理": "unsure", "Chen Jing": "unsure"}
    assert "may have been delivered" in report.outcomes[0].message
    assert "--retry-held" in report.outcomes[0].message
    assert {i["status"] for i in outbox(folder)} == {"unsure"}
    assert {i["error_code"] for i in outbox(folder)} == {"smtp_in_doubt"}
    assert report.exit_code == 1
    assert len(server.received) == 2
    server.handler.drop_after_data = False
    again = send(folder, settings_for(server))
    assert statuses(again) == {"李经理": "unsure", "Chen Jing": "unsure"}
    assert len(server.received) == 2  # nothing delivered twice
    asked = send(folder, settings_for(server), retry_held=True)
    assert statuses(asked) == {"李经理": "sent", "Chen Jing": "sent"}
    # Sent again on request, with the same Message-ID (clients can tell it is the same).
    ids = [r.message["Message-ID"] for r in server.received]
    assert len(ids) == 4 and len(set(ids)) == 2


_CHILD = """
import sys
from pathlib import Path
from addin.mail.send import MailSettings, send_followups
settings = MailSettings(host="127.0.0.1", port=int(sys.argv[2]), security="none",
                        sender="sales@example.com", timeout=30)
send_followups(Path(sys.argv[1]), settings, send=True, lang="en")
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_process_killed_after_the_servers_acceptance_does_not_send_again(
    smtp_server: StartServer, write_followups: WriteFollowups
) -> None:
    server = smtp_server()
    folder = write_followups()
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(folder), str(server.port)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    # The first message is taken, then the sender dies before it can hear the 250.
    server.handler.on_data = lambda _: os.kill(child.pid, signal.SIGKILL)
    child.communicate(timeout=60)
    assert child.returncode == -signal.SIGKILL
    server.handler.on_data = None
    assert to_of(server.received) == ["li@example.com"]
    assert [i["status"] for i in outbox(folder) if i["manager"] == "李经理"] == ["sending"]
    report = send(folder, settings_for(server))
    assert statuses(report) == {"李经理": "unsure", "Chen Jing": "sent"}
    assert "interrupted while sending" in report.outcomes[0].message
    assert to_of(server.received) == ["chen@example.com", "li@example.com"]  # once each


def test_sent_log_that_cannot_be_written_after_delivery_never_causes_a_resend(
    smtp_server: StartServer, write_followups: WriteFollowups
) -> None:
    server = smtp_server()
    folder = write_followups(MANAGERS[:1])
    (folder / "sent.jsonl").mkdir()  # the write after the server's 250 fails (as on a full disk)
    with pytest.raises(OutputError):
        send(folder, settings_for(server))
    assert to_of(server.received) == ["li@example.com"]
    assert [i["status"] for i in outbox(folder)] == ["sending"]
    (folder / "sent.jsonl").rmdir()  # space freed
    report = send(folder, settings_for(server))
    assert statuses(report) == {"李经理": "unsure"}
    assert len(server.received) == 1


def test_retry_held_on_the_command_line(
    smtp_server: StartServer, write_followups: WriteFollowups, tmp_path: Path
) -> None:
    server = smtp_server(refuse=["li@example.com"])
    folder = write_followups(MANAGERS[:1])
    config = tmp_path / "intake.toml"
    config.write_text(
        f'[email]\nhost = "127.0.0.1"\nport = {server.port}\nsecurity = "none"\n'
        'sender = "sales@example.com"\n',
        encoding="utf-8",
    )
    args = ["email", "--out-dir", str(folder), "--send", "--config", str(config), "--lang", "en"]
    first = CliRunner().invoke(main, args)
    assert first.exit_code == 1 and "refused by the server" in first.output
    server.handler.refuse.clear()
    again = CliRunner().invoke(main, args)
    assert again.exit_code == 1 and server.received == []
    asked = CliRunner().invoke(main, [*args, "--retry-held"])
    assert asked.exit_code == 0, asked.output
    assert to_of(server.received) == ["li@example.com"]
