"""The error body of this add-on's services (as plone.restapi's), with the
message translated for the request (message ids are English, the German
texts are in locales/)."""

from zope.i18n import translate


def error(service, status, message, kind="BadRequest"):
    """Set ``status`` and return the error body with ``message``."""
    service.request.response.setStatus(status)
    return {
        "error": {"type": kind, "message": translate(message, context=service.request)}
    }
