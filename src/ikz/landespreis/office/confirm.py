"""Big steps confirm: closing the application phase, publishing the results
and archiving go through a page that says what will happen (how many
applications, who sees what, who is told) before the transition runs.

The workflow's actions in the toolbar's state menu point here
(``@@confirm-step?workflow_action=close``). REST ``@workflow`` stays the
expert path for scripts: it runs the transition directly (README).
"""

from collections import Counter
from datetime import datetime
from ikz.landespreis import _
from ikz.landespreis import audit
from ikz.landespreis.domain.dates import BERLIN
from ikz.landespreis.domain.dates import to_berlin
from ikz.landespreis.domain.formatting import german_datetime
from plone import api
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from zope.i18n import translate
from zope.i18nmessageid import Message


STEPS = ("close", "publish_results", "archive")
TOLD = _(
    "confirm_nobody_told",
    default="Nobody is notified automatically by this step; outcome mails are "
    "sent only when the office releases them.",
)


def _count(number, one, many):
    return one if number == 1 else many.replace("{n}", str(number))


def step_summary(competition, transition, now=None):
    """``{"title", "points": [str], "told": str, "early_days"}``: what the
    step does, in German, from the catalog."""
    now = now or datetime.now(BERLIN)
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(
        portal_type="Submission", competition_uid=api.content.get_uuid(competition)
    )
    states = Counter(b.review_state for b in brains)
    total = len(brains)
    points = []
    early_days = 0
    if transition == "close":
        end = competition.submission_end
        if end is not None and to_berlin(end) > now:
            early_days = (to_berlin(end).date() - now.date()).days
            points.append(
                "Die Bewerbungsfrist läuft noch bis "
                f"{german_datetime(end)}: Sie beenden die Bewerbungsphase "
                + _count(early_days, "1 Tag früher.", "{n} Tage früher.")
            )
        points.append(
            "Das Formular nimmt danach keine Bewerbungen mehr an; die Jury "
            "beginnt mit der Bewertung."
        )
        points.append(
            _count(
                total, "1 Bewerbung ist eingegangen", "{n} Bewerbungen sind eingegangen"
            )
            + f", davon {states['received']} noch ungeprüft und "
            f"{states['admitted']} zugelassen."
        )
    elif transition == "publish_results":
        shown = states["published"]
        waiting = states["awarded"]
        points.append(
            "Die Ergebnisse werden öffentlich: "
            + _count(
                shown,
                "1 ausgezeichneter Beitrag erscheint",
                "{n} ausgezeichnete Beiträge erscheinen",
            )
            + " auf der Wettbewerbsseite."
        )
        if waiting:
            points.append(
                _count(
                    waiting,
                    "1 ausgezeichneter Beitrag erscheint nicht",
                    "{n} ausgezeichnete Beiträge erscheinen nicht",
                )
                + " (ohne Einwilligung zur Veröffentlichung oder noch nicht "
                "freigegeben)."
            )
    elif transition == "archive":
        points.append(
            "Die Ausgabe wird abgeschlossen: "
            + _count(total, "1 Bewerbung wird", "{n} Bewerbungen werden")
            + " archiviert und schreibgeschützt."
        )
        points.append(
            "Danach können die Bewerbungen ohne Auszeichnung anonymisiert werden."
        )
    return {"points": points, "early_days": early_days, "total": total}


class ConfirmStepView(BrowserView):
    """``@@confirm-step?workflow_action=…`` on a competition."""

    def transition(self):
        name = self.request.form.get("workflow_action", "")
        available = {
            t["id"]: t
            for t in api.portal.get_tool("portal_workflow").getTransitionsFor(
                self.context
            )
        }
        return available.get(name)

    def __call__(self):
        transition = self.transition()
        if transition is None:
            api.portal.show_message(
                translate(
                    _(
                        "msg_step_not_available",
                        default="This step is not available in the current phase.",
                    ),
                    context=self.request,
                ),
                self.request,
                type="error",
            )
            self.request.response.redirect(self.context.absolute_url())
            return ""
        if transition["id"] not in STEPS:
            # small steps need no confirmation: Plone's own handling
            return self._redirect_plain(transition["id"])
        self.summary = step_summary(self.context, transition["id"])
        self.title = translate(
            transition["title"], domain="ikz.landespreis", context=self.request
        )
        if self.request.method != "POST":
            return self.index()
        CheckAuthenticator(self.request)
        if not self.request.form.get("confirmed"):
            api.portal.show_message(
                translate(
                    _(
                        "msg_step_confirm",
                        default="Please confirm that you have read what will happen.",
                    ),
                    context=self.request,
                ),
                self.request,
                type="error",
            )
            self.request.response.setStatus(400)
            return self.index()
        audit.record(
            self.context,
            "step.confirmed",
            target=api.content.get_uuid(self.context),
            reason=self.request.form.get("comment", ""),
            transition=transition["id"],
            shown=" ".join(self.summary["points"]),
        )
        return self._run(transition["id"], self.request.form.get("comment", ""))

    def _run(self, transition, comment):
        api.content.transition(self.context, transition=transition, comment=comment)
        api.portal.show_message(
            translate(
                Message(
                    _("msg_step_done", default="Done: ${step}."),
                    mapping={
                        "step": translate(
                            self.transition_title(transition),
                            domain="ikz.landespreis",
                            context=self.request,
                        )
                    },
                ),
                context=self.request,
            ),
            self.request,
        )
        self.request.response.redirect(self.context.absolute_url())
        return ""

    def _redirect_plain(self, transition):
        self.request.response.redirect(
            f"{self.context.absolute_url()}/content_status_modify"
            f"?workflow_action={transition}"
        )
        return ""

    def transition_title(self, transition):
        workflow = api.portal.get_tool("portal_workflow")["ikz_competition_workflow"]
        return workflow.transitions[transition].title

    def told(self):
        return translate(TOLD, context=self.request)
