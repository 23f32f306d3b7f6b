"""The intake workbook: ``customer_intake.xlsm``, generated from :data:`~addin.schema.FIELDS`.

The built workbooks are committed inside the package (``templates/``) and shipped
with it, so using them needs nothing but the runtime dependencies; building needs pyOpenVBA,
the ``[build]`` extra (``pip install customer-intake-addin[build]``).

Build order, each step on the previous step's file in a temporary folder:

1. ``xlwings quickstart NAME --standalone`` gives an ``.xlsm`` with xlwings' VBA module (so
   ``RunPython`` works without the xlwings add-in) and a matching conf sheet layout.
2. openpyxl loads it with ``keep_vba=True`` and writes our sheets. The quickstart's two sheets
   are replaced, and the new intake and ``_xlwings.conf`` sheets take over their code names
   (``Sheet1``/``Sheet2``) so the VBA project's sheet modules still belong to a sheet. Loading
   the quickstart, rather than grafting ``vbaProject.bin`` into a fresh ``.xlsx``, leaves the
   macro-enabled content type, the VBA relationship and the code names to openpyxl, which
   already knows how to keep them.
3. pyOpenVBA removes the quickstart's sample module and adds ``macros/*.bas``.
4. The ribbon part is added and the package rewritten with fixed timestamps and part order
   (:func:`addin.template.ribbon.finish_package`): same schema, same bytes.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ..errors import OutputError
from ..files import atomic_write
from ..schema import FIELDS, Field, FieldType, Lang
from .ribbon import finish_package, ribbon_xml
from .sheets import (
    CONF_ROWS,
    GROUP_FILLS,
    RED,
    THIN,
    conf_sheet,
    instructions_sheet,
    list_name,
    lists_sheet,
    print_intake_sheet,
    settings_sheet,
)
from .texts import msg, sheet_name

try:  # only needed to build: the [build] extra
    import pyopenvba
except ImportError:  # pragma: no cover - tested in the wheel test, without the extra
    pyopenvba = None

__all__ = [
    "build_template",
    "default_template_path",
    "shipped_template_path",
    "vba_project",
    "CONF_ROWS",
    "CHECKS",
    "DATA_ROWS",
    "GROUP_FILLS",
    "FILES_DIR",
    "MACROS_DIR",
    "add_macros",
    "NUMBER_FORMATS",
    "list_name",
]

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def _shipped(folder: str) -> Path:
    """A top-level folder of the checkout (``templates/``, ``macros/``), or the copy of it that
    ``setup.py`` puts beside this module in a wheel."""
    packaged = HERE / folder
    return packaged if packaged.is_dir() else ROOT / folder


#: The VBA modules added to the workbook (``macros/``, shipped with the package).
MACROS_DIR = _shipped("macros")
#: The built template and add-in (``templates/``, committed and shipped with the package).
FILES_DIR = _shipped("templates")
#: Rows below the header that get drop-downs and checks.
DATA_ROWS = 2000
#: Pinned document dates: a rebuild from the same schema gives the same file.
BUILD_DATE = dt.datetime(2024, 1, 1)
#: Cell formats per field type, applied to whole columns so rows typed later get them too.
NUMBER_FORMATS: dict[FieldType, str] = {
    "mobile": "@",
    "phone": "@",
    "credit_code": "@",
    "id_number": "@",
    "date": "yyyy-mm-dd",
    "int": "0",
    "amount": "#,##0.00",
}


#: Excel's check per field type: DataValidation arguments ({cell}: the column's first data cell,
#: {list}: the picklist's defined name) and the message code of the error texts. Types not
#: listed (free text, phones) get none: the validation step reads them leniently.
CHECKS: dict[FieldType, tuple[dict[str, str], str]] = {
    "picklist": ({"type": "list", "formula1": "{list}"}, "tpl_list"),
    "date": (
        {
            "type": "date",
            "operator": "between",
            "formula1": "DATE(1900,1,1)",
            "formula2": "DATE(2100,12,31)",
        },
        "tpl_date",
    ),
    "int": ({"type": "whole", "operator": "greaterThanOrEqual", "formula1": "0"}, "tpl_int"),
    "amount": (
        {"type": "decimal", "operator": "greaterThanOrEqual", "formula1": "0"},
        "tpl_amount",
    ),
    # Warnings rather than stops: spaces typed between groups are removed by the validation step.
    "credit_code": (
        {"type": "textLength", "operator": "equal", "formula1": "18", "errorStyle": "warning"},
        "tpl_length",
    ),
    "id_number": (
        {"type": "textLength", "operator": "equal", "formula1": "18", "errorStyle": "warning"},
        "tpl_length",
    ),
    "email": (
        {"type": "custom", "formula1": 'ISNUMBER(SEARCH("@",{cell}))', "errorStyle": "warning"},
        "tpl_email",
    ),
}


def shipped_template_path(lang: Lang = "zh") -> Path:
    """The committed template inside the package: ``templates/customer_intake.xlsm``."""
    return FILES_DIR / msg("tpl_file_name", lang)


def default_template_path(lang: Lang = "zh") -> Path:
    """Where ``intake template --build`` writes by default.

    In the project's checkout the committed file (:func:`shipped_template_path`), so that a
    rebuild shows up in ``git status``; in an installed copy ``./customer_intake.xlsm``.
    """
    if (ROOT / "pyproject.toml").exists():
        return shipped_template_path(lang)
    return Path.cwd() / msg("tpl_file_name", lang)


def vba_project(path: Path, lang: Lang = "zh") -> Any:
    """Open ``path`` with pyOpenVBA, or say which extra to install."""
    if pyopenvba is None:
        raise OutputError(msg("tpl_needs_build_extra", lang))
    return pyopenvba.ExcelFile(path)


def _help_comment(field: Field, lang: Lang) -> Comment:
    parts = [msg("tpl_required" if field.required else "tpl_optional", lang), field.help(lang)]
    if field.choices:
        choices = " / ".join(c.label(lang) for c in field.choices)
        parts.append(msg("tpl_choices", lang, choices=choices))
    comment = Comment("\n".join(parts), "intake")
    comment.width, comment.height = 260, 110
    return comment


def _intake_sheet(ws: Worksheet, lang: Lang) -> None:
    ws.title = sheet_name("intake", lang)
    for col, field in enumerate(FIELDS, 1):
        cell = ws.cell(1, col, field.label(lang))
        cell.fill = PatternFill("solid", fgColor=GROUP_FILLS[field.group])
        cell.font = Font(bold=field.required, color=RED if field.required else None)
        # A red bottom edge marks required columns even for colour-blind readers of red text.
        bottom = Side(style="medium", color=RED) if field.required else THIN
        cell.border = Border(left=THIN, right=THIN, top=THIN, bottom=bottom)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.comment = _help_comment(field, lang)
        dim = ws.column_dimensions[get_column_letter(col)]
        dim.width = field.width
        if field.type in NUMBER_FORMATS:
            dim.number_format = NUMBER_FORMATS[field.type]
    ws.row_dimensions[1].height = 30
    last = get_column_letter(len(FIELDS))
    ws.auto_filter.ref = f"A1:{last}{DATA_ROWS + 1}"
    # Keep the header and everything up to the customer's name in view while scrolling.
    name_col = next(i for i, f in enumerate(FIELDS, 1) if f.key == "customer_name")
    ws.freeze_panes = f"{get_column_letter(name_col + 1)}2"
    print_intake_sheet(ws, len(FIELDS), name_col)
    for dv in _validations(lang):
        ws.add_data_validation(dv)


def _validation(field: Field, col: int, lang: Lang) -> DataValidation | None:
    """The Excel check of one column over the data rows, or None for free text."""
    if field.type not in CHECKS:
        return None
    spec, code = CHECKS[field.type]
    letter = get_column_letter(col)
    args = {k: v.format(cell=f"{letter}2", list=list_name(field)) for k, v in spec.items()}
    dv = DataValidation(
        **args,
        allow_blank=True,
        showErrorMessage=True,
        showInputMessage=True,
        promptTitle=field.label(lang)[:32],
        prompt=field.help(lang),
        errorTitle=msg(f"{code}_error_title", lang, n=18),
        error=msg(f"{code}_error", lang, n=18),
    )
    dv.add(f"{letter}2:{letter}{DATA_ROWS + 1}")
    return dv


def _validations(lang: Lang) -> list[DataValidation]:
    checks = (_validation(field, col, lang) for col, field in enumerate(FIELDS, 1))
    return [dv for dv in checks if dv is not None]


def _quickstart(folder: Path, lang: Lang) -> Path:
    """xlwings' standalone quickstart workbook (its VBA module and conf sheet)."""
    name = "intake_base"
    cmd = [sys.executable, "-m", "xlwings.cli", "quickstart", name, "--standalone"]
    done = subprocess.run(cmd, cwd=folder, capture_output=True, text=True, check=False)
    book = folder / name / f"{name}.xlsm"
    if done.returncode != 0 or not book.exists():
        raise OutputError(f"xlwings quickstart failed: {done.stderr.strip() or done.stdout}")
    return book


