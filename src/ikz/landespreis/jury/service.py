"""Jury operations shared by the views and the REST services."""

from AccessControl import Unauthorized
from email.message import EmailMessage
from ikz.landespreis import _
from ikz.landespreis import ledger
from ikz.landespreis import logger
from ikz.landespreis.domain.formatting import german_datetime
from ikz.landespreis.intake.mails import sender
from ikz.landespreis.jury import access
from ikz.landespreis.jury import conflicts
from ikz.landespreis.jury import decision
from ikz.landespreis.jury import membership
from ikz.landespreis.jury import ranking_data
from ikz.landespreis.jury import scores
from ikz.landespreis.permissions import ScoreSubmission
from ikz.landespreis.permissions import SignJuryDecision
from ikz.landespreis.utils import find_competition
from plone import api
from zope.i18n import translate
from zope.i18nmessageid import Message


MSG_NOT_ASSIGNED = _(
    "msg_not_assigned", default="You are not assigned to this submission."
)


def save_score(submission, juror, values, comments=None, comment="", final=False):
    if not api.user.has_permission(ScoreSubmission, obj=submission):
        raise Unauthorized("You may not score this submission.")
    if conflicts.status(submission, juror) not in (
        conflicts.NO_CONFLICT,
        conflicts.CLEARED,
    ):
        raise scores.ScoreError(
            _(
                "msg_declare_first",
                default="Please declare first whether you have a conflict of interest.",
            )
        )
    competition = find_competition(submission)
    entry = scores.save(
        submission,
        competition,
        juror,
        values,
        comments,
        comment,
        final,
        competition_state=api.content.get_state(competition),
    )
    ledger.set_score(
        competition, api.content.get_uuid(submission), juror, entry.values, entry.final
    )
    return entry


def reopen_score(submission, juror, by):
    competition = find_competition(submission)
    if not api.user.has_permission(SignJuryDecision, obj=competition):
        raise Unauthorized("Only the jury chair reopens scores.")
    if scores.reopen(submission, juror, by):
        entry = scores.record(submission, juror)
        ledger.set_score(
            competition, api.content.get_uuid(submission), juror, entry.values, False
        )
        return True
    return False


def may_declare(submission, juror):
    """The gate is open to jurors assigned to an admitted submission only."""
    return api.content.get_state(
        submission, default=None
    ) in access.JURY_STATES and membership.is_assigned(submission, juror)


def declare_conflict(submission, juror, conflict, reason=""):
    """A juror's declaration; a conflict removes access at once."""
    if not may_declare(submission, juror):
        raise Unauthorized(MSG_NOT_ASSIGNED)
    current = conflicts.status(submission, juror)
    if current in conflicts.BLOCKING:
        # withheld until the chair clears it; the juror cannot lift it
        return conflicts.record(submission, juror)
    entry = conflicts.declare(submission, juror, conflict, reason)
    access.sync_submission(submission)
    return entry


def clear_conflict(submission, juror, chair):
    competition = find_competition(submission)
    if not api.user.has_permission(SignJuryDecision, obj=competition):
        raise Unauthorized("Only the jury chair clears conflicts.")
    entry = conflicts.clear(submission, juror, chair)
    access.sync_submission(submission)
    return entry


def category_ranking(category):
    competition = find_competition(category)
    categories, brains = ranking_data.compute(competition)
    for cat in categories:
        if cat["id"] == category.getId():
            # the signed snapshot keeps the result, not who gave which score
            return [
                {key: value for key, value in row.items() if key != "jurors"}
                | {
                    "reference": brains[row["submission"]].submission_reference,
                    "title": brains[row["submission"]].Title,
                }
                for row in cat["rows"]
            ]
    return []


def freeze_category(category, signer, justification):
    if not api.user.has_permission(SignJuryDecision, obj=category):
        raise Unauthorized("Only the jury chair signs the decision.")
    return decision.freeze(category, signer, justification, category_ranking(category))


REMINDER_SUBJECT = _(
    "mail_reminder_subject", default="Reminder: open scores for the ${competition}"
)
REMINDER_BODY = _(
    "mail_reminder_body",
    default="Dear ${name},\n\nyou still have ${count} submissions to score for the "
    "${competition}. The jury deadline is ${deadline}.\n\nPlease log in to the jury "
    "area: ${url}\n\nKind regards\nThe office of the Landespreis",
)


def open_scores(competition):
    """``{juror: number of assigned submissions without a final score}``."""
    result = {}
    for brain in ranking_data.jury_brains(competition):
        given = ledger.scores(competition, brain.UID)
        assigned = set(ledger.jurors(competition, brain.UID))
        # assigned jurors who have not declared yet have no role, but a score
        # is still expected from them
        assigned |= set(
            membership.assigned_jurors(competition, brain.submission_category)
        )
        submission = brain._unrestrictedGetObject()
        for juror in assigned:
            if given.get(juror, {}).get("final"):
                continue
            if conflicts.is_blocked(submission, juror):
                continue
            result[juror] = result.get(juror, 0) + 1
    return result


def send_reminders(competition):
    mailhost = api.portal.get_tool("MailHost")
    from_address = sender()
    sent = []
    for juror, count in sorted(open_scores(competition).items()):
        user = api.user.get(userid=juror)
        address = user.getProperty("email", "") if user else ""
        if not address:
            continue
        mapping = {
            "name": user.getProperty("fullname", "") or juror,
            "count": count,
            "competition": competition.Title(),
            "deadline": german_datetime(competition.jury_deadline) or "-",
            "url": competition.absolute_url() + "/@@jury",
        }
        message = EmailMessage()
        message["Subject"] = translate(
            Message(REMINDER_SUBJECT, mapping=mapping), target_language="de"
        )
        message["From"] = from_address
        message["To"] = address
        message.set_content(
            translate(Message(REMINDER_BODY, mapping=mapping), target_language="de")
        )
        try:
            mailhost.send(message, immediate=True)
        except Exception:
            logger.exception("Reminder to %s failed", juror)
            continue
        logger.info("Reminder sent to %s (%d open)", juror, count)
        sent.append(juror)
    return sent
