"""Jury area views: dashboard, conflict gate, score form, ranking, decision,
jury members and reminders. Permissions are declared in configure.zcml."""

from AccessControl import Unauthorized
from datetime import datetime
from ikz.landespreis import _
from ikz.landespreis import ledger
from ikz.landespreis.domain import decisions as rules
from ikz.landespreis.domain import formatting
from ikz.landespreis.jury import access
from ikz.landespreis.jury import confidentiality
from ikz.landespreis.jury import conflicts
from ikz.landespreis.jury import decision
from ikz.landespreis.jury import duties
from ikz.landespreis.jury import membership
from ikz.landespreis.jury import ranking_data
from ikz.landespreis.jury import scores
from ikz.landespreis.jury import service
from ikz.landespreis.jury.service import clear_conflict
from ikz.landespreis.jury.service import decide_correction
from ikz.landespreis.jury.service import declare_conflict
from ikz.landespreis.jury.service import may_declare
from ikz.landespreis.jury.service import reopen_score
from ikz.landespreis.jury.service import request_correction
from ikz.landespreis.jury.service import save_score
from ikz.landespreis.jury.service import send_reminders
from ikz.landespreis.jury.svg import bar_chart
from ikz.landespreis.permissions import ReopenJuryDecision
from ikz.landespreis.permissions import ScoreSubmission
from ikz.landespreis.permissions import SignJuryDecision
from ikz.landespreis.permissions import ViewAllScores
from ikz.landespreis.utils import competition_categories
from ikz.landespreis.utils import competition_submissions
from ikz.landespreis.utils import current_user_id
from ikz.landespreis.utils import find_competition
from ikz.landespreis.utils import show_message
from plone import api
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zope.i18n import translate

import transaction


def _message(view, msg, kind="info"):
    show_message(view.request, msg, kind)


class JuryDashboard(BrowserView):
    """``@@jury`` on a competition: the logged-in juror's assignments."""

    def __call__(self):
        self.juror = current_user_id()
        if confidentiality.pending(self.context, self.juror):
            self.request.response.redirect(
                self.context.absolute_url() + "/@@vertraulichkeit"
            )
            return ""
        return self.index()

    def deadline(self):
        return formatting.german_datetime(self.context.jury_deadline)

    def categories(self):
        competition = self.context
        result = []
        total = done = 0
        for brain in competition_categories(competition):
            if self.juror not in membership.assigned_jurors(competition, brain.getId):
                continue
            items = []
            catalog = api.portal.get_tool("portal_catalog")
            for sub in catalog.unrestrictedSearchResults(
                portal_type="Submission",
                path={"query": brain.getPath(), "depth": 1},
                review_state=list(access.JURY_STATES),
                sort_on="submission_reference",
            ):
                obj = sub._unrestrictedGetObject()
                state = self.item_state(obj, sub)
                befangen = state == "conflict"
                items.append({
                    "may_score": api.user.has_permission(ScoreSubmission, obj=obj),
                    "reference": sub.submission_reference,
                    "title": "" if befangen else sub.Title,
                    "lead": "" if befangen else sub.lead_municipality,
                    "url": sub.getURL(),
                    "befangen_url": (
                        f"{competition.absolute_url()}/@@befangen?uid={sub.UID}"
                    ),
                    "state": state,
                    "state_title": STATE_TITLES[state],
                })
                if state != "conflict":
                    total += 1
                    done += state == "final"
            category = brain._unrestrictedGetObject()
            signed = decision.get(category)
            result.append({
                "title": brain.Title,
                "entries": items,
                "url": brain.getURL(),
                "signed": signed is not None,
                "may_countersign": service.may_countersign(category, self.juror),
            })
        self.total, self.done = total, done
        return result

    def item_state(self, obj, brain):
        status = conflicts.status(obj, self.juror)
        if status in conflicts.BLOCKING:
            return "conflict"
        if status is None:
            return "undeclared"
        data = ledger.scores(self.context, brain.UID).get(self.juror)
        if data is None:
            return "open"
        return "final" if data.get("final") else "draft"

    def progress(self):
        percent = round(100 * self.done / self.total) if self.total else 0
        return {"done": self.done, "total": self.total, "percent": percent}


