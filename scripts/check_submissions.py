"""Print every submission of the site as JSON lines (run with ``zconsole run``).

Walks the content tree, not the catalog, so it also finds an application
the catalog missed, and tells for each whether the catalog knows it:
reference, title, state, catalogued, the project file (name, size, sha256)
and every upload. A last line has the totals. Used by the cluster tests
and by the backup/restore check. Reads only when run with IKZ_RECONCILE=off
(otherwise opening the database catalogues what a crash left out first;
see ikz.landespreis.intake.indexing).
"""

from ikz.landespreis.utils import FILE_FIELDS
from plone import api
from zope.component.hooks import setSite

import hashlib
import json
import os


CONTAINERS = ("Competition", "Category", "Folder")


def submissions(container):
    for obj in container.objectValues():
        portal_type = getattr(obj, "portal_type", None)
        if portal_type == "Submission":
            yield obj
        elif portal_type in CONTAINERS:
            yield from submissions(obj)


def describe(upload):
    if upload is None:
        return None
    data = upload.data
    return {
        "file": upload.filename,
        "size": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
    }


def main(app):
    site = app[os.environ.get("SITE_ID", "landespreis")]
    setSite(site)
    catalog = site.portal_catalog
    catalogued = {
        brain.getPath()
        for brain in catalog.unrestrictedSearchResults(portal_type="Submission")
    }
    count = missing = 0
    for obj in submissions(site):
        path = "/".join(obj.getPhysicalPath())
        project = describe(obj.project_file) or {
            "file": None,
            "size": None,
            "sha256": None,
        }
        files = {
            name: describe(getattr(obj, name, None))
            for name in FILE_FIELDS
            if getattr(obj, name, None) is not None
        }
        print(
            json.dumps(
                dict(
                    {
                        "reference": obj.reference,
                        "path": path,
                        "title": obj.title,
                        "state": api.content.get_state(obj),
                        "catalogued": path in catalogued,
                        "files": files,
                    },
                    **project,
                )
            )
        )
        count += 1
        missing += path not in catalogued
    print(
        json.dumps({
            "total": count,
            "uncatalogued": missing,
            "catalogued_total": len(catalogued),
        })
    )


main(app)  # noqa: F821 - zconsole provides ``app``
