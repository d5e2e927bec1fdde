"""The applicant's consents and data (issue 14, item 9): the publication
consent can be withdrawn until publication (recorded, the office is told);
the data of the application can be downloaded as JSON; a draft can be
deleted; drafts never submitted are deleted some days after the deadline.

The consents belong to the applicant: no role changes them (DESIGN.md);
this is the applicant's own act through the personal link.
"""

from datetime import timedelta
from ikz.landespreis import _
from ikz.landespreis import audit
from ikz.landespreis import logger
from ikz.landespreis import mail
from ikz.landespreis.applicants import drafts
from ikz.landespreis.applicants.withdraw import ACTOR
from ikz.landespreis.domain.pictures import PICTURE_FIELDS
from ikz.landespreis.utils import FILE_FIELDS
from ikz.landespreis.utils import find_competition
from plone import api
from zope.i18n import translate
from zope.i18nmessageid import Message

import os


#: a published application keeps what it has shown
PUBLISHED = frozenset({"published", "archived_published"})
#: days after the end of submissions until unsent drafts are deleted
DRAFT_DAYS = 30

MSG_CONSENT_WITHDRAWN = _(
    "msg_publication_consent_withdrawn",
    default="You have withdrawn your consent to publication. The competition "
    "office has been told.",
)
OFFICE_SUBJECT = _(
    "mail_consent_withdrawn_subject",
    default="Application ${reference}: consent to publication withdrawn",
)
OFFICE_BODY = _(
    "mail_consent_withdrawn_body",
    default="The applicant has withdrawn the consent to publication of the "
    "application ${reference} (${title}) through the personal link. Title, "
    "municipalities and short description must not be published.",
)


def can_withdraw_publication(submission):
    return bool(getattr(submission, "publication_consent", False)) and (
        api.content.get_state(submission, default="") not in PUBLISHED
    )


def withdraw_publication_consent(submission):
    """The applicant withdraws the publication consent; False when too late."""
    if not can_withdraw_publication(submission):
        return False
    submission.publication_consent = False
    audit.record(
        submission,
        "consent.withdrawn",
        target=api.content.get_uuid(submission),
        actor=ACTOR,
        consent="publication_consent",
    )
    competition = find_competition(submission)
    if competition is not None and competition.office_email:
        mapping = {"reference": submission.reference, "title": submission.title}
        mail.send(
            submission,
            "consent_withdrawn",
            competition.office_email,
            translate(Message(OFFICE_SUBJECT, mapping=mapping), target_language="de"),
            translate(Message(OFFICE_BODY, mapping=mapping), target_language="de"),
            limit=False,
        )
    return True


def _plain(value):
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, (list, tuple, set)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return str(value)


#: what the applicant gave (the office's notes and flags are not theirs)
DATA_FIELDS = (
    "reference",
    "title",
    "lead_municipality",
    "no_lead",
    "department",
    "partners",
    "contact_name",
    "contact_email",
    "contact_phone",
    "contract_date",
    "project_status",
    "legal_form",
    "funding",
    "summary",
    "benefit",
    "innovation",
    "sustainability",
    "privacy_consent",
    "publication_consent",
    "additional_answers",
    "submitted_at",
)


def application_data(submission):
    """The applicant's data of ``submission`` as plain JSON-able values."""
    data = {name: _plain(getattr(submission, name, None)) for name in DATA_FIELDS}
    data["category"] = submission.__parent__.Title()
    data["files"] = [
        {"field": name, "filename": blob.filename, "size": blob.getSize()}
        for name in FILE_FIELDS
        if (blob := getattr(submission, name, None)) is not None
    ]
    data["pictures"] = [
        {
            "field": name,
            "filename": blob.filename,
            "size": blob.getSize(),
            "alt": getattr(submission, alt, None) or "",
        }
        for name, alt in PICTURE_FIELDS
        if (blob := getattr(submission, name, None)) is not None
    ]
    return data


def draft_days():
    value = os.environ.get("IKZ_DRAFT_DAYS", "").strip()
    return int(value) if value.isdigit() else DRAFT_DAYS


def purge_drafts(competition, now, days=None):
    """Delete the drafts of ``competition`` once ``days`` (default
    :func:`draft_days`) have passed since the end of submissions; returns
    how many (recorded in the audit trail)."""
    end = competition.submission_end
    days = draft_days() if days is None else days
    if end is None or now < end + timedelta(days=days):
        return 0
    tree = drafts._tree(competition)
    ids = list(tree.keys()) if tree is not None else []
    for draft_id in ids:
        drafts.delete_draft(competition, draft_id)
    if ids:
        audit.record(
            competition,
            "drafts.purged",
            target=api.content.get_uuid(competition),
            actor="System",
            count=len(ids),
            days=days,
        )
        logger.info("%d unsent drafts deleted in %s", len(ids), competition.getId())
    return len(ids)


class MyDataView:
    """``@@meine-bewerbung-daten``: the session's application as JSON."""

    def __init__(self, context, request):
        self.context = context
        self.request = request

    def __call__(self):
        from ikz.landespreis.applicants.views import session_application
        from ikz.landespreis.web.headers import IPrivateResponse
        from plone.protect.interfaces import IDisableCSRFProtection
        from zope.interface import alsoProvides

        import json

        alsoProvides(self.request, IPrivateResponse)
        submission, _role = session_application(self.context, self.request)
        if submission is None or getattr(submission, "portal_type", "") != "Submission":
            self.request.response.redirect(
                f"{self.context.absolute_url()}/@@meine-bewerbung"
            )
            return ""
        # the audit entry is the only write of this GET
        alsoProvides(self.request, IDisableCSRFProtection)
        audit.record(
            submission,
            "download",
            target=api.content.get_uuid(submission),
            actor=ACTOR,
            export="Daten der Bewerbung (JSON)",
        )
        response = self.request.response
        response.setHeader("Content-Type", "application/json; charset=utf-8")
        response.setHeader(
            "Content-Disposition",
            f'attachment; filename="{submission.reference}.json"',
        )
        return json.dumps(application_data(submission), ensure_ascii=False, indent=2)
