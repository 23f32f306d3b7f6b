"""The ``[dedupe]`` settings of intake.toml: thresholds, owner rule, e-mail folding, block cap."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..config import Config, settings_from_mapping

__all__ = ["DedupeSettings", "OwnerRule", "load_dedupe_settings"]

OwnerRule = Literal["earliest_registered", "most_recent_contact", "highest_amount"]


@dataclass(frozen=True)
class DedupeSettings:
    """The ``[dedupe]`` table of intake.toml.

    ``duplicate_score`` / ``possible_score``: evidence score (0-100, 10 points per bit of
    evidence) from which a pair is a duplicate / a possible duplicate to review. Identifier
    rules (credit code, mobile, e-mail, ...) score 100, the same account 95.
    ``email_mode``: ``"webmail"`` ignores dots and '+tag' where the provider does (Gmail:
    both; Outlook, Hotmail, iCloud: '+tag'), ``"none"`` compares e-mails as typed (case
    aside), ``"all"`` drops '+tag' for every domain.
    ``block_cap``: an identifier (phone, e-mail, WeChat, credit code, ID number) or a single
    name word shared by more records than this is skipped and reported; names, birthdays and
    companies held by more records are paired by sorted neighbourhood instead.
    ``max_group_size``: a group with more records than this is marked suspicious (a shared
    contact chaining strangers), not shown as one customer.
    """

    owner_rule: OwnerRule = "earliest_registered"
    duplicate_score: float = 60.0
    possible_score: float = 45.0
    email_mode: Literal["none", "webmail", "all"] = "webmail"
    block_cap: int = 50
    max_group_size: int = 20

    def __post_init__(self) -> None:
        if self.owner_rule not in ("earliest_registered", "most_recent_contact", "highest_amount"):
            raise ValueError(f"owner_rule: unknown rule {self.owner_rule!r}")
        if self.email_mode not in ("none", "webmail", "all"):
            raise ValueError(f"email_mode: unknown mode {self.email_mode!r}")
        if not 0 <= self.possible_score <= self.duplicate_score <= 100:
            raise ValueError("need 0 <= possible_score <= duplicate_score <= 100")
        if self.max_group_size < 2:
            raise ValueError("max_group_size must be at least 2")
        if self.block_cap < 2:
            raise ValueError("block_cap must be at least 2")


def load_dedupe_settings(config: Config | None = None) -> DedupeSettings:
    """The ``[dedupe]`` table of the configuration (defaults without one)."""
    return settings_from_mapping(
        DedupeSettings, config.section("dedupe") if config else {}, section="dedupe"
    )
