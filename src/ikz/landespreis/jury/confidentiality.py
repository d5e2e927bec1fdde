"""The jury's confidentiality statement and the invitation of new jurors.

A juror invited by the office (``@@jury-members``) gets an account, a link
to set a password (Plone's own reset mechanism: ``portal_password_reset``)
and must accept the competition's confidentiality statement before any
application is visible: until then ``pending`` holds, the juror gets no
local role on any application (``access.intended_roles``), the dashboard
and the conflict gate lead to ``@@vertraulichkeit``. The acceptance is
recorded with the text's fingerprint and written to the audit trail.
"""

from BTrees.OOBTree import OOBTree
from datetime import datetime
from ikz.landespreis import _
from ikz.landespreis.domain.dates import BERLIN
from ikz.landespreis.utils import ensure_annotation
from persistent.mapping import PersistentMapping
from plone import api
from zope.annotation.interfaces import IAnnotations

import hashlib
import re
import secrets
import unicodedata


KEY = "ikz.landespreis.confidentiality"

DEFAULT_STATEMENT = (
    "Ich verpflichte mich, alle Bewerbungen, ihre Anlagen, die Bewertungen "
    "und die Beratungen der Jury vertraulich zu behandeln. Ich gebe keine "
    "Inhalte an Dritte weiter, auch nicht nach dem Abschluss des "
    "Wettbewerbs, und nutze sie ausschließlich für die Arbeit in der Jury. "
    "Besteht bei einer Bewerbung ein Interessenkonflikt, erkläre ich ihn, "
    "bevor ich die Bewerbung lese."
)

EMAIL = re.compile(r"^[^@\s<>\"']+@[^@\s<>\"']+\.[^@\s<>\"']+$")

MSG_NAME = _("msg_invite_name", default="Please give the juror's full name.")
MSG_EMAIL = _("msg_invite_email", default="Please give a valid e-mail address.")
MSG_EXISTS = _(
    "msg_invite_exists",
    default="There is already an account with this e-mail address (user name "
    '${user}). Please add it under "Add an existing user".',
)


def statement(competition):
    return (getattr(competition, "confidentiality_statement", None) or "").strip() or (
        DEFAULT_STATEMENT
    )


def fingerprint(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _store(competition):
    return ensure_annotation(competition, KEY, OOBTree)


def record(competition, user_id):
    store = IAnnotations(competition).get(KEY)
    return store.get(user_id) if store is not None else None


def pending(competition, user_id):
    """True while an invited juror has not accepted the statement."""
    entry = record(competition, user_id)
    return bool(entry is not None and entry.get("pending"))


def require(competition, user_id):
    _store(competition)[user_id] = PersistentMapping({"pending": True})


def accept(competition, user_id):
    """Record the acceptance of the current statement; True if it was new."""
    from ikz.landespreis import audit

    entry = record(competition, user_id)
    if entry is None or not entry.get("pending"):
        return False
    text = statement(competition)
    entry.update({
        "pending": False,
        "accepted_at": datetime.now(BERLIN),
        "text_sha256": fingerprint(text),
    })
    audit.record(
        competition,
        "jury.confidentiality",
        target=user_id,
        text_sha256=fingerprint(text),
    )
    return True


def user_id_for(email):
    """A free user name from the e-mail address's local part."""
    local = email.split("@", 1)[0].lower()
    local = unicodedata.normalize("NFKD", local).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9._-]+", "-", local).strip("-._") or "juror"
    candidate = base
    number = 2
    while api.user.get(userid=candidate) is not None:
        candidate = f"{base}-{number}"
        number += 1
    return candidate


def find_by_email(email):
    acl = api.portal.get_tool("acl_users")
    for found in acl.searchUsers(email=email, exact_match=True):
        user = api.user.get(userid=found["userid"])
        if user is not None and (user.getProperty("email") or "").lower() == (
            email.lower()
        ):
            return found["userid"]
    return None


def create_account(fullname, email, organisation):
    """Create the account (as the system: the office holds no right to
    manage users) with a random password nobody knows; returns its id."""
    user_id = user_id_for(email)
    with api.env.adopt_roles(["Manager"]):
        api.user.create(
            email=email,
            username=user_id,
            password=secrets.token_urlsafe(32),
            properties={"fullname": fullname, "home_organisation": organisation},
        )
    return user_id


def reset_link(user_id):
    """A link to set the password, from Plone's own reset tool."""
    from ikz.landespreis.publicurl import public_url

    tool = api.portal.get_tool("portal_password_reset")
    with api.env.adopt_roles(["Manager"]):
        reset = tool.requestReset(user_id)
    return (
        public_url(None, "passwordreset", reset["randomstring"]) + f"?userid={user_id}",
        reset["expires"],
    )


INVITE_SUBJECT = _(
    "mail_invite_subject",
    default="Invitation to the jury: ${competition}",
)
INVITE_BODY = _(
    "mail_invite_body",
    default="Dear ${name},\n\nthe competition office invites you to the jury of "
    '"${competition}". An account has been created for you; your user name is '
    "${user}.\n\nPlease set your password here (the link is valid until "
    "${expires}):\n${link}\n\nAfter logging in you will be asked to accept the "
    "jury's confidentiality statement; only then can you see the applications "
    "assigned to you:\n${jury}\n",
)


def invite(competition, fullname, email, organisation="", categories=()):
    """The office invites a new juror: account, jury membership, panels,
    pending statement, mail with the link to set a password; returns the
    user id. Raises ``duties.DutyError`` (German) and changes nothing the
    caller keeps (the caller dooms the transaction)."""
    from ikz.landespreis import audit
    from ikz.landespreis import mail
    from ikz.landespreis.domain.formatting import german_datetime
    from ikz.landespreis.jury import duties
    from ikz.landespreis.jury import membership
    from ikz.landespreis.publicurl import public_url
    from zope.i18n import translate
    from zope.i18nmessageid import Message

    def german(message):
        return translate(message, target_language="de")

    fullname = (fullname or "").strip()
    email = (email or "").strip()
    organisation = (organisation or "").strip()
    if not fullname or len(fullname) > 200:
        raise duties.DutyError(german(MSG_NAME))
    if not EMAIL.match(email) or len(email) > 254:
        raise duties.DutyError(german(MSG_EMAIL))
    existing = find_by_email(email)
    if existing:
        raise duties.DutyError(german(Message(MSG_EXISTS, mapping={"user": existing})))
    panels = membership.panels(competition)
    user_id = create_account(fullname, email, organisation)
    membership.add_member(competition, user_id)
    for category_id in categories:
        if panels.get(category_id):
            membership.set_panel(
                competition, category_id, [*panels[category_id], user_id]
            )
    require(competition, user_id)
    link, expires = reset_link(user_id)
    mapping = {
        "name": fullname,
        "competition": competition.Title(),
        "user": user_id,
        "link": link,
        "expires": german_datetime(
            expires.asdatetime() if hasattr(expires, "asdatetime") else expires
        ),
        "jury": public_url(competition, "@@jury"),
    }
    mail.send(
        competition,
        "jury_invitation",
        email,
        german(Message(INVITE_SUBJECT, mapping=mapping)),
        german(Message(INVITE_BODY, mapping=mapping)),
        log=False,
        limit=False,
    )
    audit.record(competition, "jury.invited", target=user_id)
    return user_id
