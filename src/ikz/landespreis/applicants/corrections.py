"""Corrections of a submitted application until the deadline (issue 14,
item 5).

Until the end of submissions (server time, Europe/Berlin) the lead may
change the answers of a sent application; the reference stays. Each
correction is a new version: the application keeps a record of every
version (annotation :data:`VERSIONS`: the answers as plain values, the
files as name, size and SHA-256, the time and the fields changed), the
object itself always holds the latest. The office sees the current
version and what changed against the one before; after the deadline
nothing can be changed, so the version in force at the deadline is the
one the jury reads.

An own record rather than CMFEditions: an application lives in a BTree
category and is catalogued after the intake's commit; a version here is a
few hundred bytes of answers (the files' blobs stay with the object and
are identified by checksum), written to the application only, so a
correction conflicts with nobody else's work.
"""

from datetime import date
from ikz.landespreis import _
from ikz.landespreis import audit
from ikz.landespreis import mail
from ikz.landespreis.applicants.pdf import ANSWERS
from ikz.landespreis.applicants.withdraw import ACTOR
from ikz.landespreis.domain import versions
from ikz.landespreis.domain.files import sha256_file
from ikz.landespreis.domain.names import split_partners
from ikz.landespreis.domain.pictures import alt_problem
from ikz.landespreis.domain.pictures import clean_alt
from ikz.landespreis.domain.pictures import PICTURE_FIELDS
from ikz.landespreis.intake import clock
from ikz.landespreis.intake.store import acceptance_problem
from ikz.landespreis.utils import ensure_annotation
from ikz.landespreis.utils import FILE_FIELDS
from ikz.landespreis.utils import find_competition
from persistent.list import PersistentList
from persistent.mapping import PersistentMapping
from plone import api
from plone.namedfile.file import NamedBlobFile
from plone.namedfile.utils import safe_basename
from zope.annotation.interfaces import IAnnotations
from zope.i18n import translate
from zope.i18nmessageid import Message

import re


VERSIONS = "ikz.landespreis.versions"

#: application states in which the applicant may still correct
CORRECTABLE_STATES = frozenset({"received", "admitted"})
#: the answers the applicant may correct (not the category, which names
#: the reference, nor the consents, which have their own way)
CORRECTABLE = (
    "title",
    "lead_municipality",
    "no_lead",
    "department",
    "contact_name",
    "contact_email",
    "contact_phone",
    "partners",
    "contract_date",
    "project_status",
    "legal_form",
    "funding",
    "summary",
    "benefit",
    "innovation",
    "sustainability",
)
#: the pictures (replaced or removed with their alternative texts, checked
#: as at the intake) and their alternative texts
PICTURES = tuple(picture for picture, _alt in PICTURE_FIELDS)
ALTS = tuple(alt for _picture, alt in PICTURE_FIELDS)
#: the files a version records by name, size and checksum
BLOB_FIELDS = (*FILE_FIELDS, *PICTURES)
#: what a version records
RECORDED = (*CORRECTABLE, "category", *ALTS)
LABELS = (
    *((n, label) for n, label in ANSWERS if n in CORRECTABLE),
    ("category", "Kategorie"),
    ("project_file", "Projektsteckbrief"),
    ("council_decision_file", "Ratsbeschluss"),
    ("attachment_file", "Weitere Anlage"),
    *(
        pair
        for number, (picture, alt) in enumerate(PICTURE_FIELDS, start=1)
        for pair in (
            (picture, f"Bild {number}"),
            (alt, f"Bildbeschreibung (Alternativtext) zu Bild {number}"),
        )
    ),
)
EMAIL = re.compile(r"^[^@\s<>\"',;]+@[^@\s<>\"',;]+\.[^@\s<>\"',;]+$")

MSG_NOT_CORRECTABLE = _(
    "msg_not_correctable",
    default="This application can no longer be corrected.",
)
MSG_NOT_ANSWER = _(
    "msg_correction_answer",
    default='"${name}" cannot be corrected here (the category names the '
    "reference; the consents have their own way).",
)
MSG_FILE_VALUE = _(
    "msg_correction_file",
    default='"${name}": please send the file as {"filename": "…", "data": '
    '"…"} with the content in Base64, or null to remove it.',
)
MSG_REQUIRED = _("msg_correction_required", default='"${name}" is required.')
MSG_TOO_LONG = _(
    "msg_correction_too_long",
    default='"${name}" may have at most ${max} characters.',
)
MSG_BAD = _(
    "msg_correction_invalid",
    default='The value of "${name}" is not valid: ${detail}',
)
MSG_CORRECTED = _(
    "msg_application_corrected",
    default="Your correction has been saved as version ${version} of the "
    "application ${reference}.",
)
MSG_UNCHANGED = _(
    "msg_correction_unchanged",
    default="Nothing has changed; the application stays at version ${version}.",
)
OFFICE_SUBJECT = _(
    "mail_corrected_office_subject",
    default="Application ${reference} corrected by the applicant (version ${version})",
)
OFFICE_BODY = _(
    "mail_corrected_office_body",
    default="The applicant has corrected the application ${reference} "
    "(${title}) through the personal link; it is now at version ${version}.\n\n"
    "Changed: ${fields}\n\n${link}",
)


