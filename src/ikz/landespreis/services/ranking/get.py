"""GET ``@ranking`` on a competition: the ranking per category (a juror
sees only their own applications' rows; of an application the viewer is
conflicted on, the reference number, rank and mean with ``"conflict":
true``, no title, link or spread)."""

from ikz.landespreis.gcpause import paused
from ikz.landespreis.jury import ranking_data
from ikz.landespreis.permissions import ViewAllScores
from ikz.landespreis.utils import current_user_id
from plone import api
from plone.restapi.services import Service
from zope.i18n import translate


def _row(row, brains, request):
    brain = brains[row["submission"]]
    if row.get("conflict"):
        return {
            "@id": None,
            "reference": brain.submission_reference,
            "title": translate(ranking_data.MSG_CONFLICTED, context=request),
            "conflict": True,
            "rank": row["rank"],
            "score": row["score"],
            "spread": None,
            "final_scores": row["final_scores"],
            "expected_scores": row["expected_scores"],
            "tie": row["tie"],
        }
    return {
        "@id": brain.getURL(),
        "reference": brain.submission_reference,
        "title": brain.Title,
        "rank": row["rank"],
        "score": row["score"],
        "spread": row["spread"],
        "final_scores": row["final_scores"],
        "expected_scores": row["expected_scores"],
        "tie": row["tie"],
        "conflict": False,
    }


class RankingGet(Service):
    @paused  # the rows, built and serialised (gcpause.py)
    def render(self):
        return super().render()

    def reply(self):
        full = api.user.has_permission(ViewAllScores, obj=self.context)
        normalise = self.request.form.get("normalise") in ("1", "true")
        categories, brains = ranking_data.compute(
            self.context,
            normalise=normalise,
            only_juror=None if full else current_user_id(),
        )
        if full:
            categories = ranking_data.without_conflicted(
                categories,
                ranking_data.conflicted_rows(
                    self.context, categories, current_user_id()
                ),
            )
        return {
            "@id": self.context.absolute_url() + "/@ranking",
            "normalised": normalise,
            "categories": [
                {
                    "@id": cat["url"],
                    "title": cat["title"],
                    "ranking": [_row(r, brains, self.request) for r in cat["rows"]],
                }
                for cat in categories
            ],
        }
