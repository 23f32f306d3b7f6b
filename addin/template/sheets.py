"""The template's helper sheets: instructions, settings, drop-down lists and ``_xlwings.conf``.

The intake sheet itself, with its checks, is built in :mod:`addin.template.build`.
"""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from ..schema import FIELDS, GROUPS, Field, Group, Lang
from .ribbon import BUTTONS
from .texts import INSTRUCTION_STEPS, msg, sheet_name

__all__ = [
    "CONF_ROWS",
    "CONF_SHEET",
    "GROUP_FILLS",
    "RED",
    "THIN",
    "conf_sheet",
    "header",
    "instructions_sheet",
    "list_name",
    "print_intake_sheet",
    "lists_sheet",
    "settings_sheet",
]

#: Header fill per field group (light tints, so the black/red header text stays readable).
GROUP_FILLS: dict[Group, str] = {
    "record": "D9D9D9",
    "basic": "DDEBF7",
    "company": "E2EFDA",
    "sales": "FFF2CC",
    "service": "FCE4D6",
    "marketing": "E4DFEC",
}
#: The conf sheet: the keys xlwings' VBA reads (``GetConfig``), in the quickstart's order.
#: Shipped inactive, as xlwings does (``_xlwings.conf``): an active sheet's rows win over the
#: user's ``~/.xlwings/xlwings.conf`` even when empty, which would make every rep type the
#: interpreter path by hand; ``intake excel setup`` writes that file once per PC instead.
#: Booleans must be real booleans (VBA compares them with ``= True``).
CONF_ROWS: tuple[tuple[str, str | bool | None], ...] = (
    ("Interpreter_Win", None),
    ("Interpreter_Mac", None),
    ("PYTHONPATH", None),
    ("Conda Path", None),
    ("Conda Env", None),
    ("UDF Modules", None),
    ("Debug UDFs", False),
    ("Use UDF Server", False),
    ("Show Console", False),
)
CONF_SHEET = "_xlwings.conf"
RED = "C00000"
THIN = Side(style="thin", color="BFBFBF")
_HEADER_FONT = Font(bold=True, size=11)


def list_name(field: Field) -> str:
    """The workbook-level defined name of a picklist's range on the lists sheet."""
    return f"list_{field.key}"


def header(ws: Worksheet, row: int, labels: Sequence[str], fill: str = "D9E1F2") -> None:
    for col, value in enumerate(labels, 1):
        cell = ws.cell(row, col, value)
        cell.font = _HEADER_FONT
        cell.fill = PatternFill("solid", fgColor=fill)
        cell.border = Border(bottom=THIN)


def lists_sheet(wb: Workbook, lang: Lang) -> None:
    ws = wb.create_sheet(sheet_name("lists", lang))
    picklists = [f for f in FIELDS if f.choices]
    header(ws, 1, [f.label(lang) for f in picklists])
    for col, field in enumerate(picklists, 1):
        letter = get_column_letter(col)
        for row, choice in enumerate(field.choices, 2):
            ws.cell(row, col, choice.label(lang))
        ref = f"{quote_sheetname(ws.title)}!${letter}$2:${letter}${len(field.choices) + 1}"
        wb.defined_names[list_name(field)] = DefinedName(list_name(field), attr_text=ref)
        ws.column_dimensions[letter].width = max(12, field.width)
    # Hidden so nobody edits the lists by accident; Excel reads drop-downs from hidden sheets.
    ws.sheet_state = "hidden"


