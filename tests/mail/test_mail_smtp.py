"""Sending to a real SMTP server on localhost (aiosmtpd): delivery, auth, TLS, failures, retries."""

from __future__ import annotations

import io
import json
import os
import socket
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from addin.errors import MailError
from addin.mail.secrets import SERVICE
from addin.mail.send import MailSettings, Outcome, SendReport, send_followups
from tests.mail_fixtures import (
    MANAGERS,
    SECRET,
    USER,
    MemoryKeyring,
    Server,
    StartServer,
    Tls,
    WriteFollowups,
    clock,
    free_port,
    memory_keyring,
    smtp_server,
    tls,
    write_followups,
)

__all__ = ["memory_keyring", "smtp_server", "tls", "write_followups"]  # fixtures, used by name


def settings_for(server: Server | None, tls: Tls, **kw: Any) -> MailSettings:
    base: dict[str, Any] = {
        "host": "127.0.0.1",
        "port": server.port if server else free_port(),
        "security": "none",
        "sender": "sales@example.com",
        "sender_name": "销售部 华东区",
        "ca_file": str(tls.ca_file),
        "timeout": 5.0,
    }
    return MailSettings(**(base | kw))


def send(folder: Path, settings: MailSettings, **kw: Any) -> SendReport:
    return send_followups(folder, settings, clock=clock, **kw)


def statuses(report: SendReport) -> dict[str, str]:
    return {o.manager: o.status for o in report.outcomes}


def outcome(report: SendReport, manager: str) -> Outcome:
    return next(o for o in report.outcomes if o.manager == manager)


def outbox_status(folder: Path) -> dict[str, dict[str, Any]]:
    items = [json.loads(p.read_text("utf-8")) for p in (folder / "outbox").glob("*.json")]
    return {i["manager"]: i for i in items}


def test_one_message_per_manager_with_workbook_and_chinese_headers(
    smtp_server: StartServer, tls: Tls, write_followups: WriteFollowups
) -> None:
    server = smtp_server()
    folder = write_followups()
    report = send(folder, settings_for(server, tls, cc=("boss@example.com",)))

    assert statuses(report) == {"李经理": "sent", "Chen Jing": "sent"}
    assert report.exit_code == 0
    by_to = {r.rcpt_tos[0]: r for r in server.received}
    assert sorted(by_to) == ["chen@example.com", "li@example.com"]
    li = by_to["li@example.com"]
    assert li.mail_from == "sales@example.com"
    assert li.rcpt_tos == ["li@example.com", "boss@example.com"]
    assert li.raw.isascii()  # headers encoded, bodies base64: no 8-bit data on the wire
    message = li.message
    to = message["To"].addresses[0]
    assert (to.display_name, to.addr_spec) == ("李经理", "li@example.com")
    assert message["From"].addresses[0].display_name == "销售部 华东区"
    assert message["Subject"] == "客户跟进清单 2026-11-23 · 李经理"
    assert message["Cc"] == "boss@example.com"
    text = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert text is not None and html is not None
    assert "跟进逾期：3" in text.get_content() and "30 天未联系：9" in text.get_content()
    assert "2026-11-01（逾期 22 天）王五（华信科技）" in text.get_content()
    assert "<td" in html.get_content() and "华信科技" in html.get_content()
    # The phone number in the reason is masked in both parts.
    for part in (text, html):
        assert "138****5678" in part.get_content()
        assert "13812345678" not in part.get_content()
    [attachment] = list(message.iter_attachments())
    assert attachment.get_filename() == "李经理.xlsx"
    payload = attachment.get_content()
    assert payload == (folder / "managers" / "李经理.xlsx").read_bytes()
    ws = openpyxl.load_workbook(io.BytesIO(payload))["跟进"]
    assert ws["A2"].value == "李经理" and ws["C4"].value == "客户2"


