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
CORRECTED = "corrected"  # a mistaken declaration corrected on the juror's request
BLOCKING = (CONFLICT, FLAGGED)
GRANTING = (NO_CONFLICT, CLEARED, CORRECTED)

MSG_CONFLICT_REASON = "Bitte begründen Sie die Befangenheit."
MSG_NO_CORRECTION = "Für diese Erklärung ist keine Korrektur beantragt."
MSG_ONLY_DECLARED = (
    "Eine Korrektur kann nur für eine eigene Befangenheitserklärung beantragt werden."
)


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
    """A juror's declaration; a conflict needs a reason."""
    from ikz.landespreis.jury.duties import DutyError

    if conflict and not (reason or "").strip():
        raise DutyError(MSG_CONFLICT_REASON)
    return _set(
        submission,
        juror,
        CONFLICT if conflict else NO_CONFLICT,
        (reason or "").strip(),
        by or juror,
    )


class NotFlagged(ValueError):
    """Only a detected conflict can be cleared by the chair; a juror's own
    declaration stands."""


def clear(submission, juror, by, reason):
    """A detected conflict is no conflict: decided by someone else (see
    :func:`duties.check_conflict_decider`), with a reason."""
    from ikz.landespreis.jury.duties import check_reason

    if status(submission, juror) != FLAGGED:
        raise NotFlagged(juror)
    return _set(submission, juror, CLEARED, check_reason(reason), by)


def correction(submission, juror):
    """The pending correction request of ``juror``, or None."""
    entry = record(submission, juror)
    return entry.get("correction") if entry is not None else None


def request_correction(submission, juror, reason):
    """The juror asks for a mistaken conflict declaration to be corrected;
    access stays withheld until the chair (deputy) decides."""
    from ikz.landespreis.jury.duties import check_reason
    from ikz.landespreis.jury.duties import DutyError

    if status(submission, juror) != CONFLICT:
        raise DutyError(MSG_ONLY_DECLARED)
    entry = record(submission, juror)
    entry["correction"] = {
        "reason": check_reason(reason),
        "at": datetime.now(BERLIN),
    }
    entry["history"].append({
        "status": "correction_requested",
        "reason": entry["correction"]["reason"],
        "by": juror,
        "at": entry["correction"]["at"],
    })
    return entry


def decide_correction(submission, juror, by, accept, reason):
    """Accept (the declaration was a mistake: access follows) or refuse a
    pending correction, with a reason."""
    from ikz.landespreis.jury.duties import check_reason
    from ikz.landespreis.jury.duties import DutyError

    reason = check_reason(reason)
    if status(submission, juror) != CONFLICT or not correction(submission, juror):
        raise DutyError(MSG_NO_CORRECTION)
    entry = record(submission, juror)
    entry["correction"] = None
    if accept:
        return _set(submission, juror, CORRECTED, reason, by)
    entry["history"].append({
        "status": "correction_refused",
        "reason": reason,
        "by": by,
        "at": datetime.now(BERLIN),
    })
    return entry


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
