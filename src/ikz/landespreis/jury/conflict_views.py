"""The conflict-of-interest pages: ``@@conflict`` (the juror's gate on a
submission), ``@@befangen`` (reference and "befangen", the request for a
correction) and ``@@jury-conflicts`` (the chair decides). The rules are in
``conflicts.py`` and ``duties.py``."""

from AccessControl import Unauthorized
from ikz.landespreis import _
from ikz.landespreis.domain import formatting
from ikz.landespreis.jury import conflicts
from ikz.landespreis.jury import duties
from ikz.landespreis.jury import membership
from ikz.landespreis.jury import pages
from ikz.landespreis.jury.service import clear_conflict
from ikz.landespreis.jury.service import decide_correction
from ikz.landespreis.jury.service import declare_conflict
from ikz.landespreis.jury.service import may_declare
from ikz.landespreis.jury.service import request_correction
from ikz.landespreis.utils import competition_submissions
from ikz.landespreis.utils import current_user_id
from ikz.landespreis.utils import find_competition
from plone import api
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from zope.i18n import translate


class ConflictGate(BrowserView):
    """``@@conflict`` on a submission: only reference, title, category, lead
    and partners, and the question whether there is a conflict (no answer
    preselected; a conflict needs a reason). After a conflict the juror is
    sent to ``@@befangen`` on the competition: the reference number and
    "befangen", nothing more (not even the title in the breadcrumbs)."""

    def __call__(self):
        juror = current_user_id()
        if not may_declare(self.context, juror):
            raise Unauthorized("Not assigned to this submission.")
        status = conflicts.status(self.context, juror)
        if status in conflicts.GRANTING:
            self.request.response.redirect(self.context.absolute_url() + "/@@workspace")
            return ""
        competition = find_competition(self.context)
        if status in conflicts.BLOCKING:
            self.request.response.redirect(
                f"{competition.absolute_url()}/@@befangen?uid="
                + api.content.get_uuid(self.context)
            )
            return ""
        self.error = None
        if self.request.method == "POST":
            CheckAuthenticator(self.request)
            form = self.request.form
            try:
                answer = form.get("conflict")
                if answer not in ("yes", "no"):
                    raise duties.DutyError(
                        "Bitte wählen Sie aus, ob ein Interessenkonflikt besteht."
                    )
                conflict = answer == "yes"
                declare_conflict(self.context, juror, conflict, form.get("reason", ""))
            except duties.DutyError as error:
                return pages.refused(self, error.message)
            if conflict:
                return pages.done(
                    self,
                    _(
                        "msg_conflict_recorded",
                        default="Your conflict of interest has been recorded. "
                        "You no longer have access to this submission.",
                    ),
                    competition.absolute_url() + "/@@jury",
                )
            self.request.response.redirect(self.context.absolute_url() + "/@@workspace")
            return ""
        return self.index()

    def facts(self):
        s = self.context
        return {
            "title": s.title,
            "reference": s.reference,
            "category": s.__parent__.Title(),
            "lead": s.lead_municipality,
            "partners": list(s.partners or []),
        }


class BefangenView(BrowserView):
    """``@@befangen?uid=`` on a competition: for a juror with a conflict on
    that application, its reference number and "befangen", and the request
    for a correction of a mistaken declaration."""

    def __call__(self):
        self.juror = current_user_id()
        catalog = api.portal.get_tool("portal_catalog")
        brains = catalog.unrestrictedSearchResults(
            UID=self.request.form.get("uid", ""),
            portal_type="Submission",
            competition_uid=api.content.get_uuid(self.context),
        )
        self.submission = brains[0]._unrestrictedGetObject() if brains else None
        if self.submission is None or not may_declare(self.submission, self.juror):
            raise Unauthorized("Not assigned to this submission.")
        if not conflicts.is_blocked(self.submission, self.juror):
            self.request.response.redirect(
                self.submission.absolute_url() + "/@@conflict"
            )
            return ""
        self.error = None
        if self.request.method == "POST":
            CheckAuthenticator(self.request)
            try:
                request_correction(
                    self.submission, self.juror, self.request.form.get("reason", "")
                )
            except duties.DutyError as error:
                return pages.refused(self, error.message)
            return pages.done(
                self,
                _(
                    "msg_correction_requested",
                    default="Your request for a correction has been "
                    "passed on to the jury chair.",
                ),
                self.context.absolute_url() + "/@@jury",
            )
        return self.index()

    def reference(self):
        return self.submission.reference

    def uid(self):
        return api.content.get_uuid(self.submission)

    def may_request_correction(self):
        return conflicts.status(
            self.submission, self.juror
        ) == conflicts.CONFLICT and not conflicts.correction(
            self.submission, self.juror
        )

    def correction_pending(self):
        return bool(conflicts.correction(self.submission, self.juror))


