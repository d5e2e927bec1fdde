"""Catalog indexers, so listings never wake submissions."""

from ikz.landespreis.content.category import ICategory
from ikz.landespreis.content.competition import ICompetition
from ikz.landespreis.content.submission import ISubmission
from ikz.landespreis.utils import find_competition
from plone.indexer import indexer
from plone.uuid.interfaces import IUUID


@indexer(ISubmission)
def submission_reference(obj):
    return obj.reference or None


@indexer(ISubmission)
def submission_category(obj):
    parent = obj.__parent__
    return parent.getId() if ICategory.providedBy(parent) else None


@indexer(ISubmission)
def competition_uid(obj):
    competition = find_competition(obj)
    return IUUID(competition, None) if competition is not None else None


@indexer(ICategory)
def category_competition_uid(obj):
    competition = find_competition(obj)
    return IUUID(competition, None) if competition is not None else None


@indexer(ICompetition)
def competition_own_uid(obj):
    return IUUID(obj, None)


@indexer(ISubmission)
def lead_municipality(obj):
    return obj.lead_municipality or None


@indexer(ISubmission)
def submitted_at(obj):
    return obj.submitted_at


@indexer(ISubmission)
def submission_searchable_text(obj):
    """Project data only: contact data must not be findable by text."""
    parts = [
        obj.reference,
        obj.title,
        obj.lead_municipality,
        obj.department,
        " ".join(obj.partners or []),
        obj.summary,
        obj.benefit,
        obj.innovation,
        obj.sustainability,
        obj.legal_form,
    ]
    return " ".join(p for p in parts if p)
