"""``@@jury-decision`` (sign, confirm, reopen) and ``@@jury-countersign``
on a category (the rules are in ``service.py`` and ``decision.py``)."""

from AccessControl import Unauthorized
from datetime import datetime
from ikz.landespreis import _
from ikz.landespreis.domain import decisions as rules
from ikz.landespreis.domain import formatting
from ikz.landespreis.jury import decision
from ikz.landespreis.jury import membership
from ikz.landespreis.jury import pages
from ikz.landespreis.jury import service
from ikz.landespreis.jury.ranking import number_text
from ikz.landespreis.permissions import ReopenJuryDecision
from ikz.landespreis.permissions import SignJuryDecision
from ikz.landespreis.utils import current_user_id
from ikz.landespreis.utils import find_competition
from plone import api
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zope.i18n import translate


class DecisionView(BrowserView):
    """``@@jury-decision`` on a category: the signed decision, or the
    chair's form; a first POST shows the confirmation (exactly what will be
    signed), a second with ``confirm`` signs. A Site Administrator reopens
    a signed decision here, with a reason."""

    snapshot = ViewPageTemplateFile("templates/decision_snapshot.pt")

    def __call__(self):
        self.competition = find_competition(self.context)
        self.error = None
        self.problems = []
        self.confirmation = None
        if self.request.method == "POST":
            CheckAuthenticator(self.request)
            form = self.request.form
            if "reopen" in form:
                return self.reopen(form)
            return self.sign(form)
        return self.index()

    def _choice(self, form):
        def as_list(value):
            if not value:
                return []
            return [value] if isinstance(value, str) else list(value)

        winners = as_list(form.get("winners"))
        laudatio = {uid: form.get(f"laudatio.{uid}", "") for uid in winners}
        return (
            winners,
            as_list(form.get("nominees")),
            laudatio,
            form.get("reason", ""),
        )

    def sign(self, form):
        try:
            service._check_sign(self.context)
        except service.Refused as refused:
            raise Unauthorized(
                translate(refused.message, context=self.request)
            ) from None
        choice = self._choice(form)
        if form.get("confirm"):
            try:
                service.sign_category(
                    self.context,
                    current_user_id(),
                    *choice,
                    form.get("fingerprint", ""),
                )
            except service.Refused as refused:
                return pages.refused(self, refused.message, refused.status, doom=False)
            return pages.done(
                self,
                _(
                    "msg_decision_signed",
                    default="The decision has been signed. The jurors of the "
                    "category can now countersign it.",
                ),
                self.context.absolute_url() + "/@@jury-decision",
            )
        data, fingerprint, problems, status = service.prepare(self.context, *choice)
        if problems:
            self.problems = [translate(p, context=self.request) for p in problems]
            self.request.response.setStatus(status)
            self.chosen = choice
            return self.index()
        self.confirmation = self.describe(data)
        self.confirmation["fingerprint"] = fingerprint
        self.confirmation["reason"] = data["exception_reason"]
        return self.index()

    def reopen(self, form):
        try:
            revoked = service.reopen_category(
                self.context, current_user_id(), form.get("reason", "")
            )
        except service.Refused as refused:
            if refused.status == 403:
                raise Unauthorized(
                    translate(refused.message, context=self.request)
                ) from None
            return pages.refused(self, refused.message, refused.status, doom=False)
        return pages.done(
            self,
            _(
                "msg_decision_reopened",
                default="The decision has been reopened; ${count} nominations or "
                "awards were revoked. The jury can score this category again.",
                mapping={"count": len(revoked)},
            ),
            self.context.absolute_url() + "/@@jury-decision",
        )

    def describe(self, data):
        """Rows, winners and nominees of a decision or preview for the page."""
        data = dict(data)
        winners = data.get("winners", [])
        nominees = data.get("nominees", [])
        data["rows"] = [
            dict(
                r,
                score_text=number_text(r.get("score")),
                outcome=(
                    "winner"
                    if r["submission"] in winners
                    else "nominee"
                    if r["submission"] in nominees
                    else ""
                ),
            )
            for r in data.get("ranking", [])
        ]
        by_uid = {r["submission"]: r for r in data["rows"]}
        data["winner_rows"] = [
            dict(by_uid[u], laudatio=data.get("laudatio", {}).get(u, ""))
            for u in winners
            if u in by_uid
        ]
        data["nominee_rows"] = [by_uid[u] for u in nominees if u in by_uid]
        data["missing_text"] = ", ".join(
            f"{ref}: {membership.full_name(juror)}"
            for ref, juror in data.get("missing", [])
        )
        if data.get("signed_at"):
            data["signed_text"] = formatting.german_datetime(
                datetime.fromisoformat(data["signed_at"])
            )
        if data.get("signer"):
            data["signer"] = membership.full_name(data["signer"])
        if data.get("voided_by"):
            data["voided_by"] = membership.full_name(data["voided_by"])
        data["countersigned"] = [
            dict(
                s,
                juror=membership.full_name(s["juror"]),
                at_text=formatting.german_datetime(datetime.fromisoformat(s["at"])),
            )
            for s in data.get("countersignatures", [])
        ]
        if data.get("voided_at"):
            data["voided_text"] = formatting.german_datetime(
                datetime.fromisoformat(data["voided_at"])
            )
        return data

    def frozen(self):
        data = decision.get(self.context)
        return self.describe(data) if data is not None else None

    def voided(self):
        return [self.describe(v) for v in reversed(decision.voided(self.context))]

    def can_sign(self):
        """May the current user sign here (the chair without a conflict in
        the category, or the deputy standing in)?"""
        if not hasattr(self, "_can_sign"):
            self.sign_refusal = ""
            try:
                service._check_sign(self.context)
                self._can_sign = True
            except service.Refused as refused:
                self._can_sign = False
                # the chair is told why (not every reader of the page)
                if api.user.has_permission(SignJuryDecision, obj=self.context):
                    self.sign_refusal = translate(refused.message, context=self.request)
        return self._can_sign

    def can_reopen(self):
        return api.user.has_permission(ReopenJuryDecision, obj=self.context)

    def prizes(self):
        return service.prizes(self.competition)

    def form_rows(self):
        """The ranking with the suggested (or last entered) choice."""
        data, _fp, problems, _status = service.prepare(self.context)
        chosen = getattr(self, "chosen", None)
        winners = chosen[0] if chosen else data["winners"]
        nominees = chosen[1] if chosen else []
        laudatio = chosen[2] if chosen else {}
        self.initial_problems = [
            translate(p, context=self.request)
            for p in problems
            if p is not rules.MSG_NO_WINNER
        ]
        return [
            dict(
                r,
                score_text=number_text(r.get("score")),
                winner=r["submission"] in winners,
                nominee=r["submission"] in nominees,
                laudatio=laudatio.get(r["submission"], ""),
                ranked=r.get("rank") is not None,
            )
            for r in data["ranking"]
        ]

    def missing(self):
        return ", ".join(
            f"{r}: {membership.full_name(j)}"
            for r, j in service.missing_scores(self.context)
        )

    def reason_entered(self):
        chosen = getattr(self, "chosen", None)
        return chosen[3] if chosen else ""

    def phase_note(self):
        """Why the chair cannot sign now (shown, not enforced: the workflow
        enforces it)."""
        if self.can_sign():
            return None
        if api.content.get_state(self.competition) != "judging":
            return translate(service.MSG_NOT_CHAIR, context=self.request)
        return None


