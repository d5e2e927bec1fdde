"""The easyform action "Wettbewerbsbeitrag anlegen"."""

from collective.easyform.actions import Action
from collective.easyform.actions import ActionFactory
from collective.easyform.api import get_context
from collective.easyform.config import FORM_ERROR_MARKER
from ikz.landespreis import _
from ikz.landespreis.intake.store import ApplicationRefused
from ikz.landespreis.intake.store import store_application
from ikz.landespreis.intake.views import thanks_url
from plone.supermodel.exportimport import BaseHandler
from zope.i18n import translate
from zope.interface import implementer
from zope.interface import Interface


class ICreateSubmission(Interface):
    """Creates a Submission from each post of the form."""


@implementer(ICreateSubmission)
class CreateSubmission(Action):
    __doc__ = ICreateSubmission.__doc__

    def onSuccess(self, fields, request):
        form = get_context(self)
        try:
            submission = store_application(form, fields, request)
        except ApplicationRefused as refusal:
            return {
                (name or FORM_ERROR_MARKER): translate(message, context=request)
                for name, message in refusal.errors.items()
            }
        request.set("ikz_landespreis_thanks_url", thanks_url(form, submission))
        # for the submit of a draft through REST (applicants/submit.py)
        request.set("ikz_landespreis_stored", submission)
        return None


CreateSubmissionAction = ActionFactory(
    CreateSubmission,
    _("label_create_submission_action", default="Create competition entry"),
    "ikz.landespreis.AddSubmissionAction",
)
CreateSubmissionHandler = BaseHandler(CreateSubmission)
