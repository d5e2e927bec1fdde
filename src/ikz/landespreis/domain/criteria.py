"""Validation of the criteria table of a competition."""

from collections.abc import Iterable
from collections.abc import Mapping
from ikz.landespreis import _
from typing import Any
from zope.i18nmessageid import Message
from zope.interface import Invalid

import math
import re


CRITERION_ID = re.compile(r"^[a-z][a-z0-9_-]{0,39}$")

MSG_BAD_ID = _(
    "An identifier starts with a small letter and contains only "
    "small letters, digits, - and _."
)
MSG_DUPLICATE_ID = _("Each criterion needs its own identifier.")
MSG_BAD_WEIGHT = _("The weight of a criterion must be greater than zero.")


def valid_criterion_id(value: str | None) -> bool:
    if not CRITERION_ID.match(value or ""):
        raise Invalid(MSG_BAD_ID)
    return True


def check_criteria(rows: Iterable[Mapping[str, Any]]) -> Message | None:
    """Return ``None`` when the criteria rows are valid, else a message.

    ``rows`` are mappings with ``id``, ``title`` and ``weight``.
    """
    seen = set()
    for row in rows:
        cid = row.get("id")
        weight = row.get("weight")
        if not cid or not CRITERION_ID.match(cid):
            return MSG_BAD_ID
        if cid in seen:
            return MSG_DUPLICATE_ID
        seen.add(cid)
        if weight is None or not _finite(weight) or weight <= 0:
            return MSG_BAD_WEIGHT
    return None


def _finite(value: Any) -> bool:
    try:
        return math.isfinite(value)
    except (TypeError, ValueError):
        return False


def score_number(raw: Any, low: float, high: float) -> float:
    """A juror's score as a number inside ``[low, high]``.

    Accepts numbers and strings with a decimal comma or point; whole values
    come back as ``int``. Raises ``ValueError`` for anything else, including
    ``NaN`` and infinities (which compare false with every bound)."""
    if isinstance(raw, bool):
        raise ValueError(raw)
    try:
        number = float(str(raw).strip().replace(",", "."))
    except (TypeError, ValueError, OverflowError):
        raise ValueError(raw) from None
    if not math.isfinite(number) or not low <= number <= high:
        raise ValueError(raw)
    return int(number) if number == int(number) else number
