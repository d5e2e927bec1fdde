"""The application form and drafts: "Zwischenspeichern", the autosave, the
form filled again from a draft, and the draft taken over on submitting.

Nothing is validated on saving but the e-mail address the personal link
goes to; uploads are checked as on submitting (a refused file is not kept).
"""

from ikz.landespreis import _
from ikz.landespreis import logger
from ikz.landespreis.applicants import drafts
from ikz.landespreis.applicants import links
from ikz.landespreis.applicants import tokens
from ikz.landespreis.domain.files import check_upload
from ikz.landespreis.domain.files import file_size
from ikz.landespreis.domain.formatting import german_datetime
from ikz.landespreis.domain.pictures import PICTURE_FIELDS
from ikz.landespreis.domain.pictures import picture_limit
from ikz.landespreis.domain.pictures import picture_problem
from ikz.landespreis.utils import FILE_FIELDS
from ikz.landespreis.utils import find_competition
from ikz.landespreis.web.headers import https_portal
from plone.namedfile.file import NamedBlobFile
from plone.namedfile.interfaces import INamedField
from plone.namedfile.utils import safe_basename
from zope.i18n import translate
from zope.i18nmessageid import Message

import json
import re


PREFIX = "form.widgets."
MAX_KEYS = 300
MAX_VALUE = 20_000
EMAIL = re.compile(r"^[^@\s<>\"',;]+@[^@\s<>\"',;]+\.[^@\s<>\"',;]+$")

MSG_EMAIL = _(
    "msg_draft_email",
    default="Please enter a valid e-mail address: we send the personal link "
    "to your draft to it.",
)
MSG_SAVED = _(
    "msg_draft_saved",
    default="Your draft was saved at ${time}. Nothing has been submitted yet.",
)
MSG_SAVED_MAILED = _(
    "msg_draft_saved_mailed",
    default="Your draft was saved at ${time}. We have sent a personal link to "
    "${email}: with it you can continue on any device. Nothing has been "
    "submitted yet.",
)


MSG_READ_ONLY = _(
    "msg_draft_read_only",
    default="You were invited to read this application only; nothing was saved. "
    "Please ask the lead municipality for the right to edit.",
)
MSG_LEAD_SUBMITS = _(
    "msg_draft_lead_submits",
    default="Only the lead municipality can submit the application; nothing was "
    'submitted. Your changes can be saved with "Save draft".',
)
MSG_MERGED = _(
    "msg_draft_merged",
    default="Someone else changed ${fields} at the same time as you. Your version "
    "was saved; the version it replaced is shown here, so that nothing is lost:",
)
MSG_TAKEN = _(
    "msg_draft_taken",
    default="Changes made meanwhile by someone else were kept and are shown in the "
    "form: ${fields}.",
)
MSG_EMPTY = _("msg_draft_empty_value", default="(empty)")
#: the hidden field with the revision the page was loaded with
BASE = "ikz_base_revision"


def draft_session(context, request):
    """``(draft, role, partner)`` of the session in ``request``, in the
    competition of ``context``, or ``(None, None, None)`` (no draft, or a
    partner no longer invited)."""
    target, role, partner = tokens.open_session(request, find_competition(context))
    if target is None or getattr(target, "portal_type", None) != "ApplicationDraft":
        return None, None, None
    return target, role, partner


def current_draft(context, request):
    """The draft the session in ``request`` opens, in the competition of
    ``context``, or ``None``."""
    return draft_session(context, request)[0]


