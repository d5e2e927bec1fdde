"""Upgrade 1050 → 1051: the competition's ledger learns who has a
conflict on which application, so the chair's ranking and exports leave
out every per-juror value of an application the viewer is conflicted on
(issue 11) without waking the applications."""

from ikz.landespreis import ledger
from ikz.landespreis.jury import conflicts
from plone import api


def record_conflicts(context):
    catalog = api.portal.get_tool("portal_catalog")
    for brain in catalog.unrestrictedSearchResults(portal_type="Competition"):
        competition = brain._unrestrictedGetObject()
        for item in catalog.unrestrictedSearchResults(
            portal_type="Submission", competition_uid=brain.UID
        ):
            submission = item._unrestrictedGetObject()
            ledger.set_blocked(
                competition,
                item.UID,
                [
                    juror
                    for juror, entry in conflicts.all_records(submission).items()
                    if entry["status"] in conflicts.BLOCKING
                ],
            )
