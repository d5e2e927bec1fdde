"""Every mail the add-on sends: built here, queued here, logged here.

Messages are RFC 5322 (``email.policy.SMTP``): CRLF line endings, headers
in UTF-8 encoded as RFC 2047 words, a body in quoted-printable, a
``Message-ID`` and a ``Date``. Strict SMTP servers (aiosmtpd with its
defaults, Postfix with ``smtpd_forbid_bare_newline``) accept them.

Delivery is zope.sendmail's queued delivery: :func:`send` writes the
message into a maildir queue when the transaction commits (a failed post
sends nothing), and a processor thread of the instance delivers it. An SMTP
server that is down delays mails; they stay in the queue and are tried
again. Each instance has its own queue directory (``IKZ_MAIL_QUEUE``, set
in etc/zope.conf.in to ``var/mailqueue`` of the instance), so the
instances of a cluster never send one mail twice; zope.sendmail's
hard-link protocol would keep two processors of one directory apart too.

Plone's own mails (password reset, registration) go the same way: the
site's MailHost is a :class:`QueuedMailHost` (set up by the profile).

Mails about an application are logged on it (:func:`mail_log`): recipient,
kind, time and state (queued, sent, failed with a German reason); the
processor thread updates the entry in a transaction of its own. The office
sends a failed mail again with :func:`resend`. Every mail is recorded in
the competition's audit trail.

The competition keeps an index of the same entries (:func:`competition_log`,
an OOBTree keyed by the entry's random id, so concurrent applications do not
conflict): the office's mail log of the whole competition reads it without
waking an application, and :func:`resend_failed` sends every failed mail
again. An entry carries the template it was rendered from, the reference
and the UID of the application it is about.

At most ``mail_limit`` mails per recipient and hour are queued
(:func:`ikz.landespreis.ratelimit.mail_allowed`); a mail over the limit is
logged as failed, and the office can send it again.
"""

from datetime import datetime
from email import policy
from email.message import EmailMessage
from email.utils import formataddr
from email.utils import formatdate
from email.utils import make_msgid
from email.utils import parseaddr
from ikz.landespreis import logger
from ikz.landespreis.domain.dates import BERLIN
from persistent.list import PersistentList
from persistent.mapping import PersistentMapping
from plone import api
from Products.MailHost.MailHost import MailHost
from ZODB.POSException import ConflictError
from ZODB.POSException import POSKeyError
from zope.annotation.interfaces import IAnnotations
from zope.sendmail.delivery import QueuedMailDelivery
from zope.sendmail.mailer import _SMTPState
from zope.sendmail.mailer import SMTPMailer
from zope.sendmail.queue import QueueProcessorThread

import contextlib
import logging
import os
import re
import smtplib
import sys
import tempfile
import threading
import time
import transaction
import uuid


LOG_KEY = "ikz.landespreis.mail_log"
INDEX_KEY = "ikz.landespreis.mail_index"
TRACK = b"X-Ikz-Track: "

