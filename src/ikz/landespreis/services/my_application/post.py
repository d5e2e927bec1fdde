"""``POST @my-application/submit``, ``withdraw`` and ``invite`` for the
holder of the lead's personal link.

* ``submit``: the draft goes through the application form as "Bewerbung
  absenden" (every error at once, in German, per field; nothing changes on
  a refusal); the answer has the reference and a personal link token for
  the application (the draft and its links are gone).
* ``withdraw`` ``{"confirm": true, "reason": "…"}``: withdraws the
  submitted application until the jury's decision; the office is told.
  Without ``confirm`` nothing happens.
* ``invite`` ``{"email": "…", "role": "edit" | "read"}``: invites a
  partner, who gets a personal link by mail (201 with the record).
  ``DELETE @my-application/invite/<id>`` revokes it (delete.py)."""

from ikz.landespreis import _
from ikz.landespreis.applicants import partners
from ikz.landespreis.applicants import tokens
from ikz.landespreis.applicants import withdraw
from ikz.landespreis.applicants.submit import submit_draft
from ikz.landespreis.intake.store import acceptance_problem
from ikz.landespreis.intake.store import ApplicationRefused
from ikz.landespreis.mail import receipt_state
from ikz.landespreis.services.errors import error
from ikz.landespreis.services.my_application.access import authenticate
from ikz.landespreis.services.my_application.access import is_draft
from ikz.landespreis.services.my_application.access import MSG_NOT_DRAFT
from ikz.landespreis.services.my_application.access import MSG_NOT_SUBMITTED
from ikz.landespreis.services.my_application.patch import bad_fields
from plone import api
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.deserializer import json_body
from plone.restapi.services import Service
from zExceptions import NotFound
from zope.i18n import translate
from zope.interface import alsoProvides
from zope.interface import implementer
from zope.publisher.interfaces import IPublishTraverse


ACTIONS = ("submit", "withdraw", "invite")

MSG_CONFIRM = _(
    "msg_withdraw_confirm",
    default='Withdrawing cannot be undone. Send {"confirm": true} (and '
    'optionally a "reason") to withdraw the application.',
)
MSG_SUBMITTED = _(
    "msg_draft_submitted",
    default="Your application has been submitted. Reference number: ${reference}. "
    "The confirmation is being sent to ${email}.",
)
MSG_SUBMITTED_NO_RECEIPT = _(
    "msg_draft_submitted_no_receipt",
    default="Your application has been submitted. Reference number: ${reference}. "
    "The confirmation to ${email} could not be sent; the competition office "
    "sees this and will send the confirmation again.",
)
MSG_SUBMITTED_PLAIN = _(
    "msg_draft_submitted_plain",
    default="Your application has been submitted. Reference number: ${reference}.",
)


def submitted_message(submission):
    """``(message, receipt)``: what the answer may truthfully say about the
    confirmation (as the thank-you page: :func:`mail.receipt_state`)."""
    receipt = receipt_state(submission)
    mapping = {"reference": submission.reference}
    if receipt is None:
        return _(MSG_SUBMITTED_PLAIN, mapping=mapping), None
    state = {"state": receipt.get("state"), "to": receipt.get("to")}
    mapping["email"] = receipt.get("to") or ""
    if receipt.get("state") == "failed":
        return _(MSG_SUBMITTED_NO_RECEIPT, mapping=mapping), state
    return _(MSG_SUBMITTED, mapping=mapping), state


@implementer(IPublishTraverse)
class MyApplicationPost(Service):
    def __init__(self, context, request):
        super().__init__(context, request)
        self.action = None

    def publishTraverse(self, request, name):
        if self.action is not None or name not in ACTIONS:
            raise NotFound(name)
        self.action = name
        return self

    def reply(self):
        if self.action is None:
            raise NotFound("@my-application")
        target, _role, refused = authenticate(self, lead=True)
        if refused is not None:
            return refused
        try:
            data = json_body(self.request) or {}
        except Exception:
            data = {}
        if not isinstance(data, dict):
            data = {}
        # the personal link is the credential: no login, no cookie to ride on
        alsoProvides(self.request, IDisableCSRFProtection)
        if self.action == "submit":
            return self.submit(target)
        if self.action == "invite":
            return self.invite(target, data)
        return self.withdraw(target, data)

    def invite(self, target, data):
        from ikz.landespreis import delivery
        from ikz.landespreis.ratelimit import client_address
        from ikz.landespreis.ratelimit import LIMITER
        from ikz.landespreis.ratelimit import REQUEST_WINDOW
        from ikz.landespreis.ratelimit import TooManyRequests

        # an invitation sends a mail: counted as the link requests are
        if not LIMITER.hit(
            "request",
            client_address(self.request),
            int(delivery.get("request_limit") or 0),
            REQUEST_WINDOW,
        ):
            raise TooManyRequests("request", REQUEST_WINDOW)
        try:
            record = partners.invite(
                target, self.context, data.get("email"), data.get("role")
            )
        except partners.InvitationRefused as refusal:
            kind = {409: "Conflict", 429: "TooManyRequests"}.get(
                refusal.status, "BadRequest"
            )
            return error(self, refusal.status, refusal.message, kind)
        self.request.response.setStatus(201)
        answer = partners.describe(record)
        del answer["invited_label"]
        answer["message"] = partners.message(partners.MSG_INVITED, record, self.request)
        return answer

    def submit(self, draft):
        problem = acceptance_problem(self.context)
        if problem is not None:
            return error(self, 403, problem, "Forbidden")
        if not is_draft(draft):
            return error(self, 409, MSG_NOT_DRAFT, "Conflict")
        try:
            submission = submit_draft(self.context, draft, self.request)
        except ApplicationRefused as refusal:
            return bad_fields(self, refusal.errors)
        self.request.response.setStatus(201)
        message, receipt = submitted_message(submission)
        return {
            "reference": submission.reference,
            "message": translate(message, context=self.request),
            "receipt": receipt,
            "token": tokens.issue_token(submission),
        }

    def withdraw(self, submission, data):
        if is_draft(submission):
            return error(self, 409, MSG_NOT_SUBMITTED, "Conflict")
        if not withdraw.can_withdraw(submission):
            return error(self, 409, withdraw.MSG_CANNOT, "Conflict")
        if data.get("confirm") is not True:
            return error(self, 400, MSG_CONFIRM)
        reason = data.get("reason") if isinstance(data.get("reason"), str) else ""
        withdraw.withdraw(submission, reason)
        return {
            "state": api.content.get_state(submission),
            "message": translate(withdraw.MSG_WITHDRAWN, context=self.request),
        }
