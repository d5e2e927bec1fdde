"""The error body of this add-on's services (as plone.restapi's), with the
message translated for the request (message ids are English, the German
texts are in locales/)."""

from ikz.landespreis import _
from plone.restapi.deserializer import json_body
from zope.i18n import translate


MSG_NOT_AN_OBJECT = _(
    "msg_rest_json_object",
    default="Please send a JSON object.",
)


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
