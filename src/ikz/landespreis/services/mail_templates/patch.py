"""PATCH ``@mail-templates/<id> {"subject", "body"}``: the office changes a
template (either part alone keeps the other); checked as on the page, a
refused text changes nothing."""

from ikz.landespreis import _
from ikz.landespreis import mailtemplates
from ikz.landespreis.domain import mailtext
from ikz.landespreis.services.errors import error
from ikz.landespreis.services.errors import json_object
from ikz.landespreis.services.errors import MSG_NOT_AN_OBJECT
from ikz.landespreis.services.mail_templates import describe
from ikz.landespreis.services.mail_templates import MSG_NO_TEMPLATE
from ikz.landespreis.services.subpath import SubpathMixin
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.services import Service
from zope.interface import alsoProvides


MSG_SUBJECT_OR_BODY = _(
    "msg_rest_template_subject_body",
    default="Please send the new subject or body (text) of the template.",
)


class MailTemplatesPatch(SubpathMixin, Service):
    max_params = 1

    def reply(self):
        if len(self.params) != 1 or self.params[0] not in mailtemplates.DEFAULTS:
            return error(self, 404, MSG_NO_TEMPLATE, kind="NotFound")
        kind = self.params[0]
        data = json_object(self)
        if data is None:
            return error(self, 400, MSG_NOT_AN_OBJECT)
        subject, body = data.get("subject"), data.get("body")
        if (subject is None and body is None) or not all(
            value is None or isinstance(value, str) for value in (subject, body)
        ):
            return error(self, 400, MSG_SUBJECT_OR_BODY)
        alsoProvides(self.request, IDisableCSRFProtection)
        try:
            mailtemplates.edit(self.context, kind, subject, body)
        except mailtext.TemplateError as refused:
            return error(self, 400, refused.message)
        return describe(self.context, kind)