def test_english_manifest_gives_english_mail(
    smtp_server: StartServer, tls: Tls, write_followups: WriteFollowups
) -> None:
    server = smtp_server()
    folder = write_followups(lang="en", managers=MANAGERS[1:])
    send(folder, settings_for(server, tls))
    message = server.received[0].message
    assert message["Subject"] == "Customer follow-ups 2026-11-23 · Chen Jing"
    body = message.get_body(("plain",))
    assert body is not None and body.get_content().startswith("Dear Chen Jing,")


def test_running_twice_delivers_once(
    smtp_server: StartServer, tls: Tls, write_followups: WriteFollowups
) -> None:
    server = smtp_server()
    folder = write_followups()
    send(folder, settings_for(server, tls))
    # Writing the same follow-ups again (new file bytes, same content) is not a new message.
    folder = write_followups()
    again = send(folder, settings_for(server, tls))
    assert statuses(again) == {"李经理": "already_sent", "Chen Jing": "already_sent"}
    assert len(server.received) == 2
    log = (folder / "sent.jsonl").read_text("utf-8").splitlines()
    assert len(log) == 2 and json.loads(log[0])["sent_at"] == "2026-11-23T09:30:00+08:00"


def test_changed_workbook_is_sent_again_and_old_queue_superseded(
    smtp_server: StartServer, tls: Tls, write_followups: WriteFollowups
) -> None:
    server = smtp_server()
    folder = write_followups()
    send(folder, settings_for(server, tls))
    folder = write_followups(rows=5)
    report = send(folder, settings_for(server, tls))
    assert statuses(report) == {"李经理": "sent", "Chen Jing": "sent"}
    assert len(server.received) == 4


@pytest.mark.parametrize("security", ["starttls", "ssl"])
def test_tls_with_login(
    smtp_server: StartServer,
    tls: Tls,
    write_followups: WriteFollowups,
    memory_keyring: MemoryKeyring,
    security: str,
) -> None:
    memory_keyring.set_password(SERVICE, USER, SECRET)
    server = smtp_server(security=security, auth=True)
    report = send(write_followups(), settings_for(server, tls, security=security, username=USER))
    assert report.count("sent") == 2, report.render("en")


def test_login_without_tls_when_the_server_allows_it(
    smtp_server: StartServer,
    tls: Tls,
    write_followups: WriteFollowups,
    memory_keyring: MemoryKeyring,
) -> None:
    memory_keyring.set_password(SERVICE, USER, SECRET)
    server = smtp_server(auth=True)
    report = send(write_followups(), settings_for(server, tls, username=USER))
    assert report.count("sent") == 2


def test_untrusted_certificate_is_a_clear_failure(
    smtp_server: StartServer, tls: Tls, write_followups: WriteFollowups, tmp_path: Path
) -> None:
    server = smtp_server(security="ssl")
    other_ca = tmp_path / "empty-ca.pem"
    import trustme

    trustme.CA().cert_pem.write_to_path(str(other_ca))
    report = send(
        write_followups(), settings_for(server, tls, security="ssl", ca_file=str(other_ca))
    )
    assert statuses(report) == {"李经理": "failed", "Chen Jing": "failed"}
    assert "加密连接失败" in report.outcomes[0].message


def test_starttls_required_but_not_offered(
    smtp_server: StartServer, tls: Tls, write_followups: WriteFollowups
) -> None:
    server = smtp_server()  # plain server, no STARTTLS
    report = send(write_followups(), settings_for(server, tls, security="starttls"), lang="en")
    assert report.outcomes[0].status == "failed"
    assert "does not offer STARTTLS" in report.outcomes[0].message
    assert server.received == []


