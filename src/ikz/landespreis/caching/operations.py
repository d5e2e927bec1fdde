"""The caching operation of the add-on's anonymous public pages."""

from ikz.landespreis.web import headers
from plone.app.caching.interfaces import _ as _pac
from plone.app.caching.operations.default import ModerateCaching
from plone.app.caching.operations.utils import doNotCache
from plone.app.caching.operations.utils import visibleToRole
from plone.caching.interfaces import ICachingOperationType
from zope.interface import provider


#: Products.statusmessages' cookie
STATUS_COOKIE = "statusmessages"


def cacheable_request(request):
    """Whether the request may be answered from a cache at all: an
    anonymous GET/HEAD without a personal link."""
    if headers.is_authenticated(request):
        return False
    if request.get("REQUEST_METHOD", "GET") not in headers.SAFE_METHODS:
        return False
    if headers.IPrivateResponse.providedBy(request):
        return False
    if getattr(request, "form", {}).get("token"):
        return False
    # the login cookie of someone whose session is gone or not yet
    # validated: their page must not come from (or go into) a cache; a
    # status message ("Ihre Anmeldung ist eingegangen") is shown once, to
    # the one it is for
    cookies = getattr(request, "cookies", {})
    return not (cookies.get(headers.LOGIN_COOKIE) or cookies.get(STATUS_COOKIE))


@provider(ICachingOperationType)
class PublicPage(ModerateCaching):
    """Moderate caching (browser: revalidate with the ETag; RAM cache;
    proxy: ``s-maxage``, purged on change) for public pages seen by
    anonymous visitors only; everything else is kept out of every cache."""

    title = _pac("Public pages of ikz.landespreis")
    description = _pac(
        "Anonymous public pages: ETag, RAM cache and a purging proxy; "
        "private, personal or non-public answers are never cached."
    )
    prefix = "ikz.landespreis.publicPage"
    sort = 10

    options = ("smaxage", "etags", "lastModified", "ramCache", "vary", "anonOnly")
    maxage = 0
    smaxage = 60
    etags = (
        "catalogCounter",
        "userLanguage",
        "skin",
        "resourceRegistries",
        "anonymousOrRandom",
        "ikzSettings",
        "ikzClock",
    )
    vary = None
    lastModified = False
    ramCache = True
    anonOnly = True

    def interceptResponse(self, rulename, response, class_=None):
        if not cacheable_request(self.request):
            return None
        return super().interceptResponse(rulename, response, class_)

    def modifyResponse(self, rulename, response, class_=None):
        if (
            not cacheable_request(self.request)
            or headers.is_private(self.request, response)
            or not visibleToRole(self.published, role="Anonymous")
        ):
            # web.headers then makes it "private, no-store"
            doNotCache(self.published, self.request, response)
            return None
        return super().modifyResponse(rulename, response, class_)
