"""REST services of the office cockpit."""

from ikz.landespreis.office import decisions
from ikz.landespreis.office import listing
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.batching import HypermediaBatch
from plone.restapi.deserializer import json_body
from plone.restapi.services import Service
from zope.i18n import translate
from zope.interface import alsoProvides


class SubmissionsGet(Service):
    """``GET @submissions?category=&state=&flag=&text=&sort_on=&b_start=``"""

    def reply(self):
        brains = listing.search(self.context, self.request.form)
        batch = HypermediaBatch(self.request, brains)
        result = {
            "@id": batch.canonical_url,
            "items_total": batch.items_total,
            "items": [listing.row(b, self.context) for b in batch],
        }
        links = batch.links
        if links:
            result["batching"] = links
        return result


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
        except decisions.DecisionError as error:
            self.request.response.setStatus(400)
            return {
                "error": {
                    "type": "BadRequest",
                    "message": translate(error.message, context=self.request),
                }
            }
        return {"done": done, "skipped": skipped}
