from ikz.landespreis.jury import session
from ikz.landespreis.jury.service import Refused
from ikz.landespreis.services.jury_decision import refusal
from ikz.landespreis.services.jury_session import describe
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.deserializer import json_body
from plone.restapi.services import Service
from zope.interface import alsoProvides

import transaction


class SessionPatch(Service):
    """``PATCH @jury-session {"category": id, "entries": {uid: {"result",
    "vote", "notes", "laudatio"}}, "reason": ""}``: the records of one
    category (the chair; the deputy for the chair's own conflicts)."""

    def reply(self):
        alsoProvides(self.request, IDisableCSRFProtection)
        data = json_body(self.request) or {}
        entries = data.get("entries")
        try:
            session.save_category(
                self.context,
                str(data.get("category") or ""),
                entries if isinstance(entries, dict) else {},
                data.get("reason"),
            )
        except Refused as refused:
            transaction.doom()
            return refusal(self, refused)
        return describe(self.context)
