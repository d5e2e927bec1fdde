"""Upgrade to 1005: the web hardening of issue 12."""

from ikz.landespreis.accounts import throttle
from plone import api


PROFILE = "profile-ikz.landespreis:default"


def harden_web(context):
    """The login throttle in front of the user source; the EasyForm type
    without the behavior plone.allowdiscussion."""
    throttle.install(api.portal.get())
    context.runImportStepFromProfile(PROFILE, "typeinfo")


def reindex_searchable_text(context):
    """Published applications are found only by what their page shows."""
    catalog = api.portal.get_tool("portal_catalog")
    for brain in catalog.unrestrictedSearchResults(portal_type="Submission"):
        brain._unrestrictedGetObject().reindexObject(idxs=["SearchableText"])
