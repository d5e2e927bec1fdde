"""Outcome mails the office releases.

A decision (admit, reject, nominate, award) is recorded when it is taken;
the mail telling the applicant is prepared from it (the application's state
and the office's template) and leaves only when the office releases the
mails of that kind: per competition, after reviewing the list of
recipients and a sample mail, with a confirmation. The jury's outcome
(nomination, award, non-award, results) cannot be released before the
competition's results are published (:func:`release` refuses, whoever
calls it). An application gets each kind once: a mail of that kind in its
log (released, or sent directly with a rejection) takes it off the list.
"""

from ikz.landespreis import audit
from ikz.landespreis import mail
from ikz.landespreis import mailtemplates
from ikz.landespreis.applicants.release import release_outcome
from plone import api

import uuid


#: kind -> the states of the applications that get it
STATES = {
    "admission": ("admitted", "nominated", "awarded", "published"),
    "rejection": ("rejected",),
    "nomination": ("nominated",),
    "award": ("awarded", "published"),
    "non_award": ("admitted",),
    "results": ("admitted", "nominated", "awarded", "published", "rejected"),
}
#: the competition's states in which the jury's outcome may be told
PUBLISHED = ("results_published", "archived")

MSG_NOT_PUBLISHED = (
    "Diese Mails sagen das Ergebnis der Jury: Sie können sie erst freigeben, "
    "wenn die Ergebnisse veröffentlicht sind."
)
MSG_LOCKED = (
    "Gesperrt: Diese Mails sagen das Ergebnis der Jury und gehen erst nach "
    "Veröffentlichung der Ergebnisse hinaus. Die Ergebnisse sind noch nicht "
    "veröffentlicht."
)
MSG_UNKNOWN_KIND = "Diese Art von Mail gibt es nicht."
MSG_NOTHING = "Es gibt keine vorbereiteten Mails dieser Art."
MSG_CONFIRM = (
    "Bitte bestätigen Sie, dass Sie die Liste und die Beispielmail geprüft haben."
)


class ReleaseError(ValueError):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def locked(competition, kind):
    """``True`` while ``kind`` may not be released yet."""
    return kind in mailtemplates.JURY_OUTCOMES and (
        api.content.get_state(competition) not in PUBLISHED
    )


def lock_reason(competition, kind):
    """Why ``kind`` may not be released yet (German), or ``""``."""
    return MSG_LOCKED if locked(competition, kind) else ""


def _sent(competition):
    """``{(application UID, kind)}`` of every logged mail."""
    return {
        (entry.get("context_uid"), entry.get("kind"))
        for entry in mail.competition_log(competition)
    }


def pending(competition, kind):
    """The applications whose ``kind`` mail is prepared and not yet sent:
    dicts with the application, its reference, title, category, address."""
    if kind not in STATES:
        raise ReleaseError(MSG_UNKNOWN_KIND)
    sent = _sent(competition)
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(
        portal_type="Submission",
        competition_uid=api.content.get_uuid(competition),
        review_state=list(STATES[kind]),
        sort_on="submission_reference",
    )
    result = []
    for brain in brains:
        if (brain.UID, kind) in sent:
            continue
        submission = brain._unrestrictedGetObject()
        result.append({
            "uid": brain.UID,
            "submission": submission,
            "reference": brain.submission_reference or "",
            "title": submission.title,
            "category": submission.__parent__.Title(),
            "to": getattr(submission, "contact_email", "") or "",
            "state": brain.review_state,
        })
    return result


def counts(competition):
    """``{kind: number of prepared mails}``."""
    return {kind: len(pending(competition, kind)) for kind in STATES}


def overview(competition):
    """Per kind, in the order of the release page: ``kind``, German
    ``title``, ``count`` of prepared mails (also while locked), ``locked``
    and the German ``reason``."""
    numbers = counts(competition)
    return [
        {
            "kind": kind,
            "title": mailtemplates.DEFAULTS[kind]["title"],
            "count": numbers[kind],
            "locked": locked(competition, kind),
            "reason": lock_reason(competition, kind),
        }
        for kind in mailtemplates.OUTCOMES
    ]


def sample(competition, kind, items=None):
    """``(subject, text, html)`` of the first prepared mail, or ``None``."""
    items = pending(competition, kind) if items is None else items
    items = [i for i in items if i["to"]]
    if not items:
        return None
    values = mailtemplates.submission_values(items[0]["submission"])
    return mailtemplates.render(competition, kind, values)


def release(competition, kind, uids=None, confirmed=False):
    """Send the prepared ``kind`` mails (only those of ``uids`` when given);
    returns the references mailed. :class:`ReleaseError` (German, nothing
    sent) before the results are published for the jury's outcome, without
    confirmation or with nothing to send."""
    if kind not in STATES:
        raise ReleaseError(MSG_UNKNOWN_KIND)
    if locked(competition, kind):
        raise ReleaseError(MSG_NOT_PUBLISHED)
    if not confirmed:
        raise ReleaseError(MSG_CONFIRM)
    items = [i for i in pending(competition, kind) if i["to"]]
    if uids is not None:
        chosen = set(uids)
        items = [i for i in items if i["uid"] in chosen]
    if not items:
        raise ReleaseError(MSG_NOTHING)
    release_id = uuid.uuid4().hex
    mailed = []
    for item in items:
        mailtemplates.send_to_applicant(
            item["submission"], kind, limit=False, release=release_id
        )
        if kind in ("admission", "rejection"):
            # told by mail: "Meine Bewerbung" says it too (as with a
            # rejection mailed at once, office.decisions.mail_no)
            release_outcome(item["submission"])
        mailed.append(item["reference"])
    audit.record(
        competition,
        "mail.release",
        target=api.content.get_uuid(competition),
        mail=kind,
        release=release_id,
        count=len(mailed),
        references=mailed,
    )
    return mailed


# -- the mail log -----------------------------------------------------------------


def log(competition, state=None, reference=None):
    """The competition's mail log, newest first, as the office reads it:
    ``id``, ``time`` (a datetime), ``kind`` and its German ``kind_label``,
    ``reference``, ``to``, ``subject``, ``state`` and ``state_label``,
    ``reason`` (German), ``attempts``, ``released``. Only ``state`` (one of
    :data:`mail.STATE_LABELS`) and the application ``reference`` when
    given."""
    if state not in mail.STATE_LABELS:
        state = None
    entries = mail.competition_log(competition, state=state)
    if reference:
        entries = [e for e in entries if e.get("reference", "") == reference]
    return [
        {
            "id": e["id"],
            "time": e["time"],
            "kind": e["kind"],
            "kind_label": mail.KIND_LABELS.get(e["kind"], e["kind"]),
            "reference": e.get("reference", ""),
            "to": e["to"],
            "subject": e.get("subject", ""),
            "state": e["state"],
            "state_label": mail.STATE_LABELS.get(e["state"], e["state"]),
            "reason": e.get("reason", ""),
            "attempts": e.get("attempts", 1),
            "released": bool(e.get("release")),
        }
        for e in entries
    ]
