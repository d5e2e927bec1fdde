"""Confirmation mails of the intake, sent only after the submission is stored.

Mails go out in an after-commit hook: a post whose transaction fails sends
nothing, and a mail that fails never undoes a stored submission. Failures
are logged and recorded on the submission, where editors see them.
"""

from datetime import datetime
from email.message import EmailMessage
from email.utils import formataddr
from ikz.landespreis import _
from ikz.landespreis import logger
from ikz.landespreis.domain.dates import BERLIN
from ikz.landespreis.domain.formatting import german_datetime
from ikz.landespreis.utils import uploads
from persistent.list import PersistentList
from plone import api
from zope.annotation.interfaces import IAnnotations
from zope.i18n import translate
from zope.i18nmessageid import Message

import transaction


MAIL_LOG = "ikz.landespreis.mail_log"


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
    "mail_applicant_greeting": _("mail_applicant_greeting", default="Dear ${name},"),
    "mail_applicant_thanks": _(
        "mail_applicant_thanks",
        default=(
            "thank you for your application to the ${competition}. We have received it:"
        ),
    ),
    "mail_applicant_next_steps": _(
        "mail_applicant_next_steps",
        default="What happens next: the competition office checks your application "
        "against the conditions of participation and will contact you if anything "
        "is missing. Admitted applications are assessed by the jury. Please quote "
        "your reference number in any question.",
    ),
    "mail_signature": _(
        "mail_signature",
        default="Kind regards\nThe office of the Landespreis",
    ),
    "mail_applicant_subject": _(
        "mail_applicant_subject",
        default="Your application ${reference} has been received",
    ),
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


def file_lines(submission):
    lines = [f"- {name} ({german_size(size)})" for name, size in uploads(submission)]
    return lines or [_t("mail_no_files")]


def summary_lines(submission, category_title):
    return [
        f"{_t('mail_label_reference')}: {submission.reference}",
        f"{_t('mail_label_title')}: {submission.title}",
        f"{_t('mail_label_category')}: {category_title}",
        f"{_t('mail_label_received')}: {german_datetime(submission.submitted_at)}",
        "",
        f"{_t('mail_label_files')}:",
        *file_lines(submission),
    ]


def compose(submission, competition):
    """The applicant's and the office's mail, as EmailMessage objects."""
    category_title = submission.__parent__.Title()
    from_address = sender()
    messages = []

    body = [
        _t("mail_applicant_greeting", name=submission.contact_name or ""),
        "",
        _t("mail_applicant_thanks", competition=competition.Title()),
        "",
        *summary_lines(submission, category_title),
        "",
        _t("mail_applicant_next_steps"),
        "",
        _t("mail_signature"),
    ]
    applicant = EmailMessage()
    applicant["Subject"] = _t("mail_applicant_subject", reference=submission.reference)
    applicant["From"] = from_address
    applicant["To"] = submission.contact_email
    if competition.office_email:
        applicant["Reply-To"] = competition.office_email
    applicant.set_content("\n".join(body))
    messages.append(applicant)

    if competition.office_email:
        flags = list(submission.eligibility_flags or [])
        office_body = [
            _t("mail_office_intro", competition=competition.Title()),
            "",
            *summary_lines(submission, category_title),
            "",
            f"{_t('mail_label_lead')}: {submission.lead_municipality}",
            f"{_t('mail_label_contact')}: "
            f"{submission.contact_name} <{submission.contact_email}>",
            f"{_t('mail_label_flags')}: {', '.join(flags) if flags else '-'}",
            "",
            f"{_t('mail_label_link')}: {submission.absolute_url()}",
        ]
        office = EmailMessage()
        office["Subject"] = _t("mail_office_subject", reference=submission.reference)
        office["From"] = from_address
        office["To"] = competition.office_email
        office.set_content("\n".join(office_body))
        messages.append(office)
    return messages


def sender():
    """The site's sender address (mail control panel)."""
    name = api.portal.get_registry_record("plone.email_from_name", default="") or ""
    address = api.portal.get_registry_record("plone.email_from_address", default=None)
    return formataddr((name, address or "noreply@localhost"))


def schedule_intake_mails(submission, competition, request=None):
    if not submission.contact_email:
        return
    send_after_commit(submission, compose(submission, competition))


def send_after_commit(submission, messages):
    """Send ``messages`` once the transaction that stores ``submission``
    has committed; failures are logged and recorded on the submission."""
    mailhost = api.portal.get_tool("MailHost")
    db = submission._p_jar.db() if submission._p_jar is not None else None
    transaction.get().addAfterCommitHook(
        _send_after_commit, args=(messages, mailhost, db, submission)
    )


def _send_after_commit(committed, messages, mailhost, db, submission):
    if not committed:
        return
    for message in messages:
        try:
            mailhost.send(message, immediate=True)
        except Exception as error:
            logger.exception("Mail to %s failed", message["To"])
            record_mail_failure(db, submission, message["To"], repr(error))


def record_mail_failure(db, submission, recipient, error):
    """Note the failure on the submission in a transaction of its own."""
    entry = {
        "time": datetime.now(BERLIN).isoformat(),
        "to": str(recipient),
        "error": error[:500],
    }
    oid = submission._p_oid
    if db is None or oid is None:
        return
    manager = transaction.TransactionManager()
    connection = db.open(transaction_manager=manager)
    try:
        for _attempt in range(5):
            manager.begin()
            try:
                stored = connection.get(oid)
                log = IAnnotations(stored).setdefault(MAIL_LOG, PersistentList())
                log.append(entry)
                manager.commit()
                return
            except Exception:
                manager.abort()
        logger.error("Could not record the mail failure for %s", submission.reference)
    finally:
        connection.close()


def mail_failures(submission):
    return list(IAnnotations(submission).get(MAIL_LOG, []))
