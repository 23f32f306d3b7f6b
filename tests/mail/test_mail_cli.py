"""``intake email`` in-process: dry run, send, exit codes, ``intake email setup``."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from addin.cli import main
from addin.mail.secrets import SERVICE
from tests.mail_fixtures import (
    MANAGERS,
    SECRET,
    USER,
    MemoryKeyring,
    StartServer,
    Tls,
    WriteFollowups,
    memory_keyring,
    smtp_server,
    tls,
    write_followups,
)

__all__ = ["memory_keyring", "smtp_server", "tls", "write_followups"]  # fixtures, used by name


def config(tmp_path: Path, port: int, **extra: str) -> Path:
    """intake.toml with an [email] table; ``extra`` values are TOML literals."""
    table = {"host": '"127.0.0.1"', "port": str(port), "security": '"none"'}
    table |= {"sender": '"sales@example.com"', "timeout": "5"} | extra
    path = tmp_path / "intake.toml"
    path.write_text("[email]\n" + "".join(f"{k} = {v}\n" for k, v in table.items()), "utf-8")
    return path


def test_dry_run_is_the_default(
    smtp_server: StartServer, write_followups: WriteFollowups, tmp_path: Path
) -> None:
    server = smtp_server()
    folder = write_followups()
    args = ["email", "--out-dir", str(folder), "--config", str(config(tmp_path, server.port))]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "试运行" in result.output and "待发送 2 封" in result.output
    assert len(list((folder / "outbox").glob("*.eml"))) == 2
    assert server.received == []


def test_send_then_send_again(
    smtp_server: StartServer, write_followups: WriteFollowups, tmp_path: Path
) -> None:
    server = smtp_server()
    folder = write_followups()
    args = ["email", "--out-dir", str(folder), "--send", "--lang", "en"]
    args += ["--config", str(config(tmp_path, server.port))]
    first = CliRunner().invoke(main, args)
    assert first.exit_code == 0, first.output
    assert "李经理 <li@example.com>: sent" in first.output
    second = CliRunner().invoke(main, args)
    assert "2 skipped" in second.output and len(server.received) == 2


def test_a_manager_not_served_exits_1(
    smtp_server: StartServer, write_followups: WriteFollowups, tmp_path: Path
) -> None:
    server = smtp_server(refuse=["chen@example.com"])
    folder = write_followups()
    args = ["email", "--out-dir", str(folder), "--send"]
    result = CliRunner().invoke(main, [*args, "--config", str(config(tmp_path, server.port))])
    assert result.exit_code == 1
    assert "发送 1 封，失败 1 封" in result.output


@pytest.mark.parametrize(
    ("args", "extra", "message"),
    [
        ([], {}, "需要 --out-dir"),  # Chinese by default, as all of the command line
        (["--out-dir", "{tmp}/nothing"], {}, "manifest.json"),
        (["--out-dir", "{folder}"], {"security": '"tls"'}, "security must be one of"),
        (["--out-dir", "{folder}"], {"sender": '""'}, "sender"),
    ],
)
def test_unusable_input_exits_2(
    write_followups: WriteFollowups,
    tmp_path: Path,
    args: list[str],
    extra: dict[str, str],
    message: str,
) -> None:
    folder = write_followups()
    cfg = config(tmp_path, 25, **extra)
    args = [a.format(tmp=tmp_path, folder=folder) for a in args]
    result = CliRunner().invoke(main, ["email", *args, "--config", str(cfg)])
    assert result.exit_code == 2
    assert message in result.output


def test_setup_stores_password_without_echoing_it(
    memory_keyring: MemoryKeyring, tmp_path: Path
) -> None:
    cfg = config(tmp_path, 25, username=f'"{USER}"')
    result = CliRunner().invoke(
        main, ["email", "setup", "--config", str(cfg)], input=f"{SECRET}\n{SECRET}\n"
    )
    assert result.exit_code == 0, result.output
    assert memory_keyring.passwords == {(SERVICE, USER): SECRET}
    assert SECRET not in result.output
    assert "customer-intake-smtp" in result.output


def test_setup_check_logs_in(
    memory_keyring: MemoryKeyring, smtp_server: StartServer, tls: Tls, tmp_path: Path
) -> None:
    server = smtp_server(security="starttls", auth=True)
    cfg = config(tmp_path, server.port, security='"starttls"', ca_file=f'"{tls.ca_file}"')
    args = ["email", "setup", "--username", USER, "--check", "--config", str(cfg), "--lang", "en"]
    ok = CliRunner().invoke(main, args, input=f"{SECRET}\n{SECRET}\n")
    assert ok.exit_code == 0, ok.output
    assert "logged in to the mail server" in ok.output
    bad = CliRunner().invoke(main, args, input="nope\nnope\n")
    assert bad.exit_code == 2
    assert "wrong SMTP user name or password" in bad.output and "nope" not in bad.output


def test_send_without_password_says_run_setup(
    memory_keyring: MemoryKeyring,
    smtp_server: StartServer,
    write_followups: WriteFollowups,
    tmp_path: Path,
) -> None:
    server = smtp_server(auth=True)
    folder = write_followups(MANAGERS[:1])
    cfg = config(tmp_path, server.port, username=f'"{USER}"')
    result = CliRunner().invoke(
        main, ["email", "--out-dir", str(folder), "--send", "--config", str(cfg)]
    )
    assert result.exit_code == 2
    assert "intake email setup" in result.output