KIND_LABELS = {
    "receipt": "Eingangsbestätigung",
    "access_link": "Persönlicher Link zur Bewerbung",
    "draft_link": "Persönlicher Link zum Entwurf",
    "partner_invitation": "Einladung einer Partnerin/eines Partners zur Bewerbung",
    "applicant_withdrawal": "Rücknahme durch die Bewerbung (an die Geschäftsstelle)",
    "applicant_correction": "Korrektur durch die Bewerbung (an die Geschäftsstelle)",
    "correction": "Bestätigung einer Korrektur (an die Bewerbung, mit PDF-Kopie)",
    "consent_withdrawn": "Widerruf der Einwilligung in die Veröffentlichung",
    "office_notice": "Hinweis an die Geschäftsstelle",
    "rejection": "Absage",
    "withdrawal": "Rücknahme",
    "reminder": "Erinnerung an die Jury",
    "jury_invitation": "Einladung in die Jury",
    "confirmation": "Eingangsbestätigung eines Formulars",
    "consultation_reminder": "Erinnerung an die Sprechstunde",
    "plone": "Portal-Mail",
    "admission": "Zulassung",
    "nomination": "Nominierung",
    "award": "Auszeichnung",
    "non_award": "Keine Auszeichnung",
    "results": "Ergebnisse veröffentlicht",
    "juror_invitation": "Einladung in die Jury",
    "consultation": "Anmeldung zur Sprechstunde",
    "test": "Testversand",
}
STATE_LABELS = {
    "queued": "in der Warteschlange",
    "sent": "versandt",
    "failed": "fehlgeschlagen",
}
REASON_LIMIT = (
    "Nicht versandt: an diese Adresse gingen in der letzten Stunde schon "
    "{limit} Mails (Schutz vor Missbrauch). Sie können die Mail erneut senden."
)
REASON_REFUSED = "Der Mailserver hat die Adresse abgelehnt: {detail}"
REASON_PERMANENT = "Der Mailserver hat die Mail abgelehnt: {detail}"
REASON_RETRY = (
    "Der Mailserver ist nicht erreichbar ({detail}); die Mail bleibt in der "
    "Warteschlange und wird erneut versucht."
)

MESSAGE_POLICY = policy.SMTP


# -- building ---------------------------------------------------------------


def _clean(text):
    """A header value without control characters (no header injection)."""
    return re.sub(r"[\x00-\x1f\x7f]+", " ", str(text or "")).strip()


def sender():
    """The site's sender (mail control panel) as a header value."""
    name = api.portal.get_registry_record("plone.email_from_name", default="") or ""
    address = api.portal.get_registry_record("plone.email_from_address", default=None)
    return formataddr((_clean(name), address or "noreply@localhost"))


def build(to, subject, body, reply_to=None, from_=None, html=None, attachments=()):
    """An RFC 5322 message (``EmailMessage`` with the SMTP policy); with
    ``html``, a multipart/alternative of the text and that HTML part; with
    ``attachments`` (``(filename, bytes, "type/subtype")``), a
    multipart/mixed of that and the files (base64)."""
    from_ = from_ or sender()
    message = EmailMessage(policy=MESSAGE_POLICY)
    message["Subject"] = _clean(subject)
    message["From"] = from_
    message["To"] = _clean(to)
    if reply_to:
        message["Reply-To"] = _clean(reply_to)
    message["Date"] = formatdate(localtime=True)
    domain = parseaddr(from_)[1].rpartition("@")[2] or "localhost"
    message["Message-ID"] = make_msgid(domain=domain)
    message.set_content(
        body.replace("\r\n", "\n"), charset="utf-8", cte="quoted-printable"
    )
    if html:
        message.add_alternative(
            html.replace("\r\n", "\n"),
            subtype="html",
            charset="utf-8",
            cte="quoted-printable",
        )
    for filename, data, content_type in attachments:
        maintype, _sep, subtype = content_type.partition("/")
        message.add_attachment(
            data, maintype=maintype, subtype=subtype, filename=_clean(filename)
        )
    return message


def attachments_of(message):
    """``[(filename, bytes, content type)]`` of a message's attachments."""
    return [
        (part.get_filename(), part.get_content(), part.get_content_type())
        for part in message.iter_attachments()
    ]


def text_of(message):
    """The plain text of a message (the text part of an alternative)."""
    part = message.get_body(("plain",))
    return part.get_content() if part is not None else ""


def as_bytes(message):
    """The message as it goes on the wire: CRLF line endings."""
    data = message.as_bytes(policy=MESSAGE_POLICY)
    # normalise whatever came in (e.g. a MailHost message with bare LF)
    return re.sub(rb"\r?\n", b"\r\n", data)


def new_message_id(data, domain="localhost"):
    """``data`` with a fresh Message-ID (for a resend)."""
    head, sep, body = data.partition(b"\r\n\r\n")
    lines = [
        line
        for line in re.split(rb"\r\n(?![ \t])", head)
        if not line.lower().startswith(b"message-id:")
    ]
    lines.append(b"Message-ID: " + make_msgid(domain=domain).encode())
    return b"\r\n".join(lines) + sep + body


