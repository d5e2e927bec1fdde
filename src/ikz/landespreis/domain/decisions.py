"""Rules of the jury decision per category (pure Python, no Zope).

A *row* of a category's ranking is a dict with at least ``submission`` (a
UID), ``reference``, ``title``, ``rank`` (``None`` without a final score)
and ``score``. A *signed decision* is a dict with ``winners`` and
``nominees`` (lists of UIDs) among other things.

Rules:

- A category without applications for the jury cannot be signed.
- Every assigned juror without a conflict must have a final score for every
  application; otherwise the chair needs a recorded reason (a juror dropped
  out).
- A prize is never split: at most ``prizes`` winners, and no application
  may be left out that ranks better than a chosen winner. A tie at the last
  prize is decided by the chair's choice among the tied.
- Only ranked applications (with a final score) can win; nominees are ranked
  applications that do not win.
- Every winner gets the jury's justification (Laudatio).
"""

from collections.abc import Iterable
from collections.abc import Mapping
from collections.abc import Sequence
from ikz.landespreis import _
from typing import Any
from zope.i18nmessageid import Message

import hashlib
import json


MSG_EMPTY = _(
    "msg_decision_empty",
    default="This category has no admitted applications: there is nothing to sign.",
)
MSG_MISSING_SCORES = _(
    "msg_decision_missing_scores",
    default="Not every juror has a final score yet (${missing}). Sign only when "
    "every score is final, or give the reason for the exception.",
)
MSG_NO_WINNER = _("msg_decision_no_winner", default="Please choose the winner.")
MSG_TOO_MANY_WINNERS = _(
    "msg_decision_too_many_winners",
    default="This competition awards ${prizes} prize(s) per category and a prize "
    "is never split: please choose at most ${prizes} winner(s).",
)
MSG_TOO_MANY_NOMINEES = _(
    "msg_decision_too_many_nominees",
    default="This competition names at most ${nominees} nominee(s) per category.",
)
MSG_UNRANKED = _(
    "msg_decision_unranked",
    default="${reference} has no final score and cannot be chosen.",
)
MSG_UNKNOWN = _(
    "msg_decision_unknown",
    default="The chosen application does not belong to this category.",
)
MSG_SKIPPED = _(
    "msg_decision_skipped",
    default="${reference} ranks better than a chosen winner; the jury's decision "
    "follows its ranking.",
)
MSG_BOTH = _(
    "msg_decision_both",
    default="${reference} cannot be winner and nominee at once.",
)
MSG_LAUDATIO = _(
    "msg_decision_laudatio",
    default="Please give the jury's justification (Laudatio) for ${reference}.",
)
MSG_CHANGED = _(
    "msg_decision_changed",
    default="The ranking or your choice has changed since the preview. Please "
    "check the new preview and confirm again.",
)


Row = Mapping[str, Any]
Problems = list[Message]


def message(msgid: Message, **mapping: Any) -> Message:
    return Message(msgid, mapping=mapping) if mapping else msgid


def missing_final_scores(items: Iterable[Mapping[str, Any]]) -> list[tuple[str, str]]:
    """``[(reference, juror), ...]`` still owed.

    ``items``: ``[{"reference", "expected": [juror ids], "final": {juror:
    bool}, "blocked": {juror ids}}]``. A juror with a conflict owes nothing.
    """
    missing = []
    for item in items:
        blocked = set(item.get("blocked") or ())
        final = item.get("final") or {}
        for juror in sorted(set(item.get("expected") or ())):
            if juror in blocked or final.get(juror):
                continue
            missing.append((item["reference"], juror))
    return missing


def ranked(rows: Iterable[Row]) -> list[Row]:
    return [r for r in rows if r.get("rank") is not None]


def default_winners(rows: Iterable[Row], prizes: int) -> list[str]:
    """The UIDs the ranking suggests: the best ``prizes`` ranked rows; at a
    tie on the last prize, none of the tied (the chair must choose)."""
    candidates = sorted(ranked(rows), key=lambda r: r["rank"])
    if len(candidates) <= prizes:
        return [r["submission"] for r in candidates]
    cut = candidates[prizes - 1]["rank"]
    if candidates[prizes]["rank"] == cut:
        return [r["submission"] for r in candidates if r["rank"] < cut]
    return [r["submission"] for r in candidates[:prizes]]


