"""Paths a purging proxy drops when public content changes.

plone.app.caching purges an object's own paths (``/``, ``/view``, its
default view) on edit, move, removal and transition for the types in
``purgedContentTypes``. The add-on's public pages also show content of
other objects: the start page and the winners page show the current
competition, its phase, categories, dates and winners. So every change of
the add-on's types and of the portal pages also purges those pages.
"""

from plone import api
from Products.CMFCore.interfaces import IDynamicType
from z3c.caching.interfaces import IPurgePaths
from zope.component import adapter
from zope.interface import implementer


#: the views of the site root that show content of all competitions
SITE_VIEWS = ("", "/", "/view", "/@@preistraeger", "/preistraeger")


def portal_paths():
    portal = api.portal.get()
    prefix = "/" + portal.virtual_url_path()
    paths = [prefix + view for view in SITE_VIEWS]
    default_page = portal.getProperty("default_page", None) or getattr(
        portal, "default_page", None
    )
    if default_page:
        paths += [f"{prefix}/{default_page}", f"{prefix}/{default_page}/"]
    return paths


@implementer(IPurgePaths)
@adapter(IDynamicType)
class PortalPages:
    """The object's address without the slash (Plone's own adapter purges
    ``path/`` and ``path/view``; links and visitors use ``path``) and the
    site root's pages, for every purged object."""

    def __init__(self, context):
        self.context = context

    def getRelativePaths(self):
        try:
            paths = portal_paths()
        except api.exc.CannotGetPortalError:
            return []
        own = "/" + self.context.virtual_url_path()
        if own not in paths:
            paths.insert(0, own)
        return paths

    def getAbsolutePaths(self):
        return []
