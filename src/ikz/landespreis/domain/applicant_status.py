"""Where an application stands, in plain German, as the applicant sees it.

The applicant sees the result of the eligibility check (admitted or not,
with the reason) only once the office has released it, and the jury's
outcome (nominated, awarded, not awarded) only once the competition's
results are published. Until then the page says "in Prüfung".
"""

from dataclasses import dataclass
from datetime import datetime


#: competition states in which the jury's outcome is public
RESULTS_PUBLIC = frozenset({"results_published", "archived"})
#: competition states in which applications are still accepted
ACCEPTING = frozenset({"preparation", "announced", "open"})
#: submission states that carry the jury's outcome
JURY_OUTCOME = frozenset({"nominated", "awarded", "published", "archived_published"})


@dataclass(frozen=True)
class Status:
    """``key`` names the state; ``label`` and ``text`` are the German words."""

    key: str
    label: str
    text: str
    reason: str = ""


TEXTS: dict[str, tuple[str, str]] = {
    "draft": (
        "Entwurf",
        "Ihre Bewerbung ist gespeichert, aber noch nicht abgesendet.",
    ),
    "received": (
        "Eingegangen",
        "Ihre Bewerbung ist eingegangen. Die Geschäftsstelle prüft nach dem Ende "
        "der Bewerbungsfrist, ob sie die Teilnahmebedingungen erfüllt.",
    ),
    "checking": (
        "In Prüfung",
        "Die Geschäftsstelle prüft Ihre Bewerbung. Sie erfahren das Ergebnis, "
        "sobald es freigegeben ist.",
    ),
    "admitted": (
        "Zugelassen",
        "Ihre Bewerbung ist zum Wettbewerb zugelassen. Die Jury bewertet die "
        "zugelassenen Bewerbungen; das Ergebnis erfahren Sie nach der "
        "Veröffentlichung.",
    ),
    "rejected": (
        "Nicht zugelassen",
        "Ihre Bewerbung konnte nicht zugelassen werden.",
    ),
    "nominated": (
        "Nominiert",
        "Ihre Bewerbung ist von der Jury nominiert worden.",
    ),
    "awarded": (
        "Ausgezeichnet",
        "Herzlichen Glückwunsch: Ihre Bewerbung ist ausgezeichnet worden.",
    ),
    "not_awarded": (
        "Nicht ausgezeichnet",
        "Ihre Bewerbung ist von der Jury nicht ausgezeichnet worden. Vielen "
        "Dank für Ihre Teilnahme.",
    ),
    "published": (
        "Veröffentlicht",
        "Ihre ausgezeichnete Bewerbung ist auf den Seiten des Landespreises "
        "veröffentlicht.",
    ),
    "withdrawn": (
        "Zurückgezogen",
        "Sie haben Ihre Bewerbung zurückgezogen.",
    ),
}


def _status(key: str, reason: str = "") -> Status:
    label, text = TEXTS[key]
    return Status(key=key, label=label, text=text, reason=reason)


def applicant_status(
    state: str,
    competition_state: str,
    released: str | None = None,
    reason: str = "",
) -> Status:
    """The applicant's view of a submission in workflow ``state``.

    ``released`` is the eligibility outcome the office has released to the
    applicant (``"admitted"``, ``"rejected"`` or ``None``); ``reason`` the
    reason of a rejection.
    """
    if state in ("draft", "withdrawn"):
        return _status(state)
    if state in ("rejected", "archived") and released == "rejected":
        return _status("rejected", reason)
    if competition_state in RESULTS_PUBLIC:
        outcome = _jury_outcome(state)
        if outcome is not None:
            return _status(outcome)
    if state in ("admitted", *JURY_OUTCOME) and released == "admitted":
        return _status("admitted")
    if state == "received" and competition_state in ACCEPTING:
        return _status("received")
    return _status("checking")


def _jury_outcome(state: str) -> str | None:
    """The jury's outcome once the results are public."""
    if state in ("published", "archived_published"):
        return "published"
    if state in ("awarded", "nominated"):
        return state
    if state in ("admitted", "archived"):
        return "not_awarded"
    return None


@dataclass(frozen=True)
class Milestone:
    label: str
    when: datetime


def dates_ahead(
    now: datetime,
    submission_end: datetime | None,
    jury_deadline: datetime | None,
    ceremony: datetime | None,
) -> list[Milestone]:
    """The competition's dates still to come, soonest first."""
    named = (
        ("Ende der Bewerbungsfrist", submission_end),
        ("Sitzung der Jury", jury_deadline),
        ("Preisverleihung", ceremony),
    )
    ahead = [Milestone(label, when) for label, when in named if when and when > now]
    return sorted(ahead, key=lambda m: m.when)
