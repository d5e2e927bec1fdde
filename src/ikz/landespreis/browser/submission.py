from ikz.landespreis import mail
from ikz.landespreis.domain.eligibility import EXPLANATIONS
from ikz.landespreis.domain.formatting import german_datetime
from ikz.landespreis.permissions import ManageEligibility
from ikz.landespreis.permissions import ViewApplicationDetails
from ikz.landespreis.permissions import ViewInternalData
from plone import api
from plone.dexterity.browser.view import DefaultView
from Products.Five.browser import BrowserView


class SubmissionView(DefaultView):
    """The default Dexterity view (field permissions apply) plus the
    answers to form questions that have no field of their own, and for the
    office the eligibility flags explained and the mail log."""

    def pictures(self):
        """The pictures as scales with their alternative texts (in public
        only with the publication consent, once published)."""
        from ikz.landespreis.pictures import pictures_of

        return pictures_of(self.context, scale="large", public=False)

    def public_winner(self):
        from ikz.landespreis.pictures import PUBLISHED

        return api.content.get_state(self.context, default=None) in PUBLISHED

    def winner_facts(self):
        from ikz.landespreis.portal.views import winner_facts

        return winner_facts(self.context)

    def json_ld(self):
        """schema.org data of a published winner (a shared link shows it)."""
        from ikz.landespreis.portal.views import winner_json_ld

        if not self.public_winner():
            return None
        return winner_json_ld(self.context)

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

    def release(self):
        """Whether the applicant sees the eligibility outcome (office only)."""
        from ikz.landespreis.applicants.release import OUTCOMES

        if not self.for_office() or not api.user.has_permission(
            ManageEligibility, obj=self.context
        ):
            return None
        outcome = OUTCOMES.get(api.content.get_state(self.context, default=""))
        if outcome is None:
            return None
        released = getattr(self.context, "applicant_released", None) == outcome
        return {"outcome": outcome, "released": released}

    def versions(self):
        """For the office, once the applicant has corrected: the current
        version, what changed against the one before, and the earlier
        versions (``None`` while the application is as it was sent)."""
        from ikz.landespreis.applicants import corrections

        if not self.for_office():
            return None
        found = corrections.history(self.context)
        if len(found) < 2:
            return None
        version, changes = corrections.latest_changes(self.context)
        label_of = dict(corrections.LABELS)
        return {
            "current": version,
            "at": german_datetime(found[-1]["at"]),
            "previous": found[-2]["version"],
            "changes": changes,
            "earlier": [
                {
                    "version": v["version"],
                    "at": german_datetime(v["at"]),
                    "changed": ", ".join(label_of.get(n, n) for n in v["changed"]),
                }
                for v in reversed(found)
            ],
        }

    def mail_log(self):
        """The mails about this application, newest first, in German."""
        if not self.for_office():
            return []
        can_resend = api.user.has_permission(ManageEligibility, obj=self.context)
        return [
            {
                "id": entry["id"],
                "to": entry["to"],
                "kind": mail.KIND_LABELS.get(entry["kind"], entry["kind"]),
                "time": german_datetime(entry["time"]),
                "state": entry["state"],
                "state_label": mail.STATE_LABELS.get(entry["state"], entry["state"]),
                "reason": entry.get("reason", ""),
                "resend": can_resend and entry["state"] == "failed",
            }
            for entry in reversed(mail.mail_log(self.context))
        ]

    def mail_problems(self):
        return [e for e in self.mail_log() if e["state"] != "sent"]


class ResendMailView(BrowserView):
    """POST: queue a failed mail about the application again."""

    def __call__(self):
        from ikz.landespreis import _
        from plone.protect import CheckAuthenticator

        if self.request.method != "POST":
            self.request.response.setStatus(405)
            return ""
        CheckAuthenticator(self.request)
        entry = mail.resend(self.context, self.request.form.get("entry", ""))
        if entry is None:
            message = _("msg_mail_not_found", default="This mail is not in the log.")
            kind = "error"
        else:
            message = _(
                "msg_mail_requeued",
                default="The mail to ${to} is queued again.",
                mapping={"to": entry["to"]},
            )
            kind = "info"
        api.portal.show_message(message, request=self.request, type=kind)
        self.request.response.redirect(self.context.absolute_url())
        return ""
