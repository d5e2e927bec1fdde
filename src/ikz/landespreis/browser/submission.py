from ikz.landespreis.domain.eligibility import EXPLANATIONS
from ikz.landespreis.intake.mails import mail_failures
from ikz.landespreis.permissions import ViewInternalData
from plone import api
from plone.dexterity.browser.view import DefaultView


class SubmissionView(DefaultView):
    """The default Dexterity view (field permissions apply) plus the
    answers to form questions that have no field of their own, and for the
    office the eligibility flags explained and failed mails."""

    def __call__(self):
        # the conflict-of-interest gate comes before the details
        from ikz.landespreis.jury import conflicts

        user = api.user.get_current()
        if (
            not self.for_office()
            and "Juror" in (self.context.get_local_roles_for_userid(user.getId()) or ())
            and conflicts.status(self.context, user.getId()) is None
        ):
            self.request.response.redirect(self.context.absolute_url() + "/@@conflict")
            return ""
        return super().__call__()

    def additional_answers(self):
        answers = self.context.additional_answers or {}
        return sorted(answers.items())

    def for_office(self):
        return api.user.has_permission(ViewInternalData, obj=self.context)

    def flag_explanations(self):
        if not self.for_office():
            return []
        return [
            EXPLANATIONS.get(flag, flag) for flag in (self.context.eligibility_flags or [])
        ]

    def mail_failures(self):
        if not self.for_office():
            return []
        return mail_failures(self.context)
