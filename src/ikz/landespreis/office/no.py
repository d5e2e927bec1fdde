"""``@@say-no`` on a submission: the toolbar's reject and withdraw (the
workflow's action URLs point here) ask for the reason and offer the mail to
the applicant; then :func:`decisions.say_no`, the one path of every "no"."""

from ikz.landespreis import _
from ikz.landespreis.jury.duties import DutyError
from ikz.landespreis.office import decisions
from plone import api
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from zope.i18n import translate

import transaction


TITLES = {
    "reject": _("title_say_no_reject", default="Reject the application"),
    "withdraw": _("title_say_no_withdraw", default="Withdraw the application"),
}


class SayNoView(BrowserView):
    def __call__(self):
        self.error = None
        self.transition = self.request.form.get("transition", "")
        available = [
            t["id"]
            for t in api.portal.get_tool("portal_workflow").getTransitionsFor(
                self.context
            )
        ]
        if self.transition not in decisions.NO_TRANSITIONS:
            self.transition = "reject"
        if self.transition not in available:
            api.portal.show_message(
                "Dieser Statuswechsel ist für diese Bewerbung nicht möglich.",
                self.request,
                type="error",
            )
            self.request.response.redirect(self.context.absolute_url())
            return ""
        if self.request.method == "POST":
            CheckAuthenticator(self.request)
            form = self.request.form
            reason = (form.get("reason") or "").strip()
            try:
                if not reason:
                    raise DutyError(decisions.MSG_NO_REASON[self.transition])
                decisions.say_no(
                    self.context,
                    self.transition,
                    reason,
                    notify=bool(form.get("notify")),
                )
            except DutyError as error:
                transaction.doom()
                self.error = error.message
                self.request.response.setStatus(400)
                return self.index()
            api.portal.show_message(
                translate(
                    _(
                        "msg_say_no_done",
                        default="The application's state has changed.",
                    ),
                    context=self.request,
                ),
                self.request,
            )
            self.request.response.redirect(self.context.absolute_url())
            return ""
        return self.index()

    def title(self):
        return TITLES[self.transition]

    def has_mail(self):
        return bool(getattr(self.context, "contact_email", None))
