"""Safe cell values for spreadsheets (CSV and XLSX)."""

from datetime import date
from datetime import datetime
from typing import Any


DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """A text that a spreadsheet shows as text and never runs as a formula.

    Values starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return
    get a leading apostrophe (the OWASP recommendation for CSV injection).
    Numbers and dates stay as they are.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, (int, float, datetime, date)):
        return value
    if isinstance(value, (list, tuple, set)):
        value = "; ".join(str(v) for v in value)
    text = str(value)
    if text.startswith(DANGEROUS_START):
        return "'" + text
    return text