class CorrectionRefused(Exception):
    """``errors`` maps field names (``None`` for the whole) to messages."""

    def __init__(self, errors):
        super().__init__(errors)
        self.errors = errors


# -- versions -------------------------------------------------------------------


def _plain(value):
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    if value is None or isinstance(value, (str, bool, int, date)):
        return value
    return str(value)


def snapshot(submission):
    """The answers and files of ``submission`` as plain values."""
    values = {name: _plain(getattr(submission, name, None)) for name in RECORDED}
    values["category"] = submission.__parent__.getId()
    for name in BLOB_FIELDS:
        blob = getattr(submission, name, None)
        if blob is None:
            values[name] = None
            continue
        with blob.open() as stream:
            checksum = sha256_file(stream)
        values[name] = {
            "filename": blob.filename or name,
            "size": blob.getSize(),
            "sha256": checksum,
        }
    return values


def history(submission):
    """The versions of ``submission``, oldest first (dicts: ``version``,
    ``at``, ``changed``, ``values``, and ``blobs`` with the files a later
    version replaced); one version (the one sent) until the first
    correction."""
    stored = IAnnotations(submission).get(VERSIONS)
    if stored:
        return [dict(v) for v in stored]
    return [
        {
            "version": 1,
            "at": submission.submitted_at,
            "changed": [],
            "values": snapshot(submission),
        }
    ]


def current_version(submission):
    return getattr(submission, "version", None) or 1


def latest_changes(submission):
    """``(version, [Change])``: the current version and what changed
    against the one before (empty for the first)."""
    found = history(submission)
    if len(found) < 2:
        return found[-1]["version"], []
    return found[-1]["version"], versions.changes(
        found[-2]["values"], found[-1]["values"], LABELS
    )


# -- correcting --------------------------------------------------------------------


def problem(submission):
    """``None`` when the applicant may correct ``submission`` now, else a
    message (after the deadline: the competition's closed message)."""
    if getattr(submission, "portal_type", None) != "Submission":
        return MSG_NOT_CORRECTABLE
    closed = acceptance_problem(find_competition(submission))
    if closed is not None:
        return closed
    if api.content.get_state(submission, default="") not in CORRECTABLE_STATES:
        return MSG_NOT_CORRECTABLE
    return None


def _schema(submission):
    from collective.easyform.api import get_schema
    from ikz.landespreis.intake.form import FORM_ID

    form = find_competition(submission).get(FORM_ID)
    return get_schema(form) if form is not None else {}


def _refuse(name, label, message, **mapping):
    raise CorrectionRefused({
        name: Message(message, mapping=dict(name=label, **mapping))
    })


def _from_json(name, label, value):
    """The Python value of the JSON ``value`` for ``name``."""
    if name == "no_lead":
        if not isinstance(value, bool):
            _refuse(name, label, MSG_BAD, detail="true/false")
        return value
    if value is not None and not isinstance(value, str):
        _refuse(name, label, MSG_BAD, detail="Text")
    value = (value or "").strip()
    if name == "contract_date":
        try:
            return date.fromisoformat(value) if value else None
        except ValueError:
            _refuse(name, label, MSG_BAD, detail="JJJJ-MM-TT")
    return value or None


def _check(field, name, label, value):
    """The form's own rules for the field (required, length, choices)."""
    from zope.schema.interfaces import ValidationError

    if value is None:
        if field.required:
            _refuse(name, label, MSG_REQUIRED)
        return
    max_length = getattr(field, "max_length", None)
    if isinstance(value, str) and max_length and len(value) > max_length:
        _refuse(name, label, MSG_TOO_LONG, max=max_length)
    try:
        field.bind(field.context).validate(value)
    except ValidationError as exc:
        _refuse(name, label, MSG_BAD, detail=exc.doc() or type(exc).__name__)


