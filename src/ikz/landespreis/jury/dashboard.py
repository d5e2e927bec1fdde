"""``@@jury`` on a competition: the juror's dashboard (assignments,
states, progress). Permissions are declared in configure.zcml."""

from ikz.landespreis import _
from ikz.landespreis import ledger
from ikz.landespreis.domain import formatting
from ikz.landespreis.jury import access
from ikz.landespreis.jury import confidentiality
from ikz.landespreis.jury import conflicts
from ikz.landespreis.jury import decision
from ikz.landespreis.jury import membership
from ikz.landespreis.jury import service
from ikz.landespreis.permissions import ScoreSubmission
from ikz.landespreis.utils import competition_categories
from ikz.landespreis.utils import current_user_id
from plone import api
from Products.Five.browser import BrowserView


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
