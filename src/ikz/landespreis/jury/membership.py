"""Who is on the jury of a competition: a Plone group per competition,
the chair (local role ``Jury Chair`` on the competition), optional panels per
category, and each juror's home organisation (a member property)."""

from ikz.landespreis.utils import ensure_annotation
from ikz.landespreis.utils import find_competition
from persistent.mapping import PersistentMapping
from plone import api
from zope.annotation.interfaces import IAnnotations


PANELS = "ikz.landespreis.jury_panels"
DEPUTIES = "ikz.landespreis.jury_deputies"
# the jury group's role on the competition: the jury area (dashboard,
# ranking, the gate), nothing else; Reader would open the office's private
# drafts inside the competition
JURY_AREA_ROLE = "Jury Member"
OLD_JURY_AREA_ROLE = "Reader"


def jury_group_id(competition):
    return getattr(competition, "jury_group", None) or f"jury-{competition.getId()}"


def ensure_jury_group(competition):
    group_id = jury_group_id(competition)
    if api.group.get(groupname=group_id) is None:
        api.group.create(
            groupname=group_id,
            title=f"Jury: {competition.Title()}",
            description="Mitglieder der Jury dieser Ausgabe.",
        )
    if getattr(competition, "jury_group", None) != group_id:
        competition.jury_group = group_id
    # the jury reads the competition's jury area (and its dashboard); the
    # submissions themselves need the local role Juror on each of them
    roles = list(competition.get_local_roles_for_userid(group_id))
    if JURY_AREA_ROLE not in roles or OLD_JURY_AREA_ROLE in roles:
        wanted = [r for r in roles if r != OLD_JURY_AREA_ROLE]
        competition.manage_setLocalRoles(group_id, [*wanted, JURY_AREA_ROLE])
        competition.reindexObjectSecurity()
    return group_id


def members(competition):
    group = api.group.get(groupname=jury_group_id(competition))
    if group is None:
        return []
    return sorted(group.getGroupMemberIds())


def chairs(competition):
    return sorted(
        principal
        for principal, roles in competition.get_local_roles()
        if "Jury Chair" in roles
    )


def deputies(competition):
    return sorted(IAnnotations(competition).get(DEPUTIES, ()))


def add_member(competition, user_id, chair=False):
    """Add a juror (the office); ``chair`` only for a Site Administrator.
    Refused with a :class:`duties.DutyError` for a person of the office."""
    from ikz.landespreis import audit
    from ikz.landespreis.jury import duties

    if chair:
        duties.ensure_may_appoint()
    duties.ensure_may_join_jury(competition, user_id)
    ensure_jury_group(competition)
    if user_id not in members(competition):
        api.group.add_user(groupname=jury_group_id(competition), username=user_id)
        audit.record(competition, "jury.member_added", target=user_id)
    if chair:
        set_chair(competition, user_id, True)


def remove_member(competition, user_id):
    """Take ``user_id`` off the jury (the jury page). Leaving the group
    (this door, ``@groups``, ``@users``, the control panel, deleting the
    account) runs :func:`forget_member` through PAS's
    ``PrincipalRemovedFromGroup`` event (``duties.principal_removed``).
    Only a Site Administrator takes off the chair or a deputy, whom only
    they appoint."""
    from ikz.landespreis.jury import duties

    if user_id in chairs(competition) or user_id in deputies(competition):
        duties.ensure_may_appoint()
    if user_id in members(competition):
        api.group.remove_user(groupname=jury_group_id(competition), username=user_id)
    else:
        forget_member(competition, user_id)


def is_recorded(competition, user_id):
    """``user_id`` still holds a place in the jury's records: the chair,
    a deputy or a panel."""
    return (
        user_id in chairs(competition)
        or user_id in deputies(competition)
        or any(user_id in users for users in panels(competition).values())
    )


def forget_member(competition, user_id):
    """Someone left the jury group (by whatever door): the chair's role,
    the deputy's place and the panels follow, and it is recorded. The local
    roles on the applications follow with ``access.sync_competition``."""
    from ikz.landespreis import audit

    if user_id in chairs(competition):
        _set_chair_role(competition, user_id, False)
    if user_id in deputies(competition):
        IAnnotations(competition)[DEPUTIES] = tuple(
            u for u in deputies(competition) if u != user_id
        )
    stored = IAnnotations(competition).get(PANELS) or {}
    for category_id, users in list(stored.items()):
        if user_id in users:
            stored[category_id] = [u for u in users if u != user_id]
    audit.record(competition, "jury.member_removed", target=user_id)


def _set_chair_role(competition, user_id, chair):
    roles = [
        r for r in competition.get_local_roles_for_userid(user_id) if r != "Jury Chair"
    ]
    if chair:
        roles.append("Jury Chair")
    if roles:
        competition.manage_setLocalRoles(user_id, roles)
    else:
        competition.manage_delLocalRoles([user_id])
    competition.reindexObjectSecurity()


def set_chair(competition, user_id, chair=True):
    """Appoint (or recall) the chair: Site Administrators only, a member
    of the jury, never the deputy at the same time."""
    from ikz.landespreis import audit
    from ikz.landespreis.jury import duties

    duties.ensure_may_appoint()
    if chair:
        if user_id not in members(competition):
            raise duties.DutyError(duties.MSG_NOT_MEMBER.format(user=user_id))
        if user_id in deputies(competition):
            raise duties.DutyError(duties.MSG_CHAIR_DEPUTY)
    _set_chair_role(competition, user_id, chair)
    audit.record(competition, "jury.chair", target=user_id, appointed=bool(chair))


def set_deputy(competition, user_id, deputy=True):
    """Appoint (or recall) a deputy chair: Site Administrators only."""
    from ikz.landespreis import audit
    from ikz.landespreis.jury import duties

    duties.ensure_may_appoint()
    current = [u for u in deputies(competition) if u != user_id]
    if deputy:
        if user_id not in members(competition):
            raise duties.DutyError(duties.MSG_NOT_MEMBER.format(user=user_id))
        if user_id in chairs(competition):
            raise duties.DutyError(duties.MSG_CHAIR_DEPUTY)
        current.append(user_id)
    IAnnotations(competition)[DEPUTIES] = tuple(sorted(current))
    audit.record(competition, "jury.deputy", target=user_id, appointed=bool(deputy))


def _panels(competition):
    return ensure_annotation(competition, PANELS, PersistentMapping)


def panels(competition):
    return {k: list(v) for k, v in IAnnotations(competition).get(PANELS, {}).items()}


def set_panel(competition, category_id, user_ids):
    from ikz.landespreis import audit

    users = sorted(set(user_ids))
    before = panels(competition).get(category_id, [])
    _panels(competition)[category_id] = users
    if before != users:
        audit.record(
            competition,
            "jury.panel",
            target=category_id,
            members=tuple(users),
            before=tuple(before),
        )


def assigned_jurors(competition, category_id):
    """Jurors assigned to a category: its panel, or the whole jury."""
    panel = panels(competition).get(category_id)
    jury = members(competition)
    if panel:
        return [u for u in panel if u in jury]
    return jury


def home_organisation(user_id):
    user = api.user.get(userid=user_id)
    if user is None:
        return ""
    return user.getProperty("home_organisation", "") or ""


def is_assigned(submission, user_id):
    competition = find_competition(submission)
    return user_id in assigned_jurors(competition, submission.__parent__.getId())


def full_name(user_id):
    """A person's full name for every page (the user id only when the
    account has no name or is gone)."""
    if not user_id:
        return ""
    user = api.user.get(userid=user_id)
    if user is None:
        return user_id
    return user.getProperty("fullname", "") or user_id
