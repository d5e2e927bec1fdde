"""The error body of this add-on's services (as plone.restapi's)."""


def error(service, status, message, kind="BadRequest"):
    """Set ``status`` and return the error body with ``message``."""
    service.request.response.setStatus(status)
    return {"error": {"type": kind, "message": message}}