def _write_sheets(base: Path, out: Path, lang: Lang) -> None:
    wb = openpyxl.load_workbook(base, keep_vba=True)
    old = list(wb.worksheets)
    intake = wb.create_sheet()
    _intake_sheet(intake, lang)
    instructions_sheet(wb, lang)
    settings_sheet(wb, lang)
    lists_sheet(wb, lang)
    for ws in old:  # first: the quickstart has a sheet of the conf sheet's name
        wb.remove(ws)
    conf = conf_sheet(wb, lang)
    # The VBA project has document modules Sheet1 and Sheet2 for the quickstart's sheets.
    intake.sheet_properties.codeName = "Sheet1"
    conf.sheet_properties.codeName = "Sheet2"
    wb.active = 0
    title = msg("tpl_title", lang)
    wb.properties.title = title
    wb.properties.creator = wb.properties.lastModifiedBy = "customer-intake-addin"
    wb.properties.created = wb.properties.modified = BUILD_DATE
    wb.properties.description = "Generated by `intake template` from addin/schema.py"
    wb.save(out)


def add_macros(
    src: Path,
    dst: Path,
    macros: Path,
    lang: Lang,
    edit: Callable[[Any], None] | None = None,
) -> None:
    """Copy ``src`` to ``dst`` with the quickstart's sample module replaced by ``macros/*.bas``;
    ``edit`` may change the VBA project first (the add-in renames xlwings' project)."""
    files = sorted(macros.glob("*.bas"))
    if not files:
        raise OutputError(f"no VBA modules (*.bas) in {macros}")
    book = vba_project(src, lang)
    try:
        if edit is not None:
            edit(book)
        project = book.vba_project()
        if "Module1" in book.module_names():  # the quickstart's sample macro
            project.delete_module("Module1")
        for bas in files:
            source = bas.read_text(encoding="ascii").replace("\r\n", "\n").replace("\n", "\r\n")
            project.add_module(bas.stem, source)
        book.save(dst)
    finally:
        book.close()