# -- queue ------------------------------------------------------------------


def queue_dir():
    """This process's queue (``IKZ_MAIL_QUEUE``; instances set it)."""
    path = os.environ.get("IKZ_MAIL_QUEUE") or os.path.join(
        tempfile.gettempdir(), f"ikz-landespreis-mailqueue-{os.getpid()}"
    )
    path = os.path.abspath(path)
    for sub in ("cur", "new", "tmp"):  # a maildir, also in an empty directory
        os.makedirs(os.path.join(path, sub), exist_ok=True)
    return path


class _Delivery(QueuedMailDelivery):
    """zope.sendmail's queued delivery, with a line that names the log entry
    (removed again before the message is sent)."""

    def __init__(self, path, track=None):
        super().__init__(path)
        self.track = track

    def createDataManager(self, fromaddr, toaddrs, message):
        if self.track:
            message = TRACK + self.track.encode() + b"\n" + message
        return super().createDataManager(fromaddr, toaddrs, message)


_processors = {}
_lock = threading.Lock()


def smtp_settings():
    """The SMTP server from the registry (mail control panel)."""
    get = api.portal.get_registry_record
    mailhost = api.portal.get_tool("MailHost")
    return {
        "hostname": get("plone.smtp_host", default="localhost") or "localhost",
        "port": int(get("plone.smtp_port", default=25) or 25),
        "username": get("plone.smtp_userid", default=None) or None,
        "password": get("plone.smtp_pass", default=None) or None,
        "force_tls": bool(getattr(mailhost, "force_tls", False)),
        "implicit_tls": bool(getattr(mailhost, "implicit_tls", False)),
    }


def _registry_smtp_settings(site):
    records = site.portal_registry.records

    def value(key, default):
        return records[key].value if key in records else default

    return {
        "hostname": value("plone.smtp_host", "localhost") or "localhost",
        "port": int(value("plone.smtp_port", 25) or 25),
        "username": value("plone.smtp_userid", None) or None,
        "password": value("plone.smtp_pass", None) or None,
        "force_tls": bool(getattr(site.get("MailHost"), "force_tls", False)),
        "implicit_tls": bool(getattr(site.get("MailHost"), "implicit_tls", False)),
    }


class Mailer(SMTPMailer):
    """zope.sendmail's SMTP mailer with given settings. (Products.CMFPlone
    wraps ``SMTPMailer.__init__`` to read the registry, which a thread
    without a site cannot.)"""

    def __init__(self, hostname, port, username=None, password=None, **tls):
        self.hostname = hostname
        self.port = port
        self.username = username
        self.password = password
        self.force_tls = tls.get("force_tls", False)
        self.no_tls = False
        self.implicit_tls = tls.get("implicit_tls", False)
        self._smtp = _SMTPState()
        self.smtp = smtplib.SMTP_SSL if self.implicit_tls else smtplib.SMTP


class _TrackingMailer:
    """Sends through a fresh Mailer and records the outcome in the log."""

    def __init__(self, processor):
        self.processor = processor

    def send(self, fromaddr, toaddrs, message):
        track = self.processor.current_track
        settings = self.processor.smtp
        if settings is None:
            # a processor started before its settings were read: try again
            # shortly (back_off also drops zope.sendmail's send lock)
            self.processor.back_off(
                track,
                REASON_RETRY.format(detail="SMTP-Einstellungen noch nicht geladen"),
            )
            raise RuntimeError("no SMTP settings yet")
        mailer = Mailer(**settings)
        try:
            mailer.send(fromaddr, toaddrs, message)
        except smtplib.SMTPRecipientsRefused as error:
            detail = "; ".join(
                f"{addr}: {code} {msg.decode(errors='replace')}"
                for addr, (code, msg) in error.recipients.items()
            )
            self.processor.update(
                track, state="failed", reason=REASON_REFUSED.format(detail=detail)
            )
            raise
        except smtplib.SMTPResponseException as error:
            detail = f"{error.smtp_code} {_text(error.smtp_error)}"
            if 500 <= error.smtp_code <= 599:
                self.processor.update(
                    track, state="failed", reason=REASON_PERMANENT.format(detail=detail)
                )
            else:
                self.processor.back_off(track, REASON_RETRY.format(detail=detail))
            raise
        except Exception as error:
            self.processor.back_off(track, REASON_RETRY.format(detail=_text(error)))
            raise
        self.processor.update(track, state="sent", reason="", sent=_now())


