"""The plone.distribution handler of the Landespreis site."""

from ikz.landespreis.demo import create_demo_content
from plone.distribution.handler import default_handler


def handler(distribution, site, answers):
    """Apply the profiles; add the demo edition when asked for."""
    site = default_handler(distribution, site, answers)
    if answers.get("setup_content", False):
        create_demo_content(site)
    return site
