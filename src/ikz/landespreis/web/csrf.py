"""CSRF protection of plone.restapi for cookie-authenticated calls.

plone.restapi's services carry no CSRF token: a browser that holds the
login cookie ``__ac`` would send it along with a ``text/plain`` form post
from any other site (only ``SameSite=Lax`` stood in the way). A
state-changing REST call (POST, PATCH, PUT, DELETE to a plone.rest service)
that is not authenticated by an ``Authorization`` header (a JWT token or
Basic auth, which a foreign page cannot send) must therefore be JSON
(``Content-Type: application/json``, which a foreign page cannot send
without a CORS preflight) and come from the portal's own origin (``Origin``,
or ``Referer`` when a browser sends no ``Origin``).
"""

from ikz.landespreis import _
from ikz.landespreis import logger
from ikz.landespreis.web import origin_of
from ikz.landespreis.web import public_url
from ikz.landespreis.web.headers import is_authenticated
from plone.rest.service import Service
from zExceptions import Forbidden
from zope.i18n import translate


STATE_CHANGING = ("POST", "PATCH", "PUT", "DELETE")
#: cookies a browser sends by itself that authenticate: plone.session's
#: ticket and plone.restapi's token cookie
AUTH_COOKIES = ("__ac", "auth_token")

MSG_REFUSED = _(
    "msg_rest_csrf",
    default=(
        "This request was refused: a change through the REST API with the "
        "login cookie must be sent as JSON from the portal's own pages."
    ),
)


def own_origins(request):
    origins = {origin_of(str(request.get("SERVER_URL", "")))}
    configured = origin_of(public_url())
    if configured:
        origins.add(configured)
    origins.discard("")
    return origins


def request_origin(request):
    origin = request.getHeader("Origin")
    if origin and origin != "null":
        return origin_of(origin)
    if origin == "null":
        return "null"
    return origin_of(request.getHeader("Referer") or "")


def refusal(request):
    """Why a request must be refused ("" when it may pass)."""
    if request.get("REQUEST_METHOD", "GET") not in STATE_CHANGING:
        return ""
    if not isinstance(request.get("PUBLISHED"), Service):
        return ""
    if request.getHeader("Authorization"):
        return ""
    if not any(request.cookies.get(name) for name in AUTH_COOKIES):
        return ""
    if not is_authenticated(request):
        return ""
    content_type = (request.getHeader("Content-Type") or "").split(";")[0]
    if content_type.strip().lower() != "application/json":
        return f"content type {content_type!r}"
    origin = request_origin(request)
    if origin not in own_origins(request):
        return f"origin {origin!r}"
    return ""


def check(event):
    request = event.request
    reason = refusal(request)
    if reason:
        logger.warning(
            "Refused a cookie-authenticated %s %s (%s)",
            request.get("REQUEST_METHOD"),
            request.get("ACTUAL_URL"),
            reason,
        )
        raise Forbidden(translate(MSG_REFUSED, context=request))
