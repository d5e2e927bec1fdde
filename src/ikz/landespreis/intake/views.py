"""The application form page and the thank-you page."""

from Acquisition import aq_base
from collective.easyform.browser.view import EasyFormForm
from collective.easyform.browser.view import EasyFormFormWrapper
from ikz.landespreis.domain import formatting
from ikz.landespreis.domain.dates import time_left
from ikz.landespreis.intake import clock
from ikz.landespreis.intake.mails import german_size
from ikz.landespreis.intake.store import acceptance_problem
from ikz.landespreis.mail import receipt_state
from ikz.landespreis.utils import find_competition
from ikz.landespreis.utils import uploads
from plone import api
from plone.keyring.interfaces import IKeyManager
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from urllib.parse import urlencode
from zope.component import getUtility
from zope.i18n import translate

import hashlib
import hmac


THANKS_VIEW = "application-received"


def thanks_token(uid):
    secret = getUtility(IKeyManager).secret()
    return hmac.new(secret.encode(), uid.encode(), hashlib.sha256).hexdigest()[:32]


def thanks_url(form, submission):
    """The signed link to the thank-you page. It names the application's
    place (category/id) as well as its UID: the page must work right after
    the commit, before the application is catalogued (see indexing.py)."""
    uid = api.content.get_uuid(submission)
    where = f"{submission.__parent__.getId()}/{submission.getId()}"
    return f"{form.absolute_url()}/@@{THANKS_VIEW}?" + urlencode({
        "id": uid,
        "at": where,
        "token": thanks_token(uid),
    })


def _find_application(competition, uid, where):
    """The application with ``uid``: at ``where`` in the competition, or
    (moved to another category since) through the catalog."""
    ids = str(where).split("/")
    if competition is not None and len(ids) == 2:
        # two ids, looked up as items (no acquisition, no "..", no views)
        category = aq_base(competition).get(ids[0]) if ids[0] else None
        found = (
            aq_base(category).get(ids[1]) if category is not None and ids[1] else None
        )
        if (
            found is not None
            and getattr(found, "portal_type", None) == "Submission"
            and api.content.get_uuid(found) == uid
        ):
            return competition[ids[0]][ids[1]]
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(UID=uid, portal_type="Submission")
    return brains[0]._unrestrictedGetObject() if brains else None


class ApplicationForm(EasyFormForm):
    """Easyform's form, closed outside the submission window."""

    closed_message = None

    def update(self):
        self.competition = find_competition(self.context)
        problem = acceptance_problem(self.competition)
        if problem is not None:
            self.closed_message = translate(problem, context=self.request)
            if self.request.method == "POST":
                self.request.response.setStatus(403)
            return
        super().update()

    def render(self):
        if self.closed_message is not None:
            return ""
        return super().render()


class ApplicationFormView(EasyFormFormWrapper):
    form = ApplicationForm
    index = ViewPageTemplateFile("templates/application_layout.pt")

    def closed_message(self):
        return self.form_instance.closed_message

    def window(self):
        competition = find_competition(self.context)
        if competition is None or competition.submission_end is None:
            return None
        now = clock.now()
        return {
            "start": formatting.german_datetime(competition.submission_start),
            "end": formatting.german_datetime(competition.submission_end),
            "left": formatting.german_duration(
                time_left(competition.submission_end, now)
            ),
        }


class ApplicationReceivedView(BrowserView):
    """Shows the reference of a stored application to the one who sent it
    (the link carries a signed token; no login is needed or granted)."""

    index = ViewPageTemplateFile("templates/application_received.pt")

    def __call__(self):
        self.submission = None
        uid = self.request.form.get("id", "")
        token = self.request.form.get("token", "")
        if uid and hmac.compare_digest(thanks_token(uid), str(token)):
            self.submission = _find_application(
                find_competition(self.context), uid, self.request.form.get("at", "")
            )
        if self.submission is None:
            self.request.response.setStatus(404)
        return self.index()

    def info(self):
        s = self.submission
        files = [f"{name} ({german_size(size)})" for name, size in uploads(s)]
        return {
            "reference": s.reference,
            "title": s.title,
            "category": s.__parent__.Title(),
            "received": formatting.german_datetime(s.submitted_at),
            "email": s.contact_email,
            "files": files,
            "receipt": receipt_state(s),
        }
