"""Personal links for applicants, who have no Plone account.

A link carries a token: the application's UID, a purpose (``lead``), an
expiry and a random nonce, signed with the site's secret (HMAC-SHA256). The
application keeps only the SHA-256 hash of each token it issued, with its
purpose and expiry (annotation :data:`TOKENS`). A token opens an
application when its signature holds, it has not expired, and its hash is
among those of the very application it names: a token of one application
never opens another, a guessed or altered one opens nothing.

Opening the link exchanges the token for a session: a cookie (HttpOnly,
SameSite=Lax, Secure behind HTTPS) with the UID, the role and an expiry,
signed for that purpose only (a token is no cookie and a cookie no token).
Opening the link writes nothing, so a mail program that fetches the link
in advance does not use it up; it stays valid until it expires.

The applications of an e-mail address are found through a per-competition
index keyed by an HMAC of the address (:data:`EMAILS`), never the address
itself.

A partner's token and session also name the partner's record on the
application (``partner``); they open it only while that record exists with
that role, so revoking a partner ends its links and sessions at once.
"""

from BTrees.OOBTree import OOBTree
from datetime import datetime
from datetime import timedelta
from ikz.landespreis.domain.dates import BERLIN
from ikz.landespreis.utils import ensure_annotation
from persistent.mapping import PersistentMapping
from plone import api
from plone.keyring.interfaces import IKeyManager
from zope.annotation.interfaces import IAnnotations
from zope.component import getUtility

import base64
import binascii
import hashlib
import hmac
import secrets


TOKENS = "ikz.landespreis.access_tokens"
EMAILS = "ikz.landespreis.applicant_emails"
COOKIE = "ikz_bewerbung"

#: how long a mailed link opens the application
LINK_DAYS = 14
#: how long a session lasts after the link was opened
SESSION_HOURS = 8
#: roles a token or session may carry: the lead municipality's contact,
#: and the partners it invites to edit or to read along
#: (:mod:`ikz.landespreis.applicants.partners`)
ROLES = ("lead", "edit", "read")
#: the roles of partners
PARTNER_ROLES = ("edit", "read")


#: the site's own secret of the applicants' links, sessions and address index
KEY_ANNOTATION = "ikz.landespreis.applicant_secret"


def _secret(create=True):
    """The secret the links and sessions are signed with (and the address
    index keyed by). Not plone.keyring's "_system" ring itself: plone.protect
    rotates that ring weekly on a login (on a new site at the first login
    of anyone), which would void every mailed link (valid 14 days), every
    open session and the index of addresses. The first use keeps the
    ring's key of that moment for good (so links issued before on an
    existing site keep working); ``create=False`` (reading a link on a
    GET) writes nothing."""
    annotations = IAnnotations(api.portal.get())
    stored = annotations.get(KEY_ANNOTATION)
    if stored is None:
        stored = getUtility(IKeyManager).secret()
        if create:
            annotations[KEY_ANNOTATION] = stored
    return stored.encode()


def _sign(purpose, payload, create=True):
    message = f"ikz.landespreis/{purpose}/{payload}".encode()
    return hmac.new(_secret(create), message, hashlib.sha256).hexdigest()


def _encode(text):
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _decode(text):
    padded = text + "=" * (-len(text) % 4)
    return base64.urlsafe_b64decode(padded.encode()).decode()


def _now():
    return datetime.now(BERLIN)


def token_hash(token):
    return hashlib.sha256(str(token).encode()).hexdigest()


def _parse(value, purpose, fields):
    """``value`` (``payload.signature``) split into ``fields`` strings, or
    ``None`` when malformed or not signed for ``purpose``."""
    if not isinstance(value, str) or value.count(".") != 1 or len(value) > 400:
        return None
    payload, signature = value.split(".")
    try:
        text = _decode(payload)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    if not hmac.compare_digest(_sign(purpose, text, create=False), signature):
        return None
    parts = text.split(":")
    if len(parts) != fields:
        return None
    return parts


# -- tokens -------------------------------------------------------------------


def target_uid(target):
    """The id a token names: a Submission's UID or a draft's id."""
    if getattr(target, "portal_type", None) == "ApplicationDraft":
        return target.id
    return api.content.get_uuid(target)


def _store(target, create=False):
    if getattr(target, "portal_type", None) == "ApplicationDraft":
        return target.tokens
    if create:
        return ensure_annotation(target, TOKENS, OOBTree)
    return IAnnotations(target).get(TOKENS)


