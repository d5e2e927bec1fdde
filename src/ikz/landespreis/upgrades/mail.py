"""Upgrade 1002 -> 1003: the site's MailHost queues every mail."""

from ikz.landespreis.mail import install_mailhost as _install
from plone import api


def install_mailhost(context):
    _install(api.portal.get())
