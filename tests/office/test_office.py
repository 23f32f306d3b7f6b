"""Setting Excel up on a PC: the user's xlwings.conf and XLSTART, with HOME in a temp folder."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from addin.cli import main
from addin.errors import ConfigError
from addin.office import install_addin, set_interpreter, user_config_path, xlstart_dir
from addin.office.xlwings_conf import interpreter, runpython_install, xlwings_package_dir


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("USERPROFILE", str(tmp_path))
    return tmp_path


def test_config_paths_are_xlwings_own() -> None:
    home = Path("/h")
    assert user_config_path(home, "win32") == home / ".xlwings" / "xlwings.conf"
    mac = home / "Library" / "Containers" / "com.microsoft.Excel" / "Data" / "xlwings.conf"
    assert user_config_path(home, "darwin") == mac


def test_cli_excel_setup_writes_this_python(home: Path) -> None:
    result = CliRunner().invoke(main, ["excel", "setup"])
    assert result.exit_code == 0, result.output
    conf = user_config_path(home)
    key = "INTERPRETER_MAC" if sys.platform == "darwin" else "INTERPRETER_WIN"
    assert conf.read_text(encoding="utf-8") == f'"{key}","{sys.executable}"\n'
    assert "xlwings.conf" in result.output and "Python" in result.output


def test_setup_keeps_other_settings_and_replaces_the_old_interpreter(home: Path) -> None:
    conf = user_config_path(home, "win32")
    conf.parent.mkdir(parents=True)
    conf.write_text('"LICENSE_KEY","abc"\n"INTERPRETER_WIN","C:\\old\\python.exe"', "utf-8")
    set_interpreter(r"C:\intake\.venv\Scripts\pythonw.exe", home=home, platform="win32", lang="en")
    lines = conf.read_text(encoding="utf-8").splitlines()
    assert lines == [
        '"LICENSE_KEY","abc"',
        '"INTERPRETER_WIN","C:\\intake\\.venv\\Scripts\\pythonw.exe"',
    ]
    assert list((conf.parent / ".intake-backup").iterdir())  # the old file is kept


def test_file_is_in_the_code_page_vba_reads(home: Path) -> None:
    path = "C:\\Users\\张伟\\intake\\.venv\\Scripts\\pythonw.exe"
    set_interpreter(path, home=home, platform="win32", encoding="gbk")
    raw = user_config_path(home, "win32").read_bytes()
    assert raw.decode("gbk") == f'"INTERPRETER_WIN","{path}"\n'
    with pytest.raises(ConfigError, match="cp1252"):
        set_interpreter(path, home=home, platform="win32", encoding="cp1252")


def test_windows_prefers_pythonw(tmp_path: Path) -> None:
    python = tmp_path / "python.exe"
    assert interpreter(str(python), "win32") == str(python)
    (tmp_path / "pythonw.exe").write_bytes(b"")
    assert interpreter(str(python), "win32") == str(tmp_path / "pythonw.exe")
    assert interpreter(str(python), "darwin") == str(python)


def test_a_quote_cannot_be_written(home: Path) -> None:
    with pytest.raises(ConfigError):
        set_interpreter('C:\\a"b\\python.exe', home=home, platform="win32")


def test_runpython_install_copies_the_pinned_applescript(home: Path) -> None:
    package = xlwings_package_dir()
    assert package is not None
    text = runpython_install(home, lang="en")
    copied = list((home / "Library" / "Application Scripts" / "com.microsoft.Excel").iterdir())
    assert [p.name for p in copied] == [p.name for p in package.glob("xlwings-*.applescript")]
    assert str(copied[0]) in text


def test_xlstart_per_platform(tmp_path: Path) -> None:
    appdata = str(tmp_path / "Roaming")
    win = xlstart_dir(platform="win32", env={"APPDATA": appdata}, home=tmp_path)
    assert win == Path(appdata) / "Microsoft" / "Excel" / "XLSTART"
    mac = xlstart_dir(platform="darwin", env={}, home=tmp_path)
    assert mac is not None and mac.parts[-3:] == ("User Content", "Startup", "Excel")
    assert xlstart_dir(platform="linux", env={}, home=tmp_path) is None


def test_install_addin_replaces_with_backup(tmp_path: Path) -> None:
    src = tmp_path / "customer_intake.xlam"
    src.write_bytes(b"new")
    dest = tmp_path / "XLSTART"
    dest.mkdir()
    (dest / src.name).write_bytes(b"old")
    install_addin(src, dest, tab="客户管理")
    assert (dest / src.name).read_bytes() == b"new"
    assert [p.read_bytes() for p in (dest / ".intake-backup").iterdir()] == [b"old"]


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="Excel may exist here")
def test_no_xlstart_without_excel_is_exit_2() -> None:
    result = CliRunner().invoke(main, ["addin", "install", "--lang", "en"])
    assert result.exit_code == 2 and "--dir" in result.output
