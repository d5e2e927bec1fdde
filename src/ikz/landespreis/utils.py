"""Small helpers shared by views, services and subscribers."""

from Acquisition import aq_inner
from Acquisition import aq_parent
from ikz.landespreis.interfaces import ICompetitionMarker


def find_competition(context):
    """The competition containing ``context`` (or ``context`` itself)."""
    obj = aq_inner(context)
    while obj is not None:
        if ICompetitionMarker.providedBy(obj):
            return obj
        obj = aq_parent(obj)
    return None
