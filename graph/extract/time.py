"""Time expressions: the period a quantity refers to, as an ISO 8601 string and a pair of dates.

    2020                    the report year (the default)
    2020-09-30              as of a day (截至9月底)
    2019-12-19/2020-09-04   an interval (2019年12月19日至2020年9月4日)
    ../2020-12-31           cumulative up to a day (累计, 截至年底…累计)
    ..                      unknown: neither the report nor the sentence names a year
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

_DATE = r"(?:(?P<{p}y>\d{{4}})年)?(?P<{p}m>\d{{1,2}})月(?:(?P<{p}d>\d{{1,2}})日|(?P<{p}e>底|末))?"
_RANGE = re.compile(_DATE.format(p="a") + r"(?:至|到|-|—|–|~)" + _DATE.format(p="b"))
# 1—9月, 1-6月: a run of months of the report year.
_MONTHS = re.compile(r"(?<![\d月])(?P<a>\d{1,2})(?:至|到|-|—|–|~)(?P<b>\d{1,2})月(?!\d*日)")
_AS_OF = re.compile(
    r"(?:截至|截止|截止到|至)(?:(?P<y>\d{4})年)?(?:(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})日|底|末)?|年底|年末)"
)
# 年底, 2019年末; not the base of a comparison (比2015年末翻一番).
_YEAR_END = re.compile(r"(?<![比较是\d])(?:截至|截止|至)?(?:(?P<y>\d{4})年(?:底|末)|(?<!\d)(?:年底|年末))")
# A year that is the base of a comparison (是2000年的2.6倍, 比2015年) is not the period.
_YEAR = re.compile(r"(?<![\d比较是为与])(?P<y>(?:19|20)\d{2})年(?:全年|度)?(?![\d月的])")
_CUMULATIVE = re.compile(r"累计|累积|历年")


@dataclass(frozen=True)
class Period:
    label: str  # ISO 8601 text, see module docstring
    start: date | None
    end: date | None
    cumulative: bool = False


def _day(year: int, month: int, day: str | None) -> date:
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(int(day), last) if day else last)


UNKNOWN = Period("..", None, None)


def year_period(year: int | None) -> Period:
    """The whole year; `..` (ISO 8601-2: unknown) when the report names no year at all."""
    return Period(str(year), date(year, 1, 1), date(year, 12, 31)) if year else UNKNOWN


def find_period(text: str, year: int | None, position: int | None = None) -> Period:
    """The period of a quantity at `position` in `text` (the nearest time phrase before it wins); `year` is the
    report's year, used for dates that omit it."""
    head = text if position is None else text[:position]
    explicit_years = [int(m.group("y")) for m in _YEAR.finditer(head)]
    if year is None:
        if not explicit_years and not re.search(r"\d{4}年", head):
            return UNKNOWN
        year = explicit_years[-1] if explicit_years else int(re.findall(r"(\d{4})年", head)[-1])
    cumulative = bool(_CUMULATIVE.search(head))
    rng = _last(_RANGE, head)
    if rng and rng.group("am") and rng.group("bm"):
        ya = int(rng.group("ay") or year)
        yb = int(rng.group("by") or ya)
        a = _day(ya, int(rng.group("am")), rng.group("ad") or "1")
        b = _day(yb, int(rng.group("bm")), rng.group("bd"))
        return Period(f"{a.isoformat()}/{b.isoformat()}", a, b)
    months = _last(_MONTHS, head)
    if months and year and 1 <= int(months.group("a")) <= int(months.group("b")) <= 12:
        a = date(year, int(months.group("a")), 1)
        b = _day(year, int(months.group("b")), None)
        return Period(f"{a.isoformat()}/{b.isoformat()}", a, b)
    as_of = _last(_AS_OF, head)
    if as_of:
        y = int(as_of.group("y") or year)
        end = _day(y, int(as_of.group("m")), as_of.group("d")) if as_of.group("m") else date(y, 12, 31)
        return _as_of(end, cumulative)
    year_end = _last(_YEAR_END, head)
    if year_end:
        return _as_of(date(int(year_end.group("y") or year), 12, 31), cumulative)
    explicit = _last(_YEAR, head)
    if explicit and int(explicit.group("y")) != year and re.search(r"上年|去年", head) is None:
        year = int(explicit.group("y"))
    if cumulative:
        return _as_of(date(year, 12, 31), True)
    return year_period(year)


def _last(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """The last match: the time phrase nearest before the quantity."""
    found = None
    for found in pattern.finditer(text):  # noqa: B007
        pass
    return found


def _as_of(end: date, cumulative: bool) -> Period:
    if cumulative:
        return Period(f"../{end.isoformat()}", None, end, True)
    return Period(end.isoformat(), end, end)
