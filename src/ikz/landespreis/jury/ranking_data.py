"""The ranking of a competition from catalog brains and the ledger (no
submission is woken)."""

from ikz.landespreis import ledger
from ikz.landespreis.domain.ranking import rank
from ikz.landespreis.jury.access import JURY_STATES
from ikz.landespreis.utils import competition_categories
from plone import api


def jury_brains(competition):
    catalog = api.portal.get_tool("portal_catalog")
    return catalog.unrestrictedSearchResults(
        portal_type="Submission",
        competition_uid=api.content.get_uuid(competition),
        review_state=list(JURY_STATES),
    )


def compute(competition, normalise=False, only_juror=None):
    """``(categories, brains_by_uid)`` where categories is a list of
    ``{"id", "title", "url", "rows"}`` in the competition's order.

    Only scores of jurors who still hold the Juror role count. With
    ``only_juror`` just that juror's submissions and scores are included.
    """
    criteria = [(c["id"], float(c["weight"])) for c in competition.criteria or []]
    brains = jury_brains(competition)
    if only_juror:
        brains = [b for b in brains if only_juror in ledger.jurors(competition, b.UID)]
    by_uid = {b.UID: b for b in brains}
    entries = []
    expected = {}
    for brain in brains:
        expected[brain.UID] = len(ledger.jurors(competition, brain.UID))
        for juror, data in ledger.scores(competition, brain.UID).items():
            if only_juror and juror != only_juror:
                continue
            entries.append({
                "submission": brain.UID,
                "category": brain.submission_category,
                "juror": juror,
                "values": data.get("values", {}),
                "final": data.get("final", False),
            })
    ranked = (
        rank(entries, criteria, expected=expected, normalise=normalise)
        if criteria
        else {}
    )
    categories = []
    for cat in competition_categories(competition):
        rows = list(ranked.get(cat.getId, []))
        ranked_uids = {r["submission"] for r in rows}
        for brain in brains:
            if brain.submission_category == cat.getId and brain.UID not in ranked_uids:
                rows.append(_empty_row(brain.UID, expected.get(brain.UID, 0)))
        categories.append({
            "id": cat.getId,
            "title": cat.Title,
            "url": cat.getURL(),
            "rows": rows,
        })
    return categories, by_uid


def _empty_row(uid, expected):
    return {
        "submission": uid,
        "rank": None,
        "score": None,
        "spread": None,
        "final_scores": 0,
        "expected_scores": expected,
        "tie": False,
        "jurors": {},
        "juror_values": {},
    }


def distributions(competition, categories, only_juror=None):
    """``{category_id: {criterion: {value: count}}}`` over the final scores
    of the ranked applications (with ``only_juror`` that juror's only)."""
    from ikz.landespreis.domain.ranking import distribution

    ids = [c["id"] for c in competition.criteria or []]
    result = {}
    for category in categories:
        scorings = []
        for row in category["rows"]:
            for juror, data in ledger.scores(competition, row["submission"]).items():
                if only_juror and juror != only_juror:
                    continue
                if juror not in row["jurors"] or not data.get("final"):
                    continue
                scorings.append(data.get("values", {}))
        result[category["id"]] = distribution(scorings, ids)
    return result
