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


def current_draft(context, request):
    """The draft the session in ``request`` opens, in the competition of
    ``context``, or ``None``."""
    read = tokens.read_session(request.cookies.get(tokens.COOKIE, ""))
    if read is None:
        return None
    return drafts.get_draft(find_competition(context), read[0])


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


def save(form):
    """Save the form as a draft; ``(draft, message)`` or ``(None, error)``."""
    request = form.request
    email = str(request.form.get(f"{PREFIX}contact_email", "") or "").strip()
    if len(email) > 254 or not EMAIL.match(email):
        return None, translate(MSG_EMAIL, context=request)
    competition = find_competition(form.context)
    draft = current_draft(form.context, request)
    new = draft is None
    if new:
        draft = drafts.new_draft(competition)
    files, _refused = uploads(form)
    mail = new or email.lower() != (draft.contact_email or "").lower()
    draft.save(raw_values(form), files, email)
    if mail:
        links.mail_draft_link(draft, competition)
    # a session opened by the link mailed to this very address keeps
    # saying so (the receipt then carries the PDF copy); a new address is
    # proven only by opening the link just mailed to it
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
    return draft, translate(Message(message, mapping=mapping), context=request)


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
    """The autosave request of the page: JSON ``{"saved": "HH:MM"}``."""
    request = form_view.request
    response = request.response
    response.setHeader("Content-Type", "application/json")
    draft = current_draft(form_view.context, request)
    if draft is None:
        response.setStatus(409)
        return json.dumps({"error": "no draft"})
    values = _clean(request.form, set(FILE_FIELDS))
    draft.save(values)
    return json.dumps({"saved": german_datetime(draft.modified).split(", ")[-1]})


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


def patch_draft(draft, schema, data):
    """Merge the JSON ``data`` into ``draft`` (one write of the draft);
    returns the errors (nothing is saved with errors)."""
    values, errors = raw_from_json(schema, data)
    email = data.get("contact_email") if isinstance(data, dict) else None
    if email is not None and (
        not isinstance(email, str) or len(email) > 254 or not EMAIL.match(email)
    ):
        errors["contact_email"] = MSG_EMAIL
    if errors:
        return errors
    merged = dict(draft.values)
    merged.update(values)
    draft.save(merged, email=email.strip() if email else None)
    return {}
