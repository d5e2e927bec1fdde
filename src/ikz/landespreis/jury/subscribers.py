from ikz.landespreis import ledger
from ikz.landespreis.jury.membership import ensure_jury_group


def competition_added(competition, event):
    """Every competition has its jury group and ledger from the start."""
    ensure_jury_group(competition)
    ledger.ensure(competition)
