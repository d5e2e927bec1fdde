"""Releasing the eligibility outcome to the applicant.

"Meine Bewerbung" shows whether an application was admitted or not only
once the office has released that outcome (:func:`release_outcome`): with
the rejection mail (:func:`ikz.landespreis.office.decisions.mail_no`), or
with the button on the application (``@@release-outcome``). The jury's
outcome needs no release: it shows once the competition's results are
published (:mod:`ikz.landespreis.domain.applicant_status`).
"""

from ikz.landespreis import _
from ikz.landespreis import audit
from plone import api
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from zope.i18n import translate


#: workflow states and the outcome they release
OUTCOMES = {
    "admitted": "admitted",
    "nominated": "admitted",
    "awarded": "admitted",
    "published": "admitted",
    "rejected": "rejected",
}

MSG_RELEASED = _(
    "msg_outcome_released",
    default="The applicant now sees the outcome of the eligibility check.",
)
MSG_NOTHING = _(
    "msg_outcome_nothing",
    default="There is no outcome of the eligibility check to release yet.",
)


def release_outcome(submission):
    """Release the current eligibility outcome; returns it (or ``None``)."""
    outcome = OUTCOMES.get(api.content.get_state(submission, default=""))
    if outcome is None:
        return None
    if getattr(submission, "applicant_released", None) != outcome:
        submission.applicant_released = outcome
        audit.record(
            submission,
            "applicant.released",
            target=api.content.get_uuid(submission),
            outcome=outcome,
        )
    return outcome


class ReleaseOutcomeView(BrowserView):
    """POST: release the outcome of this application to the applicant."""

    def __call__(self):
        if self.request.method != "POST":
            self.request.response.setStatus(405)
            return ""
        CheckAuthenticator(self.request)
        outcome = release_outcome(self.context)
        api.portal.show_message(
            translate(MSG_RELEASED if outcome else MSG_NOTHING, context=self.request),
            request=self.request,
            type="info" if outcome else "warning",
        )
        self.request.response.redirect(self.context.absolute_url())
        return ""