def test_wrong_password_fails_everyone_then_retry_after_setup(
    smtp_server: StartServer,
    tls: Tls,
    write_followups: WriteFollowups,
    memory_keyring: MemoryKeyring,
) -> None:
    memory_keyring.set_password(SERVICE, USER, "wrong")
    server = smtp_server(security="starttls", auth=True)
    folder = write_followups()
    settings = settings_for(server, tls, security="starttls", username=USER)
    report = send(folder, settings)
    assert statuses(report) == {"李经理": "failed", "Chen Jing": "failed"}
    assert (
        "密码错误" in outcome(report, "李经理").message and "intake email setup" in report.render()
    )
    assert report.exit_code == 1
    assert {s["error_code"] for s in outbox_status(folder).values()} == {"smtp_auth"}
    assert server.received == []

    memory_keyring.set_password(SERVICE, USER, SECRET)
    retry = send(folder, settings)
    assert statuses(retry) == {"李经理": "sent", "Chen Jing": "sent"}
    assert {s["status"] for s in outbox_status(folder).values()} == {"sent"}
    assert outbox_status(folder)["李经理"]["attempts"] == 2  # the first one tried to log in
    # The password is nowhere in the folder.
    for path in folder.rglob("*"):
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes() and b"wrong" not in path.read_bytes()


def test_no_password_in_keyring_says_run_setup(
    smtp_server: StartServer,
    tls: Tls,
    write_followups: WriteFollowups,
    memory_keyring: MemoryKeyring,
) -> None:
    server = smtp_server(auth=True)
    folder = write_followups()
    with pytest.raises(MailError, match="intake email setup"):
        send(folder, settings_for(server, tls, username=USER))
    # The messages wait in the outbox.
    assert len(list((folder / "outbox").glob("*.eml"))) == 2


def test_server_down_keeps_messages_and_next_run_sends_them(
    smtp_server: StartServer, tls: Tls, write_followups: WriteFollowups
) -> None:
    folder = write_followups()
    report = send(folder, settings_for(None, tls), lang="en")  # nobody listens on that port
    assert statuses(report) == {"李经理": "failed", "Chen Jing": "failed"}
    assert "cannot connect to the mail server" in report.outcomes[0].message
    assert outbox_status(folder)["李经理"]["error_code"] == "smtp_down"

    server = smtp_server()
    retry = send(folder, settings_for(server, tls))
    assert statuses(retry) == {"李经理": "sent", "Chen Jing": "sent"}
    assert len(server.received) == 2


def test_dry_run_writes_eml_and_sends_nothing_then_send_uses_the_outbox(
    smtp_server: StartServer, tls: Tls, write_followups: WriteFollowups
) -> None:
    server = smtp_server()
    folder = write_followups()
    dry = send(folder, settings_for(server, tls), send=False)
    assert statuses(dry) == {"李经理": "queued", "Chen Jing": "queued"}
    assert server.received == []
    emls = sorted((folder / "outbox").glob("*.eml"))
    assert [p.name.split("-")[3] for p in emls] == ["Chen_Jing", "李经理"]

    send(folder, settings_for(server, tls))
    assert sorted(r.raw for r in server.received) == sorted(p.read_bytes() for p in emls)


def test_refused_recipient_fails_that_manager_only(
    smtp_server: StartServer, tls: Tls, write_followups: WriteFollowups
) -> None:
    server = smtp_server(refuse=["li@example.com"])
    folder = write_followups()
    report = send(folder, settings_for(server, tls))
    # A 5xx refusal is permanent (issue 11, item 18: "rejected", no longer "failed" and retried).
    assert statuses(report) == {"李经理": "rejected", "Chen Jing": "sent"}
    assert "拒绝收件人 li@example.com" in outcome(report, "李经理").message
    assert "550" in outcome(report, "李经理").message
    assert "核对经理的邮箱地址" in outcome(report, "李经理").message
    assert outbox_status(folder)["李经理"]["error_code"] == "smtp_recipient_refused"
    again = send(folder, settings_for(server, tls))
    assert statuses(again) == {"李经理": "rejected", "Chen Jing": "already_sent"}
    assert [r.rcpt_tos for r in server.received] == [["chen@example.com"]]


