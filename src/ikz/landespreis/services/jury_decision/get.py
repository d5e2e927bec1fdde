from ikz.landespreis.jury import decision
from ikz.landespreis.jury import service
from ikz.landespreis.services.jury_decision import described
from ikz.landespreis.utils import find_competition
from plone.restapi.services import Service


class DecisionGet(Service):
    """The signed decision (or null), earlier voided signatures, and the
    preview of what the chair would sign now."""

    def reply(self):
        category = self.context
        data = decision.get(category)
        result = {
            "@id": category.absolute_url() + "/@jury-decision",
            "frozen": data is not None,
            "decision": described(self, category, data) if data else None,
            "voided": decision.voided(category),
            "prizes": service.prizes(find_competition(category)),
        }
        return result
