"""``@@ranking-rebuild``: Site Administrators rebuild the ranking's
compact records of a competition from the score annotations (after a
restore, an import or a repair); recorded in the audit trail."""

from ikz.landespreis import _
from ikz.landespreis import audit
from ikz.landespreis.jury import ranking_data
from plone import api
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from zope.i18n import translate


class RankingRebuildView(BrowserView):
    count = None

    def __call__(self):
        if self.request.method == "POST" and "rebuild" in self.request.form:
            CheckAuthenticator(self.request)
            self.count = ranking_data.rebuild(self.context)
            audit.record(
                self.context,
                "ranking.rebuilt",
                target=api.content.get_uuid(self.context),
                applications=self.count,
            )
            api.portal.show_message(
                translate(
                    _(
                        "msg_ranking_rebuilt",
                        default=(
                            "The ranking's records have been rebuilt from the "
                            "scores of ${count} applications."
                        ),
                        mapping={"count": self.count},
                    ),
                    context=self.request,
                ),
                self.request,
                type="info",
            )
            self.request.response.redirect(
                self.context.absolute_url() + "/@@ranking-rebuild"
            )
            return ""
        return self.index()
