"""Eligibility rules: flags for the office, never a rejection by themselves.

Every rule is a pure function over plain data; ``evaluate`` returns the
flags that apply, in a stable order.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from ikz.landespreis import _
from ikz.landespreis.domain.municipalities import party_key
from ikz.landespreis.domain.names import normalise

import re


FEW_PARTNERS = "few_partners"
CONTRACT_BEFORE_CUTOFF = "contract_before_cutoff"
LEAD_DUPLICATE = "lead_duplicate"
SAVINGS_BANK = "savings_bank"
COUNCIL_DECISION_MISSING = "council_decision_missing"

EXPLANATIONS = {
    FEW_PARTNERS: _(
        "flag_few_partners",
        default="Fewer than two municipal partners are named in total.",
    ),
    CONTRACT_BEFORE_CUTOFF: _(
        "flag_contract_before_cutoff",
        default="The cooperation was contractually agreed before the cut-off date.",
    ),
    LEAD_DUPLICATE: _(
        "flag_lead_duplicate",
        default="The lead municipality already has a submission in this competition.",
    ),
    SAVINGS_BANK: _(
        "flag_savings_bank",
        default=(
            "A savings bank (Sparkasse) is named as lead or partner; "
            "savings banks are excluded."
        ),
    ),
    COUNCIL_DECISION_MISSING: _(
        "flag_council_decision_missing",
        default="No lead municipality is named and no council decision is attached.",
    ),
}
ORDER = (
    FEW_PARTNERS,
    CONTRACT_BEFORE_CUTOFF,
    LEAD_DUPLICATE,
    SAVINGS_BANK,
    COUNCIL_DECISION_MISSING,
)
SAVINGS_BANK_PATTERN = re.compile(r"sparkasse")


@dataclass
class Application:
    lead: str = ""
    partners: list[str] = field(default_factory=list)
    contract_date: date | None = None
    no_lead: bool = False
    has_council_decision: bool = False


def municipal_parties(app: Application) -> set[str]:
    """Distinct parties among lead and partners: the AGS for a name in the
    municipality table ("Stadt Olpe" and "Olpe" are one party, "Kreis Olpe"
    another), the normalised name otherwise."""
    names = [app.lead, *list(app.partners or [])]
    return {party_key(n) for n in names if party_key(n)}


def few_partners(app: Application) -> bool:
    return len(municipal_parties(app)) < 2


def contract_before_cutoff(app: Application, cutoff: date | None) -> bool:
    if cutoff is None or app.contract_date is None:
        return False
    return app.contract_date < cutoff


def lead_duplicate(app: Application, other_leads: Iterable[str]) -> bool:
    """``other_leads``: lead names of the competition's other submissions."""
    mine = party_key(app.lead)
    return bool(mine) and any(party_key(other) == mine for other in other_leads)


def is_savings_bank(name: str) -> bool:
    return bool(SAVINGS_BANK_PATTERN.search(normalise(name)))


def savings_bank(app: Application) -> bool:
    return any(is_savings_bank(n) for n in [app.lead, *list(app.partners or [])])


def council_decision_missing(app: Application) -> bool:
    return bool(app.no_lead) and not app.has_council_decision


def evaluate(
    app: Application, cutoff: date | None = None, other_leads: Iterable[str] = ()
) -> list[str]:
    """All flags that apply to ``app``, in display order."""
    found = {
        FEW_PARTNERS: few_partners(app),
        CONTRACT_BEFORE_CUTOFF: contract_before_cutoff(app, cutoff),
        LEAD_DUPLICATE: lead_duplicate(app, other_leads),
        SAVINGS_BANK: savings_bank(app),
        COUNCIL_DECISION_MISSING: council_decision_missing(app),
    }
    return [flag for flag in ORDER if found[flag]]
