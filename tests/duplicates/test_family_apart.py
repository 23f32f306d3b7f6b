"""Issue 10, third round: at one home, what a family does not share counts as a second field of
person evidence: the given name (a family shares the surname) and a birthday's day and month."""

from __future__ import annotations

import numpy as np
import pytest

from addin.duplicates.find import find_duplicates
from addin.records import make_customers

HOME = "86 mahon place rowethorpe rose bay 4107 qld"


def _others(n: int) -> list[str]:
    """``n`` two-word names of random letters: nobody's name is like another's."""
    rng = np.random.default_rng(3)
    letters = np.array(list("bcdfghjklmnprstvwz"))
    return [" ".join("".join(rng.choice(letters, 7)) for _ in range(2)) for _ in range(n)]


def _tier(a: tuple[str, str], b: tuple[str, str], address: str = HOME) -> str:
    """Tier of the pair (name, birthday) a / b at ``address``, beside 300 other people (so that
    a shared name word is as rare as one in a real list)."""
    rows = [{"customer_name": n, "birthday": d, "address": address} for n, d in (a, b)]
    rows += [{"customer_name": name, "address": f"{k} other street {k:04d} nsw"}
             for k, name in enumerate(_others(300))]  # fmt: skip
    df = make_customers([{"rep": f"rep{k % 3}", **r} for k, r in enumerate(rows)])
    pairs = find_duplicates(df, lang="en").pairs
    hit = pairs[(pairs["i"] == 0) & (pairs["j"] == 1)]
    return str(hit["tier"].iloc[0]) if len(hit) else "none"


def test_a_given_name_shared_at_one_home_is_two_fields() -> None:
    # the surname was replaced and the birthday mistyped (FEBRL2): the given name and the home
    # agree, which a family does not share (old code: possible)
    assert _tier(("kyle bullock", "19151222"), ("kyle novotny", "19170401")) == "duplicate"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (("annika ryan", "19460406"), ("jack ryan", "19611215")),  # a family: the surname
        (("zhang wei", "19460406"), ("zhang fang", "19611215")),  # surname typed first: pinyin
        (("kyle", "19151222"), ("kyle novotny", "19170401")),  # one word: given or surname?
    ],
)
def test_a_family_at_one_home_is_not_a_duplicate(a: tuple[str, str], b: tuple[str, str]) -> None:
    assert _tier(a, b) != "duplicate"


def test_day_and_month_of_birth_at_one_home_are_two_fields() -> None:
    # 19300609 / 19620609: the year mistyped, day and month agree (old code: possible)
    assert _tier(("kody white", "19300609"), ("lillianna white", "19620609")) == "duplicate"
    # only the year and month agree: a family could (two children born in one year and month)
    assert _tier(("kody white", "19300609"), ("lillianna white", "19300611")) != "duplicate"


def test_without_the_same_home_neither_counts() -> None:
    a, b = ("kyle bullock", "19151222"), ("kyle novotny", "19170401")
    assert _tier(a, b) == "duplicate"
    assert _tier(a, b, address="") != "duplicate"
    assert _tier(("kody white", "19300609"), ("lillianna white", "19620609"), "") != "duplicate"
