"""Separation of duties (DESIGN.md, "Duties no one may cross").

The rules are pure functions over plain data (role names, user ids), so a
unit test can call them without Zope; the thin glue below them asks Plone
for the facts and raises :class:`DutyError` (a ``BadRequest``: REST answers
400, the views show the message) with a German message. Every door that can
change a duty calls the glue: ``@@jury-members``, the Sharing tab and
``@sharing``, group membership (``@groups``, ``@users``, the control panel:
through PAS's ``PrincipalAddedToGroup`` event) and the conflict decisions.
"""

from zExceptions import BadRequest


#: roles of the competition office (on the competition or site-wide)
OFFICE_ROLES = frozenset({"Editor", "Reviewer", "Contributor"})
#: roles that come only from the jury's records, never from the Sharing tab
JURY_RECORD_ROLES = frozenset({"Juror", "Jury Chair", "Jury Member"})
#: who appoints the chair and the deputy, and who may decide any conflict
ADMIN_ROLES = frozenset({"Manager", "Site Administrator"})

MSG_OFFICE_NOT_JURY = (
    "{user} hat eine Rolle der Geschäftsstelle in diesem Wettbewerb "
    "(Bearbeiten, Prüfen oder Hinzufügen) und kann deshalb nicht Mitglied "
    "der Jury sein."
)
MSG_ADMIN_NOT_JURY = (
    "{user} gehört zur Website-Administration, die den Vorsitz der Jury "
    "bestimmt, und kann deshalb nicht Mitglied der Jury sein."
)
MSG_JURY_NOT_OFFICE = (
    "{user} ist Mitglied der Jury dieses Wettbewerbs und kann deshalb keine "
    "Rolle der Geschäftsstelle (Bearbeiten, Prüfen oder Hinzufügen) erhalten."
)
MSG_APPOINT = (
    "Den Vorsitz und den stellvertretenden Vorsitz der Jury bestimmt nur die "
    "Website-Administration."
)
MSG_RECORD_ROLES = (
    "Die Rollen Jurymitglied und Juryvorsitz werden nur über die Jury-Seite "
    "vergeben, nicht über die Freigabe."
)
MSG_SELF = "Niemand entscheidet über die eigene Befangenheit."
MSG_CHAIR_CONFLICT = (
    "Über eine Befangenheit des Vorsitzes entscheidet die Stellvertretung "
    "oder die Website-Administration."
)
MSG_NOT_DECIDER = (
    "Über Befangenheiten entscheidet der Vorsitz der Jury (oder die "
    "Stellvertretung oder die Website-Administration)."
)
MSG_REASON = "Bitte geben Sie eine Begründung an."
MSG_NOT_MEMBER = "{user} ist nicht Mitglied der Jury."
MSG_CHAIR_DEPUTY = "Vorsitz und Stellvertretung müssen verschiedene Personen sein."
MSG_SIGN_OWN_CONFLICT = (
    "Sie sind bei einer Bewerbung dieser Kategorie befangen und unterzeichnen "
    "ihre Entscheidung deshalb nicht; das übernimmt die Stellvertretung des "
    "Vorsitzes."
)
MSG_GLOBAL_JURY_ROLE = (
    "Die Rollen Jurymitglied und Juryvorsitz gelten nur in einem Wettbewerb "
    "und werden nur über dessen Jury-Seite vergeben, nicht für die ganze Website."
)
MSG_GLOBAL_OFFICE_ROLE = (
    "{user} ist Mitglied der Jury eines Wettbewerbs und kann deshalb keine "
    "Rolle der Geschäftsstelle oder der Website-Administration für die ganze "
    "Website erhalten."
)


class DutyError(BadRequest):
    """A duty would be crossed; nothing was changed."""

    def __init__(self, message):
        # CMF's WorkflowTool re-raises ``type(error)(error)``
        if isinstance(message, DutyError):
            message = message.message
        message = str(message)
        super().__init__(message)
        self.message = message

    def __str__(self):
        return self.message


