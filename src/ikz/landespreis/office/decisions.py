"""Decisions of the office on many submissions at once."""

from ikz.landespreis import _
from ikz.landespreis.content.category import ICategory
from plone import api


MSG_REASON_REQUIRED = _(
    "msg_reason_required", default="Please give a reason for the rejection."
)
MSG_NO_SELECTION = _(
    "msg_no_selection", default="Please select at least one submission."
)
MSG_BAD_TARGET = _(
    "msg_bad_target", default="Please choose a category of this competition."
)
#: the transitions that say "no" to an applicant: each needs a reason
NO_TRANSITIONS = ("reject", "withdraw")
MSG_NO_REASON = {
    "reject": "Bitte geben Sie einen Grund für die Ablehnung an.",
    "withdraw": "Bitte geben Sie einen Grund für das Zurückziehen an.",
}


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
                say_no(submission, "reject", reason, notify=notify)
            else:
                api.content.transition(submission, transition=action, comment=comment)
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


def say_no(submission, transition, reason, notify=False):
    """The one path of every "no" (reject, withdraw): toolbar form, bulk,
    REST ``@workflow`` (through the workflow subscribers below). The reason
    is required (:func:`check_no_reason` refuses the transition without
    one), stored as the rejection reason and offered to the applicant by
    mail."""
    api.content.transition(
        submission, transition=transition, comment=reason, notify=bool(notify)
    )


def check_no_reason(submission, event):
    """IBeforeTransitionEvent: no reject or withdraw without a reason,
    whoever asks and however (German message, nothing changed)."""
    from zExceptions import BadRequest

    import transaction

    if event.transition is None or event.transition.id not in NO_TRANSITIONS:
        return
    reason = ((event.kwargs or {}).get("comment") or "").strip()
    if not reason:
        transaction.doom()
        # BadRequest: REST @workflow and content_status_modify answer 400
        raise BadRequest(MSG_NO_REASON[event.transition.id])


def after_no(submission, event):
    """IAfterTransitionEvent: keep the reason, mail the applicant when asked
    (``notify`` of the form, the bulk action or the REST body)."""
    if event.transition is None or event.transition.id not in NO_TRANSITIONS:
        return
    kwargs = event.kwargs or {}
    reason = (kwargs.get("comment") or "").strip()
    if event.transition.id == "reject":
        submission.rejection_reason = reason
    notify = kwargs.get("notify")
    if notify is None:
        notify = _rest_notify()
    if notify:
        mail_no(submission, event.transition.id, reason)


def _rest_notify():
    """``POST @workflow/reject {"comment": ..., "notify": true}``"""
    from zope.globalrequest import getRequest

    request = getRequest()
    if request is None or "@workflow" not in request.get("ACTUAL_URL", ""):
        return False
    try:
        from plone.restapi.deserializer import json_body

        return bool(json_body(request).get("notify"))
    except Exception:
        return False


def mail_no(submission, transition, reason):
    """The German mail to the applicant (one function, so the central mail
    module can take it over)."""
    if not getattr(submission, "contact_email", None):
        return
    _mail_rejection(submission, reason, transition)
    if transition == "reject":
        from ikz.landespreis.applicants.release import release_outcome

        # the mail tells the applicant: "Meine Bewerbung" may say it too
        release_outcome(submission)


def _mail_rejection(submission, reason, transition="reject"):
    """The office's template "rejection" (or "withdrawal"), released at once:
    the office asked to tell the applicant with this decision."""
    from ikz.landespreis import mailtemplates

    kind = "withdrawal" if transition == "withdraw" else "rejection"
    mailtemplates.send_to_applicant(
        submission, kind, reason=reason, limit=False, release="direct"
    )
