"""Upgrade 1008 → 1010 (issue 18): caching the Plone way and the
ranking's compact records."""

from plone import api


PROFILE = "profile-ikz.landespreis:default"
CACHING = "profile-plone.app.caching:default"


def install_caching(context):
    """plone.app.caching with the add-on's rules (registry/caching.xml)."""
    if context.getLastVersionForProfile(CACHING[len("profile-") :]) == "unknown":
        context.runAllImportStepsFromProfile(CACHING)
    context.runImportStepFromProfile(PROFILE, "plone.app.registry")


def rebuild_ranking_records(context):
    """Every competition's per-category ranking records from the score
    annotations and the jury's local roles."""
    from ikz.landespreis.jury import ranking_data

    catalog = api.portal.get_tool("portal_catalog")
    for brain in catalog.unrestrictedSearchResults(portal_type="Competition"):
        ranking_data.rebuild(brain._unrestrictedGetObject())