# -- pure rules -----------------------------------------------------------


def is_office(roles):
    """The roles (global and local, in a competition) hold an office role."""
    return bool(OFFICE_ROLES & set(roles or ()))


def is_admin_role(roles):
    return bool(ADMIN_ROLES & set(roles or ()))


def check_may_join_jury(user_id, roles):
    """``roles``: the user's roles in the competition without the jury's.
    Neither the office nor the site administration (who appoints the
    chair) sits on the jury."""
    if is_office(roles):
        raise DutyError(MSG_OFFICE_NOT_JURY.format(user=user_id))
    if is_admin_role(roles):
        raise DutyError(MSG_ADMIN_NOT_JURY.format(user=user_id))


def check_may_get_office(user_id, new_roles, is_juror):
    if is_juror and is_office(new_roles):
        raise DutyError(MSG_JURY_NOT_OFFICE.format(user=user_id))


def check_may_appoint(actor_roles):
    if not ADMIN_ROLES & set(actor_roles or ()):
        raise DutyError(MSG_APPOINT)


def check_sharing_roles(roles):
    if JURY_RECORD_ROLES & set(roles or ()):
        raise DutyError(MSG_RECORD_ROLES)


def check_global_roles(principal, members, roles, jury):
    """Roles held site-wide by ``principal`` (a user, or a group with the
    user ids ``members``): never a jury role (the jury's roles are local to
    a competition, from its records); no office or administration role for
    anyone in ``jury`` (the members and chairs of every competition)."""
    roles = set(roles or ())
    if JURY_RECORD_ROLES & roles:
        raise DutyError(MSG_GLOBAL_JURY_ROLE)
    if not (is_office(roles) or ADMIN_ROLES & roles):
        return
    for user_id in sorted({principal, *members} & set(jury)):
        raise DutyError(MSG_GLOBAL_OFFICE_ROLE.format(user=user_id))


def may_stand_in_for_the_chair(signer, chairs, deputies, conflicted, chair_may_sign):
    """The deputy signs a category in the chair's place when the chair has a
    conflict with an application in it, wherever the workflow lets the chair
    sign (``chair_may_sign``: the competition's phase, asked of the workflow's
    role mapping, never checked here)."""
    return bool(chair_may_sign and signer in deputies and set(chairs) & set(conflicted))


def check_signer(signer, conflicted):
    """Nobody signs the decision about an application they are conflicted
    on: ``conflicted`` are the people with a conflict in the category."""
    if signer in conflicted:
        raise DutyError(MSG_SIGN_OWN_CONFLICT)


def check_reason(reason):
    reason = (reason or "").strip()
    if not reason:
        raise DutyError(MSG_REASON)
    return reason


def check_conflict_decider(decider, juror, chairs, deputies, decider_is_admin):
    """Who may decide about ``juror``'s conflict (clearance, correction).

    Nobody about themself; about the chair only the deputy or an
    administrator; about anyone else the chair, the deputy or an
    administrator."""
    if decider == juror:
        raise DutyError(MSG_SELF)
    if juror in chairs:
        if decider in deputies or decider_is_admin:
            return
        raise DutyError(MSG_CHAIR_CONFLICT)
    if decider in chairs or decider in deputies or decider_is_admin:
        return
    raise DutyError(MSG_NOT_DECIDER)


def may_decide_conflicts(user_id, chairs, deputies, is_admin):
    return is_admin or user_id in chairs or user_id in deputies


# -- Plone glue -----------------------------------------------------------


def _office_roles_in(competition, user_id):
    """The office and administration roles ``user_id`` holds in
    ``competition`` (global, local, through groups)."""
    from plone import api

    user = api.user.get(userid=user_id)
    if user is None:
        return set()
    roles = set(user.getRolesInContext(competition))
    return roles & (OFFICE_ROLES | ADMIN_ROLES)