def _text(value):
    if isinstance(value, bytes):
        return value.decode(errors="replace")
    return str(value) or value.__class__.__name__


class Processor(QueueProcessorThread):
    """zope.sendmail's queue processor that logs the outcome of each mail and
    waits longer between attempts while the server is unreachable."""

    log = logging.getLogger("ikz.landespreis.mailqueue")

    def __init__(self, path, interval=1.0):
        super().__init__(interval=interval)
        self.name = "ikz.landespreis mail queue"
        self.setQueuePath(path)
        self.mailer = _TrackingMailer(self)
        self.current_track = None
        self.current_file = None
        self.smtp = None  # the SMTP settings, set by enqueue() and at start
        self.db = None  # the database of the log entries
        self._attempts = {}
        self._next_try = {}
        self._reasons = {}
        self._failed_now = False

    def _parseMessage(self, message):
        fromaddr, toaddrs, rest = super()._parseMessage(message)
        self.current_track = None
        if rest.startswith(TRACK):
            line, _sep, rest = rest.partition(b"\n")
            self.current_track = line[len(TRACK) :].decode().strip()
        return fromaddr, toaddrs, rest

    def _process_one_file(self, filename):
        if time.monotonic() < self._next_try.get(filename, 0):
            return
        self.current_file = filename
        self._failed_now = False
        super()._process_one_file(filename)
        if self._failed_now:
            # zope.sendmail leaves its ".sending-" link after a failed attempt
            # and would not try again for three hours (MAX_SEND_TIME)
            head, tail = os.path.split(filename)
            self._unlink_if_exists(os.path.join(head, ".sending-" + tail))
        if not os.path.exists(filename):
            for table in (self._attempts, self._next_try, self._reasons):
                table.pop(filename, None)

    def back_off(self, track, reason):
        filename = self.current_file
        attempts = self._attempts.get(filename, 0) + 1
        self._attempts[filename] = attempts
        self._failed_now = True
        # 2, 4, 8, ... seconds, then once a minute
        self._next_try[filename] = time.monotonic() + min(2**attempts, 60)
        if self._reasons.get(filename) != reason:
            self._reasons[filename] = reason
            self.update(track, state="queued", reason=reason)

    def update(self, track, **changes):
        update_entry(self.db, track, **changes)


def clear_stale_locks(path):
    """Remove the send locks (``.sending-*``) a crashed process left in the
    queue at ``path``: zope.sendmail would wait three hours before sending
    those mails again. Only for a queue no running processor works on (each
    instance has a queue of its own)."""
    removed = 0
    for folder in ("new", "cur"):
        directory = os.path.join(path, folder)
        if not os.path.isdir(directory):
            continue
        for name in os.listdir(directory):
            if name.startswith(".sending-"):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(os.path.join(directory, name))
                    removed += 1
    if removed:
        logger.warning(
            "Mail queue %s: %d send lock(s) of an interrupted run removed; "
            "those mails are sent again now",
            path,
            removed,
        )
    return removed


def ensure_processor(path=None, smtp=None, db=None):
    """The running processor of the queue at ``path``; a new one gets
    ``smtp`` (settings) and ``db`` before it starts."""
    path = path or queue_dir()
    with _lock:
        processor = _processors.get(path)
        if processor is None or not processor.is_alive():
            clear_stale_locks(path)
            processor = Processor(path)
            processor.smtp = smtp
            processor.db = db
            processor.start()
            _processors[path] = processor
            logger.info("Mail queue %s: processor started", path)
    return processor


