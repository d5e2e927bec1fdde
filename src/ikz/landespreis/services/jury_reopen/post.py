"""``POST @jury-reopen {"reason": ...}`` on a category: a Site
Administrator voids the signed decision (kept in the record)."""

from ikz.landespreis.jury import service
from ikz.landespreis.services.jury_decision import refusal
from plone import api
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.deserializer import json_body
from plone.restapi.services import Service
from zope.interface import alsoProvides


class ReopenPost(Service):
    def reply(self):
        alsoProvides(self.request, IDisableCSRFProtection)
        data = json_body(self.request) or {}
        try:
            revoked = service.reopen_category(
                self.context,
                api.user.get_current().getId(),
                str(data.get("reason") or ""),
            )
        except service.Refused as refused:
            return refusal(self, refused)
        return {"reopened": True, "revoked": revoked}
