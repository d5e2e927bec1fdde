"""The applicant withdraws an application (until the jury's decision), with
a confirmation step and an optional reason; the office is told."""

from ikz.landespreis import _
from ikz.landespreis import audit
from ikz.landespreis import mail
from ikz.landespreis.intake.store import _Intake
from plone import api
from zope.i18n import translate
from zope.i18nmessageid import Message


#: application states the applicant may withdraw from
WITHDRAWABLE = frozenset({"received", "admitted", "nominated"})
#: competition states after the jury's decision
DECIDED = frozenset({"decided", "results_published", "archived"})
ACTOR = "Bewerbung (persönlicher Link)"
NO_REASON = "Von der Bewerbung selbst zurückgezogen (ohne Begründung)."

OFFICE_SUBJECT = _(
    "mail_withdrawn_office_subject",
    default="Application ${reference} withdrawn by the applicant",
)
OFFICE_BODY = _(
    "mail_withdrawn_office_body",
    default="The applicant has withdrawn the application ${reference} "
    "(${title}) through the personal link.\n\nReason given: ${reason}",
)
MSG_WITHDRAWN = _(
    "msg_application_withdrawn",
    default="Your application has been withdrawn. The competition office has "
    "been told.",
)
MSG_CANNOT = _(
    "msg_cannot_withdraw",
    default="This application can no longer be withdrawn.",
)


def can_withdraw(submission):
    from ikz.landespreis.utils import find_competition

    competition = find_competition(submission)
    return (
        getattr(submission, "portal_type", None) == "Submission"
        and api.content.get_state(submission, default="") in WITHDRAWABLE
        and api.content.get_state(competition, default="") not in DECIDED
    )


def withdraw(submission, reason=""):
    """Withdraw ``submission`` for its applicant; False when not allowed."""
    from ikz.landespreis.utils import find_competition

    if not can_withdraw(submission):
        return False
    competition = find_competition(submission)
    reason = str(reason or "").strip()[:2000]
    with _Intake(competition):
        api.content.transition(
            submission, transition="withdraw", comment=reason or NO_REASON
        )
    audit.record(
        submission,
        "applicant.withdrawn",
        target=api.content.get_uuid(submission),
        reason=reason,
        actor=ACTOR,
    )
    if competition.office_email:
        mapping = {
            "reference": submission.reference,
            "title": submission.title,
            "reason": reason or "-",
        }
        mail.send(
            submission,
            "applicant_withdrawal",
            competition.office_email,
            translate(Message(OFFICE_SUBJECT, mapping=mapping), target_language="de"),
            translate(Message(OFFICE_BODY, mapping=mapping), target_language="de"),
            limit=False,
        )
    return True
