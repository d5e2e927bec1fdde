"""The page of a refused act that would cross a duty (a
:class:`~ikz.landespreis.jury.duties.DutyError` that reached the
publisher, e.g. from the check of site-wide roles before the commit): the
German reason, status 400, nothing changed."""

from Products.Five import BrowserView

import json


class DutyRefusedView(BrowserView):
    def __call__(self):
        self.message = str(self.context)
        # as Plone's exception view: the page is about the published object
        self.context = self.__parent__
        self.request.response.setStatus(400, lock=True)
        if "text/html" not in (self.request.getHeader("Accept", "") or ""):
            self.request.response.setHeader("Content-Type", "application/json")
            return json.dumps({"error_type": "BadRequest", "message": self.message})
        return self.index()

    def back(self):
        return self.request.get("HTTP_REFERER") or self.request.get("URL") or ""
