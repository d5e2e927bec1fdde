"""``@mail-templates`` on a competition: the office's mail templates, read
(GET), changed (PATCH ``@mail-templates/<id>``) and previewed with a real
application (POST ``@mail-templates/<id>/preview``). The rules are those of
``@@mail-templates``: :mod:`ikz.landespreis.mailtemplates`."""

from ikz.landespreis import _
from ikz.landespreis import mailtemplates


MSG_NO_TEMPLATE = _(
    "msg_rest_no_mail_template",
    default="There is no such mail template.",
)


def describe(competition, kind):
    """One template as the API shows it."""
    template = mailtemplates.get(competition, kind)
    modified = template.get("modified")
    return {
        "@id": f"{competition.absolute_url()}/@mail-templates/{kind}",
        "id": kind,
        "title": template["title"],
        "subject": template["subject"],
        "body": template["body"],
        "customised": template["changed"],
        "modified": modified.isoformat() if modified else None,
        "modified_by": template.get("by") or None,
    }