def test_temporary_refusal_of_the_recipient_is_not_blamed_on_the_address(
    smtp_server: StartServer, tls: Tls, write_followups: WriteFollowups
) -> None:
    server = smtp_server(rcpt_once={"li@example.com": "451 4.7.1 greylisted, try later"})
    folder = write_followups()
    report = send(folder, settings_for(server, tls), lang="en")
    assert statuses(report) == {"李经理": "failed", "Chen Jing": "sent"}
    text = outcome(report, "李经理").message
    assert "451" in text and "temporarily" in text and "retried by the next run" in text
    assert "check the manager's address" not in text
    assert outbox_status(folder)["李经理"]["error_code"] == "smtp_recipient_temporary"
    retry = send(folder, settings_for(server, tls))
    assert statuses(retry) == {"李经理": "sent", "Chen Jing": "already_sent"}
    assert sorted(r.rcpt_tos[0] for r in server.received) == ["chen@example.com", "li@example.com"]


@pytest.mark.parametrize(
    ("reply", "status", "code"),
    [
        ("451 4.3.0 sender domain busy", "failed", "smtp_sender_temporary"),
        ("553 5.7.1 sender not owned by this login", "rejected", "smtp_sender_refused"),
    ],
)
def test_refused_sender_is_classified_by_its_reply(
    smtp_server: StartServer,
    tls: Tls,
    write_followups: WriteFollowups,
    reply: str,
    status: str,
    code: str,
) -> None:
    server = smtp_server(mail_reply=reply)
    folder = write_followups()
    report = send(folder, settings_for(server, tls), lang="en")
    assert statuses(report) == {"李经理": status, "Chen Jing": status}
    assert reply[:3] in outcome(report, "李经理").message
    assert {s["error_code"] for s in outbox_status(folder).values()} == {code}
    assert server.received == []


@pytest.mark.parametrize(
    ("limit_kw", "code", "text"),
    [
        ({"max_attachment_mb": 0.05}, "mail_too_big_config", "max_attachment_mb"),
        ({}, "mail_too_big_server", "over the server's limit"),
    ],
)
def test_too_big_attachment_fails_that_manager_only(
    smtp_server: StartServer,
    tls: Tls,
    write_followups: WriteFollowups,
    limit_kw: dict[str, Any],
    code: str,
    text: str,
) -> None:
    server = smtp_server(size_limit=60_000)
    folder = write_followups(filler={"李经理": 80_000})
    report = send(folder, settings_for(server, tls, **limit_kw), lang="en")
    assert statuses(report) == {"李经理": "failed", "Chen Jing": "sent"}
    assert text in outcome(report, "李经理").message
    assert outbox_status(folder)["李经理"]["error_code"] == code
    assert [r.rcpt_tos for r in server.received] == [["chen@example.com"]]


@pytest.mark.parametrize(
    ("reply", "code"),
    [
        ("451 4.3.0 try again later", "smtp_data_temporary"),
        ("421 4.3.2 shutting down", "smtp_data_temporary"),  # closes the session: reconnect
    ],
)
def test_temporary_refusal_of_the_data_is_retried_by_the_next_run(
    smtp_server: StartServer, tls: Tls, write_followups: WriteFollowups, reply: str, code: str
) -> None:
    server = smtp_server(reject_once={"li@example.com": reply})
    folder = write_followups()
    report = send(folder, settings_for(server, tls), lang="en")
    assert statuses(report) == {"李经理": "failed", "Chen Jing": "sent"}
    assert reply[:3] in outcome(report, "李经理").message
    assert "retried by the next run" in outcome(report, "李经理").message
    assert outbox_status(folder)["李经理"]["error_code"] == code
    retry = send(folder, settings_for(server, tls))
    assert statuses(retry) == {"李经理": "sent", "Chen Jing": "already_sent"}
    assert sorted(r.rcpt_tos[0] for r in server.received) == ["chen@example.com", "li@example.com"]


