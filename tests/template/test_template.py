"""The intake template: sheets, headers, checks, _xlwings.conf, VBA, ribbon, round trips."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import openpyxl
import pyopenvba
import pytest
from click.testing import CliRunner
from oletools.olevba import VBA_Parser
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation

from addin.cli import main
from addin.errors import OutputError
from addin.intake.load import load_customers
from addin.schema import FIELDS, Field, Lang
from addin.template.build import (
    CONF_ROWS,
    DATA_ROWS,
    GROUP_FILLS,
    MACROS_DIR,
    build_template,
    list_name,
    shipped_template_path,
)
from addin.template.ribbon import (
    BUTTONS,
    CUSTOMUI_NS,
    CUSTOMUI_PART,
    CUSTOMUI_REL,
    Button,
    ribbon_xml,
)
from addin.template.texts import msg, sheet_name
from tests.conftest import GOOD_ROW

LANGS: tuple[Lang, ...] = ("zh", "en")
CHECKED_TYPES = {"picklist", "date", "int", "amount", "credit_code", "id_number", "email"}
SUB = re.compile(r"^\s*Sub\s+(\w+)\s*\(", re.M | re.I)


@pytest.fixture(scope="module", params=LANGS)
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    lang: Lang = request.param
    return build_template(tmp_path_factory.mktemp(lang) / "intake.xlsm", lang=lang)


def _lang(path: Path) -> Lang:
    return "zh" if path.parent.name.startswith("zh") else "en"


@pytest.fixture(scope="module")
def book(built: Path) -> Workbook:
    return openpyxl.load_workbook(built, keep_vba=True)


def _validations(book: Workbook, lang: Lang) -> dict[str, DataValidation]:
    """Column letter -> the one validation covering it."""
    ws = book[sheet_name("intake", lang)]
    out: dict[str, DataValidation] = {}
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            letter = get_column_letter(rng.min_col)
            assert letter not in out, f"two validations on column {letter}"
            out[letter] = dv
    return out


def _vba_code(path: Path) -> dict[str, str]:
    parser = VBA_Parser(str(path))
    try:
        return {name.rsplit(".", 1)[0]: code for _, _, name, code in parser.extract_macros()}
    finally:
        parser.close()


# --- sheets -------------------------------------------------------------------------------------


def test_sheets_present_in_order(built: Path, book: Workbook) -> None:
    lang = _lang(built)
    names = [sheet_name(r, lang) for r in ("intake", "instructions", "settings", "lists")]
    assert book.sheetnames == [*names, "_xlwings.conf"]
    assert book.active.title == names[0]
    assert book[sheet_name("lists", lang)].sheet_state == "hidden"


def test_headers_are_the_schema_labels_with_help_comments(built: Path, book: Workbook) -> None:
    lang = _lang(built)
    ws = book[sheet_name("intake", lang)]
    assert [c.value for c in ws[1]] == [f.label(lang) for f in FIELDS]
    for cell, field in zip(ws[1], FIELDS, strict=True):
        assert cell.comment is not None and field.help(lang) in cell.comment.text
        assert cell.fill.fgColor.rgb.endswith(GROUP_FILLS[field.group])
        assert bool(cell.font.b) == field.required, field.key
        if field.required:
            assert msg("tpl_required", lang) in cell.comment.text


def test_freeze_panes_after_name_and_autofilter(built: Path, book: Workbook) -> None:
    ws = book[sheet_name("intake", _lang(built))]
    name_col = [f.key for f in FIELDS].index("customer_name") + 1
    assert ws.freeze_panes == f"{get_column_letter(name_col + 1)}2"
    assert ws.auto_filter.ref == f"A1:{get_column_letter(len(FIELDS))}{DATA_ROWS + 1}"


@pytest.mark.parametrize(
    ("ftype", "fmt"),
    [
        ("mobile", "@"),
        ("phone", "@"),
        ("credit_code", "@"),
        ("id_number", "@"),
        ("date", "yyyy-mm-dd"),
        ("amount", "#,##0.00"),
        ("int", "0"),
    ],
)
def test_column_number_formats(built: Path, book: Workbook, ftype: str, fmt: str) -> None:
    ws = book[sheet_name("intake", _lang(built))]
    cols = [get_column_letter(i) for i, f in enumerate(FIELDS, 1) if f.type == ftype]
    assert cols
    for letter in cols:
        assert ws.column_dimensions[letter].number_format == fmt, letter


# --- data validation ----------------------------------------------------------------------------


def test_every_checked_field_has_a_validation_over_the_data_rows(
    built: Path, book: Workbook
) -> None:
    found = _validations(book, _lang(built))
    expected = {get_column_letter(i) for i, f in enumerate(FIELDS, 1) if f.type in CHECKED_TYPES}
    assert set(found) == expected
    for letter, dv in found.items():
        assert str(dv.sqref) == f"{letter}2:{letter}{DATA_ROWS + 1}"
        assert dv.showErrorMessage and dv.showInputMessage and dv.allow_blank
        assert dv.error and dv.errorTitle and dv.prompt and len(dv.errorTitle) <= 32


@pytest.mark.parametrize(
    ("ftype", "dv_type", "operator", "formula1", "style"),
    [
        ("date", "date", "between", "DATE(1900,1,1)", None),
        ("int", "whole", "greaterThanOrEqual", "0", None),
        ("amount", "decimal", "greaterThanOrEqual", "0", None),
        ("credit_code", "textLength", "equal", "18", "warning"),
        ("id_number", "textLength", "equal", "18", "warning"),
    ],
)
def test_validation_kind_per_type(
    built: Path,
    book: Workbook,
    ftype: str,
    dv_type: str,
    operator: str,
    formula1: str,
    style: str | None,
) -> None:
    found = _validations(book, _lang(built))
    for i, field in enumerate(FIELDS, 1):
        if field.type != ftype:
            continue
        dv = found[get_column_letter(i)]
        assert (dv.type, dv.operator, dv.formula1) == (dv_type, operator, formula1)
        assert dv.errorStyle in ((None, "stop") if style is None else (style,))


def _resolve_list(book: Workbook, formula: str) -> tuple[str, int, int, int]:
    """A list validation's source: sheet, column, first and last row."""
    ref = book.defined_names[formula].attr_text
    sheet, cells = ref.rsplit("!", 1)
    min_col, min_row, max_col, max_row = range_boundaries(cells.replace("$", ""))
    assert min_col == max_col
    return sheet.strip("'"), min_col, min_row, max_row


