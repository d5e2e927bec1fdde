"""Catalog indexers, so listings never wake submissions."""

from ikz.landespreis.content.category import ICategory
from ikz.landespreis.content.competition import ICompetition
from ikz.landespreis.content.submission import ISubmission
from ikz.landespreis.utils import find_competition
from plone.indexer import indexer
from plone.uuid.interfaces import IUUID
from Products.CMFCore.utils import getToolByName


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


#: what the public page of a published application shows (its consent
#: covers no more); the other fields are for the office and the jury only
PUBLIC_TEXT_FIELDS = ("reference", "title", "lead_municipality", "partners", "summary")
#: project data the office and the jury search by; never contact data
PROJECT_TEXT_FIELDS = (
    *PUBLIC_TEXT_FIELDS,
    "department",
    "benefit",
    "innovation",
    "sustainability",
    "legal_form",
)
#: states in which anonymous visitors may view the application
PUBLIC_STATES = ("published", "archived_published")


def review_state(obj):
    workflow = getToolByName(obj, "portal_workflow", None)
    if workflow is None:
        return None
    # from the status itself: getInfoFor answers None to a user who may
    # not see the state (the catalog indexes as whoever made the change)
    for workflow_id in workflow.getChainFor(obj):
        status = workflow.getStatusOf(workflow_id, obj)
        if status:
            return status.get("review_state")
    return None


def text_of(obj, names):
    parts = []
    for name in names:
        value = getattr(obj, name, None)
        if isinstance(value, (list, tuple)):
            value = " ".join(v for v in value if v)
        if value:
            parts.append(value)
    return " ".join(parts)


@indexer(ISubmission)
def submission_searchable_text(obj):
    """Project data only: contact data must not be findable by text; once
    published (and so found by everyone), only what the public page shows."""
    if review_state(obj) in PUBLIC_STATES:
        return text_of(obj, PUBLIC_TEXT_FIELDS)
    return text_of(obj, PROJECT_TEXT_FIELDS)


def reindex_text_on_transition(obj, event):
    """The searchable text depends on the state (workflow transitions
    reindex only the workflow's own indexes)."""
    if not obj.isTemporary():
        obj.reindexObject(idxs=["SearchableText"])
