"""One German style for dates, times, numbers and money everywhere: pages,
mails, exports and file names, always in Berlin time.

- a date: ``01.12.2026``
- a date and time: ``01.12.2026, 14:30 Uhr``
- a file name stamp: ``2026-12-01-1430`` (sorts by time)
- a long date for letters and the dossier's cover: ``1. Dezember 2026``
"""

from datetime import date
from datetime import datetime
from datetime import timedelta
from ikz.landespreis.domain.dates import BERLIN
from ikz.landespreis.domain.dates import to_berlin
from typing import Any


MONTHS = (
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
)


def _as_date(value: date | datetime) -> date:
    if isinstance(value, datetime):
        return to_berlin(value).date()
    return value


def german_date(value: date | datetime | None) -> str:
    """``01.12.2026`` (a datetime is read in Berlin time)."""
    if value is None:
        return ""
    day = _as_date(value)
    return f"{day.day:02d}.{day.month:02d}.{day.year:04d}"


def german_long_date(value: date | datetime | None) -> str:
    """``1. Dezember 2026``, for the dossier's cover and letters."""
    if value is None:
        return ""
    day = _as_date(value)
    return f"{day.day}. {MONTHS[day.month - 1]} {day.year}"


def german_datetime(value: date | datetime | None) -> str:
    """``01.12.2026, 14:30 Uhr`` in Berlin time."""
    if value is None:
        return ""
    moment = to_berlin(value)
    return f"{german_date(moment.date())}, {moment:%H:%M} Uhr"


def file_stamp(value: datetime | None = None) -> str:
    """``2026-12-01-1430`` in Berlin time, for download file names."""
    moment = to_berlin(value) if value is not None else datetime.now(BERLIN)
    return f"{moment:%Y-%m-%d-%H%M}"


def spreadsheet_datetime(value: date | datetime | None) -> datetime | date | None:
    """A cell value: Berlin wall-clock time without a time zone (spreadsheets
    know no zones); a plain date stays a date."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return to_berlin(value).replace(tzinfo=None)
    return value


def german_number(value: Any, decimals: int = 2) -> str:
    """An integer as an integer ("3"), a float with ``decimals`` decimals
    and a decimal comma ("3,50"); thousands with a dot ("1.234")."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    text = f"{float(value):,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def german_money(amount: float | int | None) -> str:
    if amount is None:
        return ""
    whole = f"{int(amount):,}".replace(",", ".")
    return f"{whole} €"


def german_duration(delta: timedelta) -> str:
    days = delta.days
    hours = delta.seconds // 3600
    minutes = (delta.seconds % 3600) // 60
    if days:
        return f"{days} {'Tag' if days == 1 else 'Tage'}, {hours} Std."
    return f"{hours} Std., {minutes} Min."
