"""Chinese holidays for customer care (节日关怀), as a fixed table for 2024-2030.

Spring Festival, Lantern, Dragon Boat and Mid-Autumn follow the lunar calendar and Qingming a
solar term, so their Gregorian dates move every year. Rather than a lunar-calendar dependency
for eight dates a year, the dates 2024-2030 are listed here (from the published calendars);
extend the table, or add dates in ``[followups] holidays_extra``, for later years.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from ..errors import ConfigError

__all__ = ["builtin_holidays", "parse_holidays", "holidays_between"]

#: Festivals with a fixed Gregorian date: (month, day, zh, en).
_FIXED = (
    (1, 1, "元旦", "New Year's Day"),
    (5, 1, "劳动节", "Labour Day"),
    (10, 1, "国庆节", "National Day"),
)

#: Lunar / solar-term festivals: name -> dates 2024..2030.
_MOVING: dict[tuple[str, str], tuple[str, ...]] = {
    ("春节", "Spring Festival"): (
        "2024-02-10",
        "2025-01-29",
        "2026-02-17",
        "2027-02-06",
        "2028-01-26",
        "2029-02-13",
        "2030-02-03",
    ),
    ("元宵节", "Lantern Festival"): (
        "2024-02-24",
        "2025-02-12",
        "2026-03-03",
        "2027-02-20",
        "2028-02-09",
        "2029-02-27",
        "2030-02-17",
    ),
    ("清明节", "Qingming"): (
        "2024-04-04",
        "2025-04-04",
        "2026-04-05",
        "2027-04-05",
        "2028-04-04",
        "2029-04-04",
        "2030-04-05",
    ),
    ("端午节", "Dragon Boat Festival"): (
        "2024-06-10",
        "2025-05-31",
        "2026-06-19",
        "2027-06-09",
        "2028-05-28",
        "2029-06-16",
        "2030-06-05",
    ),
    ("中秋节", "Mid-Autumn Festival"): (
        "2024-09-17",
        "2025-10-06",
        "2026-09-25",
        "2027-09-15",
        "2028-10-03",
        "2029-09-22",
        "2030-09-12",
    ),
}

FIRST_YEAR, LAST_YEAR = 2024, 2030

Holiday = tuple[dt.date, str, str]


def builtin_holidays() -> list[Holiday]:
    """All built-in holidays 2024-2030 as (date, zh name, en name), sorted by date."""
    out: list[Holiday] = [
        (dt.date(y, m, d), zh, en)
        for y in range(FIRST_YEAR, LAST_YEAR + 1)
        for m, d, zh, en in _FIXED
    ]
    for (zh, en), dates in _MOVING.items():
        out += [(dt.date.fromisoformat(d), zh, en) for d in dates]
    return sorted(out)


def parse_holidays(entries: Iterable[str], years: Iterable[int]) -> list[Holiday]:
    """Parse ``"2026-06-18 店庆"`` (one date) or ``"06-18 店庆"`` (every year in ``years``).

    >>> parse_holidays(["06-18 店庆"], [2026])
    [(datetime.date(2026, 6, 18), '店庆', '店庆')]
    """
    out: list[Holiday] = []
    for entry in entries:
        when, _, name = entry.strip().partition(" ")
        name = name.strip() or when
        try:
            if len(when) == 5:
                month, day = (int(p) for p in when.split("-"))
                out += [(dt.date(y, month, day), name, name) for y in years]
            else:
                out.append((dt.date.fromisoformat(when), name, name))
        except ValueError as exc:
            raise ConfigError(
                f"followups.holidays_extra: {entry!r} is not 'YYYY-MM-DD name' or 'MM-DD name'"
            ) from exc
    return out


def holidays_between(
    start: dt.date, end: dt.date, *, builtin: bool = True, extra: Iterable[str] = ()
) -> list[Holiday]:
    """Holidays from ``start`` to ``end`` inclusive, sorted by date."""
    years = range(start.year, end.year + 1)
    table = (builtin_holidays() if builtin else []) + parse_holidays(extra, years)
    return sorted(h for h in table if start <= h[0] <= end)
