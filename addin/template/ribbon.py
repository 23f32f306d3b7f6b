"""The template's ribbon tab and the last step of the build: the finished, reproducible package.

The ribbon is a ``customUI/customUI.xml`` part with the 2006 namespace and the 2006
relationship type. That type (not the 2010 ``customUI14.xml`` one) is what openpyxl's
``load_workbook(keep_vba=True)`` carries over on save, and other steps open and save the
template that way.

Each button's ``onAction`` names a Sub in ``macros/IntakeRibbon.bas``, which calls one Python
function in :mod:`addin.excel.buttons` through xlwings' ``RunPython``.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import quoteattr

from ..schema import Lang
from .texts import msg

__all__ = [
    "BUTTONS",
    "CUSTOMUI_NS",
    "CUSTOMUI_PART",
    "CUSTOMUI_REL",
    "GROUPS",
    "Button",
    "finish_package",
    "ribbon_xml",
]

CUSTOMUI_NS = "http://schemas.microsoft.com/office/2006/01/customui"
CUSTOMUI_REL = "http://schemas.microsoft.com/office/2006/relationships/ui/extensibility"
CUSTOMUI_PART = "customUI/customUI.xml"
#: Every part of the package gets this timestamp, so the same inputs give the same bytes.
ZIP_DATE = (2024, 1, 1, 0, 0, 0)
#: ... and the document its modification date (openpyxl stamps the time of saving).
MODIFIED = "2024-01-01T00:00:00Z"


@dataclass(frozen=True)
class Button:
    """One ribbon button: its labels, VBA callback, Python entry point and icon."""

    id: str
    zh: str
    en: str
    macro: str
    python: str
    image: str
    group: str
    tip_zh: str
    tip_en: str

    def label(self, lang: Lang) -> str:
        return self.zh if lang == "zh" else self.en

    def tip(self, lang: Lang) -> str:
        return self.tip_zh if lang == "zh" else self.tip_en

    @property
    def run_python(self) -> str:
        """The Python statement the VBA callback passes to ``RunPython``."""
        return f"import addin.excel; addin.excel.{self.python}()"


#: Groups of the tab, in order; the label of group ``g`` is the text ``tpl_group_{g}``.
GROUPS = ("check", "followup", "all")

BUTTONS: tuple[Button, ...] = (
    Button(
        "intakeValidate",
        "校验",
        "Validate",
        "IntakeValidate",
        "validate_button",
        "DataValidation",
        "check",
        "检查每个单元格；有问题的单元格标红并加批注，说明应如何填写。"
        "设置了客户登记库时，已被其他业务员登记的客户姓名标橙色并注明归属业务员。",
        "Checks every cell; bad cells are filled red with a note saying what to type instead. "
        "With a customer registry, names of other reps' customers are marked orange with the owner.",
    ),
    Button(
        "intakeRegister",
        "登记客户",
        "Register customers",
        "IntakeRegister",
        "register_button",
        "AddressBook",
        "check",
        "把本表的新客户登记到客户登记库，归本表的业务员；告诉你哪些已被其他业务员登记（撞单）、哪些待经理核实。",
        "Registers this sheet's new customers in the customer registry for its rep; tells you "
        "which are other reps' customers already (taken) and which a manager must review.",
    ),
    Button(
        "intakeDedupe",
        "查重",
        "Find duplicates",
        "IntakeDedupe",
        "dedupe_button",
        "RemoveDuplicates",
        "check",
        "查找不同业务员登记的同一客户（撞单），结果写入新工作表。",
        "Finds the same customer entered by different reps; results go to a new sheet.",
    ),
    Button(
        "intakeClearMarks",
        "清除标记",
        "Clear marks",
        "IntakeClearMarks",
        "clear_marks_button",
        "ClearFormats",
        "check",
        "去掉校验留下的红色标记和批注，恢复原来的填充色。",
        "Removes the red marks and notes left by Validate and restores the original fills.",
    ),
    Button(
        "intakeClassify",
        "客户分类",
        "Classify",
        "IntakeClassify",
        "classify_button",
        "PivotTableInsert",
        "followup",
        "按规则把客户分为 A/B/C 等级并写明原因。",
        "Sorts customers into tiers (A/B/C) by rule, with the reason for each.",
    ),
    Button(
        "intakeFollowups",
        "生成跟进表",
        "Follow-ups",
        "IntakeFollowups",
        "followups_button",
        "CalendarInsert",
        "followup",
        "为每位业务员和经理生成跟进表：联系谁、为什么、何时之前。",
        "Writes follow-up sheets per rep and manager: who to contact, why and by when.",
    ),
    Button(
        "intakeEmail",
        "发送给经理",
        "E-mail managers",
        "IntakeEmail",
        "email_button",
        "FileSendAsAttachment",
        "followup",
        "把跟进表用邮件发送给各位经理（经理见“设置”表）。",
        "E-mails the follow-up workbooks to each manager (managers are on the Settings sheet).",
    ),
    Button(
        "intakeRunAll",
        "一键处理",
        "Run all",
        "IntakeRunAll",
        "run_button",
        "MacroPlay",
        "all",
        "依次执行校验、查重、分类、生成跟进表和发送邮件。",
        "Runs validate, find duplicates, classify, follow-ups and e-mail in turn.",
    ),
)


def ribbon_xml(lang: Lang = "zh") -> bytes:
    """The ``customUI.xml`` of the template: one tab, its groups and the :data:`BUTTONS`.

    Args:
        lang: language of the tab, group and button labels.

    Example:
        >>> b"onAction=\\"IntakeValidate\\"" in ribbon_xml("en")
        True
    """
    lines = [
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
        f'<customUI xmlns="{CUSTOMUI_NS}">',
        "  <ribbon>",
        "    <tabs>",
        f'      <tab id="intakeTab" label={quoteattr(msg("tpl_tab", lang))} insertAfterMso="TabHome">',
    ]
    for group in GROUPS:
        label = quoteattr(msg(f"tpl_group_{group}", lang))
        lines.append(f'        <group id="intakeGroup_{group}" label={label}>')
        for b in (b for b in BUTTONS if b.group == group):
            lines.append(
                f'          <button id="{b.id}" label={quoteattr(b.label(lang))} size="large" '
                f'imageMso="{b.image}" onAction="{b.macro}" '
                f"screentip={quoteattr(b.label(lang))} supertip={quoteattr(b.tip(lang))}/>"
            )
        lines.append("        </group>")
    lines += ["      </tab>", "    </tabs>", "  </ribbon>", "</customUI>", ""]
    return "\n".join(lines).encode("utf-8")


def _with_ribbon_rel(rels: bytes) -> bytes:
    """Package relationships with the customUI one (replacing any earlier customUI entry)."""
    text = rels.decode("utf-8")
    text = re.sub(r"<Relationship [^>]*ui/extensibility[^>]*/>", "", text)
    taken = set(re.findall(r'Id="([^"]+)"', text))
    rid = next(f"rId{n}" for n in range(1, 100) if f"rId{n}" not in taken)
    rel = f'<Relationship Id="{rid}" Type="{CUSTOMUI_REL}" Target="{CUSTOMUI_PART}"/>'
    return text.replace("</Relationships>", rel + "</Relationships>").encode("utf-8")


def _order(name: str) -> tuple[int, str]:
    # Content types and package relationships first, as Excel writes them; the rest sorted so
    # the order does not depend on set iteration inside openpyxl.
    first = {"[Content_Types].xml": 0, "_rels/.rels": 1}
    return (first.get(name, 2), name)


def finish_package(src: Path, dst: Path, *, ribbon: bytes) -> None:
    """Copy the package ``src`` to ``dst`` with the ribbon part and pinned metadata.

    Adds ``customUI/customUI.xml`` and its relationship, pins the document's modification date
    and writes every part in a fixed order with a fixed timestamp, so building twice gives the
    same bytes (for the same zlib).

    Args:
        src: the package written by openpyxl and pyOpenVBA.
        dst: where to write the finished package.
        ribbon: the customUI XML (see :func:`ribbon_xml`).

    Example:
        >>> finish_package(tmp / "a.xlsm", tmp / "b.xlsm", ribbon=ribbon_xml())  # doctest: +SKIP
    """
    with zipfile.ZipFile(src) as zin:
        parts = {name: zin.read(name) for name in zin.namelist()}
    parts[CUSTOMUI_PART] = ribbon
    parts["_rels/.rels"] = _with_ribbon_rel(parts["_rels/.rels"])
    parts["docProps/core.xml"] = re.sub(
        rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
        rb"\g<1>" + MODIFIED.encode() + rb"\g<2>",
        parts["docProps/core.xml"],
    )
    with zipfile.ZipFile(dst, "w") as zout:
        for name in sorted(parts, key=_order):
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0  # the default depends on the OS building the file
            info.external_attr = 0o644 << 16
            zout.writestr(info, parts[name], compresslevel=6)
