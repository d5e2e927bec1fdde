"""Mail delivery, links from the public address and the limits against abuse,
against a real WSGI server and aiosmtpd with its default settings (which
refuses bare LF in long lines: "500 Line too long")."""

from aiosmtpd.controller import Controller
from ikz.landespreis import delivery
from ikz.landespreis import mail
from ikz.landespreis import ratelimit
from ikz.landespreis.intake.mails import defang
from tests.base import add_user
from tests.base import JSON
from tests.base import MailTestCase
from tests.base import PASSWORD
from tests.base import plain
from tests.base import PUBLIC
from tests.base import SENDER_NAME
from tests.base import UMLAUT_NAME
from tests.base import valid_values
from tests.browser import text

import email
import email.policy
import os
import re
import time
import transaction
import unittest


class TestBuild(unittest.TestCase):
    """The message itself, without a site."""

    def test_rfc5322_crlf_encoded_headers(self):
        message = mail.build(
            f"{UMLAUT_NAME} <juergen@example.org>",
            "Eingangsbestätigung für Jürgen",
            ("Grüße aus Köln, " * 400 + "\n") * 3,
            from_=f'"{SENDER_NAME}" <landespreis@example.org>',
        )
        data = mail.as_bytes(message)
        self.assertGreater(len(data), 4096)
        self.assertNotRegex(data, rb"[^\r]\n")  # no bare LF
        self.assertTrue(all(len(line) <= 998 for line in data.split(b"\r\n")))
        data.decode("ascii")  # 7 bit on the wire: RFC 2047 headers, QP body
        self.assertIn(b"Message-ID: <", data)
        self.assertIn(b"\r\nDate: ", data)
        parsed = email.message_from_bytes(data, policy=email.policy.default)
        self.assertEqual(parsed["Subject"], "Eingangsbestätigung für Jürgen")
        self.assertEqual(parsed["To"].addresses[0].display_name, UMLAUT_NAME)
        self.assertEqual(parsed["From"].addresses[0].display_name, SENDER_NAME)
        self.assertIn("Grüße aus Köln", parsed.get_content())

    def test_header_injection_is_flattened(self):
        message = mail.build(
            "a@example.org",
            "Betreff\r\nBcc: victim@example.org",
            "Text",
            from_="landespreis@example.org",
        )
        self.assertNotIn(b"\r\nBcc:", mail.as_bytes(message))

    def test_defang(self):
        self.assertEqual(
            defang("Besuchen Sie https://evil.example/login oder www.evil.de"),
            "Besuchen Sie https[:]//evil[.]example/login oder www[.]evil[.]de",
        )
        self.assertEqual(defang("a@evil.example"), "a[at]evil[.]example")
        self.assertEqual(defang("Bürgerbüro 2.0 e.V."), "Bürgerbüro 2.0 e.V.")

    def test_new_message_id(self):
        data = mail.as_bytes(mail.build("a@example.org", "S", "B", from_="x@y.org"))
        again = mail.new_message_id(data)
        old = re.search(rb"Message-ID: (<[^>]+>)", data).group(1)
        new = re.search(rb"Message-ID: (<[^>]+>)", again).group(1)
        self.assertNotEqual(old, new)
        self.assertEqual(again.count(b"Message-ID:"), 1)


class TestLimiterAndAddress(unittest.TestCase):
    def test_sliding_window(self):
        limiter = ratelimit.RateLimiter()
        hits = [limiter.hit("post", "1.2.3.4", 3, 60, now=t) for t in (0, 1, 2, 3)]
        self.assertEqual(hits, [True, True, True, False])
        self.assertTrue(limiter.hit("post", "5.6.7.8", 3, 60, now=3))
        self.assertTrue(limiter.hit("post", "1.2.3.4", 3, 60, now=60.5))
        self.assertTrue(limiter.hit("post", "1.2.3.4", 0, 60, now=61))  # 0: off

    def test_forwarded_for_only_from_trusted_proxy(self):
        class Request:
            def __init__(self, peer, forwarded):
                self.environ = {"REMOTE_ADDR": peer}
                self.forwarded = forwarded

            def get_header(self, name):
                return self.forwarded

        client = ratelimit.client_address
        self.assertEqual(client(Request("203.0.113.9", "10.0.0.1"), []), "203.0.113.9")
        self.assertEqual(
            client(Request("203.0.113.9", "10.0.0.1"), ["127.0.0.1"]), "203.0.113.9"
        )
        # HAProxy appends the address it saw: the forger's own entry is ignored
        self.assertEqual(
            client(Request("127.0.0.1", "1.1.1.1, 198.51.100.7"), ["127.0.0.1"]),
            "198.51.100.7",
        )

    def test_environment(self):
        values = delivery.environment_values({
            "PUBLIC_URL": "https://landespreis.example.org/",
            "IKZ_POST_LIMIT": "0",
            "IKZ_MAIL_LIMIT": "7",
            "IKZ_TRUSTED_PROXIES": "127.0.0.1, 10.0.0.2",
        })
        self.assertEqual(
            values,
            {
                "public_url": "https://landespreis.example.org",
                "post_limit": 0,
                "mail_limit": 7,
                "trusted_proxies": ["127.0.0.1", "10.0.0.2"],
            },
        )


