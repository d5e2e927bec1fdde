"""What the post benchmark stored (``zconsole run <zope.conf> <this>``):
the demo competition's submissions (in their categories and in the
catalog) and the rows saved by the plain form. Prints ``BENCH {...}``."""

from benchsite import open_site
from benchsite import report
from plone import api


def main(app):
    competition = open_site(app)["landespreis-2026"]
    stored = sum(
        len(category.objectIds())
        for category in competition.objectValues()
        if category.portal_type == "Category"
    )
    catalogued = len(
        api.portal.get_tool("portal_catalog").unrestrictedSearchResults(
            portal_type="Submission", competition_uid=api.content.get_uuid(competition)
        )
    )
    saved = len(competition["formular"]._inputStorage["saveData"])
    report({"submissions": stored, "catalogued": catalogued, "saved_rows": saved})


main(app)  # noqa: F821 - zconsole provides ``app``
