"""Where a person lands after logging in, and "Meine Aufgaben".

The office lands on the cockpit of the current competition, jurors and the
chair on the jury dashboard, a Site Administrator on the site. The rule
applies to the login page and to the login modal: the modal posts the page
it was opened on as ``came_from``; a general page (the site, its start page,
a competition's start) is replaced by the landing, a specific page the person
wanted to reach is kept.
"""

from ikz.landespreis import _
from ikz.landespreis.permissions import AccessJuryArea
from ikz.landespreis.permissions import ManageEligibility
from plone import api
from plone.base.interfaces import IRedirectAfterLogin
from Products.Five.browser import BrowserView
from urllib.parse import urlsplit
from zope.interface import implementer


ADMIN_ROLES = ("Manager", "Site Administrator")
LANDING_VIEWS = ("submissions", "jury")


def competitions():
    """Competitions, newest first, not yet archived (woken: there are few)."""
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(
        portal_type="Competition", sort_on="created", sort_order="descending"
    )
    found = []
    for brain in brains:
        if brain.review_state in ("archived",):
            continue
        found.append(brain._unrestrictedGetObject())
    return found


def current_competition():
    found = competitions()
    return found[0] if found else None


def role_of(user):
    """``(kind, competition)``: admin, office, jury or None."""
    if user is None:
        return None, None
    roles = set(user.getRoles())
    if roles & set(ADMIN_ROLES):
        return "admin", current_competition()
    for competition in competitions():
        if user.has_permission(ManageEligibility, competition):
            return "office", competition
    for competition in competitions():
        if user.has_permission(AccessJuryArea, competition):
            return "jury", competition
    return None, None


def landing_url(user):
    portal_url = api.portal.get().absolute_url()
    kind, competition = role_of(user)
    if kind == "office":
        return competition.absolute_url() + "/@@submissions"
    if kind == "jury":
        return competition.absolute_url() + "/@@jury"
    return portal_url


def _path(url):
    return urlsplit(url or "").path.rstrip("/")


def is_general_page(came_from):
    """The site, its start page, a competition's start or the login pages."""
    if not came_from:
        return True
    portal = api.portal.get()
    path = _path(came_from)
    general = {_path(portal.absolute_url())}
    default = portal.getDefaultPage() if hasattr(portal, "getDefaultPage") else None
    if default:
        general.add(_path(portal.absolute_url() + "/" + default))
    for competition in competitions():
        general.add(_path(competition.absolute_url()))
    last = path.rsplit("/", 1)[-1]
    return path in general or last in ("login", "login_form", "logged_out", "view")


@implementer(IRedirectAfterLogin)
class RedirectAfterLogin:
    """Plone's hook after a successful login (page and modal alike)."""

    def __init__(self, context, request):
        self.context = context
        self.request = request

    def __call__(self, came_from=None, is_initial_login=False):
        if is_general_page(came_from):
            return landing_url(api.user.get_current())
        return came_from


class LandingPatternSettings:
    """The login modal follows the final page of its response
    (``data-view-url``); on the cockpit and the jury dashboard that has to
    be the view itself, not the competition it belongs to."""

    def __init__(self, context, request, field):
        self.context = context
        self.request = request

    def __call__(self):
        published = self.request.get("PUBLISHED")
        name = getattr(published, "__name__", "")
        if name in LANDING_VIEWS:
            return {"data-view-url": self.request.get("ACTUAL_URL")}
        return {}


class MyTasksView(BrowserView):
    """ "Meine Aufgaben": the landing of the person's role, or a list of
    tasks for a Site Administrator."""

    def __call__(self):
        user = api.user.get_current()
        kind, competition = role_of(user)
        self.kind = kind
        self.competition = competition
        if kind in ("office", "jury"):
            return self.request.response.redirect(landing_url(user))
        return self.index()

    def links(self):
        portal_url = api.portal.get().absolute_url()
        links = []
        if self.kind == "admin" and self.competition is not None:
            url = self.competition.absolute_url()
            links += [
                (_("Check the applications (office overview)"), url + "/@@submissions"),
                (_("Appoint the jury"), url + "/@@jury-members"),
                (_("The jury's ranking"), url + "/@@ranking"),
                (_("Competition page"), url),
            ]
        if self.kind == "admin":
            links.append((_("Site settings"), portal_url + "/@@overview-controlpanel"))
        return links
