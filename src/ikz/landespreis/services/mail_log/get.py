"""GET ``@mail-log?state=&reference=``: the competition's mail log."""

from ikz.landespreis import _
from ikz.landespreis import mail
from ikz.landespreis.office import release
from ikz.landespreis.services.errors import error
from ikz.landespreis.services.mail_log import describe
from plone.restapi.services import Service
from zope.i18nmessageid import Message


MSG_STATE = _(
    "msg_rest_mail_state",
    default="There is no such state of a mail. The states: ${states}.",
)


class MailLogGet(Service):
    def reply(self):
        state = self.request.form.get("state") or None
        if state is not None and state not in mail.STATE_LABELS:
            return error(
                self,
                400,
                Message(MSG_STATE, mapping={"states": ", ".join(mail.STATE_LABELS)}),
            )
        reference = (self.request.form.get("reference") or "").strip() or None
        items = release.log(self.context, state=state, reference=reference)
        return {
            "@id": f"{self.context.absolute_url()}/@mail-log",
            "items_total": len(items),
            "failed": mail.failed_count(self.context),
            "items": [describe(item) for item in items],
        }
