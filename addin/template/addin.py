"""The Excel add-in ``customer_intake.xlam``: the template's ribbon tab in every workbook.

Built like the template (:mod:`addin.template.build`), from the same ribbon and macros:

1. ``xlwings quickstart NAME --addin`` gives an ``.xlam`` (add-in content type, hidden workbook)
   with xlwings' add-in VBA module, whose ``RunPython`` works on the *active* workbook, not on
   the add-in itself.
2. That module reads its settings under the name in ``PROJECT_NAME`` (``myaddin`` in the
   quickstart): it is set to ``xlwings``, so the add-in reads the same
   ``~/.xlwings/xlwings.conf`` as the template (written once per PC by ``intake excel setup``)
   and an ``xlwings.conf`` sheet in the active workbook; its own conf sheet is inactive
   (``_xlwings.conf``).
3. pyOpenVBA removes the sample module and adds the ``*.bas`` macros; the ribbon part is added
   and the package rewritten with fixed timestamps (:func:`~addin.template.ribbon.finish_package`).
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from ..errors import OutputError
from ..files import atomic_write
from ..schema import Lang
from .build import FILES_DIR, MACROS_DIR, ROOT, add_macros
from .ribbon import finish_package, ribbon_xml
from .texts import msg

__all__ = [
    "ADDIN_CONTENT_TYPE",
    "CONF_SHEET",
    "PROJECT_NAME",
    "build_addin",
    "default_addin_path",
    "shipped_addin_path",
]

#: The workbook part's content type that makes a package an add-in.
ADDIN_CONTENT_TYPE = "application/vnd.ms-excel.addin.macroEnabled.main+xml"
#: What the add-in's xlwings module calls its settings (file ``~/.<name>/<name>.conf``, sheet
#: ``<name>.conf``): the same as the template's, so one setup serves both.
PROJECT_NAME = "xlwings"
CONF_SHEET = f"_{PROJECT_NAME}.conf"
_QUICKSTART_NAME = "myaddin"


def shipped_addin_path(lang: Lang = "zh") -> Path:
    """The committed add-in inside the package: ``templates/customer_intake.xlam``."""
    return FILES_DIR / msg("tpl_addin_file_name", lang)


def default_addin_path(lang: Lang = "zh") -> Path:
    """Where ``intake addin build`` writes by default: the committed file in the checkout,
    else ``./customer_intake.xlam``."""
    if (ROOT / "pyproject.toml").exists():
        return shipped_addin_path(lang)
    return Path.cwd() / msg("tpl_addin_file_name", lang)


def _quickstart(folder: Path) -> Path:
    name = "intake_addin"
    cmd = [sys.executable, "-m", "xlwings.cli", "quickstart", name, "--addin"]
    done = subprocess.run(cmd, cwd=folder, capture_output=True, text=True, check=False)
    book = folder / name / f"{name}.xlam"
    if done.returncode != 0 or not book.exists():
        raise OutputError(
            f"xlwings quickstart --addin failed: {done.stderr.strip() or done.stdout}"
        )
    return book


def _rename_project(book: Any) -> None:
    """xlwings' add-in module names its project: ours, so RunPython finds this add-in."""
    source = book.get_module("xlwings")
    pattern = rf'(PROJECT_NAME As String = )"{_QUICKSTART_NAME}"'
    if not re.search(pattern, source):
        raise OutputError(f"xlwings' add-in module has no PROJECT_NAME = {_QUICKSTART_NAME}")
    book.set_module("xlwings", re.sub(pattern, rf'\g<1>"{PROJECT_NAME}"', source))


def _rename_conf_sheet(src: Path, dst: Path) -> None:
    """The add-in's own conf sheet under the inactive name of our project."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "xl/workbook.xml":
                data = data.replace(
                    f'"_{_QUICKSTART_NAME}.conf"'.encode(), f'"{CONF_SHEET}"'.encode()
                )
            zout.writestr(info, data)


def build_addin(
    path: str | Path | None = None, *, lang: Lang = "zh", macros: str | Path | None = None
) -> Path:
    """Build the add-in (.xlam with the ribbon tab and macros of the template).

    Args:
        path: where to write it (default: :func:`default_addin_path`); replaced atomically.
        lang: language of the ribbon labels.
        macros: folder with the ``*.bas`` modules (default: the package's macros).

    Returns:
        The path written.

    Example:
        >>> build_addin(tmp_path / "customer_intake.xlam")  # doctest: +SKIP
        PosixPath('.../customer_intake.xlam')
    """
    target = Path(path) if path is not None else default_addin_path(lang)
    with tempfile.TemporaryDirectory(prefix="intake-addin-") as tmp:
        folder = Path(tmp)
        base = _quickstart(folder)
        _rename_conf_sheet(base, folder / "conf.xlam")
        add_macros(
            folder / "conf.xlam",
            folder / "vba.xlam",
            Path(macros or MACROS_DIR),
            lang,
            edit=_rename_project,
        )
        ribbon = ribbon_xml(lang)
        return atomic_write(
            target, lambda p: finish_package(folder / "vba.xlam", p, ribbon=ribbon), lang=lang
        )