def is_admin():
    """The current user is a Site Administrator or Manager of the site
    (through a global role or a group; proxy roles count, so installers
    running with ``api.env.adopt_roles`` do too)."""
    from AccessControl import getSecurityManager
    from plone import api

    # held site-wide by Manager and Site Administrator only (Plone's rolemap)
    return bool(
        getSecurityManager().checkPermission(
            "Plone Site Setup: Overview", api.portal.get()
        )
    )


def ensure_may_join_jury(competition, user_id):
    check_may_join_jury(user_id, _office_roles_in(competition, user_id))


def ensure_may_appoint():
    check_may_appoint(ADMIN_ROLES if is_admin() else ())


def ensure_conflict_decider(competition, juror, decider=None):
    from ikz.landespreis.jury import membership
    from plone import api

    user = api.user.get_current()
    decider = decider or user.getId()
    check_conflict_decider(
        decider,
        juror,
        set(membership.chairs(competition)),
        set(membership.deputies(competition)),
        is_admin(),
    )


def may_decide_conflicts_here(competition):
    from ikz.landespreis.jury import membership
    from plone import api

    user = api.user.get_current()
    return may_decide_conflicts(
        user.getId(),
        set(membership.chairs(competition)),
        set(membership.deputies(competition)),
        is_admin(),
    )


def _principal_members(principal_id):
    """A user id, or the user ids of a group (one level, as Plone's groups)."""
    from plone import api

    group = api.group.get(groupname=principal_id)
    if group is None:
        return [principal_id]
    return list(group.getGroupMemberIds())


def check_local_roles(context, settings):
    """Sharing (view and ``@sharing``): ``settings`` is the list of
    ``{"id", "roles"}`` about to be stored on ``context``. No jury role
    through the Sharing tab; no office role for a member of the jury."""
    from ikz.landespreis.jury import membership
    from ikz.landespreis.utils import find_competition

    competition = find_competition(context)
    for entry in settings:
        roles = set(entry.get("roles") or ())
        existing = set(context.get_local_roles_for_userid(userid=entry["id"]))
        new = roles - existing
        check_sharing_roles(new)
        if competition is None or not is_office(new):
            continue
        jury = set(membership.members(competition)) | set(
            membership.chairs(competition)
        )
        for user_id in _principal_members(entry["id"]):
            check_may_get_office(user_id, new, user_id in jury)


def _btree_changed(tree):
    """``tree`` (a BTree) or one of its buckets is modified in this
    transaction."""
    if tree._p_changed:
        return True
    state = tree.__getstate__()
    if not state or len(state) != 2:  # empty, or one bucket kept inline
        return False
    for child in state[0][::2]:  # children between the separating keys
        if type(child).__name__.endswith("BTree"):
            if _btree_changed(child):
                return True
        elif child._p_changed:
            return True
    return False


def check_global_role_assignments(event):
    """IPubBeforeCommit: when this request changed the site-wide role
    assignments (``@users``, ``@groups``, the user and group control
    panels: they all store them in PAS's role manager), none may cross a
    duty. Refused with a German message (400); nothing is stored."""
    from zope.component.hooks import getSite

    method = (event.request.get("REQUEST_METHOD") or "GET").upper()
    if method in ("GET", "HEAD", "OPTIONS"):
        return
    site = getSite()
    acl_users = getattr(site, "acl_users", None)
    plugin = getattr(acl_users, "portal_role_manager", None)
    tree = getattr(plugin, "_principal_roles", None)
    if tree is None or not _btree_changed(tree):
        return
    from ikz.landespreis.jury import membership
    from plone import api

    jury = set()
    catalog = api.portal.get_tool("portal_catalog")
    for brain in catalog.unrestrictedSearchResults(portal_type="Competition"):
        competition = brain._unrestrictedGetObject()
        jury |= set(membership.members(competition))
        jury |= set(membership.chairs(competition))
    try:
        for principal, roles in tree.items():
            check_global_roles(principal, _principal_members(principal), roles, jury)
    except DutyError:
        import transaction

        transaction.doom()
        raise


