"""The ``[registry]`` settings: where the registry is and the ownership rules.

Example ``intake.toml``::

    [registry]
    url = "postgresql+psycopg://zhangsan@crm.example.com/sales"   # default: a SQLite file
    protection_days = 90          # no recorded follow-up for this long: back to 公海
    deal_protection_days = 365    # a customer with a deal stays protected this long
    max_owned_per_rep = 300       # 私海上限; 0 = no limit
    keep_backups = 8
    kpi_weeks = 26                # the 业绩看板 an `intake run` writes: the last 26 weeks (0 = all)
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from ..config import Config, settings_from_mapping
from ..errors import ConfigError

__all__ = ["ENV_URL", "RegistrySettings", "default_registry_path", "load_registry_settings"]

#: Environment variable that names the registry (wins over ``[registry] url``).
ENV_URL = "INTAKE_REGISTRY"


@dataclass(frozen=True)
class RegistrySettings:
    """Where the registry lives and the ownership rules it enforces."""

    url: str = ""
    protection_days: int = 90
    deal_protection_days: int = 365
    max_owned_per_rep: int = 0
    keep_backups: int = 8
    #: weeks of the 业绩看板 (``kpi.xlsx``) an ``intake run`` writes; 0: every week
    kpi_weeks: int = 26
    #: seconds a write waits for another writer (SQLite) or for a server (PostgreSQL)
    lock_timeout_s: float = 10.0

    def __post_init__(self) -> None:
        for name in ("protection_days", "deal_protection_days", "max_owned_per_rep", "kpi_weeks"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ValueError(f"{name} must be a whole number >= 0, not {value!r}")
        if not isinstance(self.keep_backups, int) or self.keep_backups < 1:
            raise ValueError(f"keep_backups must be at least 1, not {self.keep_backups!r}")
        if not isinstance(self.lock_timeout_s, int | float) or self.lock_timeout_s <= 0:
            raise ValueError(f"lock_timeout_s must be above 0, not {self.lock_timeout_s!r}")

    @property
    def is_configured(self) -> bool:
        """True when a registry was named (``intake run`` and the buttons then use it)."""
        return bool(self.url)


def default_registry_path() -> Path:
    """The SQLite file used when no registry is named: in the user's data folder."""
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "customer-intake" / "registry.sqlite"


def _beside(url: str, config: Config | None) -> str:
    """A relative SQLite file named in ``intake.toml`` lies beside that file, not in the cwd.

    (A relative ``--registry`` or ``$INTAKE_REGISTRY`` is relative to the current folder, as
    any path typed on a command line.)

    >>> _beside("team.sqlite", Config(path=Path("/srv/sales/intake.toml")))
    '/srv/sales/team.sqlite'
    >>> _beside("sqlite:///data/team.sqlite", Config(path=Path("/srv/sales/intake.toml")))
    'sqlite:////srv/sales/data/team.sqlite'
    """
    if not url or config is None or config.path is None:
        return url
    folder = config.path.resolve().parent
    if "://" not in url:
        path = Path(url).expanduser()
        return url if path.is_absolute() else str(folder / path)
    scheme, sep, rest = url.partition(":///")
    if not sep or not scheme.startswith("sqlite") or not rest:
        return url
    file, query, args = rest.partition("?")
    path = Path(file).expanduser()
    return url if path.is_absolute() else f"{scheme}:///{(folder / path).as_posix()}{query}{args}"


def load_registry_settings(
    config: Config | None = None, url: str | None = None
) -> RegistrySettings:
    """``[registry]`` from the configuration; ``url`` (``--registry``) and $INTAKE_REGISTRY win.

    Raises:
        ConfigError: an unknown key or a value out of range.
    """
    table = dict(config.section("registry")) if config else {}
    try:
        settings = settings_from_mapping(RegistrySettings, table, section="registry")
    except ConfigError as exc:
        raise ConfigError(exc.message, file=config.path if config else None) from None
    chosen = url or os.environ.get(ENV_URL) or _beside(settings.url, config)
    if chosen != settings.url:
        settings = settings_from_mapping(
            RegistrySettings, {**table, "url": chosen}, section="registry"
        )
    return settings
