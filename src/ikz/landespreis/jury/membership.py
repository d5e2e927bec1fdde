"""Who is on the jury of a competition: a Plone group per competition,
the chair (local role ``Jury Chair`` on the competition), optional panels per
category, and each juror's home organisation (a member property)."""

from ikz.landespreis.utils import ensure_annotation
from ikz.landespreis.utils import find_competition
from persistent.mapping import PersistentMapping
from plone import api
from zope.annotation.interfaces import IAnnotations


PANELS = "ikz.landespreis.jury_panels"
JURY_AREA_ROLE = "Reader"


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
    roles = api.group.get_roles(groupname=group_id, obj=competition, inherit=False)
    if JURY_AREA_ROLE not in roles:
        api.group.grant_roles(
            groupname=group_id, obj=competition, roles=[JURY_AREA_ROLE]
        )
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


def add_member(competition, user_id, chair=False):
    ensure_jury_group(competition)
    api.group.add_user(groupname=jury_group_id(competition), username=user_id)
    if chair:
        api.user.grant_roles(username=user_id, obj=competition, roles=["Jury Chair"])


def remove_member(competition, user_id):
    api.group.remove_user(groupname=jury_group_id(competition), username=user_id)
    if user_id in chairs(competition):
        api.user.revoke_roles(username=user_id, obj=competition, roles=["Jury Chair"])
    stored = _panels(competition)
    for category_id, users in list(stored.items()):
        if user_id in users:
            stored[category_id] = [u for u in users if u != user_id]


def set_chair(competition, user_id, chair=True):
    if chair:
        api.user.grant_roles(username=user_id, obj=competition, roles=["Jury Chair"])
    else:
        api.user.revoke_roles(username=user_id, obj=competition, roles=["Jury Chair"])


def _panels(competition):
    return ensure_annotation(competition, PANELS, PersistentMapping)


def panels(competition):
    return {k: list(v) for k, v in IAnnotations(competition).get(PANELS, {}).items()}


def set_panel(competition, category_id, user_ids):
    _panels(competition)[category_id] = sorted(set(user_ids))


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