# Changed deliberately (issue 11, item 18): a 5xx reply to the data used to be retried by every
# run; it is now held back ("rejected") until the user asks for it with retry_held.
@pytest.mark.parametrize(
    ("reply", "code", "advice"),
    [
        ("552 5.3.4 message too big for this mailbox", "smtp_too_big", "attachment smaller"),
        ("554 5.7.1 looks like spam", "smtp_data_refused", "mail administrator"),
    ],
)
def test_permanent_refusal_of_the_data_is_not_retried_until_asked(
    smtp_server: StartServer,
    tls: Tls,
    write_followups: WriteFollowups,
    reply: str,
    code: str,
    advice: str,
) -> None:
    server = smtp_server(reject_once={"li@example.com": reply})
    folder = write_followups()
    report = send(folder, settings_for(server, tls), lang="en")
    assert statuses(report) == {"李经理": "rejected", "Chen Jing": "sent"}
    text = outcome(report, "李经理").message
    assert reply[:3] in text and advice in text and "not retried" in text
    assert "will retry" not in text and "retried next time" not in text
    assert outbox_status(folder)["李经理"]["status"] == "rejected"
    assert outbox_status(folder)["李经理"]["error_code"] == code
    assert report.exit_code == 1
    again = send(folder, settings_for(server, tls))
    assert statuses(again) == {"李经理": "rejected", "Chen Jing": "already_sent"}
    assert [r.rcpt_tos for r in server.received] == [["chen@example.com"]]  # nothing re-sent
    asked = send(folder, settings_for(server, tls), retry_held=True)
    assert statuses(asked) == {"李经理": "sent", "Chen Jing": "already_sent"}
    assert sorted(r.rcpt_tos[0] for r in server.received) == ["chen@example.com", "li@example.com"]


def test_refused_cc_still_delivers_to_the_manager(
    smtp_server: StartServer, tls: Tls, write_followups: WriteFollowups
) -> None:
    server = smtp_server(refuse=["boss@example.com"])
    report = send(
        write_followups(MANAGERS[:1]), settings_for(server, tls, cc=("boss@example.com",))
    )
    assert statuses(report) == {"李经理": "sent"}
    assert "boss@example.com: 550" in outcome(report, "李经理").message
    assert server.received[0].rcpt_tos == ["li@example.com"]


def test_each_run_is_audited_without_names(
    smtp_server: StartServer, tls: Tls, write_followups: WriteFollowups
) -> None:
    server = smtp_server(refuse=["chen@example.com"])
    send(write_followups(), settings_for(server, tls))
    log = Path(os.environ["INTAKE_AUDIT_LOG"]).read_text("utf-8")
    entry = json.loads(log.splitlines()[-1])
    assert entry["action"] == "email" and entry["status"] == "failed"
    assert entry["counts"]["sent"] == 1 and entry["counts"]["rejected"] == 1
    assert "李经理" not in log and "example.com" not in log


def test_non_ascii_password_is_a_clear_failure(
    smtp_server: StartServer,
    tls: Tls,
    write_followups: WriteFollowups,
    memory_keyring: MemoryKeyring,
) -> None:
    memory_keyring.set_password(SERVICE, USER, "密码123")
    server = smtp_server(security="starttls", auth=True)
    settings = settings_for(server, tls, security="starttls", username=USER)
    report = send(write_followups(MANAGERS[:1]), settings, lang="en")
    assert "non-ASCII" in outcome(report, "李经理").message


def test_silent_server_times_out_as_server_down(tls: Tls, write_followups: WriteFollowups) -> None:
    with socket.socket() as silent:  # accepts connections (backlog) but never greets
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        settings = settings_for(None, tls, port=silent.getsockname()[1], timeout=0.3)
        report = send(write_followups(), settings, lang="en")
    assert statuses(report) == {"李经理": "failed", "Chen Jing": "failed"}
    assert "timed out" in outcome(report, "李经理").message
