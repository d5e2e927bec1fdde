"""``@@score`` on a submission: the plain score form (the workspace,
``workspace.py``, is the juror's main page)."""

from ikz.landespreis import _
from ikz.landespreis.jury import conflicts
from ikz.landespreis.jury import duties
from ikz.landespreis.jury import membership
from ikz.landespreis.jury import pages
from ikz.landespreis.jury import scores
from ikz.landespreis.jury import service
from ikz.landespreis.jury.service import reopen_score
from ikz.landespreis.jury.service import save_score
from ikz.landespreis.permissions import SignJuryDecision
from ikz.landespreis.permissions import ViewAllScores
from ikz.landespreis.utils import current_user_id
from ikz.landespreis.utils import find_competition
from ikz.landespreis.utils import show_message
from plone import api
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from zope.i18n import translate


class ScorePanel:
    """What the score form and the workspace share: the competition's
    criteria and scale, the juror's own record (``self.competition`` and
    ``self.juror`` are set by the view)."""

    def criteria_rows(self):
        return self.competition.criteria or []

    def scale(self):
        return list(
            range(int(self.competition.score_min), int(self.competition.score_max) + 1)
        )

    def mine(self):
        entry = scores.record(self.context, self.juror)
        return entry.as_dict() if entry is not None else None

    def locked(self):
        mine = self.mine()
        return bool(mine and mine["final"])


class ScoreForm(ScorePanel, BrowserView):
    """``@@score`` on a submission."""

    def __call__(self):
        self.juror = current_user_id()
        self.competition = find_competition(self.context)
        if conflicts.status(self.context, self.juror) is None:
            self.request.response.redirect(self.context.absolute_url() + "/@@conflict")
            return ""
        self.errors = {}
        if self.request.method == "POST":
            CheckAuthenticator(self.request)
            form = self.request.form
            if form.get("reopen"):
                try:
                    reopen_score(
                        self.context,
                        form["reopen"],
                        self.juror,
                        form.get("reopen_reason", ""),
                    )
                except duties.DutyError as error:
                    self.errors["form"] = error.message
                    self.request.response.setStatus(400)
                    return self.index()
                except service.Refused as refused:
                    self.errors["form"] = translate(
                        refused.message, context=self.request
                    )
                    self.request.response.setStatus(refused.status)
                    return self.index()
                show_message(
                    self.request,
                    _("msg_score_reopened", default="The score has been reopened."),
                )
            else:
                values = {
                    c["id"]: form.get(f"score.{c['id']}") for c in self.criteria()
                }
                comments = {
                    c["id"]: form.get(f"comment.{c['id']}", "") for c in self.criteria()
                }
                final = "save_final" in form
                try:
                    save_score(
                        self.context,
                        self.juror,
                        values,
                        comments,
                        form.get("comment", ""),
                        final,
                    )
                except scores.ScoreError as error:
                    self.errors[error.field or "form"] = translate(
                        error.message, context=self.request
                    )
                    self.request.response.setStatus(400)
                except service.Refused as refused:
                    self.errors["form"] = translate(
                        refused.message, context=self.request
                    )
                    self.request.response.setStatus(refused.status)
                else:
                    return pages.done(
                        self,
                        _(
                            "msg_score_saved_final",
                            default="Your final score has been saved.",
                        )
                        if final
                        else _(
                            "msg_score_saved_draft",
                            default="Your draft has been saved.",
                        ),
                        self.context.absolute_url() + "/@@score",
                    )
        return self.index()

    def criteria(self):
        return self.criteria_rows()

    def others(self):
        """For the chair: every juror's score with a reopen button."""
        if not api.user.has_permission(ViewAllScores, obj=self.competition):
            return []
        return [r.as_dict() for r in scores.records(self.context).values()]

    def can_reopen(self):
        return api.user.has_permission(SignJuryDecision, obj=self.competition)

    def name(self, user_id):
        return membership.full_name(user_id)
