"""The Sharing tab (and ``@sharing``, which uses this view) with the
separation of duties: the jury's roles are not offered and cannot be set
here (they come from the jury's records), and no member of a competition's
jury gets an office role in it (:mod:`ikz.landespreis.jury.duties`)."""

from ikz.landespreis.jury import duties
from plone import api
from plone.app.workflow.browser.sharing import SharingView as BaseSharingView
from plone.memoize.instance import memoize

import transaction


class SharingView(BaseSharingView):
    @memoize
    def roles(self):
        return [r for r in super().roles() if r["id"] not in duties.JURY_RECORD_ROLES]

    def update_role_settings(self, new_settings, reindex=True):
        # checked before anything is stored: refused means nothing changed
        duties.check_local_roles(self.context, new_settings)
        return super().update_role_settings(new_settings, reindex=reindex)

    def handle_form(self):
        try:
            return super().handle_form()
        except duties.DutyError as error:
            transaction.doom()
            api.portal.show_message(error.message, self.request, type="error")
            self.request.response.setStatus(400)
            return True
