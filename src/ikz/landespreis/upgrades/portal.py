"""Upgrade 1005 → 1006: the portal's settings, login landing and "Meine
Aufgaben" (registry, actions and control panel of the default profile)."""

PROFILE = "profile-ikz.landespreis:default"


def portal(setup_tool):
    for step in ("plone.app.registry", "actions", "controlpanel", "viewlets"):
        setup_tool.runImportStepFromProfile(PROFILE, step)
