"""``POST @application-link {"email": ...}`` on a competition: mails a fresh
personal link to each application of that address (as ``@@meine-bewerbung``
does); the answer is the same whether or not there is one."""

from ikz.landespreis.applicants import links
from ikz.landespreis.applicants import tokens
from ikz.landespreis.applicants.views import EMAIL
from ikz.landespreis.applicants.views import MSG_BAD_EMAIL
from ikz.landespreis.applicants.views import MSG_SENT
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.deserializer import json_body
from plone.restapi.services import Service
from zope.i18n import translate
from zope.i18nmessageid import Message
from zope.interface import alsoProvides


class ApplicationLinkPost(Service):
    def reply(self):
        try:
            data = json_body(self.request) or {}
        except Exception:
            data = {}
        address = str(data.get("email") or "").strip() if isinstance(data, dict) else ""
        if len(address) > 254 or not EMAIL.match(address):
            self.request.response.setStatus(400)
            return {
                "error": {
                    "type": "BadRequest",
                    "message": translate(MSG_BAD_EMAIL, context=self.request),
                }
            }
        # the token store of an application is written; the request needs
        # no session and no login (CSRF has nothing to ride on)
        alsoProvides(self.request, IDisableCSRFProtection)
        for submission in tokens.applications_of(self.context, address):
            links.mail_link(submission, self.context)
        return {
            "message": translate(
                Message(MSG_SENT, mapping={"days": tokens.LINK_DAYS}),
                context=self.request,
            )
        }
