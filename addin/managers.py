"""Which manager each sales rep reports to, and rule overrides from a workbook's Settings sheet.

Two sources, the Settings sheet winning over the TOML for the same rep (it is what Excel
users edit):

* TOML::

      [managers]
      "张伟" = { manager = "李经理", email = "li@example.com" }
      "王芳" = "李经理"            # just the manager; e-mail taken from another rep's entry

* a sheet named ``设置`` (or ``Settings``) in a template-shaped workbook: ``A1:C1`` =
  ``业务员 | 经理 | 经理邮箱`` (``Sales rep | Manager | Manager e-mail``), one rep per row
  below; rule overrides in ``E1:F1`` = ``设置项 | 值`` (``Setting | Value``), keys such as
  ``followups.cadence_a_days`` (the TOML section and key joined by a dot).

Rep names are matched after NFKC folding and trimming, so "张伟 " and "张伟" are one rep.

Names and addresses are cleaned as a user means them: a line break (Alt+Enter in a cell),
a tab or a run of spaces inside a manager's name becomes one space. A manager name longer
than :data:`MAX_MANAGER_NAME` characters is not a name (usually a paragraph pasted into the
cell): it is refused with a :class:`ConfigError` naming the 设置 cell or the TOML key, since
that name would be the greeting and the subject of an e-mail.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl

from .config import Config
from .errors import ConfigError, UnreadableFileError

__all__ = [
    "MAX_MANAGER_NAME",
    "Manager",
    "ManagerMap",
    "SettingsSheet",
    "SETTINGS_SHEETS",
    "load_managers",
    "one_line",
    "read_settings_sheet",
]

SETTINGS_SHEETS = ("设置", "Settings")
#: Longest manager name accepted, in characters.
MAX_MANAGER_NAME = 100
_SPACES = re.compile(r"\s+")
_HEADERS = (("业务员", "经理", "经理邮箱"), ("Sales rep", "Manager", "Manager e-mail"))
_OVERRIDE_HEADERS = (("设置项", "值"), ("Setting", "Value"))


def rep_key(name: object) -> str:
    """A rep's name folded for matching (NFKC, trimmed, inner spaces removed)."""
    return "".join(unicodedata.normalize("NFKC", str(name)).split())


@dataclass(frozen=True)
class Manager:
    """A manager's name and e-mail address ("" when unknown)."""

    name: str
    email: str = ""


@dataclass(frozen=True)
class ManagerMap:
    """rep -> :class:`Manager`; reps not in the map are *unassigned*."""

    entries: Mapping[str, Manager] = field(default_factory=dict)

    def manager_of(self, rep: object) -> Manager | None:
        """The rep's manager, or None."""
        return self.entries.get(rep_key(rep))

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[str]:
        return iter(self.entries)

    def merged(self, other: ManagerMap) -> ManagerMap:
        """This map with ``other``'s entries taking precedence."""
        return _checked({**self.entries, **other.entries})


@dataclass(frozen=True)
class SettingsSheet:
    """What a Settings sheet holds: the manager map and ``{section: {key: value}}`` overrides."""

    managers: ManagerMap
    overrides: dict[str, dict[str, Any]]


def _checked(entries: Mapping[str, Manager]) -> ManagerMap:
    """Fill in missing e-mails from other reps' entries; one manager must have one address."""
    emails: dict[str, str] = {}
    for m in entries.values():
        if m.email:
            known = emails.setdefault(m.name, m.email)
            if known.casefold() != m.email.casefold():
                raise ConfigError(f"manager {m.name} has two e-mail addresses: {known}, {m.email}")
    return ManagerMap(
        {r: Manager(m.name, m.email or emails.get(m.name, "")) for r, m in entries.items()}
    )


def one_line(value: object) -> str:
    """``value`` as text on one line: line breaks, tabs and runs of spaces -> one space."""
    return "" if value is None else _SPACES.sub(" ", str(value)).strip()


