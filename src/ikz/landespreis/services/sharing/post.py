"""``POST @sharing`` with the separation of duties: a request for the jury's
roles is refused with a German message (plone.restapi would drop them
silently, since the Sharing tab does not offer them); office roles for a
juror are refused by the Sharing view itself (:mod:`browser.sharing`)."""

from AccessControl.security import checkPermission
from ikz.landespreis import _
from ikz.landespreis.jury import duties
from ikz.landespreis.services.errors import error
from plone.restapi.deserializer import json_body
from plone.restapi.services.content.sharing import SharingPost as BaseSharingPost

import transaction


MSG_NO_SHARING = _(
    "msg_rest_no_sharing",
    default="You may not change who may do what on this item.",
)


class SharingPost(BaseSharingPost):
    def reply(self):
        if not checkPermission("plone.DelegateRoles", self.context):
            return error(self, 403, MSG_NO_SHARING, kind="Forbidden")
        data = json_body(self.request)
        try:
            for entry in data.get("entries") or ():
                roles = entry.get("roles") or {}
                duties.check_sharing_roles([r for r, on in roles.items() if on])
            return super().reply()
        except duties.DutyError as refused:
            transaction.doom()
            self.request.response.setStatus(400)
            return {"error": {"type": "BadRequest", "message": refused.message}}
