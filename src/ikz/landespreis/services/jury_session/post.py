from ikz.landespreis.jury import session
from ikz.landespreis.jury.service import Refused
from ikz.landespreis.services.jury_decision import refusal
from ikz.landespreis.services.jury_session import describe
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.deserializer import json_body
from plone.restapi.services import Service
from zope.i18n import translate
from zope.interface import alsoProvides

import transaction


def _list(value):
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value] if isinstance(value, list) else []


class SessionPost(Service):
    """``POST @jury-session``:

    - ``{"action": "open", "date": "2026-03-20", "attendees": [...],
      "present": [...]}`` opens the session (the chair);
    - ``{"action": "preview"}`` shows what closing signs, with one
      ``fingerprint`` per category;
    - ``{"action": "close", "fingerprints": {category: fingerprint}}`` signs
      the decisions as previewed, writes the minutes and closes."""

    def reply(self):
        alsoProvides(self.request, IDisableCSRFProtection)
        data = json_body(self.request) or {}
        action = data.get("action")
        try:
            if action == "open":
                session.open_session(
                    self.context,
                    str(data.get("date") or ""),
                    _list(data.get("attendees")),
                    _list(data.get("present")),
                )
                return describe(self.context)
            if action == "preview":
                previews = session.previews(self.context)
                return {
                    "categories": [
                        dict(
                            p,
                            problems=[
                                translate(m, context=self.request)
                                for m in p["problems"]
                            ],
                        )
                        for p in previews
                    ]
                }
            if action == "close":
                fingerprints = data.get("fingerprints")
                session.close(
                    self.context, fingerprints if isinstance(fingerprints, dict) else {}
                )
                return describe(self.context)
        except Refused as refused:
            transaction.doom()
            return refusal(self, refused)
        self.request.response.setStatus(400)
        return {
            "error": {
                "type": "BadRequest",
                "message": "Bitte geben Sie als action open, preview oder close an.",
            }
        }
