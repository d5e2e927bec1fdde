"""Categories of the competition that contains the context."""

from ikz.landespreis.utils import find_competition
from plone import api
from zope.interface import provider
from zope.schema.interfaces import IVocabularyFactory
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary


@provider(IVocabularyFactory)
def CategoriesVocabularyFactory(context):
    competition = find_competition(context) if context is not None else None
    if competition is None:
        return SimpleVocabulary([])
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(
        portal_type="Category",
        path={"query": "/".join(competition.getPhysicalPath()), "depth": 1},
        sort_on="getObjPositionInParent",
    )
    return SimpleVocabulary([SimpleTerm(b.getId, b.getId, b.Title) for b in brains])
