"""Reference numbers such as ``LP26-SSC-0042``."""

from datetime import date

import re


REFERENCE = re.compile(
    r"^(?P<prefix>[A-Z0-9]+)-(?P<code>[A-Z0-9]{2,8})-(?P<number>\d{4,})$"
)


def edition_prefix(end_date: date | None) -> str:
    """``LP`` and the two-digit year in which the submission period ends."""
    year = end_date.year if end_date is not None else 0
    return f"LP{year % 100:02d}"


def format_reference(prefix: str, category_code: str, number: int) -> str:
    if number < 1:
        raise ValueError("reference numbers start at 1")
    return f"{prefix}-{category_code}-{number:04d}"


def parse_reference(reference: str | None) -> tuple[str, str, int] | None:
    match = REFERENCE.match(reference or "")
    if not match:
        return None
    return match.group("prefix"), match.group("code"), int(match.group("number"))
