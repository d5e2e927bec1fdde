"""Decisions of the office on many submissions at once."""

from ikz.landespreis import _
from ikz.landespreis import mail
from ikz.landespreis.content.category import ICategory
from ikz.landespreis.utils import find_competition
from plone import api
from zope.i18n import translate
from zope.i18nmessageid import Message


MSG_REASON_REQUIRED = _(
    "msg_reason_required", default="Please give a reason for the rejection."
)
MSG_NO_SELECTION = _(
    "msg_no_selection", default="Please select at least one submission."
)
MSG_BAD_TARGET = _(
    "msg_bad_target", default="Please choose a category of this competition."
)
REJECTION_SUBJECT = _("mail_rejection_subject", default="Your application ${reference}")
REJECTION_BODY = _(
    "mail_rejection_body",
    default='Dear ${name},\n\nthank you for your application "${title}" '
    "(${reference}). Unfortunately it cannot be admitted to the competition, "
    "for the following reason:\n\n"
    "${reason}\n\nIf you have any questions, please reply to this mail.\n\n"
    "Kind regards\nThe office of the Landespreis",
)


class DecisionError(ValueError):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def submissions_by_uid(competition, uids):
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog(
        portal_type="Submission",
        UID=list(uids),
        competition_uid=api.content.get_uuid(competition),
    )
    return [b.getObject() for b in brains]


def apply(competition, action, uids, reason="", comment="", target=None, notify=False):  # noqa: C901 - one dispatcher of the bulk actions
    """Run ``action`` (admit, reject, move) on the selected submissions.

    Returns ``(done, skipped)`` lists of references. Raises DecisionError
    (nothing changed) for a missing reason, selection or target.
    """
    uids = [u for u in (uids or []) if u]
    if not uids:
        raise DecisionError(MSG_NO_SELECTION)
    reason = (reason or "").strip()
    if action == "reject" and not reason:
        raise DecisionError(MSG_REASON_REQUIRED)
    category = None
    if action == "move":
        category = competition.get(target or "")
        if category is None or not ICategory.providedBy(category):
            raise DecisionError(MSG_BAD_TARGET)
    done, skipped = [], []
    for submission in submissions_by_uid(competition, uids):
        ref = submission.reference
        if action in ("admit", "reject"):
            available = [
                t["id"]
                for t in api.portal.get_tool("portal_workflow").getTransitionsFor(
                    submission
                )
            ]
            if action not in available:
                skipped.append(ref)
                continue
            if action == "reject":
                submission.rejection_reason = reason
            api.content.transition(
                submission,
                transition=action,
                comment=(reason if action == "reject" else comment),
            )
            if action == "reject" and notify:
                _mail_rejection(submission, reason)
            done.append(ref)
        elif action == "move":
            if submission.__parent__ is category:
                skipped.append(ref)
                continue
            # editors may not delete submissions; a move is the office's
            # decision (checked by the view's permission), done with the rights it needs
            with api.env.adopt_roles(["Manager"]):
                api.content.move(source=submission, target=category)
            done.append(ref)
        else:
            raise DecisionError(_("msg_unknown_action", default="Unknown action."))
    return done, skipped


def _mail_rejection(submission, reason):
    competition = find_competition(submission)
    mapping = {
        "name": submission.contact_name or "",
        "title": submission.title,
        "reference": submission.reference,
        "reason": reason,
    }
    mail.send(
        submission,
        "rejection",
        submission.contact_email,
        translate(Message(REJECTION_SUBJECT, mapping=mapping), target_language="de"),
        translate(Message(REJECTION_BODY, mapping=mapping), target_language="de"),
        reply_to=competition.office_email or None,
        limit=False,
    )
