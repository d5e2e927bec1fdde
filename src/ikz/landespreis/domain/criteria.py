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


#: one band of a criterion's rubric: ``(low, high, meaning)``
Band = tuple[float, float, str]

BAND_LINE = re.compile(
    r"^\s*(-?\d+(?:[.,]\d+)?)\s*(?:[-–]\s*(-?\d+(?:[.,]\d+)?))?\s*:\s*(.+?)\s*$"
)

MSG_BAD_BAND = _(
    "Each line of a rubric reads 'from-to: meaning' (for example "
    "'0-3: hardly any added value') with numbers on the scale."
)


def parse_bands(text: str | None) -> list[Band]:
    """The rubric of a criterion: one band per line, ``from-to: meaning``
    or ``value: meaning``; empty lines are skipped. Raises ``ValueError``
    for a line that is no band or whose bounds are reversed."""
    bands: list[Band] = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        match = BAND_LINE.match(line)
        if match is None:
            raise ValueError(line)
        low = float(match.group(1).replace(",", "."))
        high = float((match.group(2) or match.group(1)).replace(",", "."))
        if low > high:
            raise ValueError(line)
        bands.append((low, high, match.group(3)))
    return sorted(bands, key=lambda band: band[0])


def check_bands(text: str | None, low: float, high: float) -> Message | None:
    """``None`` when the rubric parses and lies on the scale, else a message."""
    try:
        bands = parse_bands(text)
    except ValueError:
        return MSG_BAD_BAND
    for band_low, band_high, _meaning in bands:
        if band_low < low or band_high > high:
            return MSG_BAD_BAND
    return None


def band_for(value: float | None, bands: Iterable[Band]) -> Band | None:
    """The band a score falls into (the first that contains it)."""
    if value is None:
        return None
    for band in bands:
        if band[0] <= value <= band[1]:
            return band
    return None


def running_total(
    values: Mapping[str, float | None], weights: Iterable[tuple[str, float]]
) -> tuple[float | None, int]:
    """The weighted mean of the criteria scored so far and how many are
    scored: what the juror sees while typing (the final weighted score
    needs every criterion, see ``ranking.weighted_score``)."""
    total = 0.0
    weight_sum = 0.0
    count = 0
    for cid, weight in weights:
        value = values.get(cid)
        if value is None:
            continue
        total += weight * value
        weight_sum += weight
        count += 1
    return (total / weight_sum if weight_sum else None), count
