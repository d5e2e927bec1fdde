"""``@@meine-bewerbung``: the applicant's own page, without an account.

* ``GET ?token=…`` (the mailed link): the token is exchanged for a session
  cookie and the browser is sent on to the page without the token;
* ``POST email=…``: a fresh link is mailed to each application of the
  address; the answer is the same whether or not there is one;
* ``GET`` with a session: the application, its state and the dates ahead;
  without one: the form to request a link.
"""

from ikz.landespreis import _
from ikz.landespreis import delivery
from ikz.landespreis import logger
from ikz.landespreis.applicants import links
from ikz.landespreis.applicants import tokens
from ikz.landespreis.domain.applicant_status import applicant_status
from ikz.landespreis.domain.applicant_status import dates_ahead
from ikz.landespreis.domain.formatting import german_datetime
from ikz.landespreis.intake.mails import german_size
from ikz.landespreis.ratelimit import client_address
from ikz.landespreis.ratelimit import LIMITER
from ikz.landespreis.ratelimit import TooManyRequests
from ikz.landespreis.utils import find_competition
from ikz.landespreis.utils import uploads
from ikz.landespreis.web.headers import https_portal
from ikz.landespreis.web.headers import IPrivateResponse
from plone import api
from plone.protect import CheckAuthenticator
from plone.protect.interfaces import IDisableCSRFProtection
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zope.i18n import translate
from zope.interface import alsoProvides

import re


VIEW = "meine-bewerbung"
TOKEN_WINDOW = 60
EMAIL = re.compile(r"^[^@\s<>\"',;]+@[^@\s<>\"',;]+\.[^@\s<>\"',;]+$")

MSG_SENT = _(
    "msg_link_requested",
    default="If an application with this e-mail address exists in this "
    "competition, we have sent a personal link to it. Please look into your "
    "mailbox (and the spam folder). The link is valid for ${days} days.",
)
MSG_BAD_EMAIL = _(
    "msg_link_bad_email",
    default="Please enter a valid e-mail address, e.g. name@kommune.de.",
)
MSG_BAD_LINK = _(
    "msg_link_invalid",
    default="This link is not valid or has expired. Please request a new link "
    "below with the e-mail address of your application.",
)
MSG_DRAFT_DELETED = _(
    "msg_draft_deleted",
    default="Your draft has been deleted, with its files and its links.",
)
MSG_LOGGED_OUT = _(
    "msg_applicant_logged_out",
    default="You have left your application. Your link keeps working until it expires.",
)


def session_application(context, request):
    """``(submission, role)`` of the session in ``request`` when it belongs
    to the competition of ``context``, else ``(None, None)``. A partner's
    session only while the partner is invited; a partner who may edit
    reads once the application is submitted."""
    from ikz.landespreis.applicants import partners

    target, role, _partner = tokens.open_session(request, find_competition(context))
    if target is None:
        return None, None
    return target, partners.effective_role(target, role)


def token_attempt_allowed(request):
    """Count an attempt to open a link; False over the limit (brute force)."""
    return LIMITER.hit(
        "token",
        client_address(request),
        int(delivery.get("request_limit") or 0),
        TOKEN_WINDOW,
    )


