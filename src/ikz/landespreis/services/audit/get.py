"""``GET @audit`` on a competition (the whole trail) or on an application
(its entries): office and Site Administrators. Filters: ``kind``, ``actor``,
``since``, ``until`` (``YYYY-MM-DD``). There is no POST, PATCH or DELETE:
nobody edits the trail through the web."""

from ikz.landespreis import audit
from ikz.landespreis.utils import find_competition
from plone import api
from plone.restapi.services import Service


class AuditGet(Service):
    def reply(self):
        competition = find_competition(self.context)
        target = None
        if self.context is not competition:
            target = api.content.get_uuid(self.context)
        found = audit.filtered(competition, self.request.form, target=target)
        return {
            "@id": self.context.absolute_url() + "/@audit",
            "items_total": len(found),
            "items": [
                {
                    "time": e["time"],
                    "kind": e["kind"],
                    "label": e["label"],
                    "actor": e["actor"],
                    "target": e["target"],
                    "reason": e["reason"],
                    "details": e["details"],
                }
                for e in found
            ],
        }
