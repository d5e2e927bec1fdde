"""``GET @my-application`` on a competition, for the holder of a personal
link: the application (or draft), its state in plain German and the dates
ahead. The token goes in the header ``X-Application-Token``; the session
cookie of ``@@meine-bewerbung`` works too."""

from ikz.landespreis.applicants import tokens
from ikz.landespreis.applicants.views import MSG_BAD_LINK
from ikz.landespreis.applicants.views import token_attempt_allowed
from ikz.landespreis.domain.applicant_status import applicant_status
from ikz.landespreis.domain.applicant_status import dates_ahead
from ikz.landespreis.intake import clock
from ikz.landespreis.ratelimit import TooManyRequests
from ikz.landespreis.web.headers import IPrivateResponse
from plone import api
from plone.restapi.services import Service
from zope.i18n import translate
from zope.interface import alsoProvides


HEADER = "X-Application-Token"


def _iso(value):
    return value.isoformat() if value is not None else None


class MyApplicationGet(Service):
    def target(self):
        token = self.request.getHeader(HEADER)
        if token:
            if not token_attempt_allowed(self.request):
                raise TooManyRequests("request", 60)
            read = tokens.read_token(token)
            target = tokens.find_target(self.context, read[0]) if read else None
            if target is not None and tokens.check_token(target, token):
                return target
            return None
        read = tokens.read_session(self.request.cookies.get(tokens.COOKIE, ""))
        return tokens.find_target(self.context, read[0]) if read else None

    def reply(self):
        alsoProvides(self.request, IPrivateResponse)
        target = self.target()
        if target is None:
            self.request.response.setStatus(403)
            return {
                "error": {
                    "type": "Forbidden",
                    "message": translate(MSG_BAD_LINK, context=self.request),
                }
            }
        competition = self.context
        dates = [
            {"label": m.label, "date": _iso(m.when)}
            for m in dates_ahead(
                clock.now(),
                competition.submission_end,
                getattr(competition, "jury_deadline", None),
                getattr(competition, "ceremony_date", None),
            )
        ]
        if getattr(target, "portal_type", None) == "ApplicationDraft":
            status = applicant_status("draft", "")
            return {
                "draft": True,
                "title": target.title,
                "modified": _iso(target.modified),
                "files": [f.filename for f in target.files.values()],
                "status": {"key": status.key, "label": status.label},
                "dates": dates,
            }
        status = applicant_status(
            api.content.get_state(target, default="received"),
            api.content.get_state(competition, default=""),
            getattr(target, "applicant_released", None),
            getattr(target, "rejection_reason", "") or "",
        )
        return {
            "draft": False,
            "reference": target.reference,
            "title": target.title,
            "category": target.__parent__.Title(),
            "received": _iso(target.submitted_at),
            "status": {
                "key": status.key,
                "label": status.label,
                "text": status.text,
                "reason": status.reason,
            },
            "consents": {
                "privacy": bool(target.privacy_consent),
                "publication": bool(target.publication_consent),
            },
            "dates": dates,
        }