def stop_processors():
    """Stop the processor threads (tests)."""
    with _lock:
        for processor in _processors.values():
            processor.stop()
        for processor in _processors.values():
            processor.join(10)
        _processors.clear()


def enqueue(context, data, mfrom, to, track=None):
    """Queue ``data`` (bytes, CRLF) to ``to`` when the transaction commits."""
    path = queue_dir()
    _Delivery(path, track).send(parseaddr(mfrom)[1] or mfrom, [to], data)
    jar = getattr(context, "_p_jar", None) or api.portal.get()._p_jar
    db = jar.db() if jar is not None else None
    try:
        smtp = smtp_settings()
    except Exception:
        smtp = None
        logger.exception("Reading the SMTP settings failed")
    processor = ensure_processor(path, smtp=smtp, db=db)
    if db is not None:
        processor.db = db
    if smtp is not None:
        processor.smtp = smtp


# -- log ----------------------------------------------------------------------


def _now():
    return datetime.now(BERLIN)


def mail_log(context):
    """The mails about ``context``, oldest first (dicts)."""
    return [dict(entry) for entry in IAnnotations(context).get(LOG_KEY, ())]


def _log(context):
    annotations = IAnnotations(context)
    log = annotations.get(LOG_KEY)
    if log is None:
        log = annotations[LOG_KEY] = PersistentList()
    return log


def _new_entry(context, **values):
    entry = PersistentMapping(values)
    _log(context).append(entry)
    jar = getattr(context, "_p_jar", None) or api.portal.get()._p_jar
    jar.add(entry)  # an oid now, so the queue can name the entry
    competition = _competition(context)
    if competition is not None:
        from ikz.landespreis.intake.indexing import pend_mail_index

        entry["context_uid"] = api.content.get_uuid(context) or ""
        entry["reference"] = getattr(context, "reference", "") or ""
        # an application being stored: its mails join the competition's
        # index with its cataloguing (concurrent applications must not
        # write the competition in the intake's transaction)
        if not pend_mail_index(context, entry):
            index_entry(competition, entry)
    return entry


def index_entry(competition, entry):
    """Add the log ``entry`` to the competition's index."""
    _index(competition)[entry["id"]] = entry


def _competition(context):
    try:
        from ikz.landespreis.utils import find_competition

        return find_competition(context)
    except Exception:
        return None


def _index(competition):
    from BTrees.OOBTree import OOBTree

    annotations = IAnnotations(competition)
    index = annotations.get(INDEX_KEY)
    if index is None:
        index = annotations[INDEX_KEY] = OOBTree()
    return index


def competition_log(competition, state=None):
    """Every logged mail about ``competition`` and its applications, newest
    first (dicts); only those in ``state`` when given."""
    index = IAnnotations(competition).get(INDEX_KEY)
    entries = [dict(e) for e in index.values()] if index is not None else []
    if state:
        entries = [e for e in entries if e.get("state") == state]
    return sorted(entries, key=lambda e: e["time"], reverse=True)


def failed_count(competition):
    """How many mails about ``competition`` failed (for the cockpit)."""
    index = IAnnotations(competition).get(INDEX_KEY)
    if index is None:
        return 0
    return sum(1 for e in index.values() if e.get("state") == "failed")


def forget(competition, context_uid):
    """Drop the index entries of one application (anonymising)."""
    index = IAnnotations(competition).get(INDEX_KEY)
    if index is None:
        return
    for key in [k for k, e in index.items() if e.get("context_uid") == context_uid]:
        del index[key]


def _track(entry):
    return entry._p_oid.hex() if entry is not None and entry._p_oid else None