def test_list_validations_reference_the_lists_sheet(built: Path, book: Workbook) -> None:
    lang = _lang(built)
    found = _validations(book, lang)
    picklists: list[Field] = [f for f in FIELDS if f.type == "picklist"]
    assert picklists
    for i, field in enumerate(FIELDS, 1):
        if field.type != "picklist":
            continue
        dv = found[get_column_letter(i)]
        assert dv.type == "list" and dv.formula1 == list_name(field)
        sheet, col, first, last = _resolve_list(book, dv.formula1)
        assert sheet == sheet_name("lists", lang)
        assert last - first + 1 == len(field.choices)
        ws = book[sheet]
        assert ws.cell(1, col).value == field.label(lang)
        values = [ws.cell(r, col).value for r in range(first, last + 2)]
        assert values == [c.label(lang) for c in field.choices] + [None]


def test_validation_texts_fit_excel_limits(built: Path, book: Workbook) -> None:
    # Excel "repairs" (drops) validations whose titles exceed 32 or texts 255 characters.
    for dv in _validations(book, _lang(built)).values():
        assert len(dv.promptTitle or "") <= 32 and len(dv.errorTitle or "") <= 32
        assert len(dv.prompt or "") <= 255 and len(dv.error or "") <= 255


def test_email_validation_refers_to_its_own_column(built: Path, book: Workbook) -> None:
    found = _validations(book, _lang(built))
    col = get_column_letter([f.key for f in FIELDS].index("email") + 1)
    assert found[col].formula1 == f'ISNUMBER(SEARCH("@",{col}2))'


# --- other sheets ------------------------------------------------------------------------------


def test_settings_sheet_layout(built: Path, book: Workbook) -> None:
    lang = _lang(built)
    ws = book[sheet_name("settings", lang)]
    expected = {
        "zh": ["业务员", "经理", "经理邮箱", None, "设置项", "值"],
        "en": ["Sales rep", "Manager", "Manager e-mail", None, "Setting", "Value"],
    }[lang]
    assert [c.value for c in ws[1][:6]] == expected
    assert all(c.value is None for row in ws.iter_rows(min_row=2, max_col=6) for c in row)
    assert ws["E1"].comment is not None and "README" in ws["E1"].comment.text


