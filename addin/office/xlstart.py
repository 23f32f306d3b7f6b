"""Excel's start-up folder (XLSTART) and installing the add-in there.

Excel opens every workbook in the user's XLSTART folder when it starts, so an add-in there
shows its ribbon tab in every workbook; ``xlwings addin install`` installs its own add-in the
same way. xlwings asks a running Excel for the folder; here it is the folder Excel uses by
default, so that no Excel needs to run (and ``--dir`` gives another).
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Mapping
from pathlib import Path

from ..errors import ConfigError, InputError
from ..files import atomic_write
from ..schema import Lang
from .texts import msg

__all__ = ["install_addin", "xlstart_dir"]

#: Excel 2016+ for Mac: the start-up folder inside Office's group container.
_MAC_XLSTART = Path(
    "Library", "Group Containers", "UBF8T346G9.Office", "User Content", "Startup", "Excel"
)


def xlstart_dir(
    *,
    platform: str = sys.platform,
    env: Mapping[str, str] | None = None,
    home: Path | None = None,
) -> Path | None:
    """The user's XLSTART folder on this platform, or None where there is no Excel.

    Windows: ``%APPDATA%\\Microsoft\\Excel\\XLSTART``; macOS: ``~/Library/Group Containers/
    UBF8T346G9.Office/User Content/Startup/Excel``.
    """
    environ = os.environ if env is None else env
    base = home if home is not None else Path.home()
    if platform.startswith("win"):
        appdata = environ.get("APPDATA")
        root = Path(appdata) if appdata else base / "AppData" / "Roaming"
        return root / "Microsoft" / "Excel" / "XLSTART"
    if platform.startswith("darwin"):
        return base / _MAC_XLSTART
    return None


def install_addin(source: Path, folder: Path | None = None, *, tab: str, lang: Lang = "zh") -> str:
    """Copy the add-in into XLSTART (or ``folder``); an older copy there is backed up.

    Args:
        source: the ``.xlam`` to install.
        folder: the start-up folder (default: :func:`xlstart_dir`).
        tab: the ribbon tab's label, for the message.
        lang: language of the message.

    Returns:
        What was done, in words.

    Example:
        >>> install_addin(Path("customer_intake.xlam"), tmp_path, tab="客户管理")  # doctest: +SKIP
    """
    if not source.is_file():
        raise InputError(msg("office_addin_missing", lang, path=source))
    target_dir = folder or xlstart_dir()
    if target_dir is None:
        raise ConfigError(msg("office_no_xlstart", lang))
    target = target_dir / source.name
    atomic_write(target, lambda p: shutil.copyfile(source, p), lang=lang)
    return msg("office_addin_installed", lang, path=target, tab=tab)