STATE_TITLES = {
    "undeclared": _("state_undeclared", default="Declare conflicts first"),
    "open": _("state_open", default="Open"),
    "draft": _("state_draft", default="Draft"),
    "final": _("state_final", default="Final"),
    "conflict": _("state_conflict", default="Conflict of interest"),
}


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
                transaction.doom()
                self.error = error.message
                self.request.response.setStatus(400)
                return self.index()
            if conflict:
                _message(
                    self,
                    _(
                        "msg_conflict_recorded",
                        default="Your conflict of interest has been recorded. "
                        "You no longer have access to this submission.",
                    ),
                )
                self.request.response.redirect(competition.absolute_url() + "/@@jury")
            else:
                self.request.response.redirect(
                    self.context.absolute_url() + "/@@workspace"
                )
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
                transaction.doom()
                self.error = error.message
                self.request.response.setStatus(400)
                return self.index()
            _message(
                self,
                _(
                    "msg_correction_requested",
                    default="Your request for a correction has been "
                    "passed on to the jury chair.",
                ),
            )
            self.request.response.redirect(self.context.absolute_url() + "/@@jury")
            return ""
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


class ScoreForm(BrowserView):
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
                _message(
                    self,
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
                    _message(
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
                    )
                    self.request.response.redirect(
                        self.context.absolute_url() + "/@@score"
                    )
                    return ""
        return self.index()

    def criteria(self):
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

    def others(self):
        """For the chair: every juror's score with a reopen button."""
        if not api.user.has_permission(ViewAllScores, obj=self.competition):
            return []
        return [r.as_dict() for r in scores.records(self.context).values()]

    def can_reopen(self):
        return api.user.has_permission(SignJuryDecision, obj=self.competition)

    def name(self, user_id):
        return membership.full_name(user_id)


class RankingView(BrowserView):
    """``@@ranking``: the chair sees everything, a juror their own scores.
    ``@@ranking-print`` is the same without the portal around it, for
    printing. Names are full names; the normalised view shows z-values
    only; per criterion the distribution of the scores; a juror far from
    the others is pointed out as a discussion point."""

    body = ViewPageTemplateFile("templates/ranking_body.pt")

    def __call__(self):
        self.full = api.user.has_permission(ViewAllScores, obj=self.context)
        self.normalise = bool(self.request.form.get("normalise"))
        juror = None if self.full else current_user_id()
        self.data, self.brains = ranking_data.compute(
            self.context, normalise=self.normalise, only_juror=juror
        )
        ids = {j for cat in self.data for row in cat["rows"] for j in row["jurors"]}
        self.jurors = sorted(
            ({"id": j, "name": membership.full_name(j)} for j in ids),
            key=lambda j: (j["name"].lower(), j["id"]),
        )
        self.distributions = ranking_data.distributions(
            self.context, self.data, only_juror=juror
        )
        return self.index()

    def threshold(self):
        """How far from the others counts as a discussion point: a quarter
        of the scale, or one standard deviation in z-values."""
        if self.normalise:
            return 1.0
        return (self.context.score_max - self.context.score_min) / 4

    def rows(self, category):
        from ikz.landespreis.domain.ranking import outliers

        result = []
        threshold = self.threshold()
        for row in category["rows"]:
            brain = self.brains[row["submission"]]
            far = outliers(row["juror_values"], threshold) if self.full else {}
            result.append(
                dict(
                    row,
                    reference=brain.submission_reference,
                    title=brain.Title,
                    url=brain.getURL(),
                    score_text=_num(row["score"]),
                    spread_text=_num(row["spread"]),
                    juror_scores=[
                        {
                            "text": _num(row["juror_values"].get(j["id"])),
                            "far": j["id"] in far,
                            "hint": _far_hint(far.get(j["id"])),
                        }
                        for j in self.jurors
                    ],
                    hints=[
                        {"name": j["name"], "text": _far_hint(far[j["id"]])}
                        for j in self.jurors
                        if j["id"] in far
                    ],
                )
            )
        return result

    def distribution(self, category):
        """Per criterion the values given and how often, for the page."""
        found = self.distributions.get(category["id"], {})
        result = []
        for criterion in self.context.criteria or []:
            counts = found.get(criterion["id"], {})
            result.append({
                "title": criterion["title"],
                "cells": [
                    {"value": _num_short(v), "count": n} for v, n in counts.items()
                ],
                "total": sum(counts.values()),
            })
        return result

    def score_label(self):
        if self.normalise:
            return translate(
                _("label_z_mean", default="Mean z-value"), context=self.request
            )
        return translate(
            _("label_points", default="Points (weighted mean)"), context=self.request
        )

    def chart(self, category):
        bars = [
            (
                self.brains[r["submission"]].submission_reference,
                r["score"] or 0,
                _num(r["score"]) if r["score"] is not None else "noch keine Bewertung",
            )
            for r in category["rows"]
        ]
        low = -3 if self.normalise else self.context.score_min
        high = 3 if self.normalise else self.context.score_max
        return bar_chart(
            bars,
            low,
            high,
            title=category["title"],
            axis_title=(
                "Normalisierter Mittelwert (z-Wert)"
                if self.normalise
                else "Gewichteter Mittelwert (Punkte)"
            ),
            label_title="Aktenzeichen",
            desc=f"Gewichtete Mittelwerte je Bewerbung in {category['title']}",
        )

    def decision(self, category):
        obj = self.context.get(category["id"])
        return decision.get(obj) if obj is not None else None

    def printed_at(self):
        return formatting.german_datetime(datetime.now())

    def print_title(self):
        title = translate(_("Scores and ranking"), context=self.request)
        return f"{title} – {self.context.Title()}"


def _far_hint(difference):
    if difference is None:
        return ""
    direction = "über" if difference > 0 else "unter"
    return f"{_num(abs(difference))} {direction} dem Mittel der anderen"


def _num_short(value):
    if value == int(value):
        return str(int(value))
    return f"{value}".replace(".", ",")


def _num(value):
    if value is None:
        return "–"
    return f"{value:.2f}".replace(".", ",")


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
                self.error = translate(refused.message, context=self.request)
                self.request.response.setStatus(refused.status)
                return self.index()
            _message(
                self,
                _(
                    "msg_decision_signed",
                    default="The decision has been signed. The jurors of the "
                    "category can now countersign it.",
                ),
            )
            self.request.response.redirect(
                self.context.absolute_url() + "/@@jury-decision"
            )
            return ""
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
            self.error = translate(refused.message, context=self.request)
            self.request.response.setStatus(refused.status)
            return self.index()
        _message(
            self,
            _(
                "msg_decision_reopened",
                default="The decision has been reopened; ${count} nominations or "
                "awards were revoked. The jury can score this category again.",
                mapping={"count": len(revoked)},
            ),
        )
        self.request.response.redirect(self.context.absolute_url() + "/@@jury-decision")
        return ""

    def describe(self, data):
        """Rows, winners and nominees of a decision or preview for the page."""
        data = dict(data)
        winners = data.get("winners", [])
        nominees = data.get("nominees", [])
        data["rows"] = [
            dict(
                r,
                score_text=_num(r.get("score")),
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
                score_text=_num(r.get("score")),
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
                self.error = translate(refused.message, context=self.request)
                self.request.response.setStatus(refused.status)
                return self.index()
            _message(
                self,
                _(
                    "msg_countersigned",
                    default="You have countersigned the decision.",
                ),
            )
            self.request.response.redirect(
                self.context.absolute_url() + "/@@jury-countersign"
            )
            return ""
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


class JuryMembersView(BrowserView):
    """``@@jury-members``: editors manage the jury, its chair and panels."""

    def __call__(self):
        self.error = None
        if self.request.method == "POST":
            CheckAuthenticator(self.request)
            form = self.request.form
            user_id = (form.get("user_id") or "").strip()
            try:
                invited = self.apply(form, user_id)
            except duties.DutyError as error:
                # nothing changed: the whole request's changes are dropped;
                # one message, on the page itself
                transaction.doom()
                self.error = error.message
                self.request.response.setStatus(400)
                return self.index()
            changed = access.sync_competition(self.context)
            if invited:
                _message(
                    self,
                    _(
                        "msg_juror_invited",
                        default="${user} has been invited by e-mail. The juror "
                        "sees applications only after setting a password and "
                        "accepting the confidentiality statement.",
                        mapping={"user": invited},
                    ),
                )
            else:
                _message(
                    self,
                    _(
                        "msg_jury_updated",
                        default=(
                            "The jury has been updated; access changed on "
                            "${count} submissions."
                        ),
                        mapping={"count": changed},
                    ),
                )
            self.request.response.redirect(
                self.context.absolute_url() + "/@@jury-members"
            )
            return ""
        return self.index()

    def apply(self, form, user_id):
        # "add" (an existing user; its "invite" box mails an invitation)
        # before the form that invites a new person by e-mail
        if "invite" in form and "add" not in form:
            categories = form.get("invite_panels") or []
            if isinstance(categories, str):
                categories = [categories]
            return confidentiality.invite(
                self.context,
                form.get("fullname", ""),
                form.get("email", ""),
                form.get("organisation", ""),
                categories,
            )
        if "add" in form and not user_id:
            raise duties.DutyError(
                translate(
                    _("msg_user_missing", default="Please give a user name."),
                    context=self.request,
                )
            )
        if "add" in form and user_id:
            self.add(form, user_id)
        elif "remove" in form and user_id:
            membership.remove_member(self.context, user_id)
        elif "chair" in form and user_id:
            membership.set_chair(self.context, user_id, form.get("chair") == "1")
        elif "deputy" in form and user_id:
            membership.set_deputy(self.context, user_id, form.get("deputy") == "1")
        elif "panel" in form:
            self.set_panel(form)
        return None

    def add(self, form, user_id):
        if api.user.get(userid=user_id) is None:
            raise duties.DutyError(
                translate(
                    _(
                        "msg_unknown_user_invite",
                        default='There is no user "${user}". To bring a new '
                        'juror in, use "Invite a juror by e-mail" below.',
                        mapping={"user": user_id},
                    ),
                    context=self.request,
                )
            )
        membership.add_member(self.context, user_id, chair=bool(form.get("chair")))
        organisation = (form.get("organisation") or "").strip()
        if organisation:
            api.user.get(userid=user_id).setMemberProperties({
                "home_organisation": organisation
            })
        if form.get("invite"):
            from ikz.landespreis.jury.service import send_invitation

            send_invitation(self.context, user_id)

    def set_panel(self, form):
        category_id = form.get("category")
        if category_id not in {c["id"] for c in self.categories()}:
            raise duties.DutyError(
                "Bitte wählen Sie eine Kategorie dieses Wettbewerbs."
            )
        users = form.get("panel_members") or []
        if isinstance(users, str):
            users = [users]
        jury = set(membership.members(self.context))
        unknown = sorted(set(users) - jury)
        if unknown:
            raise duties.DutyError(
                duties.MSG_NOT_MEMBER.format(user=", ".join(unknown))
            )
        membership.set_panel(self.context, category_id, users)

    def may_appoint(self):
        return duties.is_admin()

    def members(self):
        chairs = set(membership.chairs(self.context))
        deputies = set(membership.deputies(self.context))
        result = []
        for user_id in membership.members(self.context):
            user = api.user.get(userid=user_id)
            result.append({
                "id": user_id,
                "name": user.getProperty("fullname", "") if user else user_id,
                "organisation": membership.home_organisation(user_id),
                "statement": confidentiality.pending(self.context, user_id),
                "chair": user_id in chairs,
                "deputy": user_id in deputies,
            })
        return result

    def categories(self):
        panels = membership.panels(self.context)
        return [
            {"id": b.getId, "title": b.Title, "panel": panels.get(b.getId, [])}
            for b in competition_categories(self.context)
        ]


class RemindersView(BrowserView):
    """``@@jury-reminders``: mail every juror with open scores (POST)."""

    def __call__(self):
        if self.request.method != "POST":
            self.request.response.redirect(
                self.context.absolute_url() + "/@@jury-members"
            )
            return ""
        CheckAuthenticator(self.request)
        sent = send_reminders(self.context)
        _message(
            self,
            _(
                "msg_reminders_sent",
                default="Reminders sent to ${count} jurors.",
                mapping={"count": len(sent)},
            ),
        )
        self.request.response.redirect(self.context.absolute_url() + "/@@jury-members")
        return ""


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
                transaction.doom()
                self.error = error.message
                self.request.response.setStatus(400)
                return self.index()
            _message(self, message)
            self.request.response.redirect(
                self.context.absolute_url() + "/@@jury-conflicts"
            )
            return ""
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


class ConfidentialityView(BrowserView):
    """``@@vertraulichkeit`` on a competition: an invited juror reads and
    accepts the confidentiality statement; only then do the applications
    assigned to them become visible (the acceptance is audited)."""

    def __call__(self):
        self.juror = current_user_id()
        self.error = None
        if self.request.method == "POST":
            CheckAuthenticator(self.request)
            if not self.request.form.get("accept"):
                self.error = translate(
                    _(
                        "msg_accept_statement",
                        default="Please confirm that you accept the "
                        "confidentiality statement.",
                    ),
                    context=self.request,
                )
                self.request.response.setStatus(400)
                return self.index()
            if confidentiality.accept(self.context, self.juror):
                access.sync_competition(self.context)
                _message(
                    self,
                    _(
                        "msg_statement_accepted",
                        default="Thank you. Your acceptance has been recorded; "
                        "here are the applications assigned to you.",
                    ),
                )
            self.request.response.redirect(self.context.absolute_url() + "/@@jury")
            return ""
        return self.index()

    def statement(self):
        return confidentiality.statement(self.context)

    def pending(self):
        return confidentiality.pending(self.context, self.juror)

    def accepted_at(self):
        entry = confidentiality.record(self.context, self.juror)
        if entry is None or not entry.get("accepted_at"):
            return ""
        return formatting.german_datetime(entry["accepted_at"])
