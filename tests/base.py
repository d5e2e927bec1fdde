"""Helpers shared by the test modules."""

from aiosmtpd.controller import Controller
from datetime import date
from datetime import datetime
from ikz.landespreis import mail
from ikz.landespreis import ratelimit
from ikz.landespreis.domain.dates import to_berlin
from ikz.landespreis.intake.clock import FixedClock
from ikz.landespreis.intake.clock import IClock
from ikz.landespreis.testing import IKZ_LANDESPREIS_FUNCTIONAL_TESTING
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.namedfile.file import NamedBlobFile
from tests.browser import Browser
from tests.browser import text
from tests.pdfs import make_pdf
from zope.component import getGlobalSiteManager

import atexit
import email
import email.policy
import io
import os
import pathlib
import re
import requests
import shutil
import socket
import tempfile
import time
import transaction
import unittest
import zipfile


#: the default profile's version (metadata.xml): where every upgrade ends
PROFILE_VERSION = re.search(
    r"<version>(\d+)</version>",
    (
        pathlib.Path(__file__).parents[1]
        / "src/ikz/landespreis/profiles/default/metadata.xml"
    ).read_text(),
).group(1)


def german():
    """The site speaks German, as the Landespreis sites do."""
    api.portal.set_registry_record("plone.default_language", "de")
    api.portal.set_registry_record("plone.available_languages", ["de"])


def make_competition(portal, id="wettbewerb", **kw):  # noqa: A002 - the content id, as plone.api names it
    """A competition with two categories, as a Manager."""
    setRoles(portal, TEST_USER_ID, ["Manager"])
    values = {
        "title": "Testwettbewerb",
        "submission_start": to_berlin(datetime(2026, 1, 5, 0, 0)),
        "submission_end": to_berlin(datetime(2026, 3, 9, 23, 59, 59)),
        "criteria": [
            {"id": "benefit", "title": "Gewinn", "description": "", "weight": 2.0},
            {
                "id": "innovation",
                "title": "Innovation",
                "description": "",
                "weight": 1.0,
            },
        ],
    }
    values.update(kw)
    competition = api.content.create(
        container=portal, type="Competition", id=id, **values
    )
    for cid, code in (("kat-a", "KA"), ("kat-b", "KB")):
        api.content.create(
            container=competition, type="Category", id=cid, title=cid, short_code=code
        )
    return competition


def make_submission(category, id="beitrag", **kw):  # noqa: A002 - the content id, as plone.api names it
    values = {
        "title": "Gemeinsames Bürgerbüro",
        "lead_municipality": "Stadt Musterstadt",
        "partners": ["Gemeinde Beispieldorf"],
        "contact_name": "Erika Mustermann",
        "contact_email": "erika@example.org",
        "contact_phone": "0211 12345",
        "summary": "Zwei Kommunen betreiben ein gemeinsames Bürgerbüro.",
        "privacy_consent": True,
        "internal_notes": "Ratsbeschluss fehlt noch",
        "rejection_reason": "",
        "eligibility_flags": ["lead_duplicate"],
    }
    values.update(kw)
    submission = api.content.create(
        container=category, type="Submission", id=id, **values
    )
    submission.reference = "LP26-KA-0001"
    submission.reindexObject()
    # the office's flags live in the competition's ledger too
    from ikz.landespreis import ledger
    from ikz.landespreis.utils import find_competition

    ledger.set_flags(
        find_competition(category),
        api.content.get_uuid(submission),
        values.get("eligibility_flags", []),
    )
    return submission


#: the password of every account the tests make
PASSWORD = "secret-password-1"
#: headers of a plone.restapi JSON request
JSON = {"Accept": "application/json", "Content-Type": "application/json"}


def add_user(username, roles=(), password=PASSWORD):
    api.user.create(
        username=username,
        email=f"{username}@example.org",
        password=password,
        roles=list(roles),
    )
    return username


