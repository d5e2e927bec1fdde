"""The personal link in mails: built from the public address, mailed
through the central mail module."""

from email.utils import formataddr
from ikz.landespreis import _
from ikz.landespreis import mail
from ikz.landespreis.applicants import tokens
from ikz.landespreis.publicurl import public_url
from zope.i18n import translate
from zope.i18nmessageid import Message


VIEW = "meine-bewerbung"

SUBJECT = _(
    "mail_link_subject",
    default="Your personal link to the application ${reference}",
)
BODY = _(
    "mail_link_body",
    default="Good day,\n\nwith this personal link you can open your application "
    "${reference} (${title}) to the ${competition}, see where it stands and "
    "what comes next:\n\n${link}\n\nThe link is valid for ${days} days. Please "
    "do not pass it on: whoever has it can open your application. You can "
    'request a new link at any time on the page "Meine Bewerbung".\n\n'
    "If you did not ask for this link, you can ignore this mail.\n\n"
    "Kind regards\nThe office of the Landespreis",
)
DRAFT_SUBJECT = _(
    "mail_draft_link_subject",
    default="Your draft application to the ${competition}",
)
DRAFT_BODY = _(
    "mail_draft_link_body",
    default="Good day,\n\nyour draft application to the ${competition} has been "
    "saved. It has not been submitted yet. With this personal link you can "
    "continue it on any device until the end of the submission period "
    "(${end}):\n\n${link}\n\nThe link is valid for ${days} days. Please do not "
    "pass it on: whoever has it can open your draft.\n\nIf you did not start "
    "an application, you can ignore this mail.\n\n"
    "Kind regards\nThe office of the Landespreis",
)
LINK_LINE = _(
    "mail_link_line",
    default="Your application online (personal link, valid for ${days} days):",
)


def link_url(competition, token):
    return public_url(competition, f"@@{VIEW}", f"?token={token}")


def page_url(competition):
    return public_url(competition, f"@@{VIEW}")


def new_link(submission, competition, role="lead"):
    return link_url(competition, tokens.issue_token(submission, role))


def link_lines(submission, competition):
    """Lines for the confirmation mail: the personal link."""
    return [
        translate(
            Message(LINK_LINE, mapping={"days": tokens.LINK_DAYS}),
            target_language="de",
        ),
        new_link(submission, competition),
    ]


def mail_link(submission, competition):
    """Mail a fresh personal link to the application's contact address."""
    from ikz.landespreis.intake.mails import defang

    mapping = {
        "reference": submission.reference,
        "title": defang(submission.title),
        "competition": competition.Title(),
        "link": new_link(submission, competition),
        "days": tokens.LINK_DAYS,
    }
    return mail.send(
        submission,
        "access_link",
        formataddr((defang(submission.contact_name), submission.contact_email)),
        translate(Message(SUBJECT, mapping=mapping), target_language="de"),
        translate(Message(BODY, mapping=mapping), target_language="de"),
        reply_to=competition.office_email or None,
    )


def mail_draft_link(draft, competition):
    """Mail the personal link to a draft (logged on the competition: a
    draft has no mail log of its own)."""
    from ikz.landespreis.domain.formatting import german_datetime

    mapping = {
        "competition": competition.Title(),
        "end": german_datetime(competition.submission_end),
        "link": new_link(draft, competition),
        "days": tokens.LINK_DAYS,
    }
    return mail.send(
        competition,
        "draft_link",
        draft.contact_email,
        translate(Message(DRAFT_SUBJECT, mapping=mapping), target_language="de"),
        translate(Message(DRAFT_BODY, mapping=mapping), target_language="de"),
        reply_to=competition.office_email or None,
        log=False,
    )
