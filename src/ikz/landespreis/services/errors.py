"""The error body of this add-on's services (as plone.restapi's), with the
message translated for the request (message ids are English, the German
texts are in locales/)."""

from ikz.landespreis import _
from plone.restapi.deserializer import json_body
from zExceptions import HTTPRequestEntityTooLarge
from zope.i18n import translate
from zope.i18nmessageid import Message

import io
import math


MSG_NOT_AN_OBJECT = _(
    "msg_rest_json_object",
    default="Please send a JSON object.",
)


MSG_BODY_TOO_LARGE = _(
    "msg_rest_body_too_large",
    default="The request is too large: at most ${total} MB as JSON (files of "
    "at most ${limit} MB each, in Base64). Nothing was saved.",
)
MEGABYTE = 1024 * 1024
#: Base64 makes 4 bytes of 3; the answers' text comes on top
JSON_MARGIN = MEGABYTE


def json_limit_for(max_bytes):
    """The largest JSON body a correction can legitimately be with files of
    at most ``max_bytes``: every file field full, in Base64, plus the
    answers."""
    from ikz.landespreis.utils import FILE_FIELDS

    return math.ceil(max_bytes * 4 / 3) * len(FILE_FIELDS) + JSON_MARGIN


def json_body_limit():
    """:func:`json_limit_for` the per-file limit of the control panel."""
    from ikz.landespreis.intake.settings import upload_limits

    _allowed, max_bytes = upload_limits()
    return json_limit_for(max_bytes)


TOO_LARGE = "ikz.landespreis.json_too_large"


class RequestEntityTooLarge(HTTPRequestEntityTooLarge):  # the name sets 413
    """A JSON body above :func:`json_limit_for` the instance's per-file
    limit: refused at the start of publishing (German JSON, 413)."""

    def __init__(self, limit, per_file):
        super().__init__("JSON body too large")
        self.limit = limit
        self.per_file = per_file


def _is_json(request):
    content_type = request.environ.get("CONTENT_TYPE") or ""
    return content_type.split(";")[0].strip().lower() == "application/json"


def refuse_large_json(event):
    """IPubStart: a JSON body is parsed whole in memory (plone.restapi's
    credential extraction reads every ``application/json`` body during
    traversal, before any service runs; a correction decodes its Base64
    files). One larger than the instance's per-file limit allows is refused
    before anything reads it."""
    from ikz.landespreis.wsgi import upload_max_mb

    request = event.request
    if not _is_json(request):
        return
    per_file = upload_max_mb() * MEGABYTE
    limit = json_limit_for(per_file)
    if body_size(request) > limit:
        # nothing reads it any more; refused once traversed (an exception
        # here would leave the publisher without its transaction)
        request.other["BODY"] = b""
        request.other["BODYFILE"] = io.BytesIO(b"")
        request.other[TOO_LARGE] = (limit, per_file)


def refuse_after_traversal(event):
    """IPubAfterTraversal: answer a body :func:`refuse_large_json` marked."""
    marked = event.request.other.get(TOO_LARGE)
    if marked:
        raise RequestEntityTooLarge(*marked)


class JSONBodyTooLargeView:
    """The German JSON error of :class:`RequestEntityTooLarge`."""

    def __init__(self, context, request):
        self.context = context
        self.request = request

    def __call__(self):
        import json

        message = Message(
            MSG_BODY_TOO_LARGE,
            mapping={
                "total": self.context.limit // MEGABYTE,
                "limit": self.context.per_file // MEGABYTE,
            },
        )
        response = self.request.response
        response.setStatus(413)
        response.setHeader("Content-Type", "application/json")
        response.setHeader("Cache-Control", "no-store")
        return json.dumps({
            "error": {
                "type": "RequestEntityTooLarge",
                "message": translate(message, target_language="de"),
            }
        })


def body_size(request):
    """The body's size from Content-Length, else from the spooled body."""
    length = request.environ.get("CONTENT_LENGTH") or request.get_header(
        "Content-Length"
    )
    try:
        return int(length)
    except (TypeError, ValueError):
        pass
    stdin = getattr(request, "stdin", None)
    if stdin is None or not hasattr(stdin, "seek"):
        return 0
    position = stdin.tell()
    stdin.seek(0, 2)
    size = stdin.tell()
    stdin.seek(position)
    return size


def body_too_large(service, limit=None):
    """The German 413 error body when the request's body is above ``limit``
    (default :func:`json_body_limit`), checked before anything reads or
    parses it; else ``None``."""
    from ikz.landespreis.intake.settings import upload_limits

    limit = json_body_limit() if limit is None else limit
    if body_size(service.request) <= limit:
        return None
    _allowed, max_bytes = upload_limits()
    message = Message(
        MSG_BODY_TOO_LARGE,
        mapping={"total": limit // MEGABYTE, "limit": max_bytes // MEGABYTE},
    )
    return error(service, 413, message, "RequestEntityTooLarge")


def error(service, status, message, kind="BadRequest"):
    """Set ``status`` and return the error body with ``message``."""
    service.request.response.setStatus(status)
    return {
        "error": {"type": kind, "message": translate(message, context=service.request)}
    }


def json_object(service, empty=None):
    """The request's JSON body if it is an object, else ``None`` (also for
    a body that is no JSON); ``empty`` stands for a request without body."""
    if empty is not None and not service.request.get("BODY"):
        return empty
    try:
        data = json_body(service.request)
    except Exception:
        return None
    return data if isinstance(data, dict) else None
