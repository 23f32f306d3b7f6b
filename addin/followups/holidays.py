"""The Chinese calendar of the follow-ups: festivals for customer care, days off, lunar birthdays.

- Festivals (节日关怀) for any year: the fixed ones (元旦, 劳动节, 国庆节) and the lunar ones
  (春节, 元宵节, 端午节, 中秋节) and 清明 (a solar term) from ``lunar-python``.
- Days off: the official holidays and make-up workdays (调休) published by the State Council,
  from ``chinesecalendar`` for the years it covers (:data:`DAYS_OFF_YEARS`; later years count
  Saturdays and Sundays only until the package is updated), so that due dates skip them.
- Lunar birthdays (农历生日): the solar day a lunar month and day falls on in a given year.

Extra dates (a company anniversary) come from ``[followups] holidays_extra``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import cache

import chinese_calendar
import pandas as pd
from lunar_python import Lunar, LunarYear, Solar

from ..errors import ConfigError

__all__ = [
    "DAYS_OFF_YEARS",
    "Holiday",
    "builtin_holidays",
    "holidays_between",
    "is_day_off",
    "last_workday_before",
    "lunar_to_solar",
    "next_workdays",
    "parse_holidays",
]

Holiday = tuple[dt.date, str, str]

#: Festivals with a fixed Gregorian date: (month, day, zh, en).
_FIXED = (
    (1, 1, "元旦", "New Year's Day"),
    (5, 1, "劳动节", "Labour Day"),
    (10, 1, "国庆节", "National Day"),
)
#: Festivals of the lunar calendar: (lunar month, lunar day, zh, en).
_LUNAR = (
    (1, 1, "春节", "Spring Festival"),
    (1, 15, "元宵节", "Lantern Festival"),
    (5, 5, "端午节", "Dragon Boat Festival"),
    (8, 15, "中秋节", "Mid-Autumn Festival"),
)
#: First and last year of the official days off that ``chinesecalendar`` knows.
DAYS_OFF_YEARS = (min(chinese_calendar.holidays).year, max(chinese_calendar.holidays).year)


def _solar(day: Solar) -> dt.date:
    return dt.date(day.getYear(), day.getMonth(), day.getDay())


@cache
def _year_festivals(year: int) -> tuple[Holiday, ...]:
    out: list[Holiday] = [(dt.date(year, m, d), zh, en) for m, d, zh, en in _FIXED]
    out += [(lunar_to_solar(year, m, d), zh, en) for m, d, zh, en in _LUNAR]
    qingming = Solar.fromYmd(year, 6, 1).getLunar().getJieQiTable()["清明"]
    out.append((_solar(qingming), "清明节", "Qingming"))
    return tuple(sorted(out))


def builtin_holidays(years: Iterable[int] = range(2024, 2031)) -> list[Holiday]:
    """The festivals of ``years`` as (date, zh name, en name), sorted by date.

    >>> builtin_holidays([2027])[:2]
    [(datetime.date(2027, 1, 1), '元旦', "New Year's Day"), (datetime.date(2027, 2, 6), '春节', 'Spring Festival')]
    """
    return sorted(h for y in years for h in _year_festivals(y))


def lunar_to_solar(year: int, month: int, day: int) -> dt.date:
    """The solar date of lunar ``month``/``day`` in lunar year ``year`` (day 30 of a 29-day
    month falls on its last day).

    >>> lunar_to_solar(2026, 8, 15)
    datetime.date(2026, 9, 25)
    """
    days = LunarYear.fromYear(year).getMonth(month).getDayCount()
    return _solar(Lunar.fromYmd(year, month, min(day, days)).getSolar())


@cache
def is_day_off(day: dt.date) -> bool:
    """A weekend or official holiday that is not a make-up workday (调休).

    >>> is_day_off(dt.date(2026, 2, 14))  # a Saturday, worked for the Spring Festival
    False
    """
    if DAYS_OFF_YEARS[0] <= day.year <= DAYS_OFF_YEARS[1]:
        return bool(chinese_calendar.is_holiday(day))
    return day.weekday() >= 5


def _next_workday(day: dt.date) -> dt.date:
    while is_day_off(day):
        day += dt.timedelta(days=1)
    return day


def last_workday_before(day: dt.date) -> dt.date:
    """The last workday before ``day`` (to greet before a festival's days off begin)."""
    day -= dt.timedelta(days=1)
    while is_day_off(day):
        day -= dt.timedelta(days=1)
    return day


def next_workdays(dates: pd.Series) -> pd.Series:
    """Each date, or the next workday when it falls on a day off (each distinct date once)."""
    days = pd.to_datetime(dates).dt.normalize()
    codes, uniques = pd.factorize(days)
    moved = pd.DatetimeIndex([_next_workday(d.date()) for d in uniques]).astype(days.dtype)
    out = moved.take(codes, allow_fill=True, fill_value=None)  # code -1 (no date): NaT
    return pd.Series(out, index=days.index, name=days.name)


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
    table = (builtin_holidays(years) if builtin else []) + parse_holidays(extra, years)
    return sorted(h for h in table if start <= h[0] <= end)