def test_xlwings_conf_sheet_is_shipped_inactive(book: Workbook) -> None:
    # xlwings' convention: only a sheet named exactly "xlwings.conf" is read; its rows would win
    # over the user's ~/.xlwings/xlwings.conf even when empty.
    assert "xlwings.conf" not in book.sheetnames
    ws = book["_xlwings.conf"]
    keys = [ws.cell(r, 1).value for r in range(1, len(CONF_ROWS) + 1)]
    assert keys == [k for k, _ in CONF_ROWS]
    # xlwings reads from A1 down to the first empty cell: the note must come after a gap.
    assert ws.cell(len(CONF_ROWS) + 1, 1).value is None
    values = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(1, len(CONF_ROWS) + 1)}
    for key in ("Interpreter_Win", "Interpreter_Mac", "PYTHONPATH", "UDF Modules"):
        assert values[key] is None
    assert values["Show Console"] is False and values["Use UDF Server"] is False


def test_instructions_list_every_field_and_button(built: Path, book: Workbook) -> None:
    lang = _lang(built)
    ws = book[sheet_name("instructions", lang)]
    cells = {c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    assert {f.label(lang) for f in FIELDS} <= cells
    assert {f.help(lang) for f in FIELDS} <= cells
    assert {b.label(lang) for b in BUTTONS} <= cells
    assert {b.tip(lang) for b in BUTTONS} <= cells


# --- ribbon and VBA -----------------------------------------------------------------------------


def test_ribbon_part_and_relationship(built: Path) -> None:
    lang = _lang(built)
    with zipfile.ZipFile(built) as z:
        root = ET.fromstring(z.read(CUSTOMUI_PART))
        rels = ET.fromstring(z.read("_rels/.rels"))
    assert root.tag == f"{{{CUSTOMUI_NS}}}customUI"
    buttons = root.findall(f".//{{{CUSTOMUI_NS}}}button")
    assert [b.get("onAction") for b in buttons] == [b.macro for b in BUTTONS]
    assert [b.get("label") for b in buttons] == [b.label(lang) for b in BUTTONS]
    assert all(b.get("imageMso") for b in buttons)
    tab = root.find(f".//{{{CUSTOMUI_NS}}}tab")
    assert tab is not None and tab.get("label") == (
        "客户管理" if lang == "zh" else "Customer intake"
    )
    targets = {r.get("Target") for r in rels if r.get("Type") == CUSTOMUI_REL}
    assert targets == {CUSTOMUI_PART}


def test_vba_modules_in_the_file(built: Path) -> None:
    code = _vba_code(built)
    assert {"xlwings", "IntakeRibbon"} <= set(code)
    assert "Module1" not in code  # the quickstart's sample macro is gone
    in_file = {name.lower() for src in code.values() for name in SUB.findall(src)}
    for bas in MACROS_DIR.glob("*.bas"):
        subs = SUB.findall(bas.read_text(encoding="ascii"))
        assert subs and {s.lower() for s in subs} <= in_file, bas.name
    ribbon_subs = set(SUB.findall(code["IntakeRibbon"]))
    assert {b.macro for b in BUTTONS} <= ribbon_subs


def test_vba_project_is_consistent_and_knows_iribboncontrol(built: Path) -> None:
    with pyopenvba.ExcelFile(built) as book:
        assert book.validate() == []
        # IRibbonControl in the callbacks' signatures comes from the Office library.
        assert "Office" in {r.name for r in book.references()}


@pytest.mark.parametrize("button", BUTTONS, ids=lambda b: b.python)
def test_button_functions_exist_in_excel_module(button: Button) -> None:
    import addin.excel

    if not hasattr(addin.excel, button.python):
        pytest.skip(f"addin.excel.{button.python} is not written yet")
    assert callable(getattr(addin.excel, button.python))


def test_bas_callbacks_are_one_runpython_line_each() -> None:
    source = (MACROS_DIR / "IntakeRibbon.bas").read_text(encoding="ascii")
    bodies = dict(re.findall(r"Sub (\w+)\(control As IRibbonControl\)\n(.*?)End Sub", source, re.S))
    assert set(bodies) == {b.macro for b in BUTTONS}
    for button in BUTTONS:
        assert bodies[button.macro].strip() == f'RunPython "{button.run_python}"'


def test_ribbon_xml_is_well_formed_in_both_languages() -> None:
    for lang in LANGS:
        assert ET.fromstring(ribbon_xml(lang)).tag == f"{{{CUSTOMUI_NS}}}customUI"


def test_document_modules_belong_to_sheets(book: Workbook) -> None:
    codenames = {ws.sheet_properties.codeName for ws in book.worksheets}
    assert {"Sheet1", "Sheet2"} <= codenames


# --- round trips, reproducibility -----------------------------------------------------------------


def test_openpyxl_round_trip_keeps_ribbon_and_vba(built: Path, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(built, keep_vba=True)
    wb[sheet_name("settings", _lang(built))]["A2"] = "张三"
    out = tmp_path / "saved.xlsm"
    wb.save(out)
    with zipfile.ZipFile(built) as a, zipfile.ZipFile(out) as b:
        assert b.read(CUSTOMUI_PART) == a.read(CUSTOMUI_PART)
        assert b.read("xl/vbaProject.bin") == a.read("xl/vbaProject.bin")
        rels = ET.fromstring(b.read("_rels/.rels"))
    assert any(r.get("Type") == CUSTOMUI_REL for r in rels)
    assert "IntakeRibbon" in _vba_code(out)


def test_rebuild_gives_identical_bytes(built: Path, tmp_path: Path) -> None:
    again = build_template(tmp_path / "again.xlsm", lang=_lang(built))
    assert again.read_bytes() == built.read_bytes()


def test_rebuild_over_existing_file_keeps_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsm"
    build_template(path, lang="en")
    build_template(path, lang="en")
    assert len(list((tmp_path / ".intake-backup").glob("t.*.xlsm"))) == 1


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    # vbaProject.bin is compared by module source: xlwings' module carries its version, so an
    # xlwings upgrade is caught, while a pyOpenVBA change in binary layout alone is not.
    del parts["xl/vbaProject.bin"]
    return parts


@pytest.mark.parametrize("lang", LANGS)
def test_committed_template_is_up_to_date(lang: Lang, tmp_path: Path) -> None:
    committed = shipped_template_path(lang)
    fresh = build_template(tmp_path / committed.name, lang=lang)
    hint = f"run `intake template --build --lang {lang}` and commit {committed.name}"
    assert _parts(committed) == _parts(fresh), hint
    with pyopenvba.ExcelFile(committed) as a, pyopenvba.ExcelFile(fresh) as b:
        assert a.vba_modules() == b.vba_modules(), hint


# --- the template in use ------------------------------------------------------------------------


def test_filled_template_validates_clean(built: Path, tmp_path: Path) -> None:
    lang = _lang(built)
    wb = openpyxl.load_workbook(built, keep_vba=True)
    ws = wb[sheet_name("intake", lang)]
    row = GOOD_ROW | {"customer_type": "企业" if lang == "zh" else "Enterprise"}
    row |= {
        "gender": "男" if lang == "zh" else "Male",
        "source": "展会" if lang == "zh" else "Trade show",
    }
    row |= {"industry": "信息技术" if lang == "zh" else "Information technology"}
    row |= {"stage": "成交" if lang == "zh" else "Won"}
    for col, field in enumerate(FIELDS, 1):
        ws.cell(2, col, row.get(field.key))
    filled = tmp_path / "filled.xlsm"
    wb.save(filled)
    result = load_customers([filled], lang=lang)
    assert result.problems.empty, result.problems.to_dict("records")
    assert len(result.customers) == 1
    assert result.customers.iloc[0]["customer_type"] == "enterprise"


def test_missing_macros_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match=r"\*\.bas"):
        build_template(tmp_path / "t.xlsm", macros=tmp_path)
    assert not (tmp_path / "t.xlsm").exists()


def test_cli_template_command(tmp_path: Path) -> None:
    out = tmp_path / "sub" / "intake_en.xlsm"
    result = CliRunner().invoke(main, ["template", "--lang", "en", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.exists() and str(out) in result.output
    assert openpyxl.load_workbook(out).sheetnames[0] == "Customers"


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_opens_it(built: Path, tmp_path: Path) -> None:
    outdir = tmp_path / "lo"
    # A private profile: parallel test runs must not fight over the user's LibreOffice profile.
    profile = (tmp_path / "profile").as_uri()
    cmd = [
        "soffice",
        f"-env:UserInstallation={profile}",
        "--headless",
        "--convert-to",
        "xlsx",
        "--outdir",
        str(outdir),
        str(built),
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr
    converted = outdir / "intake.xlsx"
    assert converted.exists() and converted.stat().st_size > 0
    wb = openpyxl.load_workbook(converted)
    assert wb.sheetnames[0] == sheet_name("intake", _lang(built))
    assert len(wb.worksheets[0].data_validations.dataValidation) >= 1
