"""GET ``@mail-templates`` (every template and the placeholders) and
``@mail-templates/<id>`` (one)."""

from ikz.landespreis import mailtemplates
from ikz.landespreis.domain import mailtext
from ikz.landespreis.services.errors import error
from ikz.landespreis.services.mail_templates import describe
from ikz.landespreis.services.mail_templates import MSG_NO_TEMPLATE
from ikz.landespreis.services.subpath import SubpathMixin
from plone.restapi.services import Service


class MailTemplatesGet(SubpathMixin, Service):
    max_params = 1

    def reply(self):
        if self.params:
            kind = self.params[0]
            if kind not in mailtemplates.DEFAULTS:
                return error(self, 404, MSG_NO_TEMPLATE, kind="NotFound")
            return describe(self.context, kind)
        items = [describe(self.context, kind) for kind in mailtemplates.DEFAULTS]
        return {
            "@id": f"{self.context.absolute_url()}/@mail-templates",
            "items_total": len(items),
            "items": items,
            "placeholders": [
                {"name": name, "description": text}
                for name, text in mailtext.PLACEHOLDERS.items()
            ],
        }
