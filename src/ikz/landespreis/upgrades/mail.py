"""Upgrade 1002 -> 1003: the site's MailHost queues every mail.

Upgrade 1008 -> 1040: the competitions' mail index (the office's mail log
of a competition, and what the release of outcome mails counts as sent)
takes the mails logged on the applications before it existed."""

from ikz.landespreis import logger
from ikz.landespreis.mail import install_mailhost as _install
from plone import api


def install_mailhost(context):
    _install(api.portal.get())


def index_mail_logs(context):
    from ikz.landespreis import mail
    from ikz.landespreis.utils import find_competition
    from zope.annotation.interfaces import IAnnotations

    catalog = api.portal.get_tool("portal_catalog")
    count = 0
    for brain in catalog.unrestrictedSearchResults(
        portal_type=["Competition", "Submission"]
    ):
        obj = brain._unrestrictedGetObject()
        log = IAnnotations(obj).get(mail.LOG_KEY)
        competition = find_competition(obj)
        if not log or competition is None:
            continue
        for entry in log:
            if "id" not in entry:
                continue
            entry.setdefault("context_uid", brain.UID)
            entry.setdefault("reference", getattr(obj, "reference", "") or "")
            mail.index_entry(competition, entry)
            count += 1
    logger.info("Mail index: %d logged mails indexed", count)