def update_entry(db, track, **changes):
    """Change the log entry named by ``track``, in a transaction of its own."""
    if not track or db is None:
        return
    manager = transaction.TransactionManager()
    connection = db.open(transaction_manager=manager)
    try:
        for _attempt in range(20):
            manager.begin()
            try:
                entry = connection.get(bytes.fromhex(track))
                entry.update(changes)
                manager.commit()
                return
            except (ConflictError, POSKeyError):
                # POSKeyError: the queue may see the mail a moment before
                # the transaction that logged it has finished
                manager.abort()
                time.sleep(0.1)
            except Exception:
                manager.abort()
                return
        logger.error("Could not update mail log entry %s", track)
    finally:
        connection.close()


# -- sending -------------------------------------------------------------------


def send(
    context,
    kind,
    to,
    subject,
    body,
    reply_to=None,
    log=True,
    limit=True,
    html=None,
    release=None,
    attachments=(),
):
    """Build, log and queue one mail about ``context``; returns its log entry
    (a dict copy) or ``None`` when not logged. ``html`` adds an HTML part,
    ``attachments`` files (see :func:`build`); ``release`` names the
    office's release the mail belongs to."""
    from ikz.landespreis import audit
    from ikz.landespreis.ratelimit import mail_allowed

    message = build(
        to, subject, body, reply_to=reply_to, html=html, attachments=attachments
    )
    data = as_bytes(message)
    recipient = parseaddr(message["To"])[1]
    entry = None
    if log:
        entry = _new_entry(
            context,
            id=uuid.uuid4().hex,
            kind=kind,
            to=recipient,
            subject=str(message["Subject"]),
            time=_now(),
            state="queued",
            reason="",
            message_id=str(message["Message-ID"]),
            raw=data,
            attempts=1,
            release=release or "",
        )
    allowed = not limit or mail_allowed(recipient)
    if allowed:
        enqueue(context, data, message["From"], recipient, _track(entry))
    else:
        from ikz.landespreis import delivery

        reason = REASON_LIMIT.format(limit=delivery.get("mail_limit"))
        logger.warning("Mail limit reached for %s; %s not sent", recipient, kind)
        if entry is not None:
            entry["state"] = "failed"
            entry["reason"] = reason
    _audit(context, kind, recipient, allowed, audit)
    return dict(entry) if entry is not None else None


def _audit(context, kind, recipient, queued, audit):
    # not the address: the trail is kept for ever, an anonymised
    # application's address must not survive in it (the mail log has it)
    try:
        from ikz.landespreis.utils import find_competition

        if find_competition(context) is None:
            return
        target = api.content.get_uuid(context) or ""
    except Exception:
        return
    audit.record(
        context,
        "mail",
        target=target,
        reason="" if queued else "limit",
        mail=kind,
        state="queued" if queued else "failed",
    )


def resend(context, entry_id):
    """Queue the logged mail ``entry_id`` about ``context`` again."""
    for entry in _log(context):
        if entry["id"] == entry_id:
            return _resend(context, entry)
    return None


def _resend(context, entry):
    from ikz.landespreis import audit

    data = new_message_id(entry["raw"])
    entry["state"] = "queued"
    entry["reason"] = ""
    entry["time"] = _now()
    entry["attempts"] = entry.get("attempts", 1) + 1
    enqueue(context, data, sender(), entry["to"], _track(entry))
    audit.record(
        context,
        "mail",
        target=api.content.get_uuid(context) or "",
        reason="resend",
        mail=entry["kind"],
        state="queued",
    )
    return dict(entry)


def _context_of(competition, entry):
    uid = entry.get("context_uid")
    if uid and uid != api.content.get_uuid(competition):
        with api.env.adopt_roles(["Manager"]):
            found = api.content.get(UID=uid)
        if found is not None:
            return found
    return competition


def resend_entry(competition, entry_id):
    """Queue the mail ``entry_id`` of the competition's log again."""
    index = IAnnotations(competition).get(INDEX_KEY)
    entry = index.get(entry_id) if index is not None else None
    if entry is None:
        return None
    return _resend(_context_of(competition, entry), entry)


