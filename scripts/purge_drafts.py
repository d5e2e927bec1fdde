"""Delete the drafts never submitted, ``IKZ_DRAFT_DAYS`` (default 30) days
after the end of submissions of their competition (recorded in the audit
trail).

Run once a day (cron), e.g. at 3:00:

    0 3 * * *  cd /srv/landespreis && .venv/bin/zconsole run \
        var/instance/etc/zope.conf scripts/purge_drafts.py

Environment: SITE_ID (landespreis), IKZ_DRAFT_DAYS.
"""

from datetime import datetime
from Testing.makerequest import makerequest
from zope.component.hooks import setSite
from zope.globalrequest import setRequest

import os
import transaction


def main(app):
    app = makerequest(app)
    setRequest(app.REQUEST)
    site = app[os.environ.get("SITE_ID", "landespreis")]
    setSite(site)
    from ikz.landespreis.applicants.consent import purge_drafts
    from ikz.landespreis.domain.dates import BERLIN
    from plone import api

    catalog = api.portal.get_tool("portal_catalog")
    now = datetime.now(BERLIN)
    deleted = 0
    for brain in catalog.unrestrictedSearchResults(portal_type="Competition"):
        deleted += purge_drafts(brain._unrestrictedGetObject(), now)
    transaction.commit()
    print(f"Drafts deleted: {deleted}")


main(app)  # noqa: F821 - zconsole run provides ``app``
