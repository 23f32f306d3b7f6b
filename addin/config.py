"""Configuration: one TOML file (``intake.toml``) with a table per step.

Each step owns its settings: it defines a frozen dataclass with defaults and a
``from_mapping`` classmethod, and reads its table with :meth:`Config.section`. Unknown keys
are an error, so a typo in the file is reported instead of silently ignored.

Example ``intake.toml``::

    lang = "zh"

    [dedupe]
    owner_rule = "earliest_registered"

    [classify]
    tier_a_share = 0.8

    [managers]
    "张伟" = { manager = "李经理", email = "li@example.com" }

The file is looked up in this order: the ``--config`` option, ``$INTAKE_CONFIG``,
``./intake.toml``; without one every default applies.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, cast

from .errors import ConfigError
from .schema import Lang

__all__ = ["Config", "load_config", "settings_from_mapping"]

T = TypeVar("T")


@dataclass(frozen=True)
class Config:
    """The whole configuration: language plus the raw table of each section."""

    lang: Lang = "zh"
    sections: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    path: Path | None = None

    def section(self, name: str) -> Mapping[str, Any]:
        """The table ``[name]`` (empty when absent)."""
        value = self.sections.get(name, {})
        if not isinstance(value, Mapping):
            raise ConfigError(f"[{name}] must be a table", file=self.path)
        return value


def settings_from_mapping(cls: type[T], data: Mapping[str, Any], *, section: str = "") -> T:
    """Build a settings dataclass from a TOML table, rejecting unknown keys.

    Tuples in the dataclass accept TOML arrays.
    """
    if not dataclasses.is_dataclass(cls):
        raise TypeError(f"{cls!r} is not a dataclass")
    names = {f.name: f for f in dataclasses.fields(cls)}
    unknown = sorted(set(data) - set(names))
    if unknown:
        raise ConfigError(f"unknown setting(s) in [{section}]: {', '.join(unknown)}")
    kwargs: dict[str, Any] = {}
    for key, value in data.items():
        default = names[key].default
        if isinstance(default, tuple) and isinstance(value, list):
            value = tuple(value)
        kwargs[key] = value
    try:
        return cast(T, cls(**kwargs))
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"invalid setting in [{section}]: {exc}") from exc


def load_config(path: str | Path | None = None) -> Config:
    """Load the configuration file (see module doc for the search order)."""
    candidate = path or os.environ.get("INTAKE_CONFIG")
    p = Path(candidate) if candidate else Path("intake.toml")
    if not p.exists():
        if candidate:
            raise ConfigError("configuration file not found", file=p)
        return Config()
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"not valid TOML: {exc}", file=p) from exc
    lang = data.pop("lang", "zh")
    if lang not in ("zh", "en"):
        raise ConfigError(f"lang must be 'zh' or 'en', not {lang!r}", file=p)
    return Config(lang=lang, sections=data, path=p)
