"""Error answers of the REST API without internals.

plone.rest puts ``str(exception)`` of every error into its JSON answer:
"[Errno 111] Connection refused", a list of every Zope permission, a value
that could not be converted. HTTP errors (400, 401, 403, 404, 409, ...)
keep their message, which is written for the client; any other error gets
a German notice, unless a Manager asks (who also gets the traceback, as in
plone.rest).
"""

from AccessControl import getSecurityManager
from ikz.landespreis import _
from plone.rest.errors import ErrorHandling
from Products.CMFCore.permissions import ManagePortal
from zExceptions import HTTPException
from zope.component.hooks import getSite
from zope.i18n import translate


MSG_INTERNAL = _(
    "msg_internal_error",
    default=(
        "Sorry, an error occurred. Please try again later or contact the "
        "competition office."
    ),
)


def is_manager():
    site = getSite()
    return site is not None and bool(
        getSecurityManager().checkPermission(ManagePortal, site)
    )


def shows_internals(exception):
    """True for errors whose message is not meant for the client."""
    return not isinstance(exception, HTTPException)


def hide_internals():
    """Wrap plone.rest's ``ErrorHandling.render_exception`` (registered
    with ``<ikz:apply>``: an adapter of our own for the same exception and
    request would conflict with plone.rest's in the instances)."""
    original = ErrorHandling.render_exception
    if getattr(original, "_ikz_safe", False):
        return

    def render_exception(self, exception):
        result = original(self, exception)
        if result is None or not shows_internals(exception) or is_manager():
            return result
        result["type"] = "InternalError"
        result["message"] = translate(MSG_INTERNAL, context=self.request)
        result.pop("traceback", None)
        return result

    render_exception._ikz_safe = True
    ErrorHandling.render_exception = render_exception
