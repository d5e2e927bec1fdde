from ikz.landespreis.domain.eligibility import EXPLANATIONS
from ikz.landespreis.intake.mails import mail_failures
from ikz.landespreis.permissions import ViewApplicationDetails
from ikz.landespreis.permissions import ViewInternalData
from plone import api
from plone.dexterity.browser.view import DefaultView


class SubmissionView(DefaultView):
    """The default Dexterity view (field permissions apply) plus the
    answers to form questions that have no field of their own, and for the
    office the eligibility flags explained and failed mails."""

    def additional_answers(self):
        if not api.user.has_permission(ViewApplicationDetails, obj=self.context):
            return []
        answers = self.context.additional_answers or {}
        return sorted(answers.items())

    def for_office(self):
        return api.user.has_permission(ViewInternalData, obj=self.context)

    def flag_explanations(self):
        if not self.for_office():
            return []
        return [
            EXPLANATIONS.get(flag, flag)
            for flag in (self.context.eligibility_flags or [])
        ]

    def history(self):
        """The "Verlauf" section: this application's audit entries, for the
        office and Site Administrators only."""
        from ikz.landespreis import audit
        from ikz.landespreis.office.audit import rows
        from ikz.landespreis.permissions import ViewAuditTrail
        from ikz.landespreis.utils import find_competition

        if not api.user.has_permission(ViewAuditTrail, obj=self.context):
            return None
        competition = find_competition(self.context)
        found = audit.entries(competition, target=api.content.get_uuid(self.context))
        found.reverse()
        return rows(found)

    def mail_failures(self):
        if not self.for_office():
            return []
        return mail_failures(self.context)
