"""Rules of the jury session ("Jurysitzung"), pure Python.

Per application the session records a result (``winner``, ``nominee``,
``none`` or nothing yet), the vote (``einvernehmlich`` or the counts
``yes:no`` / ``yes:no:abstentions``), notes and, for a winner, the
justification (Laudatio).
"""

from collections.abc import Iterable
from collections.abc import Mapping
from ikz.landespreis import _
from typing import Any
from zope.i18nmessageid import Message

import re


RESULTS = ("winner", "nominee", "none")
CONSENSUS = "einvernehmlich"
VOTE = re.compile(r"^\s*(\d{1,2})\s*:\s*(\d{1,2})\s*(?::\s*(\d{1,2})\s*)?$")

MSG_RESULT = _(
    "msg_session_result",
    default="Please choose a result: winner, nominee or not chosen.",
)
MSG_VOTE = _(
    "msg_session_vote",
    default='Please record the vote as "einvernehmlich" or as yes:no '
    "(optionally :abstentions), for example 4:1.",
)
MSG_LAUDATIO = _(
    "msg_session_laudatio",
    default="Please write the justification (Laudatio) for every winner.",
)
MSG_DATE = _("msg_session_date", default="Please give the date of the session.")
MSG_PRESENT = _(
    "msg_session_present",
    default="Present can only be who attends the session.",
)

Entry = Mapping[str, Any]


def normalise_vote(vote: str | None) -> str | None:
    """``einvernehmlich``, ``"4:1"`` or ``"3:1:1"``; ``None`` if invalid."""
    text = (vote or "").strip()
    if text.lower() == CONSENSUS:
        return CONSENSUS
    match = VOTE.match(text)
    if match is None:
        return None
    parts = [str(int(p)) for p in match.groups() if p is not None]
    return ":".join(parts)


def check_entry(entry: Entry) -> Message | None:
    """``None`` when one application's record is complete enough to be
    kept: no result yet, or a result with a valid vote (and a Laudatio
    for a winner)."""
    result = entry.get("result") or ""
    if not result:
        return None
    if result not in RESULTS:
        return MSG_RESULT
    if normalise_vote(entry.get("vote")) is None:
        return MSG_VOTE
    if result == "winner" and not (entry.get("laudatio") or "").strip():
        return MSG_LAUDATIO
    return None


def choices(
    entries: Mapping[str, Entry], order: Iterable[str]
) -> tuple[list[str], list[str], dict[str, str]]:
    """Winners, nominees and the winners' Laudatio from a category's records,
    in the order given (the ranking)."""
    winners: list[str] = []
    nominees: list[str] = []
    laudatio: dict[str, str] = {}
    for uid in order:
        entry = entries.get(uid) or {}
        if entry.get("result") == "winner":
            winners.append(uid)
            laudatio[uid] = (entry.get("laudatio") or "").strip()
        elif entry.get("result") == "nominee":
            nominees.append(uid)
    return winners, nominees, laudatio


def check_attendance(
    attendees: Iterable[str], present: Iterable[str], jury: Iterable[str]
) -> Message | None:
    jury_set = set(jury)
    attendee_set = set(attendees)
    if not attendee_set <= jury_set or not set(present) <= attendee_set:
        return MSG_PRESENT
    return None