class ConflictsView(BrowserView):
    """``@@jury-conflicts``: the chair (the deputy, a Site Administrator)
    sees every declared or detected conflict, clears detected ones that
    are no conflict and decides requests for corrections, always with a
    reason and never about themself (a conflict of the chair is for the
    deputy or a Site Administrator)."""

    def __call__(self):
        if not duties.may_decide_conflicts_here(self.context):
            raise Unauthorized("Only the jury chair decides about conflicts.")
        self.error = None
        if self.request.method == "POST":
            CheckAuthenticator(self.request)
            form = self.request.form
            uid = form.get("uid", "")
            juror = form.get("juror", "")
            catalog = api.portal.get_tool("portal_catalog")
            brains = catalog.unrestrictedSearchResults(
                UID=uid,
                portal_type="Submission",
                competition_uid=api.content.get_uuid(self.context),
            )
            try:
                if not brains or not juror:
                    raise duties.DutyError(
                        "Bitte wählen Sie eine Bewerbung und ein Jurymitglied."
                    )
                submission = brains[0]._unrestrictedGetObject()
                reason = form.get("reason", "")
                if form.get("correction") in ("accept", "refuse"):
                    decide_correction(
                        submission,
                        juror,
                        current_user_id(),
                        form["correction"] == "accept",
                        reason,
                    )
                    message = _(
                        "msg_correction_decided",
                        default="The request for a correction has been decided.",
                    )
                else:
                    try:
                        clear_conflict(submission, juror, current_user_id(), reason)
                    except conflicts.NotFlagged:
                        raise duties.DutyError(
                            translate(
                                _(
                                    "msg_only_flagged",
                                    default="Only a detected conflict can be cleared.",
                                ),
                                context=self.request,
                            )
                        ) from None
                    message = _(
                        "msg_conflict_cleared",
                        default=(
                            "The conflict has been cleared; the juror has access again."
                        ),
                    )
            except duties.DutyError as error:
                return pages.refused(self, error.message)
            return pages.done(
                self, message, self.context.absolute_url() + "/@@jury-conflicts"
            )
        return self.index()

    def entries(self):
        me = current_user_id()
        chairs = set(membership.chairs(self.context))
        deputies = set(membership.deputies(self.context))
        admin = duties.is_admin()
        result = []
        for submission in competition_submissions(self.context):
            for juror, record in sorted(conflicts.all_records(submission).items()):
                if record["status"] not in CONFLICT_TITLES:
                    continue
                try:
                    duties.check_conflict_decider(me, juror, chairs, deputies, admin)
                    may_decide = True
                except duties.DutyError:
                    may_decide = False
                pending = record.get("correction")
                result.append({
                    "uid": api.content.get_uuid(submission),
                    "reference": submission.reference,
                    "title": submission.title,
                    "juror": juror,
                    "juror_name": membership.full_name(juror),
                    "status": record["status"],
                    "status_title": CONFLICT_TITLES[record["status"]],
                    "reason": record["reason"],
                    "at": formatting.german_datetime(record["at"]),
                    "may_decide": may_decide,
                    "correction": pending["reason"] if pending else "",
                })
        return result


CONFLICT_TITLES = {
    conflicts.CONFLICT: _("conflict_declared", default="declared by the juror"),
    conflicts.FLAGGED: _("conflict_flagged", default="detected (home organisation)"),
    conflicts.CLEARED: _("conflict_cleared", default="cleared by the chair"),
    conflicts.CORRECTED: _(
        "conflict_corrected", default="declaration corrected on request"
    ),
}