def build_template(
    path: str | Path | None = None, *, lang: Lang = "zh", macros: str | Path | None = None
) -> Path:
    """Build the intake workbook (.xlsm with drop-downs, checks, ribbon and macros).

    Args:
        path: where to write it (default: :func:`default_template_path` for ``lang``). An
            existing file is replaced atomically, with a backup.
        lang: language of sheet names, headers, drop-down values, help and ribbon labels.
        macros: folder with the ``*.bas`` modules to add (default: :data:`MACROS_DIR`).

    Returns:
        The path written.

    Example:
        >>> build_template(tmp_path / "intake.xlsm", lang="en")  # doctest: +SKIP
        PosixPath('.../intake.xlsm')
    """
    target = Path(path) if path is not None else default_template_path(lang)
    with tempfile.TemporaryDirectory(prefix="intake-template-") as tmp:
        folder = Path(tmp)
        base = _quickstart(folder, lang)
        _write_sheets(base, folder / "sheets.xlsm", lang)
        add_macros(folder / "sheets.xlsm", folder / "vba.xlsm", Path(macros or MACROS_DIR), lang)
        ribbon = ribbon_xml(lang)
        return atomic_write(
            target, lambda p: finish_package(folder / "vba.xlsm", p, ribbon=ribbon), lang=lang
        )
