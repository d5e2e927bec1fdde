"""``@@login-locks``: the administrators see and lift login locks."""

from datetime import datetime
from ikz.landespreis import _
from ikz.landespreis.accounts.throttle import PLUGIN_ID
from ikz.landespreis.domain.dates import BERLIN
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from Products.statusmessages.interfaces import IStatusMessage

import math


class LoginLocksView(BrowserView):
    index = ViewPageTemplateFile("templates/login_locks.pt")

    @property
    def plugin(self):
        return getattr(self.context.acl_users, PLUGIN_ID, None)

    def __call__(self):
        if self.request.method == "POST":
            return self.lift()
        return self.index()

    def lift(self):
        CheckAuthenticator(self.request)
        keys = self.request.form.get("keys") or []
        if isinstance(keys, str):
            keys = [keys]
        everything = bool(self.request.form.get("all"))
        messages = IStatusMessage(self.request)
        if self.plugin is None or not (keys or everything):
            messages.add(_("Nothing was selected."), type="warning")
        else:
            user = self.context.portal_membership.getAuthenticatedMember().getId()
            lifted = self.plugin.lift([] if everything else keys, by=user)
            messages.add(
                _(
                    "msg_locks_lifted",
                    default="${count} lock(s) lifted.",
                    mapping={"count": len(lifted)},
                ),
                type="info",
            )
        self.request.response.redirect(self.context.absolute_url() + "/@@login-locks")
        return ""

    def rows(self):
        if self.plugin is None:
            return []
        rows = []
        for entry in self.plugin.entries():
            entry = dict(entry)
            entry["last_text"] = self.when(entry["last"])
            entry["until_text"] = (
                self.when(entry["locked_until"]) if entry["locked_until"] else ""
            )
            entry["wait"] = math.ceil(entry["seconds"])
            rows.append(entry)
        return rows

    @staticmethod
    def when(timestamp):
        return datetime.fromtimestamp(timestamp, BERLIN).strftime("%d.%m.%Y %H:%M:%S")
