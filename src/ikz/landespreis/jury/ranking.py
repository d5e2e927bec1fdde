"""``@@ranking`` and ``@@ranking-print`` on a competition (the figures
come from ``ranking_data.py``)."""

from datetime import datetime
from ikz.landespreis import _
from ikz.landespreis.domain import formatting
from ikz.landespreis.gcpause import paused
from ikz.landespreis.jury import decision
from ikz.landespreis.jury import membership
from ikz.landespreis.jury import ranking_data
from ikz.landespreis.jury.svg import bar_chart
from ikz.landespreis.permissions import ViewAllScores
from ikz.landespreis.utils import current_user_id
from plone import api
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zope.i18n import translate


class RankingView(BrowserView):
    """``@@ranking``: the chair sees everything, a juror their own scores.
    ``@@ranking-print`` is the same without the portal around it, for
    printing. Names are full names; the normalised view shows z-values
    only; per criterion the distribution of the scores; a juror far from
    the others is pointed out as a discussion point."""

    body = ViewPageTemplateFile("templates/ranking_body.pt")

    @paused  # the rows, built and rendered (gcpause.py)
    def __call__(self):
        self.full = api.user.has_permission(ViewAllScores, obj=self.context)
        self.normalise = bool(self.request.form.get("normalise"))
        juror = None if self.full else current_user_id()
        self.data, self.brains = ranking_data.compute(
            self.context, normalise=self.normalise, only_juror=juror
        )
        if self.full:
            # of an application the viewer is conflicted on: the reference,
            # rank and mean, nothing of who gave which score
            self.data = ranking_data.without_conflicted(
                self.data,
                ranking_data.conflicted_rows(
                    self.context, self.data, current_user_id()
                ),
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
        conflicted = translate(ranking_data.MSG_CONFLICTED, context=self.request)
        for row in category["rows"]:
            brain = self.brains[row["submission"]]
            far = outliers(row["juror_values"], threshold) if self.full else {}
            result.append(
                dict(
                    row,
                    reference=brain.submission_reference,
                    title=conflicted if row.get("conflict") else brain.Title,
                    url=None if row.get("conflict") else brain.getURL(),
                    score_text=number_text(row["score"]),
                    spread_text=number_text(row["spread"]),
                    juror_scores=[
                        {
                            "text": number_text(row["juror_values"].get(j["id"])),
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
                number_text(r["score"])
                if r["score"] is not None
                else "noch keine Bewertung",
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
    return f"{number_text(abs(difference))} {direction} dem Mittel der anderen"


def _num_short(value):
    if value == int(value):
        return str(int(value))
    return f"{value}".replace(".", ",")


def number_text(value):
    """A score for the page: two decimals with a comma, a dash for none."""
    if value is None:
        return "–"
    return f"{value:.2f}".replace(".", ",")