def base_revision(value):
    """The base revision a client sent (a form field or JSON), or ``None``."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit() and len(value) < 12:
        return int(value)
    return None


def form_labels(form_obj):
    """``(field order, field -> label)`` of the application form."""
    from collective.easyform.api import get_schema

    schema = get_schema(form_obj) if form_obj is not None else {}
    names = list(schema) if schema else []
    return names, {name: str(schema[name].title or name) for name in names}


def merge_notes(merge, file_merge, labels, request):
    """What the save overwrote, for the note: ``[{"field", "label",
    "text"}]`` (the other person's text, or the replaced file's name)."""
    from ikz.landespreis.domain.merge import text_of

    notes = []
    for name, value in merge.overwritten.items():
        notes.append({
            "field": name,
            "label": labels.get(name, name),
            "text": text_of(value) or translate(MSG_EMPTY, context=request),
        })
    for name, blob in file_merge.overwritten.items():
        notes.append({
            "field": name,
            "label": labels.get(name, name),
            "text": getattr(blob, "filename", "") or "",
        })
    return notes


def notes_message(notes, request):
    if not notes:
        return ""
    fields = ", ".join(f"„{note['label']}“" for note in notes)
    return translate(Message(MSG_MERGED, mapping={"fields": fields}), context=request)


def taken_message(merge, labels, request):
    if not merge.taken:
        return ""
    fields = ", ".join(f"„{labels.get(name, name)}“" for name in merge.taken)
    return translate(Message(MSG_TAKEN, mapping={"fields": fields}), context=request)


def taken_values(draft, merge):
    """The draft's raw values of the fields the saver's page is behind
    in (field -> {key: value}; an emptied field maps to ``{}``)."""
    from ikz.landespreis.domain.merge import field_name

    result = {name: {} for name in merge.taken}
    for key, value in draft.values.items():
        name = field_name(key)
        if name in result:
            result[name][key] = value
    return result


def _file_fields(form):
    return {
        name
        for name, widget in form.widgets.items()
        if name in FILE_FIELDS or INamedField.providedBy(widget.field)
    }


def _field_of(key):
    """``form.widgets.title`` -> ``title``; also for ``…:list``,
    ``…-empty-marker``, ``….action`` and the like."""
    rest = key[len(PREFIX) :].split(":")[0].removesuffix("-empty-marker")
    return rest.split(".")[0]


def _clean(request_form, skip):
    values = {}
    for key, value in request_form.items():
        if not key.startswith(PREFIX) or _field_of(key) in skip:
            continue
        if len(values) >= MAX_KEYS:
            break
        if isinstance(value, (list, tuple)):
            value = [str(v)[:MAX_VALUE] for v in value if isinstance(v, str)]
        elif isinstance(value, str):
            value = value[:MAX_VALUE]
        else:
            continue
        values[key] = value
    return values


def raw_values(form):
    """The form's values as the browser sent them (file fields aside)."""
    return _clean(form.request.form, _file_fields(form))


def uploads(form):
    """``(files, refused)``: accepted uploads as blobs by field name, and
    the names of refused ones (not kept)."""
    from ikz.landespreis.intake.settings import upload_limits

    allowed, max_bytes = upload_limits()
    pictures = {picture for picture, _alt in PICTURE_FIELDS}
    files, refused = {}, []
    for name in _file_fields(form):
        upload = form.request.form.get(form.widgets[name].name)
        filename = getattr(upload, "filename", None)
        if not filename or not file_size(upload):
            continue
        upload.seek(0)
        if name in pictures:
            problem = picture_problem(upload, picture_limit(max_bytes))
        elif file_size(upload) > max_bytes:
            problem = "too_large"
        else:
            problem = check_upload(upload, allowed, max_bytes)
        if problem:
            refused.append(name)
            continue
        upload.seek(0)
        files[name] = NamedBlobFile(data=upload, filename=safe_basename(filename))
    return files, refused


class Saved:
    """The outcome of "Zwischenspeichern": the draft, the message, the
    notes of a merge (what was overwritten) and the merge itself."""

    def __init__(self, draft, message, notes=(), note="", taken="", merge=None):
        self.draft = draft
        self.message = message
        self.notes = list(notes)
        self.note = note
        self.taken = taken
        self.merge = merge


