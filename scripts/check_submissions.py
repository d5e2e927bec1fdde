"""Print every submission of the site as JSON lines (run with ``zconsole run``):
reference, category, file name and size. Used by the cluster tests and
`make backup`/`make restore` checks; reads only."""

from plone import api
from zope.component.hooks import setSite

import hashlib
import json
import os


def main(app):
    site = app[os.environ.get("SITE_ID", "landespreis")]
    setSite(site)
    catalog = site.portal_catalog
    count = 0
    for brain in catalog.unrestrictedSearchResults(portal_type="Submission"):
        obj = brain._unrestrictedGetObject()
        upload = obj.project_file
        print(json.dumps({
            "reference": obj.reference,
            "title": obj.title,
            "state": api.content.get_state(obj),
            "file": upload.filename if upload else None,
            "size": upload.getSize() if upload else None,
            "sha256": hashlib.sha256(upload.data).hexdigest() if upload else None,
        }))
        count += 1
    print(json.dumps({"total": count}))


main(app)  # noqa: F821 - zconsole provides ``app``
