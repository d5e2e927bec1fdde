"""After the archive: anonymise non-winning submissions; export one
submission's data for a data-access request."""

from datetime import datetime
from ikz.landespreis.domain.dates import BERLIN
from ikz.landespreis.domain.pictures import PICTURE_FIELDS
from ikz.landespreis.mail import LOG_KEY as MAIL_LOG
from ikz.landespreis.utils import competition_submissions
from ikz.landespreis.utils import FILE_FIELDS
from persistent.mapping import PersistentMapping
from plone import api
from zope.annotation.interfaces import IAnnotations

import itertools


PICTURES = tuple(picture for picture, _alt in PICTURE_FIELDS)


RECORD = "ikz.landespreis.anonymised"
PERSONAL_FIELDS = (
    "contact_name",
    "contact_email",
    "contact_phone",
    "department",
    "internal_notes",
)
KEEP_STATES = ("awarded", "published")


class NotArchived(Exception):
    pass


def archive_submissions(competition, event):
    """The competition's ``archive`` makes every submission read-only;
    published winners stay public."""
    if getattr(event, "action", None) != "archive":
        return
    with api.env.adopt_roles(["Manager"]):
        for submission in competition_submissions(competition):
            state = api.content.get_state(submission)
            if state.startswith("archived"):
                continue
            transition = "archive_published" if state == "published" else "archive"
            api.content.transition(
                submission,
                transition=transition,
                comment=f"Archiviert (vorher: {state})",
            )


def state_before_archive(submission):
    history = submission.workflow_history.get("ikz_submission_workflow", ())
    for before, entry in itertools.pairwise(history):
        if entry.get("action") in ("archive", "archive_published"):
            return before.get("review_state")
    return api.content.get_state(submission)


def candidates(competition):
    """Archived applications that did not win and are not anonymised yet."""
    return [
        s
        for s in competition_submissions(competition)
        if api.content.get_state(s) == "archived"
        and state_before_archive(s) not in KEEP_STATES
        and RECORD not in IAnnotations(s)
    ]


def anonymise(submission, by):
    removed_fields = [f for f in PERSONAL_FIELDS if getattr(submission, f, None)]
    removed_files = []
    for name in PERSONAL_FIELDS:
        setattr(submission, name, None)
    for name in (*FILE_FIELDS, *PICTURES):
        value = getattr(submission, name, None)
        if value is not None:
            removed_files.append(value.filename)
            setattr(submission, name, None)
    for _picture, alt in PICTURE_FIELDS:
        setattr(submission, alt, None)
    _forget_versions(submission)
    answers = sorted((submission.additional_answers or {}).keys())
    submission.additional_answers = {}
    annotations = IAnnotations(submission)
    annotations.pop(MAIL_LOG, None)  # recipients' addresses
    annotations.pop("plone.scale", None)  # the pictures' scales
    from ikz.landespreis import mail
    from ikz.landespreis.utils import find_competition

    competition = find_competition(submission)
    if competition is not None:  # the competition's index of the same log
        mail.forget(competition, api.content.get_uuid(submission))
    annotations[RECORD] = PersistentMapping(
        at=datetime.now(BERLIN).isoformat(),
        by=by,
        fields=removed_fields,
        files=removed_files,
        answers=answers,
    )
    submission.reindexObject()
    from ikz.landespreis import audit

    audit.record(
        submission,
        "anonymisation",
        target=api.content.get_uuid(submission),
        actor=by,
        reference=submission.reference or "",
        fields=tuple(removed_fields),
        files=len(removed_files),
    )
    return dict(annotations[RECORD])


def _forget_versions(submission):
    """The version record of a corrected application (annotation
    ``corrections.VERSIONS``) keeps what the object no longer has: each
    version's contact data and the files later versions replaced. As on
    the object itself, the personal fields become ``None`` and the files
    go (their blobs and their names, sizes and checksums); the rest of each
    version (project answers, time, changed fields) stays."""
    from ikz.landespreis.applicants.corrections import VERSIONS
    from persistent.list import PersistentList

    stored = IAnnotations(submission).get(VERSIONS)
    if not stored:
        return
    kept = PersistentList()
    for version in stored:
        values = dict(version.get("values") or {})
        for name in (*PERSONAL_FIELDS, *FILE_FIELDS, *PICTURES):
            if name in values:
                values[name] = None
        entry = PersistentMapping({
            k: v for k, v in version.items() if k not in ("blobs", "values")
        })
        entry["values"] = values
        kept.append(entry)
    IAnnotations(submission)[VERSIONS] = kept


def anonymise_competition(competition, by):
    if api.content.get_state(competition) != "archived":
        raise NotArchived(competition.getId())
    return [anonymise(s, by) for s in candidates(competition)]


def personal_data(submission):
    """Everything stored about an application, as plain JSON data."""
    from ikz.landespreis.content.submission import ISubmission
    from zope.schema import getFieldsInOrder

    data = {}
    for name, _field in getFieldsInOrder(ISubmission):
        value = getattr(submission, name, None)
        if name in FILE_FIELDS or name in PICTURES:
            value = (
                {"filename": value.filename, "size": value.getSize()} if value else None
            )
        elif hasattr(value, "isoformat"):
            value = value.isoformat()
        elif isinstance(value, (set, tuple)):
            value = list(value)
        data[name] = value
    data["review_state"] = api.content.get_state(submission)
    data["workflow_history"] = [
        {
            "action": h.get("action"),
            "state": h.get("review_state"),
            "time": str(h.get("time")),
            "comments": h.get("comments"),
        }
        for h in submission.workflow_history.get("ikz_submission_workflow", ())
    ]
    record = IAnnotations(submission).get(RECORD)
    data["anonymised"] = dict(record) if record else None
    return data
