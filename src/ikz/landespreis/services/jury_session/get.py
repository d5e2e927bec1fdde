from ikz.landespreis.services.jury_session import describe
from plone.restapi.services import Service


class SessionGet(Service):
    """``GET @jury-session``: the session, for the office and the jury."""

    def reply(self):
        return describe(self.context)
