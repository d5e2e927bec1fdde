"""``PATCH`` on an application: the applicant's consents are the
applicant's. The field permission (held by no role) already keeps the
deserializer from writing them; this says so (400, German) instead of
silently ignoring the value."""

from ikz.landespreis.content.submission import CONSENT_FIELDS
from plone.restapi.deserializer import json_body
from plone.restapi.services.content.update import ContentPatch


MSG_CONSENT = (
    "Die Einwilligungen ({fields}) gehören der Bewerberin oder dem Bewerber "
    "und können nach dem Eingang nicht geändert werden."
)


class SubmissionPatch(ContentPatch):
    def reply(self):
        data = json_body(self.request)
        touched = [
            name
            for name in CONSENT_FIELDS
            if name in data and data[name] != getattr(self.context, name, None)
        ]
        if touched:
            self.request.response.setStatus(400)
            return {
                "error": {
                    "type": "BadRequest",
                    "message": MSG_CONSENT.format(fields=", ".join(touched)),
                }
            }
        return super().reply()