def make_jury(competition, jurors=(), chair=None, panels=None):
    """Jury members (and optional panels) of ``competition``, as the jury
    page does it; local roles on submissions follow."""
    from ikz.landespreis.jury import access
    from ikz.landespreis.jury import membership

    for user_id in jurors:
        membership.add_member(competition, user_id)
    if chair:
        membership.add_member(competition, chair, chair=True)
    for category_id, users in (panels or {}).items():
        membership.set_panel(competition, category_id, users)
    access.sync_competition(competition)


def declare_no_conflict(submission, *jurors):
    """As the gate does: the juror declares, the role follows (if admitted)."""
    from ikz.landespreis.jury import access
    from ikz.landespreis.jury import conflicts

    for juror in jurors:
        conflicts.declare(submission, juror, False)
    access.sync_submission(submission)


def real_mailhost(portal, smtp_port):
    """The site's queued MailHost sending to the SMTP peer on ``smtp_port``
    (Plone reads host and port from the registry), through a mail queue of
    this test's own (the processor of an earlier test's queue is stopped,
    so its undelivered mails never reach this test's peer)."""
    from ikz.landespreis import mail

    mail.stop_processors()
    queue = tempfile.mkdtemp(prefix="ikz-mailqueue-")
    # removed when the test run ends (a later test may still read its files)
    atexit.register(shutil.rmtree, queue, True)
    os.environ["IKZ_MAIL_QUEUE"] = queue
    api.portal.set_registry_record("plone.smtp_host", "127.0.0.1")
    api.portal.set_registry_record("plone.smtp_port", smtp_port)
    api.portal.set_registry_record(
        "plone.email_from_address", "landespreis@example.org"
    )
    mail.install_mailhost(portal)


def name_in_decision(category, winners=(), nominees=(), signer="chair"):
    """Store a signed decision of ``category`` naming ``winners`` and
    ``nominees`` (submissions), as a signature stores it, for fixtures that
    need awards; the signing rules themselves are tested in test_decision."""
    from ikz.landespreis.jury import decision

    uid = api.content.get_uuid
    data = {
        "prizes": max(1, len(winners)),
        "ranking": [
            {"submission": uid(s), "reference": s.reference, "title": s.title}
            for s in list(winners) + list(nominees)
        ],
        "winners": [uid(s) for s in winners],
        "nominees": [uid(s) for s in nominees],
        "laudatio": {uid(s): "Laudatio" for s in winners},
        "missing": [],
        "exception_reason": "",
    }
    if decision.get(category) is not None:
        decision.void(category, "test", "fixture")
    return decision.freeze(category, signer, data)


# -- the intake: dates, a valid post, a real SMTP peer --------------------

START = to_berlin(datetime(2026, 1, 5, 0, 0, 0))
END = to_berlin(datetime(2026, 3, 9, 23, 59, 59))
INSIDE = to_berlin(datetime(2026, 2, 1, 12, 0))

PDF = make_pdf()


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def valid_values(**overrides):
    values = {
        "title": "Gemeinsames Bürgerbüro",
        "category": "kat-a",
        "lead_municipality": "Stadt Musterstadt",
        "department": "Fachbereich Bürgerdienste",
        "contact_name": "Erika Mustermann",
        "contact_email": "erika@example.org",
        "contact_phone": "0211 12345",
        "partners": "Gemeinde Beispieldorf\nKreis Beispielkreis",
        "contract_date": "2019-05-01",
        "project_status": "running",
        "legal_form": "öffentlich-rechtliche Vereinbarung",
        "funding": "",
        "summary": "Zwei Kommunen betreiben ein gemeinsames Bürgerbüro.",
        "benefit": "Kürzere Wartezeiten.",
        "innovation": "Gemeinsame digitale Terminvergabe.",
        "sustainability": "Auf Dauer vereinbart.",
        "privacy_consent": True,
        "publication_consent": True,
    }
    values.update(overrides)
    return values