def issue_token(submission, role="lead", days=LINK_DAYS, now=None, partner=""):
    """A new token for ``submission`` or a draft (only its hash is stored);
    ``partner``: the id of the invited partner it belongs to."""
    if role not in ROLES or bool(partner) != (role in PARTNER_ROLES):
        raise ValueError(role)
    now = now or _now()
    expires = int((now + timedelta(days=days)).timestamp())
    uid = target_uid(submission)
    text = f"{uid}:{role}:{expires}:{secrets.token_urlsafe(16)}"
    token = f"{_encode(text)}.{_sign('access', text)}"
    store = _store(submission, create=True)
    for key in [k for k, v in store.items() if v["expires"] <= now.timestamp()]:
        del store[key]
    store[token_hash(token)] = PersistentMapping(
        role=role,
        expires=expires,
        issued=int(now.timestamp()),
        # the address the link goes to: opening it proves that address (a
        # partner's link proves nothing of the application's address)
        address=""
        if partner
        else address_key(getattr(submission, "contact_email", "")),
        partner=partner,
    )
    return token


def read_token(token, now=None):
    """``(uid, role)`` of a well-formed, correctly signed, unexpired token,
    else ``None``. Does not look at the stored hashes."""
    parts = _parse(token, "access", 4)
    if parts is None:
        return None
    uid, role, expires, _nonce = parts
    now = now or _now()
    if role not in ROLES or not expires.isdigit() or int(expires) <= now.timestamp():
        return None
    return uid, role


def token_grant(submission, token, now=None):
    """``(role, partner id)`` ``token`` grants on ``submission``, or
    ``None`` (a partner's token only while the partner is invited)."""
    from ikz.landespreis.applicants import partners

    read = read_token(token, now)
    if read is None or read[0] != target_uid(submission):
        return None
    stored = _store(submission)
    entry = stored.get(token_hash(token)) if stored is not None else None
    now = now or _now()
    if entry is None or entry["expires"] <= now.timestamp():
        return None
    partner = entry.get("partner") or ""
    if entry["role"] in PARTNER_ROLES and not partners.valid(
        submission, partner, entry["role"]
    ):
        return None
    return entry["role"], partner


def check_token(submission, token, now=None):
    """The role ``token`` grants on ``submission``, or ``None``."""
    grant = token_grant(submission, token, now)
    return grant[0] if grant is not None else None


def revoke_partner_tokens(submission, partner):
    """The links of the partner ``partner`` stop working."""
    stored = _store(submission)
    if stored is None or not partner:
        return
    for key in [k for k, v in stored.items() if v.get("partner") == partner]:
        del stored[key]


def token_address(submission, token):
    """The :func:`address_key` of the address ``token`` was mailed to
    (``""`` for a token of an older version or none)."""
    stored = _store(submission)
    entry = stored.get(token_hash(token)) if stored is not None else None
    return (entry.get("address") or "") if entry is not None else ""


def revoke_tokens(submission):
    """Every link of ``submission`` stops working."""
    stored = _store(submission)
    if stored is not None:
        stored.clear()


# -- sessions -----------------------------------------------------------------


def session_value(uid, role, hours=SESSION_HOURS, now=None, address="", partner=""):
    """A signed session; ``address`` (an :func:`address_key`) when it was
    opened with a link mailed to that address; ``partner`` the id of an
    invited partner's record."""
    now = now or _now()
    expires = int((now + timedelta(hours=hours)).timestamp())
    text = f"{uid}:{role}:{expires}:{address}:{partner}"
    return f"{_encode(text)}.{_sign('session', text)}"


def _read_session(value, now=None):
    """``(uid, role, address, partner)`` of a valid session cookie value,
    else ``None`` (a session of an older form without the address or the
    partner has ``""``). Does not look whether a partner is still invited
    (see :func:`open_session`)."""
    parts = (
        _parse(value, "session", 5)
        or _parse(value, "session", 4)
        or _parse(value, "session", 3)
    )
    if parts is None:
        return None
    parts = [*parts, "", ""][:5]
    uid, role, expires, address, partner = parts
    now = now or _now()
    if role not in ROLES or not expires.isdigit() or int(expires) <= now.timestamp():
        return None
    if bool(partner) != (role in PARTNER_ROLES):
        return None
    return uid, role, address, partner


