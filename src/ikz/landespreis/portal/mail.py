"""The one place the portal's mails leave through: the site's MailHost,
after the transaction has committed (a mail server that is down never
loses a registration; the failure is logged). The lead switches this to
the central mail module."""

from email.message import EmailMessage
from email.utils import formataddr
from ikz.landespreis import logger
from plone import api

import transaction


def sender():
    name = api.portal.get_registry_record("plone.email_from_name", default="") or ""
    address = api.portal.get_registry_record("plone.email_from_address", default=None)
    return formataddr((name, address or "noreply@localhost"))


def send(to, subject, body, reply_to=None):
    """Send a plain-text German mail to ``to`` once the transaction commits."""
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = sender()
    message["To"] = to
    if reply_to:
        message["Reply-To"] = reply_to
    message.set_content(body)
    mailhost = api.portal.get_tool("MailHost")
    transaction.get().addAfterCommitHook(_send, args=(mailhost, message))
    return message


def _send(committed, mailhost, message):
    if not committed:
        return
    try:
        mailhost.send(message, immediate=True)
    except Exception:
        logger.exception("Mail to %s failed", message["To"])