def _convert(field, name, value):
    """The stored value of the JSON ``value`` for ``name``; raises
    CorrectionRefused for that field."""
    label = str(getattr(field, "title", None) or name)
    converted = _from_json(name, label, value)
    if field is not None:
        _check(field, name, label, converted)
    if name == "contact_email" and (
        converted is None or len(converted) > 254 or not EMAIL.match(converted)
    ):
        _refuse(name, label, MSG_BAD, detail="name@kommune.de")
    if name == "partners":
        return split_partners(converted)
    return converted


def _file_from_json(name, label, value):
    """A NamedBlobFile of ``{"filename", "data" (Base64)}``, ``None`` for
    null (the file is removed)."""
    import base64
    import binascii

    if value is None:
        return None
    if not (
        isinstance(value, dict)
        and isinstance(value.get("filename"), str)
        and isinstance(value.get("data"), str)
    ):
        _refuse(name, label, MSG_FILE_VALUE)
    try:
        data = base64.b64decode(value["data"], validate=True)
    except (binascii.Error, ValueError):
        _refuse(name, label, MSG_FILE_VALUE)
    return NamedBlobFile(data=data, filename=safe_basename(value["filename"]))


def _checked_file(name, label, blob):
    from ikz.landespreis.intake.store import _as_blob
    from ikz.landespreis.intake.store import upload_error

    if blob is None:
        return None
    problem = upload_error(name, blob)
    if problem is not None:
        raise CorrectionRefused({name: problem})
    return _as_blob(blob, name)


def _checked_picture(name, number, blob):
    """The picture ``blob`` as stored (a NamedBlobImage), checked as at the
    intake (JPEG or PNG by content, size, pixels); ``None`` removes it."""
    from ikz.landespreis.domain.pictures import picture_limit
    from ikz.landespreis.domain.pictures import picture_problem
    from ikz.landespreis.intake.settings import upload_limits
    from ikz.landespreis.intake.store import _as_picture
    from ikz.landespreis.intake.store import _file_stream
    from ikz.landespreis.intake.store import MSG_PICTURE

    if blob is None:
        return None
    max_bytes = picture_limit(upload_limits()[1])
    with _file_stream(blob) as stream:
        reason = picture_problem(stream, max_bytes)
    if reason:
        raise CorrectionRefused({
            name: Message(
                MSG_PICTURE[reason],
                mapping={
                    "name": getattr(blob, "filename", "") or f"Bild {number}",
                    "limit": max_bytes // (1024 * 1024),
                    "types": "JPEG, PNG",
                },
            )
        })
    return _as_picture(blob, name)


def _parse_alt(alt, label, value):
    if value is not None and not isinstance(value, str):
        _refuse(alt, label, MSG_BAD, detail="Text")
    return clean_alt(value) or None


def _parse_pictures(submission, data, uploads, result, errors):
    """The pictures and alternative texts of a correction into ``result``:
    a picture sent replaces the one before, ``null`` (or the page's
    "Bild entfernen") removes it with its text; every picture the
    application keeps or gets needs a usable alternative text."""
    from ikz.landespreis.content.submission import alt_message

    for number, (picture, alt) in enumerate(PICTURE_FIELDS, start=1):
        sent = picture in data or picture in uploads
        if not sent and alt not in data:
            continue
        label = dict(LABELS)[alt]
        try:
            if sent:
                blob = uploads.get(picture)
                if picture in data and picture not in uploads:
                    blob = _file_from_json(picture, f"Bild {number}", data[picture])
                result[picture] = _checked_picture(picture, number, blob)
            if alt in data:
                result[alt] = _parse_alt(alt, label, data[alt])
        except CorrectionRefused as refusal:
            errors.update(refusal.errors)
            continue
        has_picture = (
            result[picture] is not None
            if picture in result
            else getattr(submission, picture, None) is not None
        )
        if not has_picture:
            # no picture, no description of it
            result[alt] = None
            continue
        text = result[alt] if alt in result else getattr(submission, alt, None)
        reason = alt_problem(text)
        if reason is not None:
            errors[alt] = alt_message(reason, number)


def _parse_files(schema, data, uploads, result, errors):
    for name in FILE_FIELDS:
        if name not in data and name not in uploads:
            continue
        label = str(getattr(schema.get(name), "title", None) or name)
        try:
            blob = uploads.get(name)
            if name in data:
                blob = _file_from_json(name, label, data[name])
            result[name] = _checked_file(name, label, blob)
        except CorrectionRefused as refusal:
            errors.update(refusal.errors)


