"""Workflow guard expressions (declared public for restricted Python in
``__init__``): each calls one domain rule."""

from Acquisition import aq_inner
from Acquisition import aq_parent
from ikz.landespreis.domain import decisions as rules


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
    from ikz.landespreis.jury.ranking_data import _categories
    from ikz.landespreis.jury.service import category_brains

    categories = []
    for brain in _categories(competition):
        category = brain._unrestrictedGetObject()
        categories.append((
            bool(len(category_brains(category))),
            decision.get(category) is not None,
        ))
    return rules.all_signed(categories)
