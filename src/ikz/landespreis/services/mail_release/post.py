"""POST ``@mail-release {"kind", "confirm": true, "uids"}``: releases the
waiting mails of ``kind`` (only those of ``uids`` when given), audited as
on the page. Without ``confirm``, before the results are published for the
jury's outcome, or with nothing to send: 400 with a German message and
nothing is sent."""

from ikz.landespreis import _
from ikz.landespreis.office import release
from ikz.landespreis.services.errors import error
from ikz.landespreis.services.errors import json_object
from ikz.landespreis.services.errors import MSG_NOT_AN_OBJECT
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.services import Service
from zope.interface import alsoProvides


MSG_UIDS = _(
    "msg_rest_release_uids",
    default='"uids" must be a list of the applications\' UIDs.',
)


class MailReleasePost(Service):
    def reply(self):
        data = json_object(self)
        if data is None:
            return error(self, 400, MSG_NOT_AN_OBJECT)
        kind = data.get("kind")
        if not isinstance(kind, str) or kind not in release.STATES:
            return error(self, 400, release.MSG_UNKNOWN_KIND)
        uids = data.get("uids")
        if uids is not None and not (
            isinstance(uids, list) and all(isinstance(u, str) for u in uids)
        ):
            return error(self, 400, MSG_UIDS)
        alsoProvides(self.request, IDisableCSRFProtection)
        try:
            mailed = release.release(
                self.context, kind, uids=uids, confirmed=data.get("confirm") is True
            )
        except release.ReleaseError as refused:
            return error(self, 400, refused.message)
        return {
            "@id": f"{self.context.absolute_url()}/@mail-release?kind={kind}",
            "kind": kind,
            "released": len(mailed),
            "references": mailed,
        }
