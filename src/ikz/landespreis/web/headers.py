"""Security headers on every response, ``private, no-store`` on every
response that is not a public page for everyone, and the login cookie
``Secure`` behind HTTPS.

Subscribers of the publisher's events, so views, files, REST services and
error pages are all covered without each of them doing it.
"""

from ikz.landespreis.web import public_url
from zope.globalrequest import getRequest
from zope.interface import Interface


#: What Plone's Classic UI needs: its scripts and styles come from the
#: portal itself (resource registry bundles, patterns, TinyMCE); patterns
#: and TinyMCE set inline styles; TinyMCE and the image patterns use data:
#: and blob: images; nothing is loaded from elsewhere and no one may frame
#: the portal.
CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "media-src 'self'",
    "frame-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'self'",
))

#: for logged-in people (the office, the jury): Plone's Classic UI modals
#: (pat-plone-modal, its underscore templates) compile code at run time, so
#: their pages allow eval; anonymous public pages stay strict (the login
#: link opens the add-on's own dialog there, see landespreis.js)
CONTENT_SECURITY_POLICY_MEMBERS = CONTENT_SECURITY_POLICY.replace(
    "script-src 'self'", "script-src 'self' 'unsafe-eval'"
)

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": (
        "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
        "magnetometer=(), gyroscope=(), accelerometer=(), browsing-topics=()"
    ),
}

PRIVATE = "private, no-store"
SAFE_METHODS = ("GET", "HEAD")
LOGIN_COOKIE = "__ac"


class IPrivateResponse(Interface):
    """Marker for a request whose answer carries personal data even for an
    anonymous visitor (e.g. the thank-you page of the application form)."""


def is_authenticated(request):
    user = request.get("AUTHENTICATED_USER")
    if user is None:
        return False
    try:
        return user.getUserName() != "Anonymous User"
    except AttributeError:
        return False


def is_private(request, response, failed=False):
    """Whether the answer may carry personal or non-public content.

    Anonymous visitors see only public content through a GET; everything
    else (an authenticated user, a form post, an error, a response that
    sets a cookie, a personal link with a token, a page marked private) is
    not stored by any cache."""
    if is_authenticated(request):
        return True
    if request.get("REQUEST_METHOD", "GET") not in SAFE_METHODS:
        return True
    if IPrivateResponse.providedBy(request):
        return True
    # a personal link (the thank-you page of the application form, links
    # that open an applicant's application): what it shows is personal
    if getattr(request, "form", {}).get("token"):
        return True
    if failed or response.getStatus() >= 400:
        return True
    return bool(getattr(response, "cookies", None))


def https_portal(request):
    if public_url().lower().startswith("https://"):
        return True
    return str(request.get("SERVER_URL", "")).lower().startswith("https://")


def apply(request, response, failed=False):
    for name, value in SECURITY_HEADERS.items():
        response.setHeader(name, value)
    content_type = response.getHeader("Content-Type") or ""
    if content_type.startswith("text/html") and not response.getHeader(
        "Content-Security-Policy"
    ):
        response.setHeader(
            "Content-Security-Policy",
            CONTENT_SECURITY_POLICY_MEMBERS
            if is_authenticated(request)
            else CONTENT_SECURITY_POLICY,
        )
    if is_private(request, response, failed):
        response.setHeader("Cache-Control", PRIVATE)
        response.setHeader("Expires", "0")
        response.setHeader("Pragma", "no-cache")
    cookie = getattr(response, "cookies", {}).get(LOGIN_COOKIE)
    if cookie is not None and https_portal(request):
        cookie["secure"] = True


def before_commit(event):
    apply(event.request, event.request.response)


def before_streaming(event):
    request = getRequest()
    if request is not None:
        apply(request, event.response)


def on_failure(event):
    if not getattr(event, "retry", False):
        apply(event.request, event.request.response, failed=True)