def _unique(values: Iterable[str] | None) -> list[str]:
    return list(dict.fromkeys(values or ()))


def _count_problems(winners: list[str], prizes: int) -> Problems:
    if not winners:
        return [MSG_NO_WINNER]
    if len(winners) > prizes:
        return [message(MSG_TOO_MANY_WINNERS, prizes=prizes)]
    return []


def _order_problems(by_uid: Mapping[str, Row], winners: list[str]) -> Problems:
    """Nobody left out who ranks better than a chosen winner."""
    chosen = [by_uid[u]["rank"] for u in winners if by_uid[u].get("rank")]
    if not chosen:
        return []
    worst = max(chosen)
    return [
        message(MSG_SKIPPED, reference=row["reference"])
        for row in ranked(by_uid.values())
        if row["rank"] < worst and row["submission"] not in winners
    ]


def selection_problems(
    rows: Sequence[Row],
    prizes: int,
    winners: Iterable[str] | None,
    nominees: Iterable[str] | None,
    laudatio: Mapping[str, Any] | None,
) -> Problems:
    """German-translatable problems with the chair's choice (empty: fine)."""
    by_uid = {r["submission"]: r for r in rows}
    chosen, named = _unique(winners), _unique(nominees)
    if any(uid not in by_uid for uid in chosen + named):
        return [MSG_UNKNOWN]
    problems = _count_problems(chosen, prizes)
    problems += [
        message(MSG_UNRANKED, reference=by_uid[uid]["reference"])
        for uid in chosen + named
        if by_uid[uid].get("rank") is None
    ]
    problems += [
        message(MSG_BOTH, reference=by_uid[uid]["reference"])
        for uid in chosen
        if uid in named
    ]
    problems += _order_problems(by_uid, chosen)
    problems += [
        message(MSG_LAUDATIO, reference=by_uid[uid]["reference"])
        for uid in chosen
        if not str((laudatio or {}).get(uid) or "").strip()
    ]
    return problems


def signing_problems(
    rows: Sequence[Row], missing: Sequence[tuple[str, str]], exception_reason: str
) -> Problems:
    """Problems that forbid signing whatever the choice is."""
    if not rows:
        return [MSG_EMPTY]
    if missing and not (exception_reason or "").strip():
        text = ", ".join(f"{ref}: {juror}" for ref, juror in missing)
        return [message(MSG_MISSING_SCORES, missing=text)]
    return []


SNAPSHOT_KEYS = (
    "submission",
    "reference",
    "title",
    "rank",
    "score",
    "spread",
    "final_scores",
    "expected_scores",
    "tie",
)


def snapshot(
    rows: Iterable[Row],
    prizes: int,
    winners: Iterable[str] | None,
    nominees: Iterable[str] | None,
    laudatio: Mapping[str, Any] | None,
    missing: Iterable[Sequence[str]],
    exception_reason: str,
) -> dict[str, Any]:
    """Exactly what is signed: plain, JSON-able data."""
    chosen = _unique(winners)
    missing = [list(pair) for pair in missing]
    return {
        "prizes": prizes,
        "ranking": [{key: row.get(key) for key in SNAPSHOT_KEYS} for row in rows],
        "winners": chosen,
        "nominees": _unique(nominees),
        "laudatio": {
            uid: str((laudatio or {}).get(uid) or "").strip() for uid in chosen
        },
        "missing": missing,
        "exception_reason": (exception_reason or "").strip() if missing else "",
    }


def fingerprint(data: Mapping[str, Any]) -> str:
    """A short hash of a snapshot: the confirmation signs what it showed."""
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def named(decision: Mapping[str, Any] | None, uid: str, transition: str) -> bool:
    """May ``transition`` (award, nominate) happen for ``uid``?"""
    if not decision:
        return False
    winners = decision.get("winners", ())
    if transition == "award":
        return uid in winners
    if transition == "nominate":
        return uid in winners or uid in decision.get("nominees", ())
    return False


def all_signed(categories: Iterable[tuple[bool, bool]]) -> bool:
    """``categories``: ``[(has_applications, signed)]``; every category with
    applications for the jury must be signed."""
    return all(signed for has, signed in categories if has)
