from zope.interface import Interface
from zope.publisher.interfaces.browser import IDefaultBrowserLayer


class IIkzLandespreisLayer(IDefaultBrowserLayer):
    """Browser layer installed by the default profile."""


class ICompetitionMarker(Interface):
    """Marker for Competition objects."""


class ICategoryMarker(Interface):
    """Marker for Category objects."""
