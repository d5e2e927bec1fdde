"""Safe cell values for spreadsheets (CSV and XLSX)."""

from datetime import date
from datetime import datetime
from typing import Any

import re


DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")
# "+49 2761 123-45", "-12,5": numbers and phone numbers are no formulas
NUMBER_LIKE = re.compile(r"^[+-][\d\s()/.,-]*$")


def is_formula_like(text: str) -> bool:
    """A text a spreadsheet could run as a formula (or DDE command).

    ``=``, ``@``, tab and carriage return always; ``+`` and ``-`` unless
    only digits, spaces and ``()/.,-`` follow (a phone number or a signed
    number is shown as it is, never with an apostrophe)."""
    if not text.startswith(DANGEROUS_START):
        return False
    return not (text[0] in "+-" and NUMBER_LIKE.match(text))


def neutralise(value: Any, separator: str = "; ") -> Any:
    """A text that a spreadsheet shows as text and never runs as a formula.

    Formula-like values (see ``is_formula_like``) get a leading apostrophe
    (the OWASP recommendation for CSV injection); lists are joined with
    ``separator`` (each item checked on its own line). Numbers and dates
    stay as they are; booleans read "ja" / "nein".
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, (int, float, datetime, date)):
        return value
    if isinstance(value, (list, tuple, set)):
        return separator.join(str(neutralise(v)) for v in value if v not in (None, ""))
    text = str(value)
    if is_formula_like(text):
        return "'" + text
    return text
