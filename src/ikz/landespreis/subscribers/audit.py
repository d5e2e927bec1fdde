"""Acts that go to the audit trail by event: workflow transitions (actor,
time, reason), moves between categories (access follows at once) and
changes of protected fields."""

from ikz.landespreis import audit
from ikz.landespreis.content.submission import PROTECTED_FIELDS
from plone import api


#: transitions of a submission with a kind of their own in the trail
KINDS = {
    "nominate": "award",
    "award": "award",
    "revoke": "award",
    "publish": "publication",
}


def transition(obj, event):
    """IAfterTransitionEvent of a submission or a competition."""
    if event.transition is None:
        return
    kwargs = event.kwargs or {}
    submission = obj.portal_type == "Submission"
    target = api.content.get_uuid(obj) if submission else ""
    extra = {}
    if submission:
        extra["category"] = obj.__parent__.getId()
    audit.record(
        obj,
        KINDS.get(event.transition.id, "transition") if submission else "transition",
        target=target,
        reason=(kwargs.get("comment") or "").strip(),
        transition=event.transition.id,
        old_state=event.old_state.getId() if event.old_state else "",
        new_state=event.new_state.getId() if event.new_state else "",
        reference=getattr(obj, "reference", "") or "",
        **extra,
    )


def moved(submission, event):
    """IObjectMovedEvent of a submission (not added, not removed): the jury's
    roles follow the new category in this transaction; the old panel's
    scores stay recorded but leave the ranking."""
    if event.oldParent is None or event.newParent is None:
        return
    if event.oldParent is event.newParent:
        return
    from ikz.landespreis.jury import access

    access.sync_submission(submission)
    audit.record(
        submission,
        "move",
        target=api.content.get_uuid(submission),
        reference=submission.reference or "",
        source=event.oldParent.getId(),
        destination=event.newParent.getId(),
    )


def modified(submission, event):
    """IObjectModifiedEvent: which protected fields changed (names only: the
    trail holds no personal data)."""
    names = set()
    for description in getattr(event, "descriptions", ()) or ():
        names.update(getattr(description, "attributes", ()) or ())
    changed = sorted(
        name.split(".")[-1] for name in names if name.split(".")[-1] in PROTECTED_FIELDS
    )
    if changed:
        audit.record(
            submission,
            "field.changed",
            target=api.content.get_uuid(submission),
            reference=submission.reference or "",
            fields=tuple(changed),
        )
