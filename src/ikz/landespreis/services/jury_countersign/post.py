"""``POST @jury-countersign`` on a category: a juror of the category agrees
("einverstanden") with the signed decision; ``GET`` shows it."""

from ikz.landespreis.jury import decision
from ikz.landespreis.jury import service
from ikz.landespreis.services.jury_decision import described
from ikz.landespreis.services.jury_decision import refusal
from ikz.landespreis.utils import find_competition
from plone import api
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.services import Service
from zope.interface import alsoProvides


def _on_panel(category, user_id):
    competition = find_competition(category)
    return user_id in service.membership.assigned_jurors(competition, category.getId())


class CountersignGet(Service):
    def reply(self):
        user_id = api.user.get_current().getId()
        if not _on_panel(self.context, user_id):
            return refusal(self, service.Refused(service.MSG_NOT_ON_PANEL, 403))
        data = decision.get(self.context)
        return {
            "@id": self.context.absolute_url() + "/@jury-countersign",
            "decision": described(self, self.context, data) if data else None,
            "may_countersign": service.may_countersign(self.context, user_id),
        }


class CountersignPost(Service):
    def reply(self):
        alsoProvides(self.request, IDisableCSRFProtection)
        try:
            entry = service.countersign(self.context, api.user.get_current().getId())
        except service.Refused as refused:
            return refusal(self, refused)
        return {"countersigned": True, **entry}