def save(form):
    """Save the form as a draft; a :class:`Saved` (``draft`` ``None``
    with the error as its message). The lead's save needs a valid e-mail
    address (the link goes there); a partner's keeps the lead's address;
    a partner who may only read saves nothing."""
    request = form.request
    draft, role, _partner = draft_session(form.context, request)
    if draft is not None and role == "read":
        return Saved(None, translate(MSG_READ_ONLY, context=request))
    lead = role in (None, "lead")
    email = str(request.form.get(f"{PREFIX}contact_email", "") or "").strip()
    if lead and (len(email) > 254 or not EMAIL.match(email)):
        return Saved(None, translate(MSG_EMAIL, context=request))
    competition = find_competition(form.context)
    new = draft is None
    files, _refused = uploads(form)
    order, labels = form_labels(form.context)
    notes, note, taken, merge = [], "", "", None
    mail = lead and (new or email.lower() != (draft.contact_email or "").lower())
    if new:
        draft = drafts.new_draft(competition)
        draft.save(raw_values(form), files, email)
    else:
        merge, file_merge = draft.apply(
            raw_values(form),
            files,
            base=base_revision(request.form.get(BASE)),
            email=email if lead else None,
            order=order,
        )
        notes = merge_notes(merge, file_merge, labels, request)
        note = notes_message(notes, request)
        taken = taken_message(merge, labels, request)
    if mail:
        links.mail_draft_link(draft, competition)
    if lead:
        # a session opened by the link mailed to this very address keeps
        # saying so (the receipt then carries the PDF copy); a new address
        # is proven only by opening the link just mailed to it; a partner
        # keeps its own session
        proven = tokens.proves_address(request, draft, email) and not mail
        tokens.set_session(
            request,
            draft.id,
            "lead",
            secure=https_portal(request),
            address=tokens.address_key(email) if proven else "",
        )
    logger.info("Draft saved in %s", competition.absolute_url_path())
    mapping = {"time": german_datetime(draft.modified).split(", ")[-1], "email": email}
    message = MSG_SAVED_MAILED if mail else MSG_SAVED
    return Saved(
        draft,
        translate(Message(message, mapping=mapping), context=request),
        notes,
        note,
        taken,
        merge,
    )


def prefill(form_view):
    """Put the values of the session's draft into the request of a GET, so
    the form shows them again."""
    request = form_view.request
    if request.method != "GET":
        return None
    draft = current_draft(form_view.context, request)
    if draft is None:
        return None
    for key, value in draft.values.items():
        request.form.setdefault(key, value)
    return draft


def take_over(form, fields):
    """On submitting from a draft: the draft's files for file fields left
    empty; returns the draft (or ``None``)."""
    draft = current_draft(form.context, form.request)
    if draft is None:
        return None
    for name, blob in draft.files.items():
        if fields.get(name) is None:
            fields[name] = blob
    return draft


def autosave(form_view):
    """The autosave request of the page, merged against the revision the
    page sent (:data:`BASE`): JSON ``{"saved": "HH:MM", "revision": n,
    "conflicts": [...], "note": "...", "updated": {field: {key: value}},
    "taken": "..."}``; the page shows the note and puts the others' changes
    into the form (application-form.js)."""
    request = form_view.request
    response = request.response
    response.setHeader("Content-Type", "application/json")
    draft, role, _partner = draft_session(form_view.context, request)
    if draft is None:
        response.setStatus(409)
        return json.dumps({"error": "no draft"})
    if role == "read":
        response.setStatus(403)
        return json.dumps({"error": translate(MSG_READ_ONLY, context=request)})
    values = _clean(request.form, set(FILE_FIELDS))
    order, labels = form_labels(form_view.context)
    merge, file_merge = draft.apply(
        values, base=base_revision(request.form.get(BASE)), order=order
    )
    notes = merge_notes(merge, file_merge, labels, request)
    return json.dumps({
        "saved": german_datetime(draft.modified).split(", ")[-1],
        "revision": draft.revision,
        "conflicts": notes,
        "note": notes_message(notes, request),
        "updated": taken_values(draft, merge),
        "taken": taken_message(merge, labels, request),
    })


class AutosaveView:
    """``@@autosave-draft`` on the application form (POST, with the form's
    authenticator): saves the values of the session's draft."""

    def __init__(self, context, request):
        self.context = context
        self.request = request

    def __call__(self):
        from plone.protect import CheckAuthenticator

        if self.request.method != "POST":
            self.request.response.setStatus(405)
            return ""
        CheckAuthenticator(self.request)
        return autosave(self)


# -- the draft through REST (``PATCH @my-application``) ----------------------

MSG_UNKNOWN_FIELD = _(
    "msg_draft_unknown_field",
    default='The form has no field "${name}".',
)
MSG_FIELD_VALUE = _(
    "msg_draft_bad_value",
    default='The field "${name}" expects ${expected}.',
)
MSG_FILE_FIELD = _(
    "msg_draft_file_field",
    default='Files cannot be saved through the REST API; please upload "${name}" '
    "on the form.",
)
EXPECT_TEXT = _("expect_text", default="a text")
EXPECT_BOOL = _("expect_bool", default="true or false")
EXPECT_DATE = _("expect_date", default="a date like 2024-05-31")


def _kind(field):
    from zope.schema.interfaces import IBool
    from zope.schema.interfaces import IChoice
    from zope.schema.interfaces import IDate

    if INamedField.providedBy(field):
        return "file"
    if IBool.providedBy(field):
        return "bool"
    if IChoice.providedBy(field):
        return "choice"
    if IDate.providedBy(field):
        return "date"
    return "text"