def parse(submission, data, files=None):
    """``{name: value}`` to store from the JSON ``data`` and the uploads
    ``files`` (field name -> NamedBlobFile, pictures too); raises CorrectionRefused with
    every problem at once."""
    schema = _schema(submission)
    result, errors = {}, {}
    if not isinstance(data, dict):
        raise CorrectionRefused({None: Message(MSG_NOT_ANSWER, mapping={"name": "-"})})
    uploads = dict(files or {})
    _parse_files(schema, data, uploads, result, errors)
    _parse_pictures(submission, data, uploads, result, errors)
    for name, value in data.items():
        if name in FILE_FIELDS or name in PICTURES or name in ALTS:
            continue
        if name not in CORRECTABLE:
            errors[str(name)[:80]] = Message(MSG_NOT_ANSWER, mapping={"name": name})
            continue
        try:
            result[name] = _convert(schema.get(name), name, value)
        except CorrectionRefused as refusal:
            errors.update(refusal.errors)
    if errors:
        raise CorrectionRefused(errors)
    return result


def correct(submission, data, request=None, files=None):
    """Correct ``submission`` with the JSON ``data`` (field -> value) as a
    new version; returns ``(version, changed field names)`` (no new
    version when nothing changed). Raises CorrectionRefused; nothing is
    changed then."""
    from ikz.landespreis.intake.eligibility import evaluate_submission
    from ikz.landespreis.intake.store import _Intake

    closed = problem(submission)
    if closed is not None:
        raise CorrectionRefused({None: closed})
    values = parse(submission, data, files)
    before = history(submission)
    previous = before[-1]["values"]
    # a replaced or removed file stays with the version it belonged to
    replaced = {
        name: getattr(submission, name, None)
        for name in BLOB_FIELDS
        if name in values and getattr(submission, name, None) is not None
    }
    for name, value in values.items():
        if name == "title":
            submission.title = value
        else:
            setattr(submission, name, value)
    after = snapshot(submission)
    changed = versions.changed_fields(previous, after)
    version = before[-1]["version"]
    if not changed:
        return version, []
    version += 1
    now = clock.now()
    stored = ensure_annotation(submission, VERSIONS, PersistentList)
    if not stored:
        stored.append(PersistentMapping(before[-1]))
    kept = {n: blob for n, blob in replaced.items() if n in changed}
    if kept:
        stored[-1]["blobs"] = {**stored[-1].get("blobs", {}), **kept}
    stored.append(
        PersistentMapping(version=version, at=now, changed=changed, values=after)
    )
    submission.version = version
    submission.corrected_at = now
    # new scales for a replaced picture, the listings' "changed" date
    submission.setModificationDate()
    competition = find_competition(submission)
    with _Intake(competition):
        evaluate_submission(submission, competition)
        submission.reindexObject()
    audit.record(
        submission,
        "applicant.corrected",
        target=api.content.get_uuid(submission),
        actor=ACTOR,
        version=version,
        fields=tuple(changed),
    )
    _tell_office(submission, competition, version, changed)
    _tell_applicant(submission, version, changed, request)
    return version, changed


def _tell_applicant(submission, version, changed, request=None):
    """The office's template "correction" to the applicant, with the PDF
    copy of the new version (as the receipt carries the first) when the
    corrector proved to read mail to the contact address: a correction
    may name a new address, and a copy of every text typed must not go to
    whatever address was typed (anti-relay, as the receipt)."""
    from ikz.landespreis import mailtemplates
    from ikz.landespreis.applicants import tokens
    from ikz.landespreis.intake.mails import PDF_ATTACHED
    from ikz.landespreis.intake.mails import pdf_attachment
    from ikz.landespreis.intake.mails import PDF_ON_PAGE

    proven = request is not None and tokens.proves_address(
        request, submission, getattr(submission, "contact_email", "")
    )
    label_of = dict(LABELS)
    mailtemplates.send_to_applicant(
        submission,
        "correction",
        extra={
            "changed": ", ".join(label_of.get(n, n) for n in changed),
            "pdf": PDF_ATTACHED if proven else PDF_ON_PAGE,
        },
        attachments=(
            pdf_attachment(submission, f"{submission.reference}-Fassung-{version}.pdf")
            if proven
            else ()
        ),
    )


def _tell_office(submission, competition, version, changed):
    from ikz.landespreis.publicurl import public_url

    if not competition.office_email:
        return
    label_of = dict(LABELS)
    mapping = {
        "reference": submission.reference,
        "title": submission.title,
        "version": version,
        "fields": ", ".join(label_of.get(n, n) for n in changed),
        "link": public_url(submission),
    }
    mail.send(
        submission,
        "applicant_correction",
        competition.office_email,
        translate(Message(OFFICE_SUBJECT, mapping=mapping), target_language="de"),
        translate(Message(OFFICE_BODY, mapping=mapping), target_language="de"),
        limit=False,
    )
