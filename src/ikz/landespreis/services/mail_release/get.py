"""GET ``@mail-release``: per kind the mails waiting, whether the kind is
locked and why; ``?kind=``: its recipients and one sample mail."""

from ikz.landespreis.office import release
from ikz.landespreis.services.errors import error
from plone.restapi.services import Service


class MailReleaseGet(Service):
    def reply(self):
        base = f"{self.context.absolute_url()}/@mail-release"
        kind = self.request.form.get("kind")
        if not kind:
            return {
                "@id": base,
                "items": [
                    dict(item, **{"@id": f"{base}?kind={item['kind']}"})
                    for item in release.overview(self.context)
                ],
            }
        if kind not in release.STATES:
            return error(self, 400, release.MSG_UNKNOWN_KIND)
        (summary,) = [i for i in release.overview(self.context) if i["kind"] == kind]
        items = release.pending(self.context, kind)
        found = release.sample(self.context, kind, items)
        sample = None
        if found is not None:
            subject, text, html = found
            sample = {"subject": subject, "text": text, "html": html}
        return dict(
            summary,
            **{
                "@id": f"{base}?kind={kind}",
                "recipients": [
                    {
                        "uid": i["uid"],
                        "reference": i["reference"],
                        "title": i["title"],
                        "category": i["category"],
                        "state": i["state"],
                        "to": i["to"],
                        "mailed": bool(i["to"]),
                    }
                    for i in items
                ],
                "sample": sample,
            },
        )
