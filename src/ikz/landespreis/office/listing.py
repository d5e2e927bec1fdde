"""The office's list of submissions, from the catalog only."""

from ikz.landespreis import ledger
from ikz.landespreis.domain.eligibility import EXPLANATIONS
from plone import api


SORTS = {
    "reference": "submission_reference",
    "title": "sortable_title",
    "lead": "lead_municipality",
    "received": "submitted_at",
    "state": "review_state",
    "category": "submission_category",
}
STATES = (
    "received",
    "admitted",
    "rejected",
    "nominated",
    "awarded",
    "published",
    "withdrawn",
)


def build_query(competition, form):
    """A catalog query from the filter parameters of a request or REST call."""
    query = {
        "portal_type": "Submission",
        "competition_uid": api.content.get_uuid(competition),
    }
    category = form.get("category")
    if category:
        query["submission_category"] = category
    state = form.get("state")
    if state in STATES:
        query["review_state"] = state
    sort = form.get("sort_on", "reference")
    query["sort_on"] = SORTS.get(sort, "submission_reference")
    query["sort_order"] = (
        "descending" if form.get("sort_order") == "descending" else "ascending"
    )
    return query


def search(competition, form):
    """Brains matching the filters; the flag filter reads the ledger (flags
    are internal: neither indexed nor catalog metadata)."""
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog(**build_query(competition, form))
    flag = form.get("flag")
    if flag in EXPLANATIONS:
        brains = [b for b in brains if flag in ledger.flags(competition, b.UID)]
    words = (form.get("text") or "").lower().split()
    if words:
        brains = [b for b in brains if all(word in _haystack(b) for word in words)]
    return brains


def _haystack(brain):
    return " ".join(
        str(value or "")
        for value in (brain.submission_reference, brain.Title, brain.lead_municipality)
    ).lower()


def row(brain, competition):
    """Plain data of one listing row (no submission woken)."""
    scores = ledger.scores(competition, brain.UID)
    final = sum(1 for s in scores.values() if s.get("final"))
    return {
        "@id": brain.getURL(),
        "UID": brain.UID,
        "reference": brain.submission_reference,
        "title": brain.Title,
        "lead_municipality": brain.lead_municipality,
        "category": brain.submission_category,
        "review_state": brain.review_state,
        "eligibility_flags": list(ledger.flags(competition, brain.UID)),
        "submitted_at": brain.submitted_at.isoformat() if brain.submitted_at else None,
        "final_scores": final,
        "expected_scores": len(ledger.jurors(competition, brain.UID)),
    }
