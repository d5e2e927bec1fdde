"""Upgrade steps of the default profile."""

from ikz.landespreis import logger
from plone import api


PROFILE = "profile-ikz.landespreis:default"


def phase_rules_in_workflows(context):
    """1000 -> 1001: the competition workflow manages scoring, viewing all
    scores, exporting scores, signing and reopening decisions per phase;
    the submission workflow acquires scoring; guards tie award and
    nominate to the signed decision."""
    setup = api.portal.get_tool("portal_setup")
    setup.runImportStepFromProfile(PROFILE, "rolemap", run_dependencies=False)
    setup.runImportStepFromProfile(PROFILE, "workflow", run_dependencies=False)
    workflow = api.portal.get_tool("portal_workflow")
    count = workflow.updateRoleMappings()
    logger.info("Upgrade 1001: role mappings updated on %s objects", count)