class SMTPRecorder:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((
            envelope.rcpt_tos,
            email.message_from_bytes(envelope.content, policy=email.policy.default),
        ))
        return "250 OK"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class IntakeTestCase(unittest.TestCase):
    layer = IKZ_LANDESPREIS_FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.set_clock(INSIDE)
        self.competition = make_competition(
            self.portal,
            submission_start=START,
            submission_end=END,
            office_email="office@example.org",
        )
        from datetime import date

        self.competition.cutoff_date = date(2016, 9, 1)
        api.content.transition(self.competition, transition="announce")
        api.content.transition(self.competition, transition="open")
        self.smtp = SMTPRecorder()
        self.controller = Controller(self.smtp, hostname="127.0.0.1", port=free_port())
        self.controller.start()
        # a real MailHost (the test fixture has a mock that never sends)
        real_mailhost(self.portal, self.controller.port)
        german()
        api.portal.set_registry_record("plone.email_from_name", "Landespreis")
        api.portal.set_registry_record(
            "ikz.landespreis.delivery.public_url", "https://landespreis.example.org"
        )
        transaction.commit()
        self.form_url = self.competition["bewerbung"].absolute_url()
        self.browser = Browser()

    def tearDown(self):
        from ikz.landespreis import mail

        mail.stop_processors()
        self.controller.stop()
        getGlobalSiteManager().unregisterUtility(provided=IClock)

    def set_clock(self, moment):
        getGlobalSiteManager().registerUtility(FixedClock(moment), IClock)

    def submissions(self):
        transaction.begin()
        catalog = api.portal.get_tool("portal_catalog")
        return [
            b._unrestrictedGetObject()
            for b in catalog.unrestrictedSearchResults(portal_type="Submission")
        ]

    def wait_for_mails(self, count, timeout=10):
        deadline = time.time() + timeout
        while len(self.smtp.messages) < count and time.time() < deadline:
            time.sleep(0.05)
        return self.smtp.messages


# -- the jury ---------------------------------------------------------------


class JuryTestCase(unittest.TestCase):
    layer = IKZ_LANDESPREIS_FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        german()
        self.competition = c = make_competition(
            self.portal, cutoff_date=date(2016, 9, 1)
        )
        for user in ("editor", "juror1", "juror2", "juror3", "chair"):
            add_user(user)
        api.user.grant_roles(username="editor", obj=c, roles=["Editor", "Reviewer"])
        api.user.get(username="juror2").setMemberProperties({
            "home_organisation": "Stadt Musterstadt"
        })
        self.s1 = make_submission(
            c["kat-a"],
            id="s1",
            title="Projekt Eins",
            lead_municipality="Stadt Musterstadt",
            summary="Geheime Details von Projekt Eins",
        )
        self.s1.project_file = NamedBlobFile(
            b"%PDF-1.4 eins", filename="eins.pdf", contentType="application/pdf"
        )
        self.s2 = make_submission(
            c["kat-a"], id="s2", title="Projekt Zwei", lead_municipality="Gemeinde Zwei"
        )
        self.s3 = make_submission(
            c["kat-b"],
            id="s3",
            title="Projekt Drei",
            lead_municipality="Kreis Drei",
            publication_consent=True,
        )
        make_jury(
            c,
            jurors=["juror1", "juror2", "juror3"],
            chair="chair",
            panels={"kat-a": ["juror1", "juror2"], "kat-b": ["juror3", "chair"]},
        )
        for s in (self.s1, self.s2, self.s3):
            api.content.transition(s, transition="admit")
        for t in ("announce", "open", "close"):
            api.content.transition(c, transition=t)
        transaction.commit()

    def get(self, url, user=None, **kw):
        auth = (user, PASSWORD) if user else None
        return requests.get(url, auth=auth, timeout=30, **kw)

    def assert_denied(self, url, user=None):
        """No access: 401/403, or Plone's redirect to the login form."""
        response = self.get(url, user, allow_redirects=False)
        if response.status_code in (301, 302, 303):
            self.assertIn("login", response.headers["Location"], url)
        else:
            self.assertIn(response.status_code, (401, 403, 404), url)
        self.assertNotIn("Geheime Details", response.text)

    def rest(self, method, url, user, body=None):
        return requests.request(
            method, url, json=body, headers=JSON, auth=(user, PASSWORD), timeout=60
        )

    def declare(self, submission, user, conflict=False, reason=""):
        response = self.rest(
            "POST",
            submission.absolute_url() + "/@conflict",
            user,
            {"conflict": conflict, "reason": reason},
        )
        transaction.begin()
        return response

    def score(self, submission, user, values, final=False, comment=""):
        response = self.rest(
            "POST",
            submission.absolute_url() + "/@jury-scores",
            user,
            {
                "scores": values,
                "final": final,
                "comment": comment,
                "comments": {"benefit": "gut"},
            },
        )
        transaction.begin()
        return response

    def sign(self, category, user, body):
        """Preview, then confirm with the preview's fingerprint."""
        url = category.absolute_url() + "/@jury-decision"
        preview = self.rest("POST", url, user, body)
        if preview.status_code != 200 or preview.json().get("problems"):
            return preview
        body = dict(body, confirm=True, fingerprint=preview.json()["fingerprint"])
        response = self.rest("POST", url, user, body)
        transaction.begin()
        return response

    def search(self, user, **query):
        params = "&".join(f"{k}={v}" for k, v in query.items())
        response = self.rest(
            "GET", self.portal.absolute_url() + f"/@search?{params}", user
        )
        return {item["@id"].rsplit("/", 1)[-1] for item in response.json()["items"]}


