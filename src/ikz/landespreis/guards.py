"""Workflow guard expressions (declared public for restricted Python in
``__init__``): each calls one domain rule."""

from Acquisition import aq_inner
from Acquisition import aq_parent
from ikz.landespreis import _
from ikz.landespreis.domain import decisions as rules
from zope.i18nmessageid import Message


MSG_NOT_SIGNED = _(
    "msg_transition_not_signed",
    default="The jury has not signed the decision of this category yet; "
    "awards and nominations follow the signed decision.",
)
MSG_NOT_WINNER = _(
    "msg_transition_not_winner",
    default="The signed decision of this category does not name this "
    "application as a winner, so it cannot be awarded.",
)
MSG_NOT_NOMINEE = _(
    "msg_transition_not_nominee",
    default="The signed decision of this category names this application "
    "neither as a winner nor as a nominee, so it cannot be nominated.",
)
MSG_STILL_NAMED = _(
    "msg_transition_still_named",
    default="The signed decision of this category names this application; "
    "to revoke it, the decision must first be reopened.",
)
MSG_NOT_ALL_SIGNED = _(
    "msg_transition_not_all_signed",
    default="The competition can only be decided when the jury has signed "
    "the decision of every category with applications.",
)
MSG_UNAVAILABLE = _(
    "msg_transition_unavailable",
    default="This change of state is not possible here at the moment, or "
    "not for you (current state: ${state}).",
)


def _decision(submission):
    from ikz.landespreis.jury import decision

    return decision.get(aq_parent(aq_inner(submission)))


def named_in_decision(submission, transition):
    """``award``/``nominate`` only for applications the signed decision of
    their category names."""
    return rules.named(_decision(submission), submission.UID(), transition)


def may_revoke(submission):
    """Revoke a nomination or award the signed decision no longer names."""
    from plone import api

    state = api.content.get_state(submission, default=None)
    transition = "nominate" if state == "nominated" else "award"
    return not rules.named(_decision(submission), submission.UID(), transition)


def all_categories_signed(competition):
    """``decide`` only when every category with applications is signed."""
    from ikz.landespreis.jury import decision
    from ikz.landespreis.jury.service import category_brains
    from ikz.landespreis.utils import competition_categories

    categories = []
    for brain in competition_categories(competition):
        category = brain._unrestrictedGetObject()
        categories.append((
            bool(len(category_brains(category))),
            decision.get(category) is not None,
        ))
    return rules.all_signed(categories)


def why_not(context, transition):
    """Why ``transition`` is not available on ``context`` (a message)."""
    from plone import api

    real_type = getattr(context, "portal_type", "")
    # refused by the state or for the person: the general message
    rules_refuse = _only_the_guard_expression_refuses(context, transition)
    portal_type = real_type if rules_refuse else None
    if portal_type == "Submission" and transition in ("award", "nominate"):
        decision = _decision(context)
        if not decision:
            return MSG_NOT_SIGNED
        if not named_in_decision(context, transition):
            return MSG_NOT_WINNER if transition == "award" else MSG_NOT_NOMINEE
    revoke = portal_type == "Submission" and transition == "revoke"
    if revoke and not may_revoke(context):
        return MSG_STILL_NAMED
    decide = portal_type == "Competition" and transition == "decide"
    if decide and not all_categories_signed(context):
        return MSG_NOT_ALL_SIGNED
    workflow = api.portal.get_tool("portal_workflow")
    state = api.content.get_state(context, default="")
    title = workflow.getTitleForStateOnType(state, real_type) or state
    return Message(MSG_UNAVAILABLE, mapping={"state": _translate_state(title)})


def _only_the_guard_expression_refuses(context, transition):
    """``transition`` leaves ``context``'s state and the current user holds
    its guard's permissions and roles: what refuses it is the expression
    (one of the rules above)."""
    from AccessControl import getSecurityManager
    from plone import api

    tool = api.portal.get_tool("portal_workflow")
    for workflow in tool.getWorkflowsFor(context):
        definition = workflow.transitions.get(transition)
        state = workflow.states.get(api.content.get_state(context, default=""))
        if definition is None or state is None:
            continue
        if transition not in state.transitions:
            return False
        guard = definition.guard
        if guard is None:
            return True
        security = getSecurityManager()
        permissions = guard.permissions or ()
        if permissions and not any(
            security.checkPermission(p, context) for p in permissions
        ):
            return False
        roles = guard.roles or ()
        user_roles = set(security.getUser().getRolesInContext(context))
        return not roles or bool(user_roles & set(roles))
    return False


def _translate_state(title):
    from zope.globalrequest import getRequest
    from zope.i18n import translate

    return translate(title, domain="ikz.landespreis", context=getRequest())
