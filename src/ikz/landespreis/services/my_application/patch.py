"""``PATCH @my-application`` for the holder of a personal link: on a draft
it saves fields (the autosave of the form, field name -> value; only the
draft is written); on a submitted application it corrects answers as a
new version (the lead's link only; the office sees what changed). Until
the end of submissions only; afterwards the answer says so in German and
nothing changes."""

from ikz.landespreis import _
from ikz.landespreis.applicants import corrections
from ikz.landespreis.applicants import draftform
from ikz.landespreis.domain.formatting import german_datetime
from ikz.landespreis.intake.store import acceptance_problem
from ikz.landespreis.services.errors import body_too_large
from ikz.landespreis.services.errors import error
from ikz.landespreis.services.my_application.access import authenticate
from ikz.landespreis.services.my_application.access import is_draft
from ikz.landespreis.services.my_application.access import MSG_LEAD_ONLY
from ikz.landespreis.services.my_application.get import form_schema
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.deserializer import json_body
from plone.restapi.services import Service
from zope.i18n import translate
from zope.interface import alsoProvides


MSG_BAD_BODY = _(
    "msg_my_application_bad_body",
    default='Please send the fields as a JSON object, e.g. {"title": "…"}.',
)
MSG_INVALID = _(
    "msg_my_application_invalid",
    default="Nothing was saved: please correct the fields named.",
)


def bad_fields(service, errors):
    service.request.response.setStatus(400)
    return {
        "error": {
            "type": "BadRequest",
            "message": translate(MSG_INVALID, context=service.request),
            "errors": {
                (name or ""): translate(message, context=service.request)
                for name, message in errors.items()
            },
        }
    }


class MyApplicationPatch(Service):
    def reply(self):
        target, role, refused = authenticate(self)
        if refused is not None:
            return refused
        problem = acceptance_problem(self.context)
        if problem is not None:
            return error(self, 403, problem, "Forbidden")
        # files come as Base64 in the JSON: never parse more than they can be
        too_large = body_too_large(self)
        if too_large is not None:
            return too_large
        try:
            data = json_body(self.request)
        except Exception:
            data = None
        if not isinstance(data, dict) or not data:
            return error(self, 400, MSG_BAD_BODY)
        # the personal link is the credential: no login, no cookie to ride on
        alsoProvides(self.request, IDisableCSRFProtection)
        if not is_draft(target):
            return self.correct(target, role, data)
        if role == "read":
            return error(self, 403, draftform.MSG_READ_ONLY, "Forbidden")
        errors, notes, merge = draftform.patch_draft(
            target,
            form_schema(self.context),
            data,
            lead=role == "lead",
            request=self.request,
        )
        if errors:
            return bad_fields(self, errors)
        return {
            "saved": german_datetime(target.modified).split(", ")[-1],
            "modified": target.modified.isoformat(),
            "revision": target.revision,
            "conflicts": notes,
            "note": draftform.notes_message(notes, self.request),
            "taken": list(merge.taken),
        }

    def correct(self, submission, role, data):
        if role != "lead":
            return error(self, 403, MSG_LEAD_ONLY, "Forbidden")
        closed = corrections.problem(submission)
        if closed is not None:
            return error(self, 409, closed, "Conflict")
        try:
            version, changed = corrections.correct(submission, data, self.request)
        except corrections.CorrectionRefused as refusal:
            if None in refusal.errors:
                return error(self, 409, refusal.errors[None], "Conflict")
            return bad_fields(self, refusal.errors)
        mapping = {"version": version, "reference": submission.reference}
        message = corrections.MSG_CORRECTED if changed else corrections.MSG_UNCHANGED
        return {
            "version": version,
            "changed": changed,
            "message": translate(_(message, mapping=mapping), context=self.request),
        }