def competitions_of_jury_group(group_id):
    from plone import api

    catalog = api.portal.get_tool("portal_catalog")
    result = []
    for brain in catalog.unrestrictedSearchResults(portal_type="Competition"):
        obj = brain._unrestrictedGetObject()
        if (getattr(obj, "jury_group", None) or f"jury-{obj.getId()}") == group_id:
            result.append(obj)
    return result


def competitions_with_office_group(group_id):
    """``[(competition, roles)]``: the competitions in which ``group_id``
    holds an office or administration role (locally or, for a group with
    such a global role, all of them), with those roles."""
    from plone import api

    group = api.group.get(groupname=group_id)
    if group is None:
        return []
    portal = api.portal.get()
    catalog = api.portal.get_tool("portal_catalog")
    inherited = set(group.getRoles()) | set(portal.get_local_roles_for_userid(group_id))
    result = []
    for brain in catalog.unrestrictedSearchResults(portal_type="Competition"):
        obj = brain._unrestrictedGetObject()
        roles = inherited | set(obj.get_local_roles_for_userid(group_id))
        if is_office(roles) or is_admin_role(roles):
            result.append((obj, roles))
    return result


def principal_added_to_group(event):
    """PAS event (``@groups``, ``@users``, the control panel, the jury page):
    a user joins a group. Refused (the transaction is aborted with a German
    message) when that makes someone office and jury of one competition."""
    try:
        _check_group_membership(event)
    except DutyError as error:
        # a plain BadRequest: Zope answers 400 on every door (REST, forms)
        import transaction

        transaction.doom()
        raise BadRequest(error.message) from None


def _check_group_membership(event):
    from ikz.landespreis.jury import membership

    group_id = event.group_id
    user_id = event.principal
    if not isinstance(user_id, str):
        user_id = user_id.getId()
    for competition in competitions_of_jury_group(group_id):
        roles = _office_roles_in(competition, user_id)
        check_may_join_jury(user_id, roles)
    for competition, roles in competitions_with_office_group(group_id):
        jury = set(membership.members(competition)) | set(
            membership.chairs(competition)
        )
        if group_id == membership.jury_group_id(competition):
            continue
        if user_id in jury and is_admin_role(roles) and not is_office(roles):
            raise DutyError(MSG_GLOBAL_OFFICE_ROLE.format(user=user_id))
        check_may_get_office(user_id, roles, user_id in jury)


def principal_removed_from_group(event):
    """PAS event (``@groups``, ``@users``, the control panel, the jury page,
    deleting the account): someone leaves a competition's jury group. The
    chair's role, the deputy's place and the panels go with the membership,
    the local roles on the applications follow at once, and it is
    recorded."""
    from ikz.landespreis.jury import access
    from ikz.landespreis.jury import membership

    user_id = event.principal
    if not isinstance(user_id, str):
        user_id = user_id.getId()
    for competition in competitions_of_jury_group(event.group_id):
        membership.forget_member(competition, user_id)
        access.sync_competition(competition)


def principal_deleted(event):
    """PAS event: an account is deleted (``@users``, the control panel).
    Its jury memberships end as a removal does (PAS keeps the group
    memberships of a deleted account, and a new account of the same id
    would inherit them)."""
    from ikz.landespreis.jury import access
    from ikz.landespreis.jury import membership
    from plone import api

    user_id = event.principal
    if not isinstance(user_id, str):
        user_id = user_id.getId()
    groups = api.portal.get_tool("portal_groups")
    catalog = api.portal.get_tool("portal_catalog")
    for brain in catalog.unrestrictedSearchResults(portal_type="Competition"):
        competition = brain._unrestrictedGetObject()
        group_id = membership.jury_group_id(competition)
        if api.group.get(groupname=group_id) is not None and (
            groups.removePrincipalFromGroup(user_id, group_id)
        ):
            continue  # principal_removed_from_group did the rest
        if membership.is_recorded(competition, user_id):
            membership.forget_member(competition, user_id)
            access.sync_competition(competition)
