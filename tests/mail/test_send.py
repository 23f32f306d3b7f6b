"""E-mail without a server: manifest, composing, outbox, ids, settings, keyring, bad input."""

from __future__ import annotations

import email
import json
import re
import zipfile
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any, cast

import keyring
import keyring.backends.fail
import openpyxl
import pytest

from addin.config import settings_from_mapping
from addin.errors import ConfigError, InputError, MailError, OutputError
from addin.mail.compose import mask_mobile
from addin.mail.outbox import Outbox, message_id, workbook_fingerprint
from addin.mail.secrets import SERVICE, get_password, set_password
from addin.mail.send import MailSettings, SendReport, send_followups
from tests.mail_fixtures import (
    MANAGERS,
    MemoryKeyring,
    WriteFollowups,
    clock,
    memory_keyring,
    write_followups,
    write_workbook,
)

__all__ = ["memory_keyring", "write_followups"]  # fixtures, used by name

SETTINGS = MailSettings(host="127.0.0.1", port=1, security="none", sender="sales@example.com")


def dry_run(folder: Path, settings: MailSettings = SETTINGS, **kw: Any) -> SendReport:
    return send_followups(folder, settings, send=False, clock=clock, **kw)


def eml(folder: Path, manager: str) -> EmailMessage:
    [path] = [p for p in (folder / "outbox").glob("*.eml") if manager in p.name]
    return cast(EmailMessage, email.message_from_bytes(path.read_bytes(), policy=policy.default))


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("13812345678", "138****5678"),
        ("手机 138 1234 5678，请回电", "手机 138****5678，请回电"),
        ("138-1234-5678", "138****5678"),
        ("+86 13912345678", "+86 139****5678"),
        ("8613912345678", "86139****5678"),
        ("座机 010-8888 6666", "座机 010-8888 6666"),
        ("订单 2024031512345678", "订单 2024031512345678"),  # longer digit runs are not phones
        ("12812345678", "12812345678"),  # 12x is not a mobile prefix
        ("", ""),
    ],
)
def test_mask_mobile(text: str, masked: str) -> None:
    assert mask_mobile(text) == masked


def test_dry_run_writes_eml_with_encoded_headers(write_followups: WriteFollowups) -> None:
    folder = write_followups()
    report = dry_run(folder)
    assert report.count("queued") == 2 and report.dry_run
    assert "--send" in report.render("en")
    raw = next((folder / "outbox").glob("*李经理*.eml")).read_bytes()
    assert raw.isascii() and b"=?utf-8?" in raw and b"\r\n" in raw
    message = eml(folder, "李经理")
    assert str(message["To"]) == "李经理 <li@example.com>"
    assert message["Date"] == "Mon, 23 Nov 2026 09:30:00 +0800"
    assert message["Message-ID"].endswith("@example.com>")
    [attachment] = list(message.iter_attachments())
    assert attachment.get_content_type() == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    status = json.loads(next((folder / "outbox").glob("*李经理*.json")).read_text("utf-8"))
    assert status["status"] == "queued" and status["recipients"] == ["li@example.com"]
    assert not (folder / "sent.jsonl").exists()


def test_mobiles_shown_when_masking_is_off(write_followups: WriteFollowups) -> None:
    folder = write_followups()
    dry_run(folder, MailSettings(sender="s@example.com", mask_mobiles=False))
    body = eml(folder, "李经理").get_body(("plain",))
    assert body is not None and "13812345678" in body.get_content()


def test_values_are_escaped_in_html(write_followups: WriteFollowups) -> None:
    manager = dict(MANAGERS[1], manager="Chen <b>Jing</b>", reps=["A&B"])
    folder = write_followups([manager])
    dry_run(folder)
    [path] = (folder / "outbox").glob("*.eml")
    message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    html = cast(EmailMessage, message).get_body(("html",))
    assert html is not None
    assert "Chen &lt;b&gt;Jing&lt;/b&gt;" in html.get_content() and "A&amp;B" in html.get_content()


def test_subject_template(write_followups: WriteFollowups) -> None:
    folder = write_followups()
    settings = MailSettings(sender="s@example.com", subject="[跟进] {manager}：{total} 位客户")
    dry_run(folder, settings)
    assert eml(folder, "李经理")["Subject"] == "[跟进] 李经理：12 位客户"


@pytest.mark.parametrize("subject", ["{rep} 跟进", "跟进 {", "{0}"])
def test_bad_subject_template_is_a_config_error(
    write_followups: WriteFollowups, subject: str
) -> None:
    with pytest.raises(ConfigError, match="subject"):
        dry_run(write_followups(), MailSettings(sender="s@example.com", subject=subject))


@pytest.mark.parametrize(
    ("table", "match"),
    [
        ({"security": "tls"}, "security must be one of"),
        ({"port": 70000}, "port"),
        ({"max_attachment_mb": 0}, "above 0"),
        ({"hostname": "x"}, "unknown setting"),
    ],
)
def test_bad_settings(table: dict[str, Any], match: str) -> None:
    with pytest.raises(ConfigError, match=match):
        settings_from_mapping(MailSettings, table, section="email")


def test_settings_from_toml_arrays() -> None:
    settings = settings_from_mapping(MailSettings, {"cc": ["a@example.com"]}, section="email")
    assert settings.cc == ("a@example.com",)