def read_session(value, now=None):
    """``(uid, role)`` of a valid session cookie value, else ``None``. A
    partner's session is valid only while the partner is invited: use
    :func:`open_session`."""
    read = _read_session(value, now)
    return read[:2] if read is not None else None


def session_address(request):
    """The :func:`address_key` the request's session was opened for by a
    mailed link, or ``""`` (a session of "Zwischenspeichern")."""
    read = _read_session(request.cookies.get(COOKIE, ""))
    return read[2] if read is not None else ""


def open_session(request, competition):
    """``(target, role, partner)`` the session cookie of ``request`` opens
    in ``competition`` (a partner's only while it is invited with that
    role), else ``(None, None, None)``."""
    from ikz.landespreis.applicants import partners

    read = _read_session(request.cookies.get(COOKIE, ""))
    if read is None:
        return None, None, None
    uid, role, _address, partner = read
    target = find_target(competition, uid)
    if target is None:
        return None, None, None
    if role in PARTNER_ROLES and not partners.valid(target, partner, role):
        return None, None, None
    return target, role, partner


def set_session(request, uid, role, secure=False, address="", partner=""):
    request.response.setCookie(
        COOKIE,
        session_value(uid, role, address=address, partner=partner),
        path="/",
        http_only=True,
        same_site="Lax",
        secure=secure,
        max_age=SESSION_HOURS * 3600,
    )


def address_key(address):
    """A short keyed hash of an e-mail address (what a session or token
    records of it: never the address itself)."""
    return email_key(address)[:32] if str(address or "").strip() else ""


def proves_address(request, target, address):
    """Whether the request comes from someone who opened a link that was
    mailed to ``address`` for ``target`` (a draft or an application): the
    personal link in the header ``X-Application-Token``, or the session
    that such a link opened. Only then does a mail to ``address`` carry
    the applicant's own texts (the PDF copy): anyone can type any address
    into the form."""
    key = address_key(address)
    if not key:
        return False
    token = request.getHeader("X-Application-Token")
    if token:
        return (
            check_token(target, token) is not None
            and token_address(target, token) == key
        )
    read = _read_session(request.cookies.get(COOKIE, ""))
    return read is not None and read[0] == target_uid(target) and read[2] == key


def end_session(request):
    request.response.expireCookie(COOKIE, path="/")


# -- finding applications by address -------------------------------------------


def email_key(address):
    normalised = str(address or "").strip().lower()
    return hmac.new(
        _secret(), f"ikz.landespreis/email/{normalised}".encode(), hashlib.sha256
    ).hexdigest()


def remember_email(competition, submission):
    """Index ``submission`` under its contact address. One key per
    application (address key, UID): many applications of one address
    arriving at once insert different keys, which the BTree merges, never a
    shared value that would conflict."""
    address = getattr(submission, "contact_email", None)
    if not address:
        return
    index = ensure_annotation(competition, EMAILS, OOBTree)
    index[(email_key(address), api.content.get_uuid(submission))] = True


def forget_email(competition, submission, address):
    index = IAnnotations(competition).get(EMAILS)
    if index is None or not address:
        return
    key = (email_key(address), api.content.get_uuid(submission))
    if key in index:
        del index[key]


def applications_of(competition, address):
    """The applications of ``competition`` with contact ``address``."""
    index = IAnnotations(competition).get(EMAILS)
    if index is None:
        return []
    key = email_key(address)
    found = []
    for _key, uid in index.keys(min=(key, ""), max=(key, "\uffff")):
        submission = by_uid(uid)
        if submission is not None and (
            str(submission.contact_email or "").strip().lower()
            == str(address).strip().lower()
        ):
            found.append(submission)
    return found


def find_target(competition, uid):
    """The Submission of ``competition`` or its draft named ``uid``."""
    from ikz.landespreis.applicants.drafts import get_draft
    from ikz.landespreis.utils import find_competition

    if competition is None:
        return None
    draft = get_draft(competition, uid)
    if draft is not None:
        return draft
    submission = by_uid(uid)
    if submission is None:
        return None
    own = find_competition(submission)
    if own is None or api.content.get_uuid(own) != api.content.get_uuid(competition):
        return None
    return submission


def by_uid(uid):
    """The Submission with ``uid`` (unrestricted), or ``None``."""
    if not isinstance(uid, str) or len(uid) != 32:
        return None
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(UID=uid, portal_type="Submission")
    return brains[0]._unrestrictedGetObject() if brains else None
