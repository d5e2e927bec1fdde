"""From a form post to a stored Submission.

Everything an applicant may get wrong is checked before anything is stored;
a refusal carries German messages per field and changes nothing.
"""

from AccessControl.SecurityManagement import getSecurityManager
from AccessControl.SecurityManagement import newSecurityManager
from AccessControl.SecurityManagement import setSecurityManager
from AccessControl.users import UnrestrictedUser
from BTrees.OOBTree import OOBTree
from ikz.landespreis import _
from ikz.landespreis import logger
from ikz.landespreis.content.category import ICategory
from ikz.landespreis.domain.dates import window_phase
from ikz.landespreis.domain.files import check_upload
from ikz.landespreis.domain.files import sha256_file
from ikz.landespreis.domain.files import sniff
from ikz.landespreis.domain.files import TYPES
from ikz.landespreis.domain.names import split_partners
from ikz.landespreis.domain.pictures import clean_alt
from ikz.landespreis.domain.pictures import PICTURE_FIELDS
from ikz.landespreis.domain.pictures import picture_limit
from ikz.landespreis.domain.pictures import picture_problem
from ikz.landespreis.domain.pictures import pictures_problems
from ikz.landespreis.domain.references import edition_prefix
from ikz.landespreis.domain.references import format_reference
from ikz.landespreis.intake import clock
from ikz.landespreis.intake import mails
from ikz.landespreis.intake.eligibility import evaluate_submission
from ikz.landespreis.intake.indexing import defer_indexing
from ikz.landespreis.intake.indexing import mark_deferred
from ikz.landespreis.intake.sequence import next_number
from ikz.landespreis.intake.settings import upload_limits
from ikz.landespreis.utils import ensure_annotation
from ikz.landespreis.utils import FILE_FIELDS
from ikz.landespreis.utils import find_competition
from plone import api
from plone.dexterity.utils import addContentToContainer
from plone.dexterity.utils import createContent
from plone.namedfile.file import NamedBlobFile
from plone.namedfile.file import NamedBlobImage
from zope.i18nmessageid import Message

import hashlib
import io
import json


FINGERPRINTS = "ikz.landespreis.fingerprints"

TEXT_FIELDS = (
    "title",
    "lead_municipality",
    "department",
    "contact_name",
    "contact_email",
    "contact_phone",
    "legal_form",
    "funding",
    "summary",
    "benefit",
    "innovation",
    "sustainability",
)
KNOWN_FIELDS = (
    set(TEXT_FIELDS)
    | set(FILE_FIELDS)
    | {name for pair in PICTURE_FIELDS for name in pair}
    | {
        "category",
        "partners",
        "contract_date",
        "project_status",
        "no_lead",
        "privacy_consent",
        "publication_consent",
    }
)

MSG_CLOSED = _(
    "msg_closed",
    default="Applications are not accepted at the moment. The submission "
    "period of this competition is ${start} to ${end}.",
)
MSG_NOT_OPEN = _(
    "msg_not_open",
    default="This competition does not accept applications at the moment.",
)
MSG_CATEGORY = _(
    "msg_bad_category",
    default="Please choose one of the categories of this competition.",
)
MSG_CONSENT = _(
    "msg_consent_required",
    default="Please agree to the processing of your data; without it we cannot "
    "accept your application.",
)
MSG_UPLOAD = {
    "too_large": _(
        "msg_upload_too_large",
        default="The file ${name} is larger than ${limit} MB. "
        "Please upload a smaller file.",
    ),
    "empty": _("msg_upload_empty", default="The file ${name} is empty."),
    "type": _(
        "msg_upload_type",
        default="The file ${name} is not of an accepted type. Accepted are: ${types}.",
    ),
    "active_content": _(
        "msg_upload_active",
        default="The file ${name} contains active content (JavaScript, "
        "actions, embedded files or media) and cannot be accepted.",
    ),
    "broken_pdf": _(
        "msg_upload_broken_pdf",
        default="The file ${name} is not a readable PDF (damaged or encrypted). "
        "Please save it again as a PDF and upload it once more.",
    ),
}
MSG_PICTURE = {
    **MSG_UPLOAD,
    "type": _(
        "msg_picture_type",
        default="The file ${name} is not a picture of an accepted type. "
        "Accepted are: JPEG, PNG.",
    ),
    "too_many_pixels": _(
        "msg_picture_pixels",
        default="The picture ${name} has too many pixels (more than 50 "
        "megapixels). Please reduce its size.",
    ),
    "broken_image": _(
        "msg_picture_broken",
        default="The picture ${name} cannot be read (damaged). Please save it "
        "again as JPEG or PNG.",
    ),
}


