"""POST ``@submissions-bulk`` on a competition: the office's bulk decisions."""

from ikz.landespreis.office import decisions
from ikz.landespreis.services.errors import error
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.deserializer import json_body
from plone.restapi.services import Service
from zope.i18n import translate
from zope.interface import alsoProvides


class BulkPost(Service):
    """``POST @submissions-bulk {"action", "uids", "reason", "comment",
    "target", "notify"}``"""

    def reply(self):
        alsoProvides(self.request, IDisableCSRFProtection)
        data = json_body(self.request)
        try:
            done, skipped = decisions.apply(
                self.context,
                data.get("action"),
                data.get("uids") or [],
                reason=data.get("reason", ""),
                comment=data.get("comment", ""),
                target=data.get("target"),
                notify=bool(data.get("notify")),
            )
        except decisions.DecisionError as refused:
            return error(self, 400, translate(refused.message, context=self.request))
        return {"done": done, "skipped": skipped}
