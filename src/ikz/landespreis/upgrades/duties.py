"""Upgrade 1001 -> 1002: separation of duties and the audit trail.

- rolemap: the role ``Jury Member`` (jury area only), the consents'
  permission held by no role, the audit trail's permission;
- the submission workflow: reject and withdraw from the toolbar ask for a
  reason (``@@say-no``);
- every competition's jury group: ``Jury Member`` instead of ``Reader``
  (which opened the office's private drafts to the jury).
"""

from ikz.landespreis import logger
from plone import api


PROFILE = "profile-ikz.landespreis:default"


def upgrade(context):
    setup = api.portal.get_tool("portal_setup")
    setup.runImportStepFromProfile(PROFILE, "rolemap", run_dependencies=False)
    setup.runImportStepFromProfile(PROFILE, "workflow", run_dependencies=False)
    from ikz.landespreis.jury.membership import ensure_jury_group

    catalog = api.portal.get_tool("portal_catalog")
    for brain in catalog.unrestrictedSearchResults(portal_type="Competition"):
        ensure_jury_group(brain._unrestrictedGetObject())
    logger.info("Upgrade 1002: separation of duties")
