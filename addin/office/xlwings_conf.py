"""The user's xlwings settings file: which Python the buttons run, set once per PC.

xlwings' VBA looks a setting up in the workbook's ``xlwings.conf`` sheet, then in an
``xlwings.conf`` file beside the workbook, then in the user's file: ``~/.xlwings/xlwings.conf``
on Windows, ``~/Library/Containers/com.microsoft.Excel/Data/xlwings.conf`` on a Mac (Excel's
sandbox). Each line is ``"KEY","VALUE"``. Written here without importing xlwings: it is text,
and the paths are xlwings' own (``xlwings.USER_CONFIG_FILE``, ``xlwings config create``). The
file is in the system's code page, as ``xlwings config create`` writes it and as VBA's ``Input #``
reads it (GBK on a Chinese Windows: a user folder named 张伟 must survive).
"""

from __future__ import annotations

import importlib.util
import locale
import shutil
import sys
from pathlib import Path

from ..errors import ConfigError
from ..files import atomic_write
from ..schema import Lang
from .texts import msg

__all__ = [
    "APPLESCRIPT_DIR",
    "interpreter",
    "interpreter_key",
    "runpython_install",
    "set_interpreter",
    "user_config_path",
    "xlwings_package_dir",
]

#: Where Excel on a Mac may run AppleScripts from (``xlwings runpython install`` copies there).
APPLESCRIPT_DIR = Path("Library", "Application Scripts", "com.microsoft.Excel")


def _is_mac(platform: str) -> bool:
    return platform.startswith("darwin")


def user_config_path(home: Path | None = None, platform: str = sys.platform) -> Path:
    """The user's xlwings.conf, where xlwings' VBA looks for it on this platform."""
    base = home if home is not None else Path.home()
    if _is_mac(platform):
        return base / "Library" / "Containers" / "com.microsoft.Excel" / "Data" / "xlwings.conf"
    return base / ".xlwings" / "xlwings.conf"


def interpreter_key(platform: str = sys.platform) -> str:
    return "INTERPRETER_MAC" if _is_mac(platform) else "INTERPRETER_WIN"


def interpreter(executable: str = sys.executable, platform: str = sys.platform) -> str:
    """This Python, as the buttons should start it: ``pythonw.exe`` on Windows (no console)."""
    path = Path(executable)
    if platform.startswith("win"):
        windowless = path.with_name("pythonw.exe")
        if windowless.exists():
            return str(windowless)
    return str(path)


def _line(key: str, value: str) -> str:
    # VBA's `Input #` reads quoted fields; a quote inside a value cannot be written, and paths
    # have none.
    return f'"{key}","{value}"\n'


def _read(path: Path, codec: str) -> list[str]:
    """The file's lines; a file in another encoding keeps its lines (undecodable bytes marked)."""
    if not path.exists():
        return []
    return path.read_bytes().decode(codec, errors="replace").splitlines(keepends=True)


def set_interpreter(
    value: str | None = None,
    *,
    home: Path | None = None,
    platform: str = sys.platform,
    encoding: str | None = None,
    lang: Lang = "zh",
) -> str:
    """Set ``INTERPRETER_WIN`` (``_MAC`` on a Mac) in the user's xlwings.conf; other lines stay.

    Args:
        value: the interpreter (default: this Python, see :func:`interpreter`).
        home: the user's home folder (default: ``Path.home()``).
        platform: ``sys.platform`` of the PC the file is for.
        encoding: of the file (default: the system's code page, which VBA reads).
        lang: language of the message.

    Returns:
        What was done, in words.

    Example:
        >>> set_interpreter(home=tmp_path, platform="win32")  # doctest: +SKIP
        'set INTERPRETER_WIN = C:\\\\...\\\\pythonw.exe in ...'
    """
    value = value or interpreter(platform=platform)
    if '"' in value:
        raise ConfigError(f"a path with a quote cannot be written to xlwings.conf: {value}")
    path = user_config_path(home, platform)
    key = interpreter_key(platform)
    codec = encoding or locale.getpreferredencoding(False)
    try:
        value.encode(codec)
    except UnicodeEncodeError:
        raise ConfigError(msg("office_not_in_code_page", lang, path=value, codec=codec)) from None
    old = _read(path, codec)
    kept = [ln for ln in old if not ln.lstrip().upper().startswith(f'"{key}"')]
    if kept and not kept[-1].endswith("\n"):
        kept[-1] += "\n"
    text = "".join([*kept, _line(key, value)])
    atomic_write(path, lambda p: p.write_text(text, encoding=codec), lang=lang)
    return msg("office_conf_written", lang, path=path, key=key, value=value)


def xlwings_package_dir() -> Path | None:
    """xlwings' folder, found without importing it (its import starts Excel bindings)."""
    spec = importlib.util.find_spec("xlwings")
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).parent


def runpython_install(home: Path | None = None, *, lang: Lang = "zh") -> str:
    """Copy xlwings' AppleScript where Excel on a Mac may run it (``xlwings runpython install``)."""
    package = xlwings_package_dir()
    scripts = sorted(package.glob("xlwings-*.applescript")) if package else []
    if not scripts:
        raise ConfigError(msg("office_no_xlwings", lang))
    target = (home if home is not None else Path.home()) / APPLESCRIPT_DIR / scripts[-1].name
    atomic_write(target, lambda p: shutil.copyfile(scripts[-1], p), backup=False, lang=lang)
    return msg("office_runpython_installed", lang, path=target)
