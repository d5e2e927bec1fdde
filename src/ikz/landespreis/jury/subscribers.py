from ikz.landespreis import ledger
from ikz.landespreis.jury.membership import ensure_jury_group


def competition_added(competition, event):
    """Every competition has its jury group and ledger from the start."""
    ensure_jury_group(competition)
    ledger.ensure(competition)


def submission_removed(submission, event):
    """A removed application leaves the ranking's records."""
    from ikz.landespreis.utils import find_competition
    from plone import api

    competition = find_competition(event.oldParent)
    if competition is not None:
        ledger.forget(competition, api.content.get_uuid(submission))
