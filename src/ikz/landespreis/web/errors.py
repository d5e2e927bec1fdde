"""Error answers of the REST API without internals.

plone.rest puts ``str(exception)`` of every error into its JSON answer:
"[Errno 111] Connection refused", a list of every Zope permission, a value
that could not be converted. HTTP errors (400, 404, 409, ...)
keep their message, which is written for the client; any other error gets
a German notice, unless a Manager asks (who also gets the traceback, as in
plone.rest). A refusal (401 ``Unauthorized``, 403 ``Forbidden``) answers
in German too: a translatable message of ours is translated; Zope's own
English texts (which name internal methods and permissions) give way to a
German notice. The format (``type``, ``message``) stays plone.rest's.
"""

from AccessControl import getSecurityManager
from ikz.landespreis import _
from plone.rest.errors import ErrorHandling
from Products.CMFCore.permissions import ManagePortal
from zExceptions import Forbidden
from zExceptions import HTTPException
from zExceptions import Unauthorized
from zope.component.hooks import getSite
from zope.i18n import translate
from zope.i18nmessageid import Message


MSG_INTERNAL = _(
    "msg_internal_error",
    default=(
        "Sorry, an error occurred. Please try again later or contact the "
        "competition office."
    ),
)

MSG_UNAUTHORIZED = _(
    "msg_rest_unauthorized",
    default="You may not do this. Please log in with an account that is allowed to.",
)


def refusal_message(exception, request):
    """The German message of a 401/403 refusal, or None for other errors."""
    if not isinstance(exception, (Unauthorized, Forbidden)):
        return None
    args = getattr(exception, "args", ()) or ()
    first = args[0] if args else None
    message = getattr(exception, "message", None)
    for candidate in (first, message):
        if isinstance(candidate, Message):
            return translate(candidate, context=request)
    if isinstance(exception, Forbidden) and isinstance(first, str) and first:
        # ours (web/csrf.py): already German
        return first
    return translate(MSG_UNAUTHORIZED, context=request)


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
        if result is None:
            return result
        refusal = refusal_message(exception, self.request)
        if refusal is not None:
            result["message"] = refusal
            return result
        if not shows_internals(exception) or is_manager():
            return result
        result["type"] = "InternalError"
        result["message"] = translate(MSG_INTERNAL, context=self.request)
        result.pop("traceback", None)
        return result

    render_exception._ikz_safe = True
    ErrorHandling.render_exception = render_exception
