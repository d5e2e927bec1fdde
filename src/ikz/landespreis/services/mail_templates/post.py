"""POST ``@mail-templates/<id>/preview {"reference", "subject", "body"}``:
the template (or the unsaved ``subject`` and ``body``, checked) rendered
with a real application of the competition, the one of ``reference`` or
the first; nothing is stored or sent."""

from ikz.landespreis import _
from ikz.landespreis import mailtemplates
from ikz.landespreis.domain import mailtext
from ikz.landespreis.services.errors import error
from ikz.landespreis.services.errors import json_object
from ikz.landespreis.services.errors import MSG_NOT_AN_OBJECT
from ikz.landespreis.services.mail_templates import MSG_NO_TEMPLATE
from ikz.landespreis.services.subpath import SubpathMixin
from plone.restapi.services import Service


MSG_PREVIEW_ONLY = _(
    "msg_rest_template_preview_only",
    default="Send POST to @mail-templates/<id>/preview; templates are changed "
    "with PATCH.",
)


def _text(data, name):
    value = data.get(name)
    return value if value is None or isinstance(value, str) else str(value)


class MailTemplatesPost(SubpathMixin, Service):
    def reply(self):
        if len(self.params) != 2 or self.params[1] != "preview":
            return error(self, 404, MSG_PREVIEW_ONLY, kind="NotFound")
        kind = self.params[0]
        if kind not in mailtemplates.DEFAULTS:
            return error(self, 404, MSG_NO_TEMPLATE, kind="NotFound")
        data = json_object(self, empty={})
        if data is None:
            return error(self, 400, MSG_NOT_AN_OBJECT)
        reference = _text(data, "reference")
        submission = mailtemplates.preview_submission(self.context, reference=reference)
        if reference and submission is None:
            return error(self, 400, mailtemplates.MSG_UNKNOWN_REFERENCE)
        try:
            subject, text, html = mailtemplates.preview(
                self.context,
                kind,
                submission,
                subject=_text(data, "subject"),
                body=_text(data, "body"),
            )
        except mailtext.TemplateError as refused:
            return error(self, 400, refused.message)
        application = None
        if submission is not None:
            application = {
                "@id": submission.absolute_url(),
                "reference": getattr(submission, "reference", "") or "",
                "title": submission.title,
            }
        return {
            "@id": f"{self.context.absolute_url()}/@mail-templates/{kind}/preview",
            "template": kind,
            "application": application,
            "subject": subject,
            "text": text,
            "html": html,
        }
