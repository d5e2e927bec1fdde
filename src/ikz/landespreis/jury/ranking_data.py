"""The ranking of a competition from the ledger's compact per-category
records (no submission is woken, no submission brain is read): the
maths stay in ``domain.ranking.rank``.

The brains (reference, title, URL of each ranked application) are read
from the catalog only when a caller asks for one (:class:`LazyBrains`).
"""

from collections.abc import Mapping
from ikz.landespreis import _
from ikz.landespreis import ledger
from ikz.landespreis.domain.ranking import rank
from ikz.landespreis.domain.ranking import rank_records
from ikz.landespreis.gcpause import paused
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


class LazyBrains(Mapping):
    """``{uid: brain}`` of the competition's submissions before the jury,
    read from the catalog on first use."""

    def __init__(self, competition):
        self.competition = competition
        self._brains = None

    @property
    def brains(self):
        if self._brains is None:
            self._brains = {b.UID: b for b in jury_brains(self.competition)}
        return self._brains

    def __getitem__(self, uid):
        return self.brains[uid]

    def __iter__(self):
        return iter(self.brains)

    def __len__(self):
        return len(self.brains)


#: what a viewer with a conflict sees of an application (as the dashboard)
MSG_CONFLICTED = _("state_conflict", default="Conflict of interest")


def conflicted_rows(competition, categories, viewer):
    """The UIDs of the ranked applications on which ``viewer`` has a
    conflict (from the ledger: no application is woken). Of these the
    viewer sees the reference, the rank and the jury's mean, nothing of
    who gave which score (issue 11)."""
    from ikz.landespreis.jury import membership

    if not viewer or (
        viewer not in membership.members(competition)
        and viewer not in membership.chairs(competition)
    ):
        return set()
    uids = [row["submission"] for cat in categories for row in cat["rows"]]
    return ledger.blocked_among(competition, viewer, uids)


def without_conflicted(categories, conflicted):
    """``categories`` with the rows in ``conflicted`` stripped of every
    per-juror value (the jurors, their values, the spread)."""
    if not conflicted:
        return categories
    return [
        dict(
            cat,
            rows=[
                dict(row, jurors={}, juror_values={}, spread=None, conflict=True)
                if row["submission"] in conflicted
                else row
                for row in cat["rows"]
            ],
        )
        for cat in categories
    ]


@paused
def compute(competition, normalise=False, only_juror=None):
    """``(categories, brains_by_uid)`` where categories is a list of
    ``{"id", "title", "url", "rows"}`` in the competition's order.

    Only scores of jurors who still hold the Juror role count. With
    ``only_juror`` just that juror's submissions and scores are included.
    """
    criteria = [(c["id"], float(c["weight"])) for c in competition.criteria or []]
    if not only_juror:
        return _from_records(competition, criteria, normalise)
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


def _from_records(competition, criteria, normalise):
    """The whole jury's ranking from the compact records: one pass over
    each category's record, one call of the pure ranking function."""
    records = ledger.ranking_records(competition)
    categories = competition_categories(competition)
    present = {
        cat.getId: records[cat.getId].items()
        for cat in categories
        if records.get(cat.getId) is not None
    }
    ranked = rank_records(present, criteria, normalise=normalise) if criteria else {}
    result = []
    for cat in categories:
        rows = ranked.get(cat.getId)
        if rows is None:
            # no criteria (no maths) or an empty category
            rows = [
                _empty_row(uid, count)
                for uid, (count, _finals) in (records.get(cat.getId) or {}).items()
            ]
        result.append({
            "id": cat.getId,
            "title": cat.Title,
            "url": cat.getURL(),
            "rows": rows,
        })
    return result, LazyBrains(competition)


def rebuild(competition):
    """The compact records anew from the score annotations and the jury's
    local roles of every application of the competition (upgrade step,
    maintenance view). Returns the number of applications before the jury."""
    from ikz.landespreis.jury import conflicts
    from ikz.landespreis.jury import scores
    from zope.annotation.interfaces import IAnnotations

    annotations = IAnnotations(competition)
    for key in (ledger.PLACES, ledger.RANKING, ledger.BLOCKED):
        if key in annotations:
            del annotations[key]
    ledger.ensure(competition)
    catalog = api.portal.get_tool("portal_catalog")
    count = 0
    for brain in catalog.unrestrictedSearchResults(
        portal_type="Submission", competition_uid=api.content.get_uuid(competition)
    ):
        submission = brain._unrestrictedGetObject()
        uid = brain.UID
        if api.content.get_state(submission, default=None) not in JURY_STATES:
            continue
        count += 1
        jurors = [
            user for user, roles in submission.get_local_roles() if "Juror" in roles
        ]
        ledger.set_jurors(competition, uid, jurors)
        for juror, entry in scores.records(submission).items():
            ledger.set_score(competition, uid, juror, entry.values, entry.final)
        ledger.set_place(competition, uid, submission.__parent__.getId())
        ledger.set_blocked(
            competition,
            uid,
            [
                juror
                for juror, entry in conflicts.all_records(submission).items()
                if entry["status"] in conflicts.BLOCKING
            ],
        )
    return count


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