class ApplicationRefused(Exception):
    """``errors`` maps field names (``None`` for the whole form) to messages."""

    def __init__(self, errors):
        super().__init__(errors)
        self.errors = errors


def acceptance_problem(competition, now=None):
    """``None`` when ``competition`` accepts applications now, else a message."""
    from ikz.landespreis.domain.formatting import german_datetime

    if (
        competition is None
        or api.content.get_state(competition, default=None) != "open"
    ):
        return MSG_NOT_OPEN
    now = now or clock.now()
    phase = window_phase(competition.submission_start, competition.submission_end, now)
    if phase == "open":
        return None
    if phase == "unset":
        return MSG_NOT_OPEN
    return Message(
        MSG_CLOSED,
        mapping={
            "start": german_datetime(competition.submission_start),
            "end": german_datetime(competition.submission_end),
        },
    )


def _is_file(value):
    return value is not None and (hasattr(value, "open") or hasattr(value, "data"))


def _file_stream(value):
    """A seekable binary file with the upload (a blob opened for reading,
    or the bytes of a non-blob file); read in chunks, never whole."""
    if hasattr(value, "open"):  # NamedBlobFile: the blob on disk
        return value.open()
    return io.BytesIO(value.data or b"")


def validate(competition, fields):
    """All problems of a post, as ``{field: message}``; empty when fine."""
    problem = acceptance_problem(competition)
    if problem is not None:
        return {None: problem}
    return field_errors(competition, fields)


def field_errors(competition, fields, skip=()):
    """The problems of the fields of a post that the form's own validation
    does not see (category, consent, file contents), leaving out the fields
    named in ``skip`` (those already have an error)."""
    errors = {}
    category_id = fields.get("category")
    category = competition.get(category_id) if category_id else None
    if "category" not in skip and (
        category is None or not ICategory.providedBy(category)
    ):
        errors["category"] = MSG_CATEGORY
    if "privacy_consent" not in skip and fields.get("privacy_consent") is not True:
        errors["privacy_consent"] = MSG_CONSENT
    for name in FILE_FIELDS:
        value = fields.get(name)
        if value is None or name in skip:
            continue
        problem = upload_error(name, value)
        if problem is not None:
            errors[name] = problem
    _allowed, max_bytes = upload_limits()
    errors.update(picture_errors(fields, picture_limit(max_bytes), skip))
    return errors


def picture_errors(fields, max_bytes, skip=()):
    """The problems of the pictures of a post and of their alternative
    texts: ``{field: message}``."""
    from ikz.landespreis.content.submission import alt_message

    errors = {}
    present = {}
    for number, (name, _alt) in enumerate(PICTURE_FIELDS, start=1):
        value = fields.get(name)
        present[name] = _is_file(value)
        if not present[name] or name in skip:
            continue
        with _file_stream(value) as stream:
            reason = picture_problem(stream, max_bytes)
        if reason:
            errors[name] = Message(
                MSG_PICTURE[reason],
                mapping={
                    "name": getattr(value, "filename", "") or f"Bild {number}",
                    "limit": max_bytes // (1024 * 1024),
                    "types": "JPEG, PNG",
                },
            )
    numbers = {alt: n for n, (_p, alt) in enumerate(PICTURE_FIELDS, start=1)}
    for alt, reason in pictures_problems(fields, present).items():
        if alt not in skip:
            errors[alt] = alt_message(reason, numbers[alt])
    return errors


def _as_picture(value, name):
    """The picture as a NamedBlobImage with the type found by its content
    (read whole: it is checked, at most the upload limit, and Pillow reads
    it whole for every scale anyway)."""
    with _file_stream(value) as stream:
        content_type = TYPES[sniff(stream)][1]
        data = stream.read()
    filename = getattr(value, "filename", None) or name
    return NamedBlobImage(data=data, contentType=content_type, filename=filename)


def upload_error(name, value):
    """The message why the upload ``value`` of the file field ``name`` is
    refused (type by content, size, active content), or ``None``."""
    allowed, max_bytes = upload_limits()
    with _file_stream(value) as stream:
        reason = check_upload(stream, allowed, max_bytes)
    if not reason:
        return None
    return Message(
        MSG_UPLOAD[reason],
        mapping={
            "name": getattr(value, "filename", "") or name,
            "limit": max_bytes // (1024 * 1024),
            "types": ", ".join(TYPES[k][0] for k in allowed if k in TYPES),
        },
    )