@pytest.mark.parametrize(
    ("settings", "match"),
    [
        (MailSettings(), "sender"),
        (MailSettings(sender="not an address"), "sender"),
        (MailSettings(sender="s@example.com", cc=("boss",)), "cc"),
    ],
)
def test_unusable_sender_or_cc(
    write_followups: WriteFollowups, settings: MailSettings, match: str
) -> None:
    with pytest.raises(ConfigError, match=match):
        dry_run(write_followups(), settings)


def test_manager_without_address_and_unassigned_rep_are_reported(
    write_followups: WriteFollowups,
) -> None:
    managers = [
        dict(MANAGERS[0], email=""),
        dict(MANAGERS[1], manager="周经理", email="zhou@@example"),
        dict(MANAGERS[1], manager="吴经理", email="吴@例子.中国"),
        MANAGERS[1],
    ]
    report = dry_run(write_followups(managers, unassigned=["赵六"]), lang="en")
    assert [(o.manager, o.status) for o in report.outcomes] == [
        ("李经理", "no_address"),
        ("周经理", "no_address"),
        ("吴经理", "no_address"),
        ("Chen Jing", "queued"),
    ]
    text = report.render("en")
    assert "manager '李经理' has no e-mail address" in text
    assert "invalid e-mail address 'zhou@@example'" in text
    assert "sales rep '赵六' has no manager" in text
    assert report.exit_code == 1


def test_missing_workbook_fails_that_manager_only(write_followups: WriteFollowups) -> None:
    folder = write_followups([dict(MANAGERS[0], no_workbook=True), MANAGERS[1]])
    report = dry_run(folder)
    assert [o.status for o in report.outcomes] == ["failed", "queued"]
    assert "附件" in report.outcomes[0].message and "不存在" in report.outcomes[0].message


@pytest.mark.parametrize(
    ("content", "match"),
    [
        (None, "manifest.json"),
        ("{not json", "manifest.json"),
        ('["a list"]', "manifest.json"),
        ('{"managers": []}', "as_of"),
        ('{"as_of": "2026-11-23", "managers": [{"email": "x@example.com"}]}', "manager"),
    ],
)
def test_bad_manifest_is_an_input_error(tmp_path: Path, content: str | None, match: str) -> None:
    if content is not None:
        (tmp_path / "manifest.json").write_text(content, "utf-8")
    with pytest.raises(InputError, match=match):
        dry_run(tmp_path)


def test_newer_followups_supersede_unsent_messages(write_followups: WriteFollowups) -> None:
    folder = write_followups()
    dry_run(folder)
    folder = write_followups(rows=5)
    report = dry_run(folder)
    assert sorted((o.manager, o.status) for o in report.outcomes) == [
        ("Chen Jing", "queued"),
        ("Chen Jing", "superseded"),
        ("李经理", "queued"),
        ("李经理", "superseded"),
    ]
    statuses = [json.loads(p.read_text("utf-8"))["status"] for p in folder.glob("outbox/*.json")]
    assert sorted(statuses) == ["queued", "queued", "superseded", "superseded"]


def test_fingerprint_ignores_save_time_but_not_content(tmp_path: Path) -> None:
    a, b, c = (tmp_path / n for n in ("a.xlsx", "b.xlsx", "c.xlsx"))
    write_workbook(a, "李经理")
    write_workbook(c, "李经理", rows=4)
    # b: the same workbook saved at another time (other document properties, zip dates).
    with zipfile.ZipFile(a) as src, zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"\d{4}-\d\d-\d\dT[\d:]+Z", b"2030-01-01T00:00:00Z", data)
            dst.writestr(zipfile.ZipInfo(info.filename, (2030, 1, 1, 0, 0, 0)), data)
    assert a.read_bytes() != b.read_bytes()
    assert workbook_fingerprint(a) == workbook_fingerprint(b) != workbook_fingerprint(c)
    assert openpyxl.load_workbook(b)["跟进"].max_row == 4


def test_message_id_depends_on_every_part() -> None:
    base = ("李经理", "li@example.com", "2026-11-23", "f" * 64)
    ids = {message_id(*base)}
    for i, other in enumerate(["王经理", "wang@example.com", "2026-11-30", "0" * 64]):
        ids.add(message_id(*base[:i], other, *base[i + 1 :]))
    assert len(ids) == 5
    assert message_id("李经理", "LI@example.com ", *base[2:]) == message_id(*base)


def test_keyring_round_trip(memory_keyring: MemoryKeyring) -> None:
    assert "customer-intake-smtp" in set_password("u@example.com", "pw", lang="en")
    assert memory_keyring.passwords == {(SERVICE, "u@example.com"): "pw"}
    assert get_password("u@example.com") == "pw"
    with pytest.raises(MailError, match="intake email setup"):
        get_password("other@example.com")


def test_no_keyring_backend_is_a_clear_error() -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    try:
        with pytest.raises(MailError, match="keyring"):
            get_password("u@example.com", lang="en")
    finally:
        keyring.set_keyring(previous)


def test_a_second_run_on_the_same_outbox_is_refused(write_followups: WriteFollowups) -> None:
    folder = write_followups()
    with Outbox(folder).lock(), pytest.raises(MailError, match="another run"):
        dry_run(folder, lang="en")
    assert dry_run(folder).count("queued") == 2  # released afterwards


def test_read_only_folder_is_an_output_error(write_followups: WriteFollowups) -> None:
    folder = write_followups()
    (folder / "outbox").write_text("a file where the outbox folder should be", "utf-8")
    with pytest.raises(OutputError, match="outbox"):
        dry_run(folder)
