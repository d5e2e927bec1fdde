"""Dates and the submission window, always in German time."""

from datetime import date
from datetime import datetime
from datetime import timedelta
from typing import overload

import pytz


# pytz, not zoneinfo: these datetimes are stored in the ZODB, and zoneinfo
# objects cannot be pickled there; Plone itself stores pytz timezones.
BERLIN = pytz.timezone("Europe/Berlin")


@overload
def to_berlin(value: None) -> None: ...
@overload
def to_berlin(value: date | datetime) -> datetime: ...
def to_berlin(value: date | datetime | None) -> datetime | None:
    """Return ``value`` as an aware datetime in Europe/Berlin.

    Naive datetimes are read as German wall-clock time (that is what an
    editor typed); aware ones are converted.
    """
    if value is None:
        return None
    if isinstance(value, date) and not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)
    if value.tzinfo is None:
        return BERLIN.localize(value)
    return value.astimezone(BERLIN)


def window_phase(
    start: date | datetime | None, end: date | datetime | None, now: datetime
) -> str:
    """Where ``now`` lies relative to the submission window.

    Returns ``"unset"``, ``"before"``, ``"open"`` or ``"after"``. The end is
    inclusive to the last second: a post at 23:59:59 of the closing day is
    in time when the end is 23:59:59.
    """
    if start is None or end is None:
        return "unset"
    start, end, now = to_berlin(start), to_berlin(end), to_berlin(now)
    if now < start:
        return "before"
    if now >= end.replace(microsecond=0) + timedelta(seconds=1):
        return "after"
    return "open"


def time_left(end: date | datetime, now: datetime) -> timedelta:
    """Time until the end of the window (never negative)."""
    remaining = to_berlin(end) - to_berlin(now)
    return max(remaining, timedelta(0))
