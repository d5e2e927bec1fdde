"""Who calls ``@my-application``: the holder of a personal link, with the
token in the header ``X-Application-Token`` or the session cookie of
``@@meine-bewerbung``. No credential at all is 401, a wrong, expired,
revoked or foreign one 403; both with the same German message."""

from ikz.landespreis import _
from ikz.landespreis.applicants import partners
from ikz.landespreis.applicants import tokens
from ikz.landespreis.applicants.views import MSG_BAD_LINK
from ikz.landespreis.applicants.views import token_attempt_allowed
from ikz.landespreis.ratelimit import TooManyRequests
from ikz.landespreis.services.errors import error
from ikz.landespreis.web.headers import IPrivateResponse
from zope.interface import alsoProvides


HEADER = "X-Application-Token"

MSG_LEAD_ONLY = _(
    "msg_lead_only",
    default="Only the lead municipality's link may do this.",
)
MSG_NOT_DRAFT = _(
    "msg_not_a_draft",
    default="This is possible only for a draft; your application has been "
    "submitted already.",
)
MSG_NOT_SUBMITTED = _(
    "msg_not_submitted",
    default="This is possible only for a submitted application; your draft has "
    "not been submitted yet.",
)


def credential(service):
    """``(target, role)`` of the request's token or session, ``(None, None)``
    when it opens nothing. Counts token attempts (brute force: 429)."""
    request = service.request
    token = request.getHeader(HEADER)
    if token:
        if not token_attempt_allowed(request):
            raise TooManyRequests("request", 60)
        read = tokens.read_token(token)
        target = tokens.find_target(service.context, read[0]) if read else None
        grant = tokens.token_grant(target, token) if target is not None else None
        if grant is None:
            return None, None
        return target, partners.effective_role(target, grant[0])
    target, role, _partner = tokens.open_session(request, service.context)
    if target is None:
        return None, None
    return target, partners.effective_role(target, role)


def has_credential(request):
    return bool(request.getHeader(HEADER) or request.cookies.get(tokens.COOKIE))


def cookie_change_refused(request):
    """A change authenticated by the session cookie (which a browser sends
    by itself) must be JSON from the portal's own origin, as for the login
    cookie (web/csrf.py); the token header needs no such check."""
    from ikz.landespreis.web.csrf import own_origins
    from ikz.landespreis.web.csrf import request_origin
    from ikz.landespreis.web.csrf import STATE_CHANGING

    if request.get("REQUEST_METHOD", "GET") not in STATE_CHANGING:
        return False
    if request.getHeader(HEADER):
        return False
    content_type = (request.getHeader("Content-Type") or "").split(";")[0]
    if content_type.strip().lower() != "application/json":
        return True
    return request_origin(request) not in own_origins(request)


def authenticate(service, lead=False):
    """``(target, role, None)`` or ``(None, None, error body)``."""
    from ikz.landespreis.web.csrf import MSG_REFUSED

    alsoProvides(service.request, IPrivateResponse)
    if not has_credential(service.request):
        return None, None, error(service, 401, MSG_BAD_LINK, "Unauthorized")
    if cookie_change_refused(service.request):
        return None, None, error(service, 403, MSG_REFUSED, "Forbidden")
    target, role = credential(service)
    if target is None:
        return None, None, error(service, 403, MSG_BAD_LINK, "Forbidden")
    if lead and role != "lead":
        return None, None, error(service, 403, MSG_LEAD_ONLY, "Forbidden")
    return target, role, None


def is_draft(target):
    return getattr(target, "portal_type", None) == "ApplicationDraft"
