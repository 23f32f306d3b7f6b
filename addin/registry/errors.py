"""The registry's exception: raised with a message a salesperson or manager can act on."""

from __future__ import annotations

from ..errors import IntakeError

__all__ = ["ClaimRefused", "RegistryError"]


class RegistryError(IntakeError):
    """The registry cannot be used: missing, not a registry, newer, locked, unreachable."""


class ClaimRefused(IntakeError):
    """A claim, release or transfer is against the ownership rules (taken, over the limit, ...)."""