def _bad(name, expected):
    return Message(MSG_FIELD_VALUE, mapping={"name": name, "expected": expected})


def _raw_bool(key, name, value):
    if not isinstance(value, bool):
        return None, _bad(name, EXPECT_BOOL)
    return {key: ["selected"] if value else [], f"{key}-empty-marker": "1"}, None


def _raw_choice(key, name, value):
    if value is not None and not isinstance(value, str):
        return None, _bad(name, EXPECT_TEXT)
    return {key: [value[:MAX_VALUE]] if value else [], f"{key}-empty-marker": "1"}, None


def _raw_date(key, name, value):
    if value not in (None, "") and not (
        isinstance(value, str) and re.fullmatch(r"\d{4}-\d\d-\d\d", value)
    ):
        return None, _bad(name, EXPECT_DATE)
    return {key: value or ""}, None


def _raw_text(key, name, value):
    if value is not None and not isinstance(value, str):
        return None, _bad(name, EXPECT_TEXT)
    return {key: (value or "")[:MAX_VALUE]}, None


def _raw_file(key, name, value):
    return None, Message(MSG_FILE_FIELD, mapping={"name": name})


RAW = {
    "bool": _raw_bool,
    "choice": _raw_choice,
    "date": _raw_date,
    "text": _raw_text,
    "file": _raw_file,
}


def raw_from_json(schema, data):
    """The widget values (as a browser sends them) of the JSON ``data``
    (field name -> value) for the form ``schema``: ``(values, errors)``,
    ``errors`` field name -> message; nothing is saved with errors."""
    values, errors = {}, {}
    if not isinstance(data, dict) or len(data) > MAX_KEYS:
        return {}, {None: Message(MSG_UNKNOWN_FIELD, mapping={"name": "-"})}
    for name, value in data.items():
        field = schema.get(name) if isinstance(name, str) else None
        if field is None:
            errors[str(name)[:80]] = Message(MSG_UNKNOWN_FIELD, mapping={"name": name})
            continue
        label = str(field.title or name)
        raw, problem = RAW[_kind(field)](f"{PREFIX}{name}", label, value)
        if problem is not None:
            errors[name] = problem
        else:
            values.update(raw)
    return values, errors


def json_from_raw(schema, values):
    """The inverse of :func:`raw_from_json`: the draft's values by field."""
    result = {}
    for name in schema:
        field = schema[name]
        key = f"{PREFIX}{name}"
        kind = _kind(field)
        if kind == "file" or key not in values:
            continue
        value = values[key]
        if kind == "bool":
            result[name] = bool(value) and "selected" in list(value)
        elif kind == "choice":
            value = list(value) if isinstance(value, (list, tuple)) else [value]
            result[name] = next((v for v in value if v and v != "--NOVALUE--"), None)
        else:
            result[name] = value if isinstance(value, str) else ""
    return result


MSG_BASE = _(
    "msg_draft_bad_base",
    default="base_revision must be the number of the revision you loaded "
    '("revision" in GET @my-application).',
)


def patch_draft(draft, schema, data, lead=True, request=None):
    """Merge the JSON ``data`` into ``draft`` (one write of the draft)
    against its ``base_revision`` (without one the fields sent overwrite);
    returns ``(errors, notes, merge)`` (nothing is saved with errors). A
    partner's ``contact_email`` is saved as an answer, not as the address
    the lead's links go to."""
    data = dict(data) if isinstance(data, dict) else data
    base = None
    if isinstance(data, dict) and "base_revision" in data:
        base = base_revision(data.pop("base_revision"))
        if base is None:
            return {"base_revision": MSG_BASE}, [], None
    values, errors = raw_from_json(schema, data)
    email = data.get("contact_email") if isinstance(data, dict) else None
    if email is not None and (
        not isinstance(email, str) or len(email) > 254 or not EMAIL.match(email)
    ):
        errors["contact_email"] = MSG_EMAIL
    if errors:
        return errors, [], None
    order = list(schema)
    labels = {name: str(schema[name].title or name) for name in order}
    merge, file_merge = draft.apply(
        values,
        base=base,
        email=email.strip() if email and lead else None,
        order=order,
    )
    return {}, merge_notes(merge, file_merge, labels, request), merge
