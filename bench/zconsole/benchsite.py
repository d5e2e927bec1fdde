"""Imported by the zconsole scripts beside it (bench/common.py puts this
folder on their PYTHONPATH)."""

from AccessControl.SecurityManagement import newSecurityManager
from zope.component.hooks import setSite

import json
import os


def open_site(app):
    """The site (SITE_ID), set as the current site, with the Zope admin
    (ADMIN_USER) logged in."""
    site = app[os.environ.get("SITE_ID", "landespreis")]
    setSite(site)
    admin = app.acl_users.getUserById(os.environ.get("ADMIN_USER", "admin"))
    newSecurityManager(None, admin.__of__(app.acl_users))
    return site


def report(figures):
    """Hand ``figures`` to bench/common.py's ``Instance.zconsole``."""
    print("BENCH " + json.dumps(figures), flush=True)
