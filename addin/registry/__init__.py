"""The customer registry (登记与公海): entry-time 撞单 check, ownership, protection, history."""

from .backup import backup_registry, is_empty, restore_registry
from .clock import Clock, FixedClock, SystemClock
from .connect import Registry, open_registry, registry_url
from .errors import ClaimRefused, RegistryError
from .events import Event, history
from .match import RowStatus, reason
from .migrate import head_revision
from .ownership import Customer, claim, find_customer, owned_count, release, sweep, transfer
from .register import BatchResult, Prepared, check_frame, prepare, register_frame
from .secrets import SERVICE, registry_password, set_registry_password
from .settings import ENV_URL, RegistrySettings, default_registry_path, load_registry_settings
from .tables import metadata

__all__ = [
    "BatchResult",
    "ClaimRefused",
    "Clock",
    "Customer",
    "ENV_URL",
    "Event",
    "FixedClock",
    "Prepared",
    "Registry",
    "RegistryError",
    "RegistrySettings",
    "RowStatus",
    "SERVICE",
    "SystemClock",
    "backup_registry",
    "check_frame",
    "claim",
    "default_registry_path",
    "find_customer",
    "head_revision",
    "history",
    "is_empty",
    "load_registry_settings",
    "metadata",
    "open_registry",
    "owned_count",
    "prepare",
    "reason",
    "register_frame",
    "registry_password",
    "registry_url",
    "release",
    "restore_registry",
    "set_registry_password",
    "sweep",
    "transfer",
]
