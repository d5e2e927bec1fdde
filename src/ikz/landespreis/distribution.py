"""The plone.distribution handler of the Landespreis site."""

from ikz.landespreis.demo import create_demo_content
from plone import api
from plone.distribution.handler import default_handler


def handler(distribution, site, answers):
    """Apply the profiles; add the demo edition when asked for."""
    site = default_handler(distribution, site, answers)
    # Plone serves 127.0.0.1 unthemed by default (a debugging aid); `make
    # start` serves on 127.0.0.1, so the portal must look the same there
    api.portal.set_registry_record(
        "plone.app.theming.interfaces.IThemeSettings.hostnameBlacklist", []
    )
    if answers.get("setup_content", False):
        create_demo_content(site)
    return site
