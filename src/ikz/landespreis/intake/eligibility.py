"""Eligibility flags on a stored submission (glue around domain.eligibility)."""

from ikz.landespreis import ledger
from ikz.landespreis.domain import eligibility as rules
from ikz.landespreis.utils import find_competition
from plone import api


def other_leads(submission, competition):
    """Lead names of the competition's other submissions, from the catalog."""
    catalog = api.portal.get_tool("portal_catalog")
    own = api.content.get_uuid(submission)
    brains = catalog.unrestrictedSearchResults(
        portal_type="Submission",
        competition_uid=api.content.get_uuid(competition),
    )
    return [b.lead_municipality for b in brains if own != b.UID and b.lead_municipality]


def evaluate_submission(submission, competition=None):
    """Compute and store the flags; returns them."""
    competition = competition or find_competition(submission)
    if competition is None:
        return []
    application = rules.Application(
        lead=submission.lead_municipality or "",
        partners=list(submission.partners or []),
        contract_date=submission.contract_date,
        no_lead=bool(getattr(submission, "no_lead", False)),
        has_council_decision=submission.council_decision_file is not None,
    )
    flags = rules.evaluate(
        application,
        cutoff=competition.cutoff_date,
        other_leads=other_leads(submission, competition),
    )
    submission.eligibility_flags = flags
    ledger.set_flags(competition, api.content.get_uuid(submission), flags)
    return flags


def reevaluate_on_edit(submission, event):
    """Flags follow every edit of a submission."""
    if (
        getattr(submission, "reference", None) is None
        and not submission.lead_municipality
    ):
        return
    before = list(submission.eligibility_flags or [])
    after = evaluate_submission(submission)
    if before != after:
        submission.reindexObject()
