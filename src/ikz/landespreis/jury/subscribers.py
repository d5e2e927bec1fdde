from ikz.landespreis import ledger
from ikz.landespreis.jury.membership import ensure_jury_group


def competition_added(competition, event):
    """Every competition has its jury group and ledger from the start."""
    ensure_jury_group(competition)
    ledger.ensure(competition)


def record_award(submission, event):
    """Nominations, awards and their revocation go to the audit trail."""
    action = getattr(event, "action", None)
    if action not in ("nominate", "award", "revoke", "publish"):
        return
    from ikz.landespreis import audit
    from plone import api

    audit.record(
        submission,
        "publication" if action == "publish" else "award",
        target=api.content.get_uuid(submission),
        reason=api.portal.get_tool("portal_workflow").getInfoFor(
            submission, "comments", ""
        )
        or "",
        transition=action,
        reference=getattr(submission, "reference", ""),
        category=submission.__parent__.getId(),
    )
