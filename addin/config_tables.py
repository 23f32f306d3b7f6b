"""Rule settings from TOML plus overrides typed into a Settings sheet (values arrive as text)."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any, TypeVar

from .config import Config, settings_from_mapping
from .errors import ConfigError

__all__ = ["coerce_like", "load_settings"]

T = TypeVar("T")


def coerce_like(default: object, value: object, *, name: str) -> object:
    """Turn a cell value into the type of the setting's default ("7" -> 7, "a,b" -> ("a", "b"))."""
    try:
        if isinstance(default, bool):
            if isinstance(value, str):
                return value.strip().casefold() in ("1", "true", "yes", "是", "y")
            return bool(value)
        if isinstance(default, int):
            if isinstance(value, float) and not value.is_integer():
                raise ValueError(value)
            return int(float(str(value).strip()))
        if isinstance(default, float):
            return float(str(value).strip().rstrip("%")) / (100 if "%" in str(value) else 1)
        if isinstance(default, tuple):
            if isinstance(value, list | tuple):
                return tuple(value)
            text = str(value).replace("，", ",").replace("、", ",")
            return tuple(p.strip() for p in text.split(",") if p.strip())
    except ValueError as exc:
        raise ConfigError(f"setting {name}: cannot read {value!r}") from exc
    return value if isinstance(value, str) else str(value)


def load_settings(
    cls: type[T],
    section: str,
    config: Config | None = None,
    overrides: Mapping[str, Mapping[str, Any]] | None = None,
) -> T:
    """Settings of one step: defaults, then ``[section]`` of the TOML, then sheet overrides.

    Args:
        cls: the frozen settings dataclass.
        section: TOML table and prefix of the Settings-sheet keys (``followups.cadence_a_days``).
        config: the loaded configuration (None: defaults only).
        overrides: ``{section: {key: value}}`` from a Settings sheet; values are coerced to the
            type of each default.

    Example:
        >>> from addin.followups import FollowupSettings
        >>> load_settings(FollowupSettings, "followups", None,
        ...               {"followups": {"cadence_a_days": "5"}}).cadence_a_days
        5
    """
    data: dict[str, Any] = dict(config.section(section)) if config else {}
    defaults = {f.name: f.default for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    for key, value in (overrides or {}).get(section, {}).items():
        if key not in defaults:
            raise ConfigError(f"unknown setting {section}.{key}")
        data[key] = coerce_like(defaults[key], value, name=f"{section}.{key}")
    return settings_from_mapping(cls, data, section=section)