def _manager_name(value: object, key: str = "", **where: Any) -> str:
    """The cleaned manager name; ConfigError (naming the TOML ``key`` or the cell in
    ``where``) when it is too long."""
    name = one_line(value)
    if len(name) > MAX_MANAGER_NAME:
        raise ConfigError(
            f"{key + ': ' if key else ''}the manager name is {len(name)} characters long "
            f"(at most {MAX_MANAGER_NAME}): {name[:20]}…; enter just the name",
            **where,
        )
    return name


def _from_toml(table: Mapping[str, Any], path: Path | None = None) -> ManagerMap:
    entries: dict[str, Manager] = {}
    for rep, value in table.items():
        key = f'[managers] "{rep}"'
        if isinstance(value, str):
            entries[rep_key(rep)] = Manager(_manager_name(value, key, file=path))
        elif isinstance(value, Mapping) and str(value.get("manager", "")).strip():
            unknown = set(value) - {"manager", "email"}
            if unknown:
                raise ConfigError(f"[managers] {rep}: unknown key(s) {sorted(unknown)}")
            name = _manager_name(value["manager"], f"{key}.manager", file=path)
            entries[rep_key(rep)] = Manager(name, one_line(value.get("email", "")))
        else:
            raise ConfigError(f'[managers] {rep}: expected {{ manager = "...", email = "..." }}')
    return _checked(entries)


def _cell(value: object) -> str:
    return "" if value is None else str(value).strip()


def read_settings_sheet(workbook: str | Path) -> SettingsSheet:
    """Read the manager table and rule overrides from the Settings sheet of ``workbook``.

    A workbook without a Settings sheet gives an empty result.

    Args:
        workbook: an .xlsx/.xlsm (e.g. the intake template) with a sheet 设置 or Settings.

    Example:
        >>> read_settings_sheet("客户登记模板.xlsm").managers.manager_of("张伟")  # doctest: +SKIP
        Manager(name='李经理', email='li@example.com')
    """
    path = Path(workbook)
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (OSError, ValueError, KeyError) as exc:
        raise UnreadableFileError(f"cannot read the Settings sheet: {exc}", file=path) from exc
    try:
        name = next((n for n in wb.sheetnames if n in SETTINGS_SHEETS), None)
        if name is None:
            return SettingsSheet(ManagerMap(), {})
        rows = [list(r) + [None] * 6 for r in wb[name].iter_rows(max_col=6, values_only=True)]
    finally:
        wb.close()
    header = tuple(_cell(v) for v in rows[0][:3]) if rows else ()
    entries: dict[str, Manager] = {}
    if header in _HEADERS:
        for i, r in enumerate(rows[1:], start=2):
            rep, manager, email = (one_line(v) for v in r[:3])
            if rep and manager:
                manager = _manager_name(manager, file=path, sheet=name, row=i, column="B")
                entries[rep_key(rep)] = Manager(manager, email)
    overrides: dict[str, dict[str, Any]] = {}
    if rows and tuple(_cell(v) for v in rows[0][4:6]) in _OVERRIDE_HEADERS:
        for i, r in enumerate(rows[1:], start=2):
            key, value = _cell(r[4]), r[5]
            if not key or value is None or _cell(value) == "":
                continue
            section, dot, setting = key.partition(".")
            if not dot or not setting:
                raise ConfigError(
                    f"setting {key!r} should look like followups.cadence_a_days",
                    file=path,
                    sheet=name,
                    row=i,
                    column="E",
                )
            overrides.setdefault(section, {})[setting] = value
    return SettingsSheet(_checked(entries), overrides)


def load_managers(config: Config | None = None, workbook: str | Path | None = None) -> ManagerMap:
    """The rep -> manager map from ``[managers]`` and/or a workbook's Settings sheet.

    Args:
        config: the configuration (its ``[managers]`` table), or None.
        workbook: a template-shaped workbook whose 设置/Settings sheet lists reps and
            managers; its rows win over the TOML for the same rep.

    Example:
        >>> load_managers(load_config("intake.toml")).manager_of("张伟")  # doctest: +SKIP
        Manager(name='李经理', email='li@example.com')
    """
    result = _from_toml(config.section("managers"), config.path) if config else ManagerMap()
    if workbook is not None:
        result = result.merged(read_settings_sheet(workbook).managers)
    return result