class CountersignView(BrowserView):
    """``@@jury-countersign`` on a category: the jurors of the category see
    the signed decision and agree with it ("einverstanden")."""

    snapshot = ViewPageTemplateFile("templates/decision_snapshot.pt")

    def __call__(self):
        self.juror = current_user_id()
        competition = find_competition(self.context)
        if self.juror not in membership.assigned_jurors(
            competition, self.context.getId()
        ):
            raise Unauthorized(
                translate(service.MSG_NOT_ON_PANEL, context=self.request)
            )
        self.error = None
        if self.request.method == "POST":
            CheckAuthenticator(self.request)
            try:
                service.countersign(self.context, self.juror)
            except service.Refused as refused:
                return pages.refused(self, refused.message, refused.status, doom=False)
            return pages.done(
                self,
                _(
                    "msg_countersigned",
                    default="You have countersigned the decision.",
                ),
                self.context.absolute_url() + "/@@jury-countersign",
            )
        return self.index()

    def frozen(self):
        data = decision.get(self.context)
        if data is None:
            return None
        data = DecisionView(self.context, self.request).describe(data)
        # a juror sees the titles of the applications they may see only
        catalog = api.portal.get_tool("portal_catalog")
        visible = {b.UID for b in catalog(UID=[r["submission"] for r in data["rows"]])}
        for row in data["rows"] + data["winner_rows"] + data["nominee_rows"]:
            if row["submission"] not in visible:
                row["title"] = ""
        return data

    def may_countersign(self):
        return service.may_countersign(self.context, self.juror)
