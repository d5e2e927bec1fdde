"""POST ``@mail-log/resend {"id": ...}`` or ``{"all_failed": true}``: queues
one logged mail, or every failed one, again (audited, as on the page)."""

from ikz.landespreis import _
from ikz.landespreis import mail
from ikz.landespreis.office import release
from ikz.landespreis.services.errors import error
from ikz.landespreis.services.errors import json_object
from ikz.landespreis.services.errors import MSG_NOT_AN_OBJECT
from ikz.landespreis.services.mail_log import describe
from ikz.landespreis.services.subpath import SubpathMixin
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.services import Service
from zope.interface import alsoProvides


MSG_RESEND_ONLY = _(
    "msg_rest_mail_log_resend_only",
    default="Send POST to @mail-log/resend.",
)
MSG_WHICH = _(
    "msg_rest_mail_log_which",
    default='Please name the mail to send again ("id") or send "all_failed": true.',
)
MSG_NOT_IN_LOG = _(
    "msg_rest_mail_log_unknown",
    default="This mail is not in the log.",
)


class MailLogPost(SubpathMixin, Service):
    max_params = 1

    def reply(self):
        if self.params != ["resend"]:
            return error(self, 404, MSG_RESEND_ONLY, kind="NotFound")
        data = json_object(self)
        if data is None:
            return error(self, 400, MSG_NOT_AN_OBJECT)
        entry_id = data.get("id")
        every = data.get("all_failed") is True
        one = isinstance(entry_id, str) and entry_id != "" and not every
        if not one and not (every and entry_id is None):
            return error(self, 400, MSG_WHICH)
        alsoProvides(self.request, IDisableCSRFProtection)
        if every:
            again = mail.resend_failed(self.context)
        else:
            entry = mail.resend_entry(self.context, entry_id)
            if entry is None:
                return error(self, 404, MSG_NOT_IN_LOG, kind="NotFound")
            again = [entry]
        ids = {e["id"] for e in again}
        return {
            "@id": f"{self.context.absolute_url()}/@mail-log",
            "resent": len(again),
            "items": [describe(i) for i in release.log(self.context) if i["id"] in ids],
        }
