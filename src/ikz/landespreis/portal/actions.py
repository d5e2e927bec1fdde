"""The easyform action "Eingang bestätigen und Geschäftsstelle informieren":
used by the accessibility feedback form and the registration for
consultation hours. A post with a field ``termin`` (a consultation hour)
is kept on that event for the reminder the day before."""

from collective.easyform.actions import Action
from collective.easyform.actions import ActionFactory
from collective.easyform.api import get_context
from collective.easyform.api import get_schema
from ikz.landespreis import _
from ikz.landespreis import mail
from ikz.landespreis.portal import consultation
from plone import api
from plone.supermodel.exportimport import BaseHandler
from zope import schema
from zope.interface import implementer
from zope.interface import Interface


class IConfirmAndNotify(Interface):
    """Confirms receipt to the sender and tells the office."""

    office_email = schema.TextLine(
        title=_("E-mail address of the office"),
        description=_("Receives every post of this form."),
        required=True,
    )
    subject = schema.TextLine(
        title=_("Subject of the confirmation"),
        required=True,
    )
    confirmation = schema.Text(
        title=_("Text of the confirmation"),
        description=_("The sender's answers follow this text."),
        required=True,
    )


def _lines(form, fields):
    lines = []
    for name, field in schema.getFieldsInOrder(get_schema(form)):
        value = fields.get(name)
        if value in (None, "", set(), []):
            continue
        if name == consultation.FIELD:
            value = consultation.label(value)
        elif isinstance(value, bool):
            value = "ja" if value else "nein"
        elif isinstance(value, (set, list, tuple)):
            value = ", ".join(str(v) for v in value)
        lines.append(f"{field.title}: {value}")
    return lines


@implementer(IConfirmAndNotify)
class ConfirmAndNotify(Action):
    __doc__ = IConfirmAndNotify.__doc__

    def __init__(self, **kw):
        for name, field in schema.getFieldsInOrder(IConfirmAndNotify):
            setattr(self, name, kw.pop(name, field.default))
        super().__init__(**kw)

    def onSuccess(self, fields, request):
        form = get_context(self)
        answers = _lines(form, fields)
        sender = (fields.get("email") or "").strip()
        office = self.office_email or api.portal.get_registry_record(
            "plone.email_from_address", default=""
        )
        if fields.get(consultation.FIELD):
            consultation.register(
                fields[consultation.FIELD], fields.get("name") or "", sender
            )
        if sender and fields.get(consultation.FIELD):
            consultation.confirm(
                fields[consultation.FIELD], fields.get("name") or "", sender, answers
            )
        elif sender:
            body = "\n".join([self.confirmation.strip(), "", *answers])
            mail.send(form, "confirmation", sender, self.subject, body, log=False)
        if office:
            body = "\n".join([
                f"Neue Nachricht über das Formular „{form.Title()}“:",
                "",
                *answers,
            ])
            mail.send(
                form,
                "office_notice",
                office,
                f"{form.Title()}: neue Nachricht",
                body,
                reply_to=sender,
                log=False,
            )
        return None


ConfirmAndNotifyAction = ActionFactory(
    ConfirmAndNotify,
    _(
        "label_confirm_and_notify_action",
        default="Confirm receipt and notify the office",
    ),
    "collective.easyform.AddMailers",
)
ConfirmAndNotifyHandler = BaseHandler(ConfirmAndNotify)