def _as_blob(value, name):
    """The upload as a NamedBlobFile with the type found by its content:
    the blob the form's converter filled (no copy), or a new one."""
    with _file_stream(value) as stream:
        content_type = TYPES[sniff(stream)][1]
    filename = getattr(value, "filename", None) or name
    if isinstance(value, NamedBlobFile):
        value.contentType = content_type
        value.filename = filename
        return value
    return NamedBlobFile(data=value.data, contentType=content_type, filename=filename)


def fingerprint(fields):
    """The same post sent twice has the same fingerprint."""
    digest = hashlib.sha256()
    for name in sorted(fields):
        value = fields[name]
        if _is_file(value):
            with _file_stream(value) as stream:
                value = ["file", getattr(value, "filename", ""), sha256_file(stream)]
        digest.update(json.dumps([name, value], default=str, sort_keys=True).encode())
    return digest.hexdigest()


def ensure_fingerprints(competition):
    return ensure_annotation(competition, FINGERPRINTS, OOBTree)


def _as_text(value):
    if value is None:
        return ""
    if isinstance(value, (list, tuple, set)):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "ja" if value else "nein"
    return str(value)


def _additional_answers(form, fields):
    from collective.easyform.api import get_schema

    schema = get_schema(form)
    answers = {}
    for name, value in fields.items():
        if name in KNOWN_FIELDS or name not in schema:
            continue
        if _is_file(value):
            continue
        answers[str(schema[name].title or name)] = _as_text(value)
    return answers


class _Intake:
    """Run as the owner of the competition, with the rights to create
    content, without giving the anonymous poster any role."""

    def __init__(self, competition):
        self.competition = competition

    def __enter__(self):
        self.previous = getSecurityManager()
        owner = self.competition.getOwner()
        user_id = owner.getId() if owner is not None else "landespreis-intake"
        acl_users = api.portal.get_tool("acl_users")
        user = UnrestrictedUser(user_id, "", ["Manager"], [])
        newSecurityManager(None, user.__of__(acl_users))

    def __exit__(self, *exc):
        setSecurityManager(self.previous)


def store_application(form, fields, request=None):
    """Store the post ``fields`` of the application ``form``.

    Returns the new Submission (or the one already stored for the very same
    post); raises ApplicationRefused with German messages otherwise.
    """
    competition = find_competition(form)
    errors = validate(competition, fields)
    if errors:
        raise ApplicationRefused(errors)

    prints = ensure_fingerprints(competition)
    key = fingerprint(fields)
    existing_uid = prints.get(key)
    if existing_uid:
        existing = _unrestricted_by_uid(existing_uid)
        if existing is not None:
            logger.info("Repeated post for %s ignored", existing.reference)
            return existing

    category = competition[fields["category"]]
    number = next_number(competition)
    reference = format_reference(
        edition_prefix(competition.submission_end), category.short_code, number
    )
    received = clock.now()
    with _Intake(competition):
        submission = createContent(
            "Submission", title=str(fields.get("title") or "").strip()
        )
        submission.id = reference.lower()
        mark_deferred(submission)
        submission = addContentToContainer(category, submission, checkConstraints=False)
        submission.reference = reference
        submission.submitted_at = received
        for name in TEXT_FIELDS:
            value = fields.get(name)
            if name != "title" and value is not None:
                setattr(submission, name, str(value).strip())
        submission.partners = split_partners(fields.get("partners"))
        submission.contract_date = fields.get("contract_date")
        submission.project_status = fields.get("project_status")
        submission.no_lead = bool(fields.get("no_lead"))
        submission.privacy_consent = True
        submission.publication_consent = bool(fields.get("publication_consent"))
        for name in FILE_FIELDS:
            value = fields.get(name)
            if _is_file(value):
                setattr(submission, name, _as_blob(value, name))
        for name, alt in PICTURE_FIELDS:
            value = fields.get(name)
            if _is_file(value):
                setattr(submission, name, _as_picture(value, name))
                setattr(submission, alt, clean_alt(fields.get(alt)))
        submission.additional_answers = _additional_answers(form, fields)
        evaluate_submission(submission, competition)
        defer_indexing(submission)
    prints[key] = api.content.get_uuid(submission)
    mails.schedule_intake_mails(submission, competition, request)
    logger.info("Application %s stored in %s", reference, category.absolute_url_path())
    return submission


def _unrestricted_by_uid(uid):
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(UID=uid)
    return brains[0]._unrestrictedGetObject() if brains else None
