"""The add-in customer_intake.xlam: package parts, content types, VBA modules, reproducibility."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pyopenvba
import pytest
from click.testing import CliRunner
from oletools.olevba import VBA_Parser

from addin.cli import main
from addin.schema import Lang
from addin.template.addin import (
    ADDIN_CONTENT_TYPE,
    CONF_SHEET,
    PROJECT_NAME,
    build_addin,
    shipped_addin_path,
)
from addin.template.build import MACROS_DIR
from addin.template.ribbon import BUTTONS, CUSTOMUI_NS, CUSTOMUI_PART, CUSTOMUI_REL

LANGS: tuple[Lang, ...] = ("zh", "en")
CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
SUB = re.compile(r"^\s*Sub\s+(\w+)\s*\(", re.M | re.I)


@pytest.fixture(scope="module", params=LANGS)
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    lang: Lang = request.param
    return build_addin(tmp_path_factory.mktemp(lang) / "customer_intake.xlam", lang=lang)


def _content_types(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as z:
        root = ET.fromstring(z.read("[Content_Types].xml"))
    return {o.get("PartName", ""): o.get("ContentType", "") for o in root.iter(f"{CT}Override")}


def _vba_code(path: Path) -> dict[str, str]:
    parser = VBA_Parser(str(path))
    try:
        return {name.rsplit(".", 1)[0]: code for _, _, name, code in parser.extract_macros()}
    finally:
        parser.close()


def test_workbook_part_is_an_add_in(built: Path) -> None:
    types = _content_types(built)
    assert types["/xl/workbook.xml"] == ADDIN_CONTENT_TYPE
    assert types["/xl/vbaProject.bin"] == "application/vnd.ms-office.vbaProject"


def test_parts_ribbon_and_hidden_conf_sheet(built: Path) -> None:
    with zipfile.ZipFile(built) as z:
        names = set(z.namelist())
        ribbon = ET.fromstring(z.read(CUSTOMUI_PART))
        rels = ET.fromstring(z.read("_rels/.rels"))
        workbook = z.read("xl/workbook.xml").decode("utf-8")
    assert {"xl/workbook.xml", "xl/vbaProject.bin", CUSTOMUI_PART, "_rels/.rels"} <= names
    assert {r.get("Target") for r in rels if r.get("Type") == CUSTOMUI_REL} == {CUSTOMUI_PART}
    buttons = ribbon.findall(f".//{{{CUSTOMUI_NS}}}button")
    assert [b.get("onAction") for b in buttons] == [b.macro for b in BUTTONS]
    # The add-in's own conf sheet is inactive (xlwings reads only "<project>.conf").
    assert f'name="{CONF_SHEET}"' in workbook and 'name="_myaddin.conf"' not in workbook
    assert 'visibility="hidden"' in workbook


def test_vba_modules(built: Path) -> None:
    code = _vba_code(built)
    assert {"xlwings", "IntakeRibbon"} <= set(code)
    assert "Module1" not in code
    # It reads the same user settings as the template (~/.xlwings/xlwings.conf) ...
    assert f'PROJECT_NAME As String = "{PROJECT_NAME}"' in code["xlwings"]
    # ... and RunPython works on the workbook the user is in, not on the add-in.
    assert "Set wb = ActiveWorkbook" in code["xlwings"]
    subs = {s.lower() for src in code.values() for s in SUB.findall(src)}
    for bas in MACROS_DIR.glob("*.bas"):
        assert {s.lower() for s in SUB.findall(bas.read_text(encoding="ascii"))} <= subs
    assert {b.macro for b in BUTTONS} <= set(SUB.findall(code["IntakeRibbon"]))


def test_vba_project_is_consistent(built: Path) -> None:
    with pyopenvba.ExcelFile(built) as book:
        assert book.validate() == []
        assert "Office" in {r.name for r in book.references()}


def test_rebuild_gives_identical_bytes(built: Path, tmp_path: Path) -> None:
    lang: Lang = "zh" if built.parent.name.startswith("zh") else "en"
    assert build_addin(tmp_path / "again.xlam", lang=lang).read_bytes() == built.read_bytes()


@pytest.mark.parametrize("lang", LANGS)
def test_committed_addin_is_up_to_date(lang: Lang, tmp_path: Path) -> None:
    committed = shipped_addin_path(lang)
    fresh = build_addin(tmp_path / committed.name, lang=lang)
    hint = f"run `intake addin build --lang {lang}` and commit {committed.name}"
    with zipfile.ZipFile(committed) as a, zipfile.ZipFile(fresh) as b:
        parts_a = {n: a.read(n) for n in a.namelist() if n != "xl/vbaProject.bin"}
        parts_b = {n: b.read(n) for n in b.namelist() if n != "xl/vbaProject.bin"}
    assert parts_a == parts_b, hint
    with pyopenvba.ExcelFile(committed) as x, pyopenvba.ExcelFile(fresh) as y:
        assert x.vba_modules() == y.vba_modules(), hint


def test_cli_addin_build_and_install(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "build" / "customer_intake.xlam"
    built = runner.invoke(main, ["addin", "build", "--out", str(out), "--lang", "en"])
    assert built.exit_code == 0, built.output
    xlstart = tmp_path / "XLSTART"
    done = runner.invoke(main, ["addin", "install", "--file", str(out), "--dir", str(xlstart)])
    assert done.exit_code == 0, done.output
    assert (xlstart / out.name).read_bytes() == out.read_bytes()
    assert "客户管理" in done.output  # Chinese by default: the tab's name in the message
    shipped = runner.invoke(main, ["addin", "install", "--dir", str(xlstart)])
    assert shipped.exit_code == 0, shipped.output
    assert (xlstart / "customer_intake.xlam").read_bytes() == shipped_addin_path().read_bytes()


def test_cli_addin_install_missing_file_is_exit_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["addin", "install", "--file", str(tmp_path / "no.xlam"), "--dir", str(tmp_path)]
    )
    assert result.exit_code == 2 and "intake addin build" in result.output
