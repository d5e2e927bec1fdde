"""``GET @my-application`` on a competition, for the holder of a personal
link: the application (or draft, with its values), its state in plain
German and the dates ahead. ``GET @my-application/pdf``: the PDF copy of
the submitted application (as "PDF herunterladen" on the page). The token
goes in the header ``X-Application-Token``; the session cookie of
``@@meine-bewerbung`` works too."""

from ikz.landespreis.applicants import corrections
from ikz.landespreis.applicants import draftform
from ikz.landespreis.applicants import partners
from ikz.landespreis.applicants import pdf
from ikz.landespreis.domain.applicant_status import applicant_status
from ikz.landespreis.domain.applicant_status import dates_ahead
from ikz.landespreis.intake import clock
from ikz.landespreis.intake.form import FORM_ID
from ikz.landespreis.services.errors import error
from ikz.landespreis.services.my_application.access import authenticate
from ikz.landespreis.services.my_application.access import is_draft
from ikz.landespreis.services.my_application.access import MSG_NOT_SUBMITTED
from plone import api
from plone.restapi.services import Service
from zExceptions import NotFound
from zope.interface import implementer
from zope.publisher.interfaces import IPublishTraverse


def _iso(value):
    return value.isoformat() if value is not None else None


def form_schema(competition):
    from collective.easyform.api import get_schema

    form = competition.get(FORM_ID)
    return get_schema(form) if form is not None else {}


@implementer(IPublishTraverse)
class MyApplicationGet(Service):
    def __init__(self, context, request):
        super().__init__(context, request)
        self.subpath = None

    def publishTraverse(self, request, name):
        if self.subpath is not None or name != "pdf":
            raise NotFound(name)
        self.subpath = name
        return self

    def render(self):
        if self.subpath == "pdf":
            self.check_permission()
            return self.pdf()
        return super().render()

    def pdf(self):
        import json

        target, _role, refused = authenticate(self)
        if refused is None and is_draft(target):
            refused = error(self, 409, MSG_NOT_SUBMITTED, "Conflict")
        if refused is not None:
            self.request.response.setHeader("Content-Type", "application/json")
            return json.dumps(refused)
        data = pdf.download(target, self.request)
        response = self.request.response
        response.setHeader("Content-Type", "application/pdf")
        response.setHeader(
            "Content-Disposition", f'attachment; filename="{target.reference}.pdf"'
        )
        response.setHeader("Content-Length", str(len(data)))
        return data

    def reply(self):
        target, role, refused = authenticate(self)
        if refused is not None:
            return refused
        answer = self.describe(target)
        answer["role"] = role
        if role == "lead":
            answer["partners"] = [
                {k: v for k, v in partners.describe(r).items() if k != "invited_label"}
                for r in partners.records(target)
            ]
        return answer

    def describe(self, target):
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
        if is_draft(target):
            status = applicant_status("draft", "")
            return {
                "draft": True,
                "title": target.title,
                "modified": _iso(target.modified),
                "revision": target.revision,
                "values": draftform.json_from_raw(
                    form_schema(competition), target.values
                ),
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
            "version": corrections.current_version(target),
            "versions": [
                {"version": v["version"], "at": _iso(v["at"]), "changed": v["changed"]}
                for v in corrections.history(target)
            ],
            "consents": {
                "privacy": bool(target.privacy_consent),
                "publication": bool(target.publication_consent),
            },
            "dates": dates,
        }
