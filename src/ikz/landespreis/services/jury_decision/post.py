from ikz.landespreis.jury import service
from ikz.landespreis.services.jury_decision import described
from ikz.landespreis.services.jury_decision import refusal
from plone import api
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.deserializer import json_body
from plone.restapi.services import Service
from zope.i18n import translate
from zope.interface import alsoProvides


def _list(value):
    if value is None:
        return None
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value] if isinstance(value, list) else None


class DecisionPost(Service):
    """``POST @jury-decision {"winners": [uid], "nominees": [uid],
    "laudatio": {uid: text}, "reason": "", "confirm": false}``

    Without ``confirm`` nothing changes: the answer is the preview with its
    ``fingerprint``. With ``confirm: true`` and that fingerprint the chair
    signs exactly the previewed decision."""

    def reply(self):
        alsoProvides(self.request, IDisableCSRFProtection)
        data = json_body(self.request) or {}
        category = self.context
        try:
            service._check_sign(category)
        except service.Refused as refused:
            return refusal(self, refused)
        laudatio = data.get("laudatio") or {}
        if not isinstance(laudatio, dict):
            laudatio = {}
        args = (
            _list(data.get("winners")),
            _list(data.get("nominees")) or [],
            laudatio,
            str(data.get("reason") or ""),
        )
        if data.get("confirm") is True:
            try:
                signed = service.sign_category(
                    category,
                    api.user.get_current().getId(),
                    *args,
                    str(data.get("fingerprint") or ""),
                )
            except service.Refused as refused:
                return refusal(self, refused)
            return {"frozen": True, "decision": described(self, category, signed)}
        preview, fingerprint, problems, status = service.prepare(category, *args)
        return {
            "frozen": False,
            "confirm": False,
            "preview": described(self, category, preview),
            "fingerprint": fingerprint,
            "problems": [translate(p, context=self.request) for p in problems],
            "status": status if problems else 200,
        }
