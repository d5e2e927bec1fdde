"""Jury operations shared by the views and the REST services."""

from AccessControl import Unauthorized
from ikz.landespreis import _
from ikz.landespreis import audit
from ikz.landespreis import ledger
from ikz.landespreis import logger
from ikz.landespreis import mail
from ikz.landespreis.domain.formatting import german_datetime
from ikz.landespreis.jury import access
from ikz.landespreis.jury import conflicts
from ikz.landespreis.jury import decision
from ikz.landespreis.jury import duties
from ikz.landespreis.jury import membership
from ikz.landespreis.jury import ranking_data
from ikz.landespreis.jury import scores
from ikz.landespreis.permissions import ScoreSubmission
from ikz.landespreis.permissions import SignJuryDecision
from ikz.landespreis.publicurl import public_url
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
    if conflicts.status(submission, juror) not in conflicts.GRANTING:
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
    if final:
        audit.record(
            submission,
            "score.final",
            target=api.content.get_uuid(submission),
            juror=juror,
            reference=submission.reference or "",
        )
    return entry


def reopen_score(submission, juror, by, reason=""):
    """The chair reopens a final score, with a reason (recorded)."""
    competition = find_competition(submission)
    if not api.user.has_permission(SignJuryDecision, obj=competition):
        raise Unauthorized("Only the jury chair reopens scores.")
    reason = duties.check_reason(reason)
    if scores.reopen(submission, juror, by, reason):
        entry = scores.record(submission, juror)
        ledger.set_score(
            competition, api.content.get_uuid(submission), juror, entry.values, False
        )
        audit.record(
            submission,
            "score.reopened",
            target=api.content.get_uuid(submission),
            reason=reason,
            juror=juror,
            reference=submission.reference or "",
        )
        return True
    return False


def may_declare(submission, juror):
    """The gate is open to jurors assigned to an admitted submission only."""
    return api.content.get_state(
        submission, default=None
    ) in access.JURY_STATES and membership.is_assigned(submission, juror)


def declare_conflict(submission, juror, conflict, reason=""):
    """A juror's declaration; a conflict (with a reason) removes access at
    once."""
    if not may_declare(submission, juror):
        raise Unauthorized(MSG_NOT_ASSIGNED)
    current = conflicts.status(submission, juror)
    if current in conflicts.BLOCKING:
        # withheld until the chair clears it; the juror cannot lift it
        return conflicts.record(submission, juror)
    entry = conflicts.declare(submission, juror, conflict, reason)
    access.sync_submission(submission)
    audit.record(
        submission,
        "conflict.declared" if conflict else "conflict.none",
        target=api.content.get_uuid(submission),
        reason=entry["reason"],
        juror=juror,
        reference=submission.reference or "",
    )
    return entry


def clear_conflict(submission, juror, by, reason=""):
    """A detected conflict is cleared by the chair, the deputy or a Site
    Administrator, never by the juror concerned; with a reason."""
    competition = find_competition(submission)
    duties.ensure_conflict_decider(competition, juror, by)
    entry = conflicts.clear(submission, juror, by, reason)
    access.sync_submission(submission)
    audit.record(
        submission,
        "conflict.cleared",
        target=api.content.get_uuid(submission),
        reason=entry["reason"],
        juror=juror,
        reference=submission.reference or "",
    )
    return entry


def request_correction(submission, juror, reason):
    if not may_declare(submission, juror):
        raise Unauthorized(MSG_NOT_ASSIGNED)
    entry = conflicts.request_correction(submission, juror, reason)
    audit.record(
        submission,
        "conflict.correction_requested",
        target=api.content.get_uuid(submission),
        reason=entry["correction"]["reason"],
        juror=juror,
        reference=submission.reference or "",
    )
    return entry


def decide_correction(submission, juror, by, accept, reason):
    competition = find_competition(submission)
    duties.ensure_conflict_decider(competition, juror, by)
    entry = conflicts.decide_correction(submission, juror, by, accept, reason)
    access.sync_submission(submission)
    audit.record(
        submission,
        "conflict.corrected",
        target=api.content.get_uuid(submission),
        reason=(reason or "").strip(),
        juror=juror,
        accepted=bool(accept),
        reference=submission.reference or "",
    )
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
    """Queue a reminder to every juror with open scores; returns their ids."""
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
            "url": public_url(competition, "@@jury"),
        }
        mail.send(
            competition,
            "reminder",
            address,
            translate(Message(REMINDER_SUBJECT, mapping=mapping), target_language="de"),
            translate(Message(REMINDER_BODY, mapping=mapping), target_language="de"),
            log=False,
            limit=False,
        )
        logger.info("Reminder queued for %s (%d open)", juror, count)
        sent.append(juror)
    return sent