def instructions_sheet(wb: Workbook, lang: Lang) -> None:
    ws = wb.create_sheet(sheet_name("instructions", lang))
    tab = msg("tpl_tab", lang)
    names = {
        "intake": sheet_name("intake", lang),
        "settings": sheet_name("settings", lang),
        "tab": tab,
        "validate": BUTTONS[0].label(lang),
    }
    ws.cell(1, 1, msg("tpl_title", lang)).font = Font(bold=True, size=16)
    ws.cell(3, 1, msg("tpl_how_to", lang)).font = Font(bold=True, size=12)
    row = 4
    for i, code in enumerate(INSTRUCTION_STEPS, 1):
        ws.cell(row, 1, i)
        ws.cell(row, 2, msg(code, lang, **names))
        row += 1
    row += 1
    ws.cell(row, 1, msg("tpl_fields", lang)).font = Font(bold=True, size=12)
    row += 1
    cols = ("field", "group", "required", "type", "help", "choices")
    header(ws, row, [""] + [msg(f"tpl_col_{c}", lang) for c in cols])
    for i, field in enumerate(FIELDS, 1):
        row += 1
        group = GROUPS[field.group][0 if lang == "zh" else 1]
        values = (
            i,
            field.label(lang),
            group,
            msg("tpl_yes", lang) if field.required else "",
            msg(f"tpl_type_{field.type}", lang),
            field.help(lang),
            " / ".join(c.label(lang) for c in field.choices),
        )
        for col, value in enumerate(values, 1):
            # Only help and choices wrap; steps and button texts run on over the empty cells.
            ws.cell(row, col, value).alignment = Alignment(vertical="top", wrap_text=col >= 6)
        ws.cell(row, 2).font = Font(bold=field.required, color=RED if field.required else None)
        ws.cell(row, 3).fill = PatternFill("solid", fgColor=GROUP_FILLS[field.group])
    row += 2
    ws.cell(row, 1, msg("tpl_buttons", lang, tab=tab)).font = Font(bold=True, size=12)
    row += 1
    header(ws, row, ["", msg("tpl_col_button", lang), msg("tpl_col_does", lang)])
    for i, button in enumerate(BUTTONS, 1):
        row += 1
        ws.cell(row, 1, i)
        ws.cell(row, 2, button.label(lang))
        ws.cell(row, 3, button.tip(lang))
    for letter, width in zip("ABCDEFG", (5, 20, 22, 10, 26, 60, 40), strict=True):
        ws.column_dimensions[letter].width = width
    # Printed, the instructions fit the page width (landscape) instead of splitting columns.
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def settings_sheet(wb: Workbook, lang: Lang) -> None:
    """Managers at A1:C1 and rule overrides at E1:F1: the layout addin.managers reads."""
    ws = wb.create_sheet(sheet_name("settings", lang))
    for col, code in zip("ABCEF", ("rep", "manager", "manager_email", "key", "value"), strict=True):
        cell = ws[f"{col}1"]
        cell.value = msg(f"tpl_set_{code}", lang)
        cell.font = _HEADER_FONT
        cell.fill = PatternFill("solid", fgColor="D9E1F2")
        cell.border = Border(bottom=THIN)
    ws["E1"].comment = Comment(msg("tpl_set_note", lang), "intake", height=160, width=300)
    # The note goes right of both tables so that readers of A:C and E:F never see it.
    ws["H1"] = msg("tpl_set_note", lang)
    ws["H1"].alignment = Alignment(wrap_text=True, vertical="top")
    for col, width in zip("ABCDEFGH", (12, 12, 28, 3, 32, 14, 3, 60), strict=True):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A2"


def conf_sheet(wb: Workbook, lang: Lang) -> Worksheet:
    ws = wb.create_sheet(CONF_SHEET)
    for row, (key, value) in enumerate(CONF_ROWS, 1):
        ws.cell(row, 1, key)
        ws.cell(row, 2, value)
    # Below an empty row: xlwings stops reading at the first empty cell in column A.
    note = ws.cell(len(CONF_ROWS) + 2, 1, msg("tpl_conf_note", lang))
    note.alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells(start_row=note.row, start_column=1, end_row=note.row, end_column=6)
    ws.row_dimensions[note.row].height = 90
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 40
    return ws


#: Pages across for the intake sheet: its 35 columns in readable type (about 75 %), with the
#: columns up to the customer's name repeated on each page so that every page names its rows.
INTAKE_PAGES_WIDE = 4
#: Customer rows the intake sheet's print area reaches down to.
PRINT_ROWS = 100_000


def print_intake_sheet(ws: Worksheet, ncols: int, name_col: int) -> None:
    """Page set-up of the intake sheet: landscape, header repeated, printing only filled rows.

    The print area is the field columns down to row 100,001; Excel and LibreOffice leave out
    blank pages, so an empty template prints its header once (not 2,000 prepared rows) and a
    filled one exactly its customers.
    """
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = INTAKE_PAGES_WIDE, 0
    ws.print_title_rows = "1:1"
    ws.print_title_cols = f"A:{get_column_letter(name_col)}"
    ws.print_options.horizontalCentered = False
    ws.oddFooter.center.text = "&P / &N"
    # Not the whole height: Excel and LibreOffice save that as "A:AI", which openpyxl cannot
    # read (a warning on every load, and the area lost on save). Blank pages are not printed.
    ws.print_area = f"A1:{get_column_letter(ncols)}{PRINT_ROWS + 1}"