class TestDelivery(MailTestCase):
    def test_strict_server_umlauts_and_long_mail(self):
        response = self.browser.submit_application(
            self.form_url, valid_values(contact_name=UMLAUT_NAME)
        )
        self.assertEqual(response.status_code, 200)
        messages = self.wait(2)
        self.assertEqual(len(messages), 2)
        by_rcpt = {rcpt[0]: (raw, parsed) for rcpt, raw, parsed in messages}
        raw, receipt = by_rcpt["erika@example.org"]
        self.assertNotRegex(raw, rb"[^\r]\n")
        self.assertEqual(receipt["To"].addresses[0].display_name, UMLAUT_NAME)
        self.assertEqual(receipt["From"].addresses[0].display_name, SENDER_NAME)
        self.assertIn("Eingangsbestätigung", receipt["Subject"])
        self.assertTrue(receipt["Message-ID"])
        self.assertTrue(receipt["Date"])
        # a rejection with a long reason: over 4 KB on the wire
        submission = self.submissions()[0]
        reason = "Die Unterlagen sind unvollständig; es fehlt der Ratsbeschluss. " * 80
        from ikz.landespreis.office.decisions import _mail_rejection

        _mail_rejection(submission, reason)
        transaction.commit()
        messages = self.wait(3)
        self.assertEqual(len(messages), 3)
        _rcpt, raw, rejection = messages[2]
        self.assertGreater(len(raw), 4096)
        self.assertIn(reason.strip(), mail.text_of(rejection))

    def test_receipt_to_an_unproven_address_carries_no_copy(self):
        """Anyone can type any address into the form: the receipt then
        names only reference, category and title; the PDF copy with every
        text typed stays behind the personal link (anti-relay)."""
        from ikz.landespreis.intake.mails import PDF_ON_PAGE

        title = "Grüne Höfe: Bürgerbüro für Köln-Mülheim und Düren"
        response = self.browser.submit_application(
            self.form_url,
            valid_values(
                contact_name=UMLAUT_NAME,
                title=title,
                summary="Besuchen Sie https://phish.example/login jetzt",
            ),
        )
        self.assertEqual(response.status_code, 200)
        messages = self.wait(2)
        by_rcpt = {rcpt[0]: (raw, parsed) for rcpt, raw, parsed in messages}
        raw, receipt = by_rcpt["erika@example.org"]
        self.assertNotRegex(raw, rb"[^\r]\n")
        self.assertEqual(mail.attachments_of(receipt), [])
        self.assertIn(PDF_ON_PAGE, mail.text_of(receipt))
        self.assertNotIn("PDF-Kopie Ihrer Bewerbung liegt", mail.text_of(receipt))
        self.assertIn(defang(title), mail.text_of(receipt))
        self.assertNotIn("phish", raw.decode("utf-8", "replace"))
        self.assertIn("@@meine-bewerbung", mail.text_of(receipt))
        _raw, notice = by_rcpt["office@example.org"]
        self.assertEqual(mail.attachments_of(notice), [])

    def test_peer_down_then_up(self):
        self.controller.stop()
        transaction.commit()
        response = self.browser.submit_application(self.form_url, valid_values())
        self.assertEqual(response.status_code, 200)
        self.assertIn(
            "Die Bestätigung wird an erika@example.org versandt", plain(response)
        )
        log = self.wait_log(lambda log: log and all(e["reason"] for e in log))
        self.assertEqual({e["state"] for e in log}, {"queued"})
        self.assertIn("nicht erreichbar", log[0]["reason"])
        self.assertEqual(self.recorder.messages, [])
        # the server comes back: the queued mails go out
        self.controller = Controller(
            self.recorder, hostname="127.0.0.1", port=self.smtp_port
        )
        self.controller.start()
        self.assertEqual(len(self.wait(2, timeout=40)), 2)
        log = self.wait_log(lambda log: {e["state"] for e in log} == {"sent"})
        self.assertEqual({e["state"] for e in log}, {"sent"})

    def test_send_interrupted_by_a_crash_resumes_at_start(self):
        """An instance killed while sending leaves zope.sendmail's send lock
        behind; the next start sends those mails at once, not after the
        three hours zope.sendmail would wait."""
        from zope.processlifetime import DatabaseOpenedWithRoot

        self.controller.stop()
        transaction.commit()
        self.browser.submit_application(self.form_url, valid_values())
        self.wait_log(lambda log: log and all(e["reason"] for e in log))
        mail.stop_processors()
        queue = mail.queue_dir()
        queued = [
            os.path.join(queue, folder, name)
            for folder in ("new", "cur")
            if os.path.isdir(os.path.join(queue, folder))
            for name in os.listdir(os.path.join(queue, folder))
            if not name.startswith(".")
        ]
        self.assertEqual(len(queued), 2)
        for path in queued:  # the crash: both in the middle of sending
            head, tail = os.path.split(path)
            with open(os.path.join(head, ".sending-" + tail), "w"):
                pass
        self.controller = Controller(
            self.recorder, hostname="127.0.0.1", port=self.smtp_port
        )
        self.controller.start()
        mail.start_on_open(DatabaseOpenedWithRoot(self.layer["app"]._p_jar.db()))
        self.assertEqual(len(self.wait(2, timeout=40)), 2)

    def test_refused_recipient_failed_then_resent(self):
        self.recorder.refuse.add("erika@example.org")
        self.browser.submit_application(self.form_url, valid_values())
        log = self.wait_log(
            lambda log: {e["kind"]: e["state"] for e in log}.get("receipt") == "failed"
        )
        receipt = next(e for e in log if e["kind"] == "receipt")
        self.assertEqual(receipt["state"], "failed")
        self.assertIn("abgelehnt", receipt["reason"])
        self.assertIn("550", receipt["reason"])
        # the office sees it in German and sends it again
        add_user("office", roles=["Site Administrator"])
        transaction.commit()
        # the public URL is https, so the login cookie is Secure and this
        # plain-http client would not send it back: log in with Basic auth
        office = self.browser.session
        office.auth = ("office", PASSWORD)
        submission_url = self.submissions()[0].absolute_url()
        page = text(office.get(submission_url))
        self.assertIn("Eingangsbestätigung", page)
        self.assertIn("fehlgeschlagen", page)
        self.assertIn("Der Mailserver hat die Adresse abgelehnt", page)
        token = re.search(r'name="_authenticator" value="([^"]+)"', page).group(1)
        self.recorder.refuse.clear()
        response = office.post(
            submission_url + "/@@resend-mail",
            data={"entry": receipt["id"], "_authenticator": token},
        )
        self.assertEqual(response.status_code, 200)
        messages = self.wait(2)
        self.assertIn(["erika@example.org"], [m[0] for m in messages])
        log = self.wait_log(lambda log: {e["state"] for e in log} == {"sent"})
        self.assertEqual({e["state"] for e in log}, {"sent"})
        from ikz.landespreis import audit

        transaction.begin()
        kinds = [
            dict(e).get("reason") for e in audit.entries(self.competition, kind="mail")
        ]
        self.assertIn("resend", kinds)

    def test_forged_host_on_application(self):
        response = self.browser.submit_application(
            self.form_url,
            valid_values(),
            headers={"Host": "evil.example"},
            follow=False,
        )
        self.assertIn(response.status_code, (200, 302, 303))
        messages = self.wait(2)
        self.assertEqual(len(messages), 2)
        for _rcpt, raw, _parsed in messages:
            self.assertNotIn(b"evil.example", raw)
        office = {m[0][0]: m[2] for m in messages}["office@example.org"]
        self.assertIn(f"{PUBLIC}/wettbewerb/kat-a/lp26-ka-0001", office.get_content())

    def test_forged_host_on_password_reset(self):
        add_user("jury1")
        transaction.commit()
        response = self.browser.session.post(
            self.portal.absolute_url() + "/@users/jury1/reset-password",
            headers=dict(JSON, Host="evil.example"),
            timeout=60,
        )
        self.assertLess(response.status_code, 300, response.text)
        messages = self.wait(1)
        self.assertEqual(len(messages), 1)
        rcpt, raw, parsed = messages[0]
        self.assertEqual(rcpt, ["jury1@example.org"])
        self.assertNotRegex(raw, rb"[^\r]\n")
        # Plone's own mail is a proper RFC 5322 message too
        self.assertRegex(parsed["Message-ID"] or "", r"^<[^@<>\s]+@[^@<>\s]+>$")
        self.assertTrue(parsed["Date"])
        # the sender's domain, as the add-on's own mails (not the host name)
        self.assertTrue(parsed["Message-ID"].endswith("@example.org>"))
        self.assertEqual(len(re.findall(rb"(?im)^message-id:", raw)), 1)
        body = parsed.get_content()
        self.assertNotIn("evil.example", body)
        self.assertIn(f"{PUBLIC}/passwordreset/", body)