# -- mail -----------------------------------------------------------------------

PUBLIC = "https://landespreis.example.org"

UMLAUT_NAME = "Jürgen Müßig-Öztürk"

SENDER_NAME = "Landespreis Geschäftsstelle Düsseldorf"


def plain(response):
    """The page's text without tags."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", text(response)))


class Recorder:
    """aiosmtpd handler that keeps the raw messages and may refuse recipients."""

    def __init__(self, refuse=()):
        self.messages = []
        self.refuse = set(refuse)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((
            list(envelope.rcpt_tos),
            envelope.original_content,
            email.message_from_bytes(envelope.content, policy=email.policy.default),
        ))
        return "250 OK"


class MailTestCase(IntakeTestCase):
    """An open competition, a strict SMTP peer, the public address set."""

    layer = IKZ_LANDESPREIS_FUNCTIONAL_TESTING

    def setUp(self):
        super().setUp()
        ratelimit.LIMITER.reset()
        self.controller.stop()
        self.recorder = Recorder()
        self.smtp_port = free_port()
        self.controller = Controller(
            self.recorder, hostname="127.0.0.1", port=self.smtp_port
        )
        self.controller.start()
        real_mailhost(self.portal, self.smtp_port)
        api.portal.set_registry_record("plone.email_from_name", SENDER_NAME)
        api.portal.set_registry_record("ikz.landespreis.delivery.public_url", PUBLIC)
        transaction.commit()

    def tearDown(self):
        from ikz.landespreis.intake.clock import IClock
        from zope.component import getGlobalSiteManager

        ratelimit.LIMITER.reset()
        mail.stop_processors()
        if self.controller._thread is not None:  # not stopped by the test
            self.controller.stop()
        getGlobalSiteManager().unregisterUtility(provided=IClock)

    def wait(self, count, timeout=20):
        deadline = time.time() + timeout
        while len(self.recorder.messages) < count and time.time() < deadline:
            time.sleep(0.05)
        return self.recorder.messages

    def wait_log(self, predicate, timeout=20):
        deadline = time.time() + timeout
        while time.time() < deadline:
            log = mail.mail_log(self.submissions()[0])
            if predicate(log):
                return log
            time.sleep(0.1)
        return log

    def set(self, **settings):
        for name, value in settings.items():
            api.portal.set_registry_record(f"ikz.landespreis.delivery.{name}", value)
        transaction.commit()
