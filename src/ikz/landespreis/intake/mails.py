"""The intake's mails: the applicant's confirmation and the office's notice,
built and queued by :mod:`ikz.landespreis.mail` in the transaction that
stores the application (a post whose transaction fails sends nothing).

The confirmation goes to an address anyone may type into the form, so it
quotes only the reference, the category and the title, and no text from the
form can become a link (:func:`defang`).
"""

from ikz.landespreis import _
from ikz.landespreis import mail
from ikz.landespreis.domain.formatting import german_datetime
from ikz.landespreis.publicurl import public_url
from ikz.landespreis.utils import uploads
from zope.i18n import translate
from zope.i18nmessageid import Message

import re


def german_size(size):
    if size is None:
        return ""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")


MESSAGES = {
    "mail_no_files": _("mail_no_files", default="(no files)"),
    "mail_label_reference": _("mail_label_reference", default="Reference number"),
    "mail_label_title": _("mail_label_title", default="Project"),
    "mail_label_category": _("mail_label_category", default="Category"),
    "mail_label_received": _("mail_label_received", default="Received at"),
    "mail_label_files": _("mail_label_files", default="Uploaded files"),
    "mail_label_lead": _("mail_label_lead", default="Lead municipality"),
    "mail_label_contact": _("mail_label_contact", default="Contact"),
    "mail_label_flags": _("mail_label_flags", default="Eligibility flags"),
    "mail_label_link": _("mail_label_link", default="Open in the portal"),
    "mail_office_intro": _(
        "mail_office_intro",
        default="A new application has arrived for the ${competition}.",
    ),
    "mail_office_subject": _(
        "mail_office_subject", default="New application ${reference}"
    ),
}


def _t(key, **mapping):
    msg = MESSAGES[key]
    return translate(Message(msg, mapping=mapping), target_language="de")


_SCHEME = re.compile(r"\b([a-z][a-z0-9+.-]*):(?=//)", re.IGNORECASE)
_DOT = re.compile(r"(?<=[a-z0-9-])\.(?=[a-z]{2,}\b)", re.IGNORECASE)


def defang(text):
    """``text`` from the form with nothing a mail program turns into a link:
    no scheme, no ``www.``-, domain or address pattern."""
    text = re.sub(r"[\x00-\x1f\x7f]+", " ", str(text or "")).strip()
    text = _SCHEME.sub(lambda m: m.group(1) + "[:]", text)
    text = text.replace("@", "[at]")
    return _DOT.sub("[.]", text)


def file_lines(submission):
    lines = [f"- {name} ({german_size(size)})" for name, size in uploads(submission)]
    return lines or [_t("mail_no_files")]


def office_body(submission, competition):
    flags = list(submission.eligibility_flags or [])
    return "\n".join([
        _t("mail_office_intro", competition=competition.Title()),
        "",
        f"{_t('mail_label_reference')}: {submission.reference}",
        f"{_t('mail_label_title')}: {submission.title}",
        f"{_t('mail_label_category')}: {submission.__parent__.Title()}",
        f"{_t('mail_label_received')}: {german_datetime(submission.submitted_at)}",
        "",
        f"{_t('mail_label_files')}:",
        *file_lines(submission),
        "",
        f"{_t('mail_label_lead')}: {submission.lead_municipality}",
        f"{_t('mail_label_contact')}: "
        f"{submission.contact_name} <{submission.contact_email}>",
        f"{_t('mail_label_flags')}: {', '.join(flags) if flags else '-'}",
        "",
        f"{_t('mail_label_link')}: {public_url(submission)}",
    ])


def pdf_attachment(submission, filename=None):
    """``[(filename, bytes, type)]``: the PDF copy of ``submission`` (named
    ``filename``, else after the reference), or nothing when it cannot be
    made (the application and its receipt never fail for the copy)."""
    from ikz.landespreis import logger
    from ikz.landespreis.applicants.pdf import application_pdf

    try:
        data = application_pdf(submission)
    except Exception:
        logger.exception("PDF copy of %s failed", submission.reference)
        return []
    return [(filename or f"{submission.reference}.pdf", data, "application/pdf")]


#: request key: the application comes from someone who opened a link
#: mailed to its contact address (:func:`note_proven_address`)
ADDRESS_PROVEN = "ikz_landespreis_address_proven"

#: the receipt's ``${pdf}``: with the copy attached, or where to get it
PDF_ATTACHED = "Eine PDF-Kopie Ihrer Bewerbung liegt dieser E-Mail bei."
PDF_ON_PAGE = (
    "Eine PDF-Kopie Ihrer Bewerbung können Sie unter „Meine Bewerbung“ "
    "herunterladen (Link unten)."
)


def note_proven_address(request, draft, address):
    """Before the intake of ``draft``: remember whether the request proves
    that its sender reads mail to ``address`` (see
    :func:`ikz.landespreis.applicants.tokens.proves_address`)."""
    from ikz.landespreis.applicants import tokens

    request.set(
        ADDRESS_PROVEN,
        draft is not None and tokens.proves_address(request, draft, address),
    )


def schedule_intake_mails(submission, competition, request=None):
    """Queue the confirmation (to the applicant) and the office's notice.

    The confirmation goes to whatever address the form was given. It
    carries the PDF copy (every text the applicant typed) only when the
    sender proved that the address is theirs, by submitting from a draft
    opened with the link mailed to it; otherwise it names only the
    reference, category and title, and the copy is one click away on
    "Meine Bewerbung" behind the personal link (anti-relay, issue 12)."""
    from ikz.landespreis import mailtemplates

    proven = bool(request is not None and request.get(ADDRESS_PROVEN))
    mailtemplates.send_to_applicant(
        submission,
        "receipt",
        attachments=pdf_attachment(submission) if proven else (),
        extra={"pdf": PDF_ATTACHED if proven else PDF_ON_PAGE},
    )
    if competition.office_email:
        mail.send(
            submission,
            "office_notice",
            competition.office_email,
            _t("mail_office_subject", reference=submission.reference),
            office_body(submission, competition),
            limit=False,
        )
