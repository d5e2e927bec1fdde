from datetime import datetime
from ikz.landespreis.domain import formatting
from ikz.landespreis.domain.dates import BERLIN
from ikz.landespreis.domain.dates import time_left
from ikz.landespreis.domain.dates import window_phase
from ikz.landespreis.permissions import ManageEligibility
from plone import api
from Products.Five.browser import BrowserView
from zope.i18n import translate


class CompetitionView(BrowserView):
    """The public page of a competition edition."""

    def now(self):
        return datetime.now(BERLIN)

    def state(self):
        return api.content.get_state(self.context)

    def state_title(self):
        wf = api.portal.get_tool("portal_workflow")
        title = wf.getTitleForStateOnType(self.state(), self.context.portal_type)
        return translate(title, domain="ikz.landespreis", context=self.request)

    def window(self):
        ctx = self.context
        phase = window_phase(ctx.submission_start, ctx.submission_end, self.now())
        accepting = phase == "open" and self.state() == "open"
        info = {
            "phase": phase,
            "accepting": accepting,
            "start": formatting.german_datetime(ctx.submission_start),
            "end": formatting.german_datetime(ctx.submission_end),
            "left": "",
        }
        if accepting:
            info["left"] = formatting.german_duration(
                time_left(ctx.submission_end, self.now())
            )
        return info

    def prize(self):
        return formatting.german_money(self.context.prize_amount)

    def criteria(self):
        rows = self.context.criteria or []
        total = sum(float(r.get("weight") or 0) for r in rows) or 1.0
        return [
            {
                "title": r.get("title"),
                "description": r.get("description") or "",
                "share": f"{100 * float(r.get('weight') or 0) / total:.0f} %",
            }
            for r in rows
        ]

    def categories(self):
        brains = api.content.find(
            context=self.context,
            depth=1,
            portal_type="Category",
            sort_on="getObjPositionInParent",
        )
        return brains

    def form_url(self):
        form = self.context.get("bewerbung")
        return form.absolute_url() if form is not None else None

    def winners(self):
        """Published winners per category, once the results are public."""
        if self.state() not in ("results_published", "archived"):
            return []
        result = []
        for category in self.categories():
            found = api.content.find(
                path={"query": category.getPath(), "depth": 1},
                portal_type="Submission",
                review_state="published",
                sort_on="sortable_title",
            )
            if found:
                result.append({"category": category.Title, "winners": found})
        return result

    def statistics(self):
        """For the office: the competition's figures as charts (catalog and
        ledger only)."""
        if not api.user.has_permission(ManageEligibility, obj=self.context):
            return None
        from ikz.landespreis.office.figures import charts

        return charts(self.context)
