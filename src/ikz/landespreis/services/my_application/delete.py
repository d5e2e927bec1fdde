"""``DELETE @my-application/invite/<id>`` for the holder of the lead's
personal link: revokes the invitation of a partner; its links and sessions
stop working at once. 204 on success, 404 for an unknown id."""

from ikz.landespreis.applicants import partners
from ikz.landespreis.services.errors import error
from ikz.landespreis.services.my_application.access import authenticate
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.services import Service
from zExceptions import NotFound
from zope.interface import alsoProvides
from zope.interface import implementer
from zope.publisher.interfaces import IPublishTraverse


@implementer(IPublishTraverse)
class MyApplicationDelete(Service):
    def __init__(self, context, request):
        super().__init__(context, request)
        self.params = []

    def publishTraverse(self, request, name):
        if len(self.params) >= 2:
            raise NotFound(name)
        self.params.append(name)
        return self

    def reply(self):
        if len(self.params) != 2 or self.params[0] != "invite":
            raise NotFound("@my-application")
        target, _role, refused = authenticate(self, lead=True)
        if refused is not None:
            return refused
        # the personal link is the credential: no login, no cookie to ride on
        alsoProvides(self.request, IDisableCSRFProtection)
        record = partners.revoke(target, self.context, self.params[1])
        if record is None:
            return error(self, 404, partners.MSG_UNKNOWN, "NotFound")
        return self.reply_no_content()
