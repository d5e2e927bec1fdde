"""Rate limits against abuse of the public forms and of mail.

* application posts per client address and minute (``post_limit``,
  ``IKZ_POST_LIMIT``),
* link and mail requests (password reset) per client address and minute
  (``request_limit``, ``IKZ_REQUEST_LIMIT``),
* mails per recipient and hour (``mail_limit``, ``IKZ_MAIL_LIMIT``; checked
  by :mod:`ikz.landespreis.mail`),
* the form's autosave (``@@autosave-draft``, every 30 s and whenever a
  field is left) in a bucket of its own, :data:`AUTOSAVE_FACTOR` times the
  post limit per client address and minute: applicants behind one NAT
  must not use up each other's "Absenden".

A refused request gets status 429 and a German page; it is refused after
traversal, before the form or service runs, so nothing is stored.

The counters are kept in the memory of each instance process, not in the
ZODB: counting must not turn concurrent posts into conflicting writes. In a
cluster of N instances behind a balancer a client may therefore get up to N
times the limit; a restart resets the counters (README, "Limits").

The client address is the peer's address, or, only when the peer is a
configured trusted proxy, the last address in ``X-Forwarded-For`` that is
not itself a trusted proxy.
"""

from Acquisition import aq_inner
from collections import deque
from ikz.landespreis import _
from ikz.landespreis import delivery
from ikz.landespreis import logger
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zExceptions import HTTPTooManyRequests
from zope.i18n import translate

import threading
import time
import typing


class RateLimiter:
    """Sliding-window counters: at most ``limit`` hits per ``window``
    seconds for one key."""

    #: the clock (tests freeze it: "40 posts within a minute")
    clock = staticmethod(time.monotonic)

    def __init__(self):
        self._hits = {}
        self._lock = threading.Lock()

    def hit(self, bucket, key, limit, window, now=None):
        """Count a hit; False when it exceeds the limit (then not counted)."""
        if not limit:
            return True
        now = self.clock() if now is None else now
        with self._lock:
            hits = self._hits.setdefault((bucket, key), deque())
            while hits and hits[0] <= now - window:
                hits.popleft()
            if len(hits) >= limit:
                return False
            hits.append(now)
            if len(self._hits) > 100_000:
                self._sweep(now, window)
            return True

    def _sweep(self, now, window):
        for key in [k for k, v in self._hits.items() if not v or v[-1] <= now - window]:
            del self._hits[key]

    def reset(self):
        with self._lock:
            self._hits.clear()


LIMITER = RateLimiter()

POST_WINDOW = 60
#: autosaves per client address and minute: this many times the post limit
AUTOSAVE_FACTOR = 30
AUTOSAVE_VIEW = "autosave-draft"
REQUEST_WINDOW = 60
MAIL_WINDOW = 3600

#: the last path elements of link and mail requests (POST only)
MAIL_REQUESTS = frozenset({
    "reset-password",
    "@reset-password",
    "mail_password",
    "@@mail_password",
    "mail_password_form",
    "@@mail_password_form",
    # the applicants' personal links (applicants/)
    "meine-bewerbung",
    "@@meine-bewerbung",
    "@application-link",
})


class TooManyRequests(HTTPTooManyRequests):
    """Status 429 with a German page."""

    def __init__(self, kind="post", retry_after=60):
        super().__init__(kind)
        self.kind = kind
        self.headers = {"Retry-After": str(retry_after)}


def client_address(request, trusted=None):
    """The client's address, from X-Forwarded-For only behind a trusted proxy."""
    environ = getattr(request, "environ", {}) or {}
    peer = (environ.get("REMOTE_ADDR") or "").strip()
    trusted = set(delivery.get("trusted_proxies") if trusted is None else trusted)
    if peer not in trusted:
        return peer
    forwarded = request.get_header("X-Forwarded-For") or ""
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    for hop in reversed(hops):
        if hop not in trusted:
            return hop
    return peer


def mail_allowed(recipient):
    """Count a mail to ``recipient``; False when over the hourly limit."""
    return LIMITER.hit(
        "mail",
        str(recipient).strip().lower(),
        int(delivery.get("mail_limit") or 0),
        MAIL_WINDOW,
    )


def _is_application_post(request):
    from ikz.landespreis.intake.form import IApplicationForm

    published = request.get("PUBLISHED")
    context = getattr(published, "context", None)
    if context is None:
        context = getattr(published, "__parent__", None)
    return context is not None and IApplicationForm.providedBy(aq_inner(context))


def _is_autosave(request):
    published = request.get("PUBLISHED")
    return getattr(published, "__name__", None) == AUTOSAVE_VIEW


def _is_mail_request(request):
    path = [p for p in (request.get("PATH_INFO") or "").split("/") if p]
    return bool(path) and path[-1] in MAIL_REQUESTS


def check_request(event):
    """IPubAfterTraversal: refuse posts over the limits with 429."""
    request = event.request
    if request.get("REQUEST_METHOD", "GET").upper() != "POST":
        return
    if _is_mail_request(request):
        bucket, limit, window = (
            "request",
            int(delivery.get("request_limit") or 0),
            REQUEST_WINDOW,
        )
    elif _is_autosave(request):
        bucket, limit, window = (
            "autosave",
            int(delivery.get("post_limit") or 0) * AUTOSAVE_FACTOR,
            POST_WINDOW,
        )
    elif _is_application_post(request):
        bucket, limit, window = (
            "post",
            int(delivery.get("post_limit") or 0),
            POST_WINDOW,
        )
    else:
        return
    address = client_address(request)
    if not LIMITER.hit(bucket, address, limit, window):
        logger.warning(
            "Rate limit (%s, %d per %d s) reached for %s",
            bucket,
            limit,
            window,
            address,
        )
        raise TooManyRequests(bucket, window)


class TooManyRequestsView(BrowserView):
    """The German page of a refused request (status 429)."""

    index = ViewPageTemplateFile("browser/templates/too_many_requests.pt")

    MESSAGES: typing.ClassVar[dict] = {
        "post": _(
            "msg_too_many_posts",
            default="Too many applications have been sent from your address in "
            "the last minute. Please wait a minute and send your application "
            "again; nothing from the refused post has been stored.",
        ),
        "autosave": _(
            "msg_too_many_autosaves",
            default="Too many drafts have been saved automatically from your "
            "address in the last minute. Please wait a minute; your entries on "
            "the form are kept.",
        ),
        "request": _(
            "msg_too_many_requests",
            default="Too many requests for links or mails have been sent from "
            "your address. Please wait a minute and try again.",
        ),
    }

    def message(self):
        message = self.MESSAGES.get(getattr(self.context, "kind", "post"))
        return translate(message, context=self.request)

    def __call__(self):
        self.request.response.setStatus(429)
        self.request.response.setHeader("Retry-After", "60")
        return self.index()
