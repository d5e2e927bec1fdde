"""Declarations of conflicts of interest, recorded per submission and juror."""

from BTrees.OOBTree import OOBTree
from datetime import datetime
from ikz.landespreis.domain.dates import BERLIN
from ikz.landespreis.domain.municipalities import party_key
from ikz.landespreis.utils import ensure_annotation
from persistent.list import PersistentList
from persistent.mapping import PersistentMapping
from zope.annotation.interfaces import IAnnotations


KEY = "ikz.landespreis.conflicts"

NO_CONFLICT = "no_conflict"  # declared by the juror
CONFLICT = "conflict"  # declared by the juror
FLAGGED = "flagged"  # detected: home organisation among the parties
CLEARED = "cleared"  # a flagged conflict cleared by the chair
BLOCKING = (CONFLICT, FLAGGED)
GRANTING = (NO_CONFLICT, CLEARED)


def ensure_store(submission):
    return ensure_annotation(submission, KEY, OOBTree)


def record(submission, juror):
    store = IAnnotations(submission).get(KEY)
    return store.get(juror) if store is not None else None


def status(submission, juror):
    entry = record(submission, juror)
    return entry["status"] if entry is not None else None


def is_blocked(submission, juror):
    return status(submission, juror) in BLOCKING


def _set(submission, juror, new_status, reason, by):
    store = ensure_store(submission)
    entry = store.get(juror)
    if entry is None:
        entry = store[juror] = PersistentMapping(history=PersistentList())
    entry["status"] = new_status
    entry["reason"] = reason or ""
    entry["by"] = by
    entry["at"] = datetime.now(BERLIN)
    entry["history"].append({
        "status": new_status,
        "reason": reason or "",
        "by": by,
        "at": entry["at"],
    })
    return entry


def declare(submission, juror, conflict, reason="", by=None):
    return _set(
        submission, juror, CONFLICT if conflict else NO_CONFLICT, reason, by or juror
    )


class NotFlagged(ValueError):
    """Only a detected conflict can be cleared by the chair; a juror's own
    declaration stands."""


def clear(submission, juror, by):
    if status(submission, juror) != FLAGGED:
        raise NotFlagged(juror)
    return _set(submission, juror, CLEARED, "", by)


def organisation_matches(organisation, lead, partners):
    """Pure: the juror's home organisation is the lead or a partner (the
    same municipality by its AGS, or the same normalised name)."""
    mine = party_key(organisation)
    if not mine:
        return False
    return any(party_key(name) == mine for name in [lead, *list(partners or [])])


def flag_if_matching(submission, juror, organisation):
    """Pre-flag a conflict when the organisation matches (once)."""
    if status(submission, juror) is not None:
        return False
    if organisation_matches(
        organisation, submission.lead_municipality, submission.partners
    ):
        _set(submission, juror, FLAGGED, organisation, "system")
        return True
    return False


def all_records(submission):
    store = IAnnotations(submission).get(KEY)
    return dict(store.items()) if store is not None else {}
