"""Partners who write along: the lead invites co-editors by e-mail.

An application (a draft or a submitted one) keeps a record per invited
partner: a random id, the address, the role (``edit``: change the draft's
answers and files; ``read``: see everything read-only) and when it was
invited. Each invitee gets a personal link by mail: a token with that role
and the partner's id (:mod:`ikz.landespreis.applicants.tokens`). A token
or session of a partner opens the application only while the record
exists with that role: revoking deletes the record and the partner's
tokens, and its sessions stop at the next request.

Only the lead invites, revokes, submits, withdraws, corrects and deletes
the draft. After submission partners only read. The invitation mail goes
from the official sender and carries no text of the lead's but the
application's title (defanged): it cannot relay anyone's message. The
audit trail records the invitation and the revocation with the partner's
id and role, not the address (as for mails: the trail is kept for ever).
"""

from BTrees.OOBTree import OOBTree
from datetime import datetime
from ikz.landespreis import _
from ikz.landespreis import audit
from ikz.landespreis import mail
from ikz.landespreis.applicants import tokens
from ikz.landespreis.domain.dates import BERLIN
from ikz.landespreis.domain.formatting import german_datetime
from ikz.landespreis.ratelimit import LIMITER
from ikz.landespreis.utils import ensure_annotation
from persistent.mapping import PersistentMapping
from zope.annotation.interfaces import IAnnotations
from zope.i18n import translate
from zope.i18nmessageid import Message

import re
import secrets


KEY = "ikz.landespreis.partners"
#: at most this many partners per application
MAX_PARTNERS = 10
#: at most this many invitations per application and hour
INVITE_LIMIT = 20
INVITE_WINDOW = 3600
EMAIL = re.compile(r"^[^@\s<>\"',;]+@[^@\s<>\"',;]+\.[^@\s<>\"',;]+$")

ROLE_LABELS = {"edit": "bearbeiten", "read": "lesen", "lead": "federführend"}

MSG_BAD_EMAIL = _(
    "msg_partner_bad_email",
    default="Please enter a valid e-mail address of the partner, e.g. name@kommune.de.",
)
MSG_BAD_ROLE = _(
    "msg_partner_bad_role",
    default='Please choose the partner\'s right: "read" or "edit".',
)
MSG_TOO_MANY = _(
    "msg_partner_too_many",
    default="At most ${count} partners can be invited to one application. "
    "Revoke an invitation first.",
)
MSG_RATE = _(
    "msg_partner_rate",
    default="Too many invitations for this application in the last hour. "
    "Please try again later.",
)
MSG_OWN = _(
    "msg_partner_own_address",
    default="This is the address of the application itself; its contact "
    "already has the lead's link.",
)
MSG_INVITED = _(
    "msg_partner_invited",
    default="${email} has been invited (${role}) and gets a personal link by e-mail.",
)
MSG_REVOKED = _(
    "msg_partner_revoked",
    default="The invitation of ${email} has been revoked; its link and sessions "
    "no longer work.",
)
MSG_UNKNOWN = _(
    "msg_partner_unknown",
    default="There is no such invitation (any more).",
)
SUBJECT = _(
    "mail_partner_subject",
    default="Invitation to the application “${title}” to the ${competition}",
)
BODY = _(
    "mail_partner_body",
    default="Good day,\n\nthe lead municipality of the application “${title}” "
    "to the ${competition} has invited you as a partner. Your right: "
    "${role}.\n\nWith this personal link you open the application:\n\n${link}"
    "\n\nThe link is valid for ${days} days. Please do not pass it on: "
    "whoever has it can open the application with your right. Only the lead "
    "municipality can submit or withdraw the application.\n\nIf you do not "
    "know this application, you can ignore this mail.\n\n"
    "Kind regards\nThe office of the Landespreis",
)


class InvitationRefused(Exception):
    """The invitation was refused: ``message`` (German, i18n)."""

    def __init__(self, message, status=400):
        super().__init__(message)
        self.message = message
        self.status = status


def is_draft(target):
    return getattr(target, "portal_type", None) == "ApplicationDraft"


def _store(target, create=False):
    if is_draft(target):
        if target.partners is None and create:
            target.partners = OOBTree()
        return target.partners
    if create:
        return ensure_annotation(target, KEY, OOBTree)
    return IAnnotations(target).get(KEY)


def records(target):
    """The partners of ``target``, oldest invitation first."""
    store = _store(target)
    if not store:
        return []
    return sorted(store.values(), key=lambda r: r["invited"])


def get(target, partner):
    store = _store(target)
    if store is None or not isinstance(partner, str) or not partner:
        return None
    return store.get(partner)


