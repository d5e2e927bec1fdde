"""The clock of the intake, replaceable in tests (``provideUtility``)."""

from datetime import datetime
from ikz.landespreis.domain.dates import BERLIN
from zope.component import queryUtility
from zope.interface import implementer
from zope.interface import Interface


class IClock(Interface):
    def now():
        """The current time, timezone-aware."""


@implementer(IClock)
class SystemClock:
    def now(self):
        return datetime.now(BERLIN)


@implementer(IClock)
class FixedClock:
    """A clock standing still at ``moment`` (for tests and rehearsals)."""

    def __init__(self, moment):
        self.moment = moment

    def now(self):
        return self.moment


def now():
    clock = queryUtility(IClock)
    return (clock or SystemClock()).now()