class MyApplicationView(BrowserView):
    index = ViewPageTemplateFile("templates/my_application.pt")

    message = None
    error = None
    submission = None

    def __call__(self):
        alsoProvides(self.request, IPrivateResponse)
        self.competition = find_competition(self.context)
        form = self.request.form
        if "token" in form:
            return self.open_link(form.get("token"))
        if self.request.method == "POST":
            CheckAuthenticator(self.request)
            if form.get("form.buttons.logout"):
                tokens.end_session(self.request)
                self.message = translate(MSG_LOGGED_OUT, context=self.request)
                return self.index()
            if form.get("form.buttons.request"):
                return self.request_link(form.get("email", ""))
            if form.get("form.buttons.withdraw_consent"):
                return self.withdraw_consent()
            if form.get("form.buttons.delete_draft") or form.get(
                "form.buttons.delete_draft_confirm"
            ):
                return self.delete_draft(form)
            if form.get("form.buttons.withdraw") or form.get(
                "form.buttons.withdraw_confirm"
            ):
                return self.withdraw(form)
            if form.get("form.buttons.invite"):
                return self.invite(form)
            if form.get("form.buttons.revoke"):
                return self.revoke(form)
        self.submission, self.role = session_application(self.context, self.request)
        return self.index()

    confirm_withdrawal = False
    confirm_delete = False

    def withdraw_consent(self):
        from ikz.landespreis.applicants import consent

        self.submission, self.role = session_application(self.context, self.request)
        if self.submission is None or self.is_draft() or self.role != "lead":
            self.submission = None
            return self.refused(403, MSG_BAD_LINK)
        if consent.withdraw_publication_consent(self.submission):
            self.message = translate(
                consent.MSG_CONSENT_WITHDRAWN, context=self.request
            )
        return self.index()

    def can_withdraw_consent(self):
        from ikz.landespreis.applicants import consent

        return (
            self.role == "lead"
            and not self.is_draft()
            and consent.can_withdraw_publication(self.submission)
        )

    def delete_draft(self, form):
        from ikz.landespreis.applicants import drafts

        self.submission, self.role = session_application(self.context, self.request)
        if self.submission is None or not self.is_draft():
            self.submission = None
            return self.refused(403, MSG_BAD_LINK)
        if self.role != "lead":
            return self.lead_only()
        if not form.get("form.buttons.delete_draft_confirm"):
            self.confirm_delete = True
            return self.index()
        drafts.delete_draft(self.competition, self.submission.id)
        tokens.end_session(self.request)
        self.submission = None
        self.message = translate(MSG_DRAFT_DELETED, context=self.request)
        return self.index()

    def withdraw(self, form):
        from ikz.landespreis.applicants import withdraw

        self.submission, self.role = session_application(self.context, self.request)
        if self.submission is None or self.is_draft() or self.role != "lead":
            self.submission = None
            return self.refused(403, MSG_BAD_LINK)
        if not withdraw.can_withdraw(self.submission):
            self.error = translate(withdraw.MSG_CANNOT, context=self.request)
            return self.index()
        if not form.get("form.buttons.withdraw_confirm"):
            self.confirm_withdrawal = True
            return self.index()
        withdraw.withdraw(self.submission, form.get("reason", ""))
        self.message = translate(withdraw.MSG_WITHDRAWN, context=self.request)
        return self.index()

    def refused(self, status, message):
        """The page with ``message`` as its error, answered with ``status``."""
        self.request.response.setStatus(status)
        self.error = translate(message, context=self.request)
        return self.index()

    def lead_only(self):
        from ikz.landespreis.services.my_application.access import MSG_LEAD_ONLY

        return self.refused(403, MSG_LEAD_ONLY)

    def refuse_unless_lead(self):
        """Open the session's application; the refusing page unless its
        lead holds it, else ``None``."""
        self.submission, self.role = session_application(self.context, self.request)
        if self.submission is None:
            return self.refused(403, MSG_BAD_LINK)
        if self.role != "lead":
            return self.lead_only()
        return None

    def invite(self, form):
        from ikz.landespreis.applicants import partners

        refusal = self.refuse_unless_lead()
        if refusal is not None:
            return refusal
        try:
            record = partners.invite(
                self.submission,
                self.competition,
                form.get("partner_email", ""),
                form.get("partner_role", ""),
            )
        except partners.InvitationRefused as refused:
            return self.refused(refused.status, refused.message)
        self.message = partners.message(partners.MSG_INVITED, record, self.request)
        return self.index()

    def revoke(self, form):
        from ikz.landespreis.applicants import partners

        refusal = self.refuse_unless_lead()
        if refusal is not None:
            return refusal
        record = partners.revoke(
            self.submission, self.competition, form.get("partner", "")
        )
        if record is None:
            return self.refused(404, partners.MSG_UNKNOWN)
        self.message = partners.message(partners.MSG_REVOKED, record, self.request)
        return self.index()

    def partners(self):
        """The lead's list of invited partners."""
        from ikz.landespreis.applicants import partners

        if self.role != "lead":
            return []
        return [partners.describe(r) for r in partners.records(self.submission)]

    def role_label(self):
        from ikz.landespreis.applicants import partners

        if self.role in (None, "lead"):
            return ""
        return partners.ROLE_LABELS[self.role]

    def can_edit(self):
        from ikz.landespreis.applicants import partners

        return partners.can_edit(self.submission, self.role)

    def can_invite(self):
        return self.role == "lead"

    def revoke_label(self):
        return translate(_("button_revoke", default="Revoke"), context=self.request)

    def max_partners(self):
        from ikz.landespreis.applicants import partners

        return partners.MAX_PARTNERS

    def draft_answers(self):
        """The draft's answers as ``[{"label", "text"}]`` (read-only view)."""
        from ikz.landespreis.applicants.draftform import form_labels
        from ikz.landespreis.domain.merge import group_fields
        from ikz.landespreis.domain.merge import text_of
        from ikz.landespreis.intake.form import FORM_ID

        order, labels = form_labels(self.competition.get(FORM_ID))
        grouped = group_fields(self.submission.values)
        return [
            {"label": labels[name], "text": text_of(grouped.get(name))}
            for name in order
            if grouped.get(name)
        ]

    def can_withdraw(self):
        from ikz.landespreis.applicants import withdraw

        return (
            self.role == "lead"
            and not self.is_draft()
            and withdraw.can_withdraw(self.submission)
        )

    def can_correct(self):
        from ikz.landespreis.applicants import corrections

        return (
            self.role == "lead"
            and not self.is_draft()
            and corrections.problem(self.submission) is None
        )

    def version(self):
        from ikz.landespreis.applicants import corrections

        return corrections.current_version(self.submission)

    def clean_url(self):
        return f"{self.context.absolute_url()}/@@{VIEW}"

    def open_link(self, token):
        # a GET that writes nothing: safe from CSRF, and a mail program
        # fetching the link in advance does not use it up
        if not token_attempt_allowed(self.request):
            logger.warning(
                "Too many link attempts from %s", client_address(self.request)
            )
            raise TooManyRequests("request", TOKEN_WINDOW)
        read = tokens.read_token(token)
        submission = tokens.find_target(self.competition, read[0]) if read else None
        grant = None
        if submission is not None:
            grant = tokens.token_grant(submission, token)
        if grant is None:
            return self.refused(403, MSG_BAD_LINK)
        tokens.set_session(
            self.request,
            tokens.target_uid(submission),
            grant[0],
            secure=https_portal(self.request),
            address=tokens.token_address(submission, token),
            partner=grant[1],
        )
        self.request.response.redirect(self.clean_url(), status=303)
        return ""

    def request_link(self, address):
        address = str(address or "").strip()
        if len(address) > 254 or not EMAIL.match(address):
            return self.refused(400, MSG_BAD_EMAIL)
        if self.competition is not None:
            alsoProvides(self.request, IDisableCSRFProtection)
            for submission in tokens.applications_of(self.competition, address):
                links.mail_link(submission, self.competition)
        self.message = translate(
            _(MSG_SENT, mapping={"days": tokens.LINK_DAYS}), context=self.request
        )
        return self.index()

    # -- the page ----------------------------------------------------------

    def is_draft(self):
        return getattr(self.submission, "portal_type", None) == "ApplicationDraft"

    def draft_info(self):
        d = self.submission
        return {
            "title": d.title or "",
            "modified": german_datetime(d.modified),
            "email": d.contact_email,
            "files": [
                f"{f.filename} ({german_size(f.getSize())})" for f in d.files.values()
            ],
            "status": applicant_status("draft", ""),
            "form_url": f"{self.competition.absolute_url()}/bewerbung",
        }

    def info(self):
        s = self.submission
        competition = self.competition
        state = api.content.get_state(s, default="received")
        status = applicant_status(
            state,
            api.content.get_state(competition, default=""),
            getattr(s, "applicant_released", None),
            getattr(s, "rejection_reason", "") or "",
        )
        return {
            "reference": s.reference,
            "title": s.title,
            "category": s.__parent__.Title(),
            "received": german_datetime(s.submitted_at),
            "lead": s.lead_municipality,
            "contact": s.contact_name,
            "email": s.contact_email,
            "status": status,
            "files": [f"{name} ({german_size(size)})" for name, size in uploads(s)],
            "privacy_consent": bool(s.privacy_consent),
            "publication_consent": bool(s.publication_consent),
        }

    def dates(self):
        from ikz.landespreis.intake import clock

        c = self.competition
        if api.content.get_state(self.submission, default="") == "withdrawn":
            return []  # nothing ahead for a withdrawn application
        return [
            {"label": m.label, "when": german_datetime(m.when)}
            for m in dates_ahead(
                clock.now(),
                c.submission_end,
                getattr(c, "jury_deadline", None),
                getattr(c, "ceremony_date", None),
            )
        ]

    def competition_title(self):
        return self.competition.Title() if self.competition is not None else ""