def valid(target, partner, role):
    """Whether ``partner`` is invited to ``target`` with ``role``."""
    record = get(target, partner)
    return record is not None and record["role"] == role


def effective_role(target, role):
    """A partner who may edit only reads once the application is submitted."""
    if role == "edit" and not is_draft(target):
        return "read"
    return role


def can_edit(target, role):
    """Whether ``role`` may change the draft's answers and files."""
    return is_draft(target) and role in ("lead", "edit")


def describe(record):
    """The record as plain data (REST, the page)."""
    return {
        "id": record["id"],
        "email": record["email"],
        "role": record["role"],
        "role_label": ROLE_LABELS[record["role"]],
        "invited": record["invited"].isoformat(),
        "invited_label": german_datetime(record["invited"]),
    }


def _contact(target):
    if is_draft(target):
        return target.contact_email
    return getattr(target, "contact_email", "") or ""


def _check(target, address, role):
    address = str(address or "").strip() if isinstance(address, str) else ""
    if len(address) > 254 or not EMAIL.match(address):
        raise InvitationRefused(MSG_BAD_EMAIL)
    if role not in tokens.PARTNER_ROLES:
        raise InvitationRefused(MSG_BAD_ROLE)
    if address.lower() == str(_contact(target) or "").strip().lower():
        raise InvitationRefused(MSG_OWN)
    return address


def invite(target, competition, address, role):
    """Invite ``address`` with ``role`` to ``target`` and mail the link;
    returns the record. An address already invited gets the new role and
    a fresh link (its old links stop). Raises :class:`InvitationRefused`."""
    address = _check(target, address, role)
    existing = next(
        (r for r in records(target) if r["email"].lower() == address.lower()), None
    )
    if existing is None and len(records(target)) >= MAX_PARTNERS:
        raise InvitationRefused(
            Message(MSG_TOO_MANY, mapping={"count": MAX_PARTNERS}), status=409
        )
    if not LIMITER.hit(
        "invite", tokens.target_uid(target), INVITE_LIMIT, INVITE_WINDOW
    ):
        raise InvitationRefused(MSG_RATE, status=429)
    store = _store(target, create=True)
    if existing is not None:
        tokens.revoke_partner_tokens(target, existing["id"])
        del store[existing["id"]]
    partner = secrets.token_hex(8)
    record = PersistentMapping(
        id=partner, email=address, role=role, invited=datetime.now(BERLIN)
    )
    store[partner] = record
    token = tokens.issue_token(target, role, partner=partner)
    _mail(target, competition, record, token)
    audit.record(
        competition,
        "applicant.partner_invited",
        target=tokens.target_uid(target),
        partner=partner,
        role=role,
        draft=is_draft(target),
    )
    return record


def revoke(target, competition, partner):
    """Revoke the invitation ``partner``: its record and links go, its
    sessions stop. Returns the record, or ``None`` when there is none."""
    record = get(target, partner)
    if record is None:
        return None
    tokens.revoke_partner_tokens(target, partner)
    del _store(target)[partner]
    audit.record(
        competition,
        "applicant.partner_revoked",
        target=tokens.target_uid(target),
        partner=partner,
        role=record["role"],
        draft=is_draft(target),
    )
    return record


def carry_over(draft, submission, competition):
    """On submitting ``draft`` as ``submission``: its partners become the
    application's (they now only read) and get a fresh link by mail (the
    draft's links die with the draft)."""
    for old in records(draft):
        record = PersistentMapping(
            id=old["id"], email=old["email"], role=old["role"], invited=old["invited"]
        )
        _store(submission, create=True)[record["id"]] = record
        token = tokens.issue_token(submission, record["role"], partner=record["id"])
        _mail(submission, competition, record, token)


def _mail(target, competition, record, token):
    from ikz.landespreis.applicants import links
    from ikz.landespreis.intake.mails import defang

    title = target.title or ""
    mapping = {
        "title": defang(title) or "(ohne Titel)",
        "competition": competition.Title(),
        "role": ROLE_LABELS[record["role"]],
        "link": links.link_url(competition, token),
        "days": tokens.LINK_DAYS,
    }
    return mail.send(
        competition if is_draft(target) else target,
        "partner_invitation",
        record["email"],
        translate(Message(SUBJECT, mapping=mapping), target_language="de"),
        translate(Message(BODY, mapping=mapping), target_language="de"),
        reply_to=competition.office_email or None,
        log=not is_draft(target),
    )


def message(msgid, record, request):
    return translate(
        Message(
            msgid,
            mapping={"email": record["email"], "role": ROLE_LABELS[record["role"]]},
        ),
        context=request,
    )
