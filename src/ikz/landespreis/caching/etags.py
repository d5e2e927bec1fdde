"""ETag components of the add-on's public pages."""

from plone.app.caching.interfaces import IETagValue
from zope.component import adapter
from zope.interface import implementer
from zope.interface import Interface

import hashlib
import time


#: the clock's step in seconds: the phase, the countdown and the dates on a
#: public page are at most this old (the form itself checks the clock on
#: every post)
CLOCK_STEP = 60


@implementer(IETagValue)
@adapter(Interface, Interface)
class Clock:
    """``ikzClock``: the current minute; pages that show the phase or a
    countdown change with the clock, not only with content."""

    def __init__(self, published, request):
        self.published = published
        self.request = request

    def __call__(self):
        return str(int(time.time() // CLOCK_STEP))


@implementer(IETagValue)
@adapter(Interface, Interface)
class Settings:
    """``ikzSettings``: the portal's own settings (text logo, sign
    language video) are in the registry, not in the catalog."""

    def __init__(self, published, request):
        self.published = published
        self.request = request

    def __call__(self):
        from ikz.landespreis.portal import settings

        values = "|".join(
            str(settings.get(name) or "") for name in settings.IPortalSettings
        )
        return hashlib.sha256(values.encode("utf-8")).hexdigest()[:8]
