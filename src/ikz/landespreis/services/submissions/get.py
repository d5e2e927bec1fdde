"""GET ``@submissions`` on a competition: the office's cockpit listing."""

from ikz.landespreis.office import listing
from plone.restapi.batching import HypermediaBatch
from plone.restapi.services import Service


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