class TestLimits(MailTestCase):
    def test_forty_posts_a_minute(self):
        self.set(post_limit=20)
        # the 40 posts fall within one minute however slow the machine is
        ratelimit.LIMITER.clock = lambda: 1000.0
        self.addCleanup(delattr, ratelimit.LIMITER, "clock")
        statuses = []
        for number in range(40):
            response = self.browser.submit_application(
                self.form_url,
                valid_values(
                    title=f"Projekt {number}", lead_municipality=f"Stadt {number}"
                ),
            )
            statuses.append(response.status_code)
        self.assertEqual(statuses.count(200), 20)
        self.assertEqual(statuses[20:], [429] * 20)
        page = text(response)
        self.assertIn("Zu viele Bewerbungen", page)
        self.assertEqual(response.headers.get("Retry-After"), "60")
        self.assertEqual(len(self.submissions()), 20)

    def test_per_recipient_mail_limit(self):
        self.set(mail_limit=2)
        for number in range(3):
            response = self.browser.submit_application(
                self.form_url,
                valid_values(
                    title=f"Projekt {number}", lead_municipality=f"Stadt {number}"
                ),
            )
            self.assertEqual(response.status_code, 200)
        # the third confirmation is not sent; the page says so
        self.assertIn("konnte nicht versandt werden", plain(response))
        messages = self.wait(5)
        time.sleep(2)
        receipts = [m for m in messages if m[0] == ["erika@example.org"]]
        self.assertEqual(len(receipts), 2)
        self.assertEqual(len(self.recorder.messages), 5)  # 3 office notices
        transaction.begin()
        third = next(s for s in self.submissions() if s.title == "Projekt 2")
        receipt = next(e for e in mail.mail_log(third) if e["kind"] == "receipt")
        self.assertEqual(receipt["state"], "failed")
        self.assertIn("Schutz vor Missbrauch", receipt["reason"])

    def test_forwarded_for_only_from_trusted_proxy(self):
        self.set(post_limit=1)

        def post(number, forwarded):
            return self.browser.submit_application(
                self.form_url,
                valid_values(title=f"P{number}", lead_municipality=f"S{number}"),
                headers={"X-Forwarded-For": forwarded},
            ).status_code

        # not from a trusted proxy: the header is ignored, one address
        self.assertEqual([post(1, "198.51.100.1"), post(2, "198.51.100.2")], [200, 429])
        ratelimit.LIMITER.reset()
        self.set(trusted_proxies=["127.0.0.1"])
        self.assertEqual(
            [post(3, "198.51.100.1"), post(4, "198.51.100.2"), post(5, "198.51.100.1")],
            [200, 200, 429],
        )

    def test_reset_password_requests_limited(self):
        self.set(request_limit=2)
        add_user("jury1")
        transaction.commit()
        statuses = [
            self.browser.session.post(
                self.portal.absolute_url() + "/@users/jury1/reset-password",
                headers=JSON,
                timeout=60,
            ).status_code
            for _ in range(3)
        ]
        self.assertEqual(statuses[2], 429)
        self.assertLess(max(statuses[:2]), 300)