def resend_failed(competition):
    """Queue every failed mail of the competition again; returns them."""
    index = IAnnotations(competition).get(INDEX_KEY)
    if index is None:
        return []
    failed = [e for e in index.values() if e.get("state") == "failed"]
    return [_resend(_context_of(competition, e), e) for e in failed]


def receipt_state(context):
    """The state of the applicant's confirmation: ``None`` (none was due),
    or the log entry of the receipt mail."""
    receipts = [e for e in mail_log(context) if e.get("kind") == "receipt"]
    return receipts[-1] if receipts else None


# -- Plone's own mails -----------------------------------------------------------


class QueuedMailHost(MailHost):
    """The site's MailHost: every mail (Plone's password reset too) goes
    through the queue above, with CRLF line endings, a Message-ID and the
    recipient limit."""

    meta_type = "Mail Host"

    def _send(self, mfrom, mto, messageText, immediate=False):
        from ikz.landespreis.ratelimit import mail_allowed

        if isinstance(messageText, str):
            messageText = messageText.encode("utf-8")
        data = re.sub(rb"\r?\n", b"\r\n", messageText)
        head = data.partition(b"\r\n\r\n")[0]
        if not re.search(rb"(?im)^message-id:", head):
            # as the add-on's own mails: the sender's domain, not the
            # host name zope.sendmail would put there
            domain = (parseaddr(mfrom)[1] or "").rpartition("@")[2]
            data = new_message_id(data, domain=domain or "localhost")
        recipients = [mto] if isinstance(mto, str) else list(mto)
        for recipient in recipients:
            address = parseaddr(recipient)[1] or recipient
            if not mail_allowed(address):
                logger.warning(
                    "Mail limit reached for %s; Plone mail not sent", address
                )
                continue
            enqueue(self, data, mfrom, address)


def install_mailhost(site):
    """Make ``site``'s MailHost a QueuedMailHost (keeping its settings)."""
    _replace_mailhost(site, QueuedMailHost)


def uninstall_mailhost(site):
    """Give ``site`` Zope's plain MailHost back (keeping its settings), so
    nothing of this add-on stays pickled in the site after its uninstall."""
    _replace_mailhost(site, MailHost)


def _replace_mailhost(site, factory):
    from Products.MailHost.interfaces import IMailHost

    old = site.get("MailHost")
    if old is not None and type(old) is factory:
        return
    new = factory("MailHost")
    if old is not None:
        for name in (
            "title",
            "smtp_host",
            "smtp_port",
            "smtp_uid",
            "smtp_pwd",
            "force_tls",
            "implicit_tls",
        ):
            if hasattr(old, name):
                setattr(new, name, getattr(old, name))
        site._delObject("MailHost")
    site._setObject("MailHost", new)
    site.getSiteManager().registerUtility(site["MailHost"], provided=IMailHost)


def start_on_open(event):
    """IDatabaseOpenedWithRoot: deliver what an earlier run left queued.

    Only in a serving instance: a short-lived ``zconsole`` script (backup,
    checks) must not take a mail from the queue and end while sending it."""
    if not os.environ.get("IKZ_MAIL_QUEUE"):
        return
    if "zconsole" in os.path.basename(sys.argv[0] if sys.argv else ""):
        return
    smtp = None
    connection = event.database.open()
    try:
        app = connection.root().get("Application")
        from plone.base.interfaces import IPloneSiteRoot

        for site in app.objectValues() if app is not None else ():
            if IPloneSiteRoot.providedBy(site) and "portal_registry" in site:
                smtp = _registry_smtp_settings(site)
                break
    except Exception:
        logger.exception("Reading the SMTP settings at start failed")
    finally:
        connection.close()
    # the settings before the processor starts: it sends at once
    processor = ensure_processor(smtp=smtp, db=event.database)
    processor.db = event.database
    if processor.smtp is None:
        processor.smtp = smtp


__all__ = [
    "KIND_LABELS",
    "STATE_LABELS",
    "build",
    "competition_log",
    "failed_count",
    "mail_log",
    "resend",
    "resend_entry",
    "resend_failed",
    "send",
    "sender",
    "text_of",
]
