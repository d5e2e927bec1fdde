"""Jurors see a submission through the local role Juror on it.

Granted to the assigned jurors while the submission is admitted, nominated
or awarded, minus everyone with a declared or detected conflict; removed
otherwise. Then the submission's security is reindexed, so views,
downloads, search, REST and catalog queries all follow.
"""

from ikz.landespreis import ledger
from ikz.landespreis.jury import confidentiality
from ikz.landespreis.jury import conflicts
from ikz.landespreis.jury import membership
from ikz.landespreis.jury import scores
from ikz.landespreis.utils import competition_submissions
from ikz.landespreis.utils import find_competition
from plone import api


JURY_STATES = ("admitted", "nominated", "awarded")
JURY_ROLES = ("Juror", "Jury Chair")


class JuryFacts:
    """Who is on a competition's jury, each fact looked up once: syncing a
    whole competition asks the same questions for every submission, and
    the group and user lookups were most of its time."""

    def __init__(self, competition):
        self.competition = competition
        self.chairs = set(membership.chairs(competition))
        self._assigned = {}
        self._homes = {}
        self._pending = {}
        self.archived = api.content.get_state(competition, default=None) == "archived"

    def pending(self, user_id):
        """An invited juror who has not accepted the confidentiality
        statement yet sees no application."""
        if user_id not in self._pending:
            self._pending[user_id] = confidentiality.pending(self.competition, user_id)
        return self._pending[user_id]

    def assigned(self, category_id):
        if category_id not in self._assigned:
            self._assigned[category_id] = membership.assigned_jurors(
                self.competition, category_id
            )
        return self._assigned[category_id]

    def home(self, user_id):
        if user_id not in self._homes:
            self._homes[user_id] = membership.home_organisation(user_id)
        return self._homes[user_id]


def intended_roles(submission, competition=None, facts=None):
    """``{user_id: [roles]}`` the jury should hold on ``submission``."""
    competition = competition or find_competition(submission)
    if competition is None:
        return {}
    if api.content.get_state(submission, default=None) not in JURY_STATES:
        return {}
    facts = facts or JuryFacts(competition)
    if facts.archived:
        return {}
    result = {}
    for user_id in facts.assigned(submission.__parent__.getId()):
        if facts.pending(user_id):
            continue
        conflicts.flag_if_matching(submission, user_id, facts.home(user_id))
        # the role (and with it every view, download, REST and search) only
        # after the juror declared no conflict, or the chair cleared a
        # detected one; the gate shows the few facts needed to decide
        if conflicts.status(submission, user_id) not in conflicts.GRANTING:
            continue
        result[user_id] = (
            ["Juror", "Jury Chair"] if user_id in facts.chairs else ["Juror"]
        )
    return result


def sync_submission(submission, competition=None, facts=None):
    """Bring the jury's local roles on ``submission`` in line; True if changed."""
    wanted = intended_roles(submission, competition, facts)
    if api.content.get_state(submission, default=None) in JURY_STATES:
        # created now, not by the first juror's save: concurrent first saves
        # would otherwise all write the submission's annotations
        scores.ensure_store(submission)
        conflicts.ensure_store(submission)
    changed = False
    for principal, roles in list(submission.get_local_roles()):
        jury_roles = [r for r in roles if r in JURY_ROLES]
        if not jury_roles:
            continue
        if sorted(jury_roles) == sorted(wanted.get(principal, [])):
            continue
        remaining = [r for r in roles if r not in JURY_ROLES]
        if remaining:
            submission.manage_setLocalRoles(principal, remaining)
        else:
            submission.manage_delLocalRoles([principal])
        changed = True
    current = dict(submission.get_local_roles())
    for user_id, roles in wanted.items():
        have = [r for r in current.get(user_id, ()) if r in JURY_ROLES]
        if sorted(have) != sorted(roles):
            others = [r for r in current.get(user_id, ()) if r not in JURY_ROLES]
            submission.manage_setLocalRoles(user_id, others + roles)
            changed = True
    if changed:
        submission.reindexObjectSecurity()
    competition = competition or find_competition(submission)
    if competition is not None:
        ledger.set_place(
            competition,
            api.content.get_uuid(submission),
            submission.__parent__.getId()
            if api.content.get_state(submission, default=None) in JURY_STATES
            else None,
        )
        ledger.set_jurors(
            competition,
            api.content.get_uuid(submission),
            [u for u, roles in wanted.items() if "Juror" in roles],
        )
        # who must not read its scores (the chair's ranking and exports)
        ledger.set_blocked(
            competition,
            api.content.get_uuid(submission),
            [
                juror
                for juror, entry in conflicts.all_records(submission).items()
                if entry["status"] in conflicts.BLOCKING
            ],
        )
    return changed


def sync_competition(competition):
    changed = 0
    facts = JuryFacts(competition)
    for submission in competition_submissions(competition):
        if sync_submission(submission, competition, facts):
            changed += 1
    return changed


def after_transition(submission, event):
    sync_submission(submission)


def close_jury(competition, event):
    """Archiving a competition ends its jury's access: the jury group loses
    the jury area, the chairs their role, every application its jurors'
    local roles (the members stay recorded in the group and the trail)."""
    from ikz.landespreis import audit

    if getattr(event, "action", None) != "archive":
        return
    group_id = getattr(competition, "jury_group", None)
    if group_id:
        roles = [
            r
            for r in competition.get_local_roles_for_userid(group_id)
            if r != membership.JURY_AREA_ROLE
        ]
        if roles:
            competition.manage_setLocalRoles(group_id, roles)
        else:
            competition.manage_delLocalRoles([group_id])
    chairs = membership.chairs(competition)
    for user_id in chairs:
        roles = [
            r
            for r in competition.get_local_roles_for_userid(user_id)
            if r != "Jury Chair"
        ]
        if roles:
            competition.manage_setLocalRoles(user_id, roles)
        else:
            competition.manage_delLocalRoles([user_id])
    competition.archived_chairs = tuple(chairs)
    competition.reindexObjectSecurity()
    sync_competition(competition)
    audit.record(competition, "jury.closed", target=group_id or "")
