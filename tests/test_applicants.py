"""The applicants' own area through a real WSGI server: the personal link in
the confirmation mail, requesting a fresh link, the session, and every way
of bending a token."""

from datetime import datetime
from datetime import timedelta
from ikz.landespreis.applicants import tokens
from ikz.landespreis.domain.dates import BERLIN
from plone import api
from tests.applicants import ApplicantsTestCase
from tests.applicants import body
from tests.applicants import plain
from tests.base import valid_values
from tests.browser import Browser
from zope.annotation.interfaces import IAnnotations

import base64
import re
import requests
import transaction


class TestPersonalLink(ApplicantsTestCase):
    def test_confirmation_mail_link_opens_my_application(self):
        self.apply()
        self.wait_for_mails(2)
        (mail,) = self.mails_to("erika@example.org")
        link = self.link_in(mail)

        stranger = requests.Session()
        response = stranger.get(link, allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertEqual(response.headers["Location"], self.page)
        cookie = response.headers["Set-Cookie"]
        self.assertIn("ikz_bewerbung=", cookie)
        self.assertIn("HttpOnly", cookie)
        self.assertIn("SameSite=Lax", cookie)
        self.assertNotIn("Secure", cookie)  # plain HTTP public URL here
        self.assertIn("no-store", response.headers["Cache-Control"])

        page = stranger.get(self.page)
        self.assertEqual(page.status_code, 200)
        self.assertEqual(page.url, self.page)  # no token in the address bar
        body = plain(page)
        for snippet in (
            "Meine Bewerbung",
            "LP26-KA-0001",
            "Gemeinsames Bürgerbüro",
            "Eingegangen",
            "Ende der Bewerbungsfrist",
            "09.03.2026, 23:59 Uhr",
            "Sie haben der Veröffentlichung",
        ):
            self.assertIn(snippet, body)
        self.assertIn("private", page.headers["Cache-Control"])
        # no other visitor sees it
        other = requests.Session().get(self.page)
        self.assertNotIn("LP26-KA-0001", plain(other))
        self.assertIn("Link zusenden", plain(other))

    def test_token_stored_only_as_hash(self):
        self.apply()
        self.wait_for_mails(2)
        link = self.link_in(self.mails_to("erika@example.org")[0])
        token = link.split("token=")[1]
        transaction.begin()
        (submission,) = self.submissions()
        stored = IAnnotations(submission)[tokens.TOKENS]
        self.assertEqual(list(stored.keys()), [tokens.token_hash(token)])
        self.assertNotIn(token, repr(dict(stored.items())))
        self.assertNotIn(
            token.encode(), submission._p_jar.db().storage.load(stored._p_oid)[0]
        )

    def test_thank_you_page_opens_my_application(self):
        browser = Browser()
        response = browser.submit_application(self.form_url, valid_values())
        self.assertIn("Meine Bewerbung öffnen", plain(response))
        page = browser.session.get(self.page)
        self.assertIn("LP26-KA-0001", plain(page))
        self.assertIn("Eingegangen", plain(page))

    def test_leaving_ends_the_session(self):
        browser = Browser()
        browser.submit_application(self.form_url, valid_values())
        page = browser.session.get(self.page)
        authenticator = re.search(
            r'name="_authenticator" value="([^"]+)"', page.text
        ).group(1)
        left = browser.session.post(
            self.page,
            data={"_authenticator": authenticator, "form.buttons.logout": "1"},
        )
        self.assertIn("Sie haben Ihre Bewerbung verlassen", plain(left))
        self.assertNotIn("LP26-KA-0001", plain(browser.session.get(self.page)))

    def test_secure_cookie_behind_https(self):
        self.apply()
        self.wait_for_mails(2)
        link = self.link_in(self.mails_to("erika@example.org")[0])
        api.portal.set_registry_record(
            "ikz.landespreis.delivery.public_url", "https://landespreis.example.org"
        )
        transaction.commit()
        response = requests.get(link, allow_redirects=False, timeout=30)
        self.assertEqual(response.status_code, 303)
        self.assertIn("Secure", response.headers["Set-Cookie"])


class TestRequestLink(ApplicantsTestCase):
    def test_same_answer_with_or_without_application(self):
        self.apply()
        self.wait_for_mails(2)
        known = self.request_link(requests.Session(), "Erika@Example.org")
        unknown = self.request_link(requests.Session(), "niemand@example.org")
        self.assertEqual(known.status_code, 200)
        self.assertEqual(unknown.status_code, 200)

        def answer(response):
            return re.search(r'role="status">(.*?)<', response.text, re.S).group(1)

        self.assertIn("Wenn zu dieser E-Mail-Adresse", answer(known))
        self.assertEqual(answer(known), answer(unknown))
        self.wait_for_mails(3)
        mails = self.mails_to("erika@example.org", 2)
        self.assertEqual(len(mails), 2)
        self.assertIn("Ihr persönlicher Link", mails[-1]["Subject"])
        self.assertEqual(
            [r for r, _m in self.smtp.messages if "niemand@example.org" in r], []
        )
        # the fresh link works
        page = requests.Session().get(self.link_in(mails[-1]))
        self.assertIn("LP26-KA-0001", plain(page))

    def test_upgrade_indexes_applications_received_before(self):
        from ikz.landespreis.upgrades.applicants import index_applicant_emails

        self.apply()
        self.wait_for_mails(2)
        transaction.begin()
        del IAnnotations(self.competition)[tokens.EMAILS]
        transaction.commit()
        self.request_link(requests.Session(), "erika@example.org")
        transaction.begin()
        self.assertEqual(len(IAnnotations(self.submissions()[0])[tokens.TOKENS]), 1)
        index_applicant_emails()
        transaction.commit()
        self.request_link(requests.Session(), "erika@example.org")
        self.assertEqual(len(self.mails_to("erika@example.org", 2)), 2)

    def test_bad_address_changes_nothing(self):
        self.apply()
        self.wait_for_mails(2)
        response = self.request_link(requests.Session(), "kein-at-zeichen")
        self.assertEqual(response.status_code, 400)
        self.assertIn("gültige E-Mail-Adresse", plain(response))
        transaction.begin()
        self.assertEqual(len(IAnnotations(self.submissions()[0])[tokens.TOKENS]), 1)

    def test_request_without_authenticator_refused(self):
        self.apply()
        self.wait_for_mails(2)
        response = requests.post(
            self.page,
            data={"email": "erika@example.org", "form.buttons.request": "1"},
            timeout=30,
        )
        self.assertIn(response.status_code, (403, 200))
        self.assertNotIn("Wenn zu dieser E-Mail-Adresse", plain(response))
        transaction.begin()
        self.assertEqual(len(IAnnotations(self.submissions()[0])[tokens.TOKENS]), 1)

    def test_requests_are_rate_limited(self):
        api.portal.set_registry_record("ikz.landespreis.delivery.request_limit", 2)
        transaction.commit()
        session = requests.Session()
        codes = [
            self.request_link(session, f"a{i}@example.org").status_code
            for i in range(3)
        ]
        self.assertEqual(codes, [200, 200, 429])


class TestTokenAttacks(ApplicantsTestCase):
    def setUp(self):
        super().setUp()
        self.apply()
        self.apply(title="Zweites Projekt", contact_email="zweite@example.org")
        # the mailed link is tested above; here a token issued the same way
        transaction.begin()
        self.first, self.second = sorted(self.submissions(), key=lambda s: s.reference)
        self.token = tokens.issue_token(self.first)
        transaction.commit()
        self.first_link = f"{self.page}?token={self.token}"

    def assert_refused(self, link):
        session = requests.Session()
        response = session.get(link, allow_redirects=False)
        self.assertEqual(response.status_code, 403, response.headers)
        self.assertNotIn("ikz_bewerbung", response.headers.get("Set-Cookie", ""))
        body = plain(response)
        self.assertIn("Dieser Link ist ungültig oder abgelaufen", body)
        self.assertNotIn("LP26-KA-", body)
        self.assertNotIn("LP26-KA-", plain(session.get(self.page)))

    def test_expired_token(self):
        old = tokens.issue_token(
            self.first, now=datetime.now(BERLIN) - timedelta(days=15)
        )
        transaction.commit()
        self.assert_refused(f"{self.page}?token={old}")

    def test_token_for_the_other_application(self):
        # the first application's token, its UID swapped for the second's:
        # the signature breaks
        payload, signature = self.token.split(".")
        text_ = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)).decode()
        swapped = text_.replace(
            api.content.get_uuid(self.first), api.content.get_uuid(self.second)
        )
        forged = (
            base64.urlsafe_b64encode(swapped.encode()).decode().rstrip("=")
            + "."
            + signature
        )
        self.assert_refused(f"{self.page}?token={forged}")
        # correctly signed for the second application (as with a leaked
        # secret) but never issued to it: its hash is not stored there
        resigned = forged.split(".")[0] + "." + tokens._sign("access", swapped)
        self.assert_refused(f"{self.page}?token={resigned}")

    def test_token_in_another_competition(self):
        from tests.base import make_competition

        other = make_competition(self.portal, id="andere")
        api.content.transition(other, transition="announce")
        transaction.commit()
        self.assert_refused(
            f"{other.absolute_url()}/@@meine-bewerbung?token={self.token}"
        )

    def test_guessed_and_altered_tokens(self):
        for guess in (
            "",
            "x",
            "a.b",
            "a.b.c",
            self.token[:-1] + ("0" if self.token[-1] != "0" else "1"),
            self.token.split(".")[0] + "." + "0" * 64,
            "%00%0a<script>",
            "A" * 500,
        ):
            self.assert_refused(f"{self.page}?token={guess}")

    def test_links_and_sessions_survive_the_key_rotation(self):
        """plone.protect rotates the site's keyrings weekly on a login (on a
        new site at the first login): mailed links (valid 14 days), open
        sessions and the index of addresses must not depend on them."""
        from plone.keyring.interfaces import IKeyManager
        from zope.component import getUtility

        reference = self.first.reference
        session = requests.Session()
        self.assertIn(reference, plain(session.get(self.first_link)))
        transaction.begin()
        mailed = tokens.issue_token(self.first)
        transaction.commit()
        transaction.begin()
        manager = getUtility(IKeyManager)
        before = manager.secret()
        manager.rotate()  # every ring, "_system" too
        self.assertNotEqual(manager.secret(), before)
        transaction.commit()
        # the open session and the link in the mailbox still open it
        self.assertIn(reference, plain(session.get(self.page)))
        self.assertIn(
            reference, plain(requests.get(f"{self.page}?token={mailed}", timeout=60))
        )
        # a fresh link by address still finds it
        transaction.begin()
        self.assertEqual(
            [
                s.reference
                for s in tokens.applications_of(self.competition, "erika@example.org")
            ],
            [reference],
        )
        # forged with the ring's new key: nothing
        payload = mailed.split(".")[0]
        text_ = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)).decode()
        import hashlib
        import hmac

        forged = hmac.new(
            manager.secret().encode(),
            f"ikz.landespreis/access/{text_}".encode(),
            hashlib.sha256,
        ).hexdigest()
        self.assert_refused(f"{self.page}?token={payload}.{forged}")

    def test_revoked_token(self):
        tokens.revoke_tokens(self.first)
        transaction.commit()
        self.assert_refused(self.first_link)

    def test_session_as_token_and_token_as_cookie(self):
        session = tokens.session_value(api.content.get_uuid(self.first), "lead")
        self.assert_refused(f"{self.page}?token={session}")
        forged = requests.Session()
        forged.cookies.set("ikz_bewerbung", self.token)
        self.assertNotIn("LP26-KA-", plain(forged.get(self.page)))
        expired = tokens.session_value(
            api.content.get_uuid(self.first),
            "lead",
            now=datetime.now(BERLIN) - timedelta(hours=9),
        )
        forged.cookies.set("ikz_bewerbung", expired)
        self.assertNotIn("LP26-KA-", plain(forged.get(self.page)))

    def test_brute_force_hits_the_rate_limit(self):
        api.portal.set_registry_record("ikz.landespreis.delivery.request_limit", 5)
        transaction.commit()
        codes = [
            requests.get(
                f"{self.page}?token=guess{i}", allow_redirects=False, timeout=30
            ).status_code
            for i in range(5)
        ]
        self.assertEqual(codes, [403] * 5)
        # now even the right token is refused from this address
        response = requests.get(self.first_link, allow_redirects=False, timeout=30)
        self.assertEqual(response.status_code, 429)
        self.assertNotIn("ikz_bewerbung", response.headers.get("Set-Cookie", ""))


class TestStatusOnMyApplication(ApplicantsTestCase):
    def status(self, browser):
        page = browser.session.get(self.page)
        return re.search(
            r'class="badge bg-primary ikz-status"[^>]*>(.*?)<', page.text, re.S
        ).group(1)

    def submission(self):
        transaction.begin()
        return self.submissions()[0]

    def test_outcome_shown_only_when_released(self):
        browser = Browser()
        browser.submit_application(self.form_url, valid_values())
        self.assertEqual(self.status(browser), "Eingegangen")
        api.content.transition(self.submission(), transition="admit")
        transaction.commit()
        self.assertEqual(self.status(browser), "In Prüfung")

        # the office releases it with the button on the application
        from plone.app.testing import SITE_OWNER_NAME
        from plone.app.testing import SITE_OWNER_PASSWORD

        office = requests.Session()
        office.auth = (SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
        url = self.submission().absolute_url()
        view = office.get(url)
        self.assertIn("Ergebnis für die Bewerbung freigeben", plain(view))
        authenticator = re.search(
            r'name="_authenticator" value="([^"]+)"', view.text
        ).group(1)
        # not without the authenticator, not by the applicant
        self.assertNotEqual(
            office.post(f"{url}/@@release-outcome", timeout=30).status_code, 302
        )
        applicant = browser.session.post(
            f"{url}/@@release-outcome",
            data={"_authenticator": authenticator},
            allow_redirects=False,
            timeout=30,
        )
        # refused: the login page (Unauthorized), nothing released
        self.assertIn(applicant.status_code, (302, 401, 403))
        if applicant.status_code == 302:
            self.assertIn("login", applicant.headers["Location"])
        self.assertEqual(self.status(browser), "In Prüfung")
        done = office.post(
            f"{url}/@@release-outcome",
            data={"_authenticator": authenticator},
            timeout=30,
        )
        self.assertEqual(done.status_code, 200)
        self.assertEqual(self.status(browser), "Zugelassen")
        from ikz.landespreis import audit

        transaction.begin()
        self.assertEqual(
            len(audit.entries(self.competition, kind="applicant.released")), 1
        )

    def test_rejection_mail_releases_with_reason(self):
        from ikz.landespreis.office.decisions import say_no

        browser = Browser()
        browser.submit_application(self.form_url, valid_values())
        say_no(self.submission(), "reject", "Nur ein kommunaler Partner.")
        transaction.commit()
        self.assertEqual(self.status(browser), "In Prüfung")
        say_no_notify = self.submission()
        api.content.transition(say_no_notify, transition="reset")
        say_no(say_no_notify, "reject", "Nur ein kommunaler Partner.", notify=True)
        transaction.commit()
        self.assertEqual(self.status(browser), "Nicht zugelassen")
        self.assertIn(
            "Nur ein kommunaler Partner.", plain(browser.session.get(self.page))
        )


class TestWithdraw(ApplicantsTestCase):
    def authenticator(self, session):
        page = session.get(self.page)
        return re.search(r'name="_authenticator" value="([^"]+)"', page.text).group(1)

    def state(self):
        transaction.begin()
        return api.content.get_state(self.submissions()[0])

    def test_withdraw_with_confirmation_and_reason(self):
        from ikz.landespreis import audit

        browser = Browser()
        browser.submit_application(self.form_url, valid_values())
        self.wait_for_mails(2)
        token = self.authenticator(browser.session)
        first = browser.session.post(
            self.page,
            data={"_authenticator": token, "form.buttons.withdraw": "1"},
            timeout=30,
        )
        self.assertIn("wirklich zurückziehen", plain(first))
        self.assertEqual(self.state(), "received")
        done = browser.session.post(
            self.page,
            data={
                "_authenticator": token,
                "form.buttons.withdraw_confirm": "1",
                "reason": "Der Rat hat anders entschieden.",
            },
            timeout=30,
        )
        self.assertIn("Ihre Bewerbung ist zurückgezogen", plain(done))
        self.assertIn("Zurückgezogen", plain(done))
        self.assertEqual(self.state(), "withdrawn")
        transaction.begin()
        (entry,) = audit.entries(self.competition, kind="applicant.withdrawn")
        self.assertEqual(entry["reason"], "Der Rat hat anders entschieden.")
        office = self.mails_to("office@example.org", 2)
        self.assertIn("zurückgezogen", office[-1]["Subject"])
        self.assertIn("Der Rat hat anders entschieden.", body(office[-1]))
        # no second time
        again = browser.session.post(
            self.page,
            data={"_authenticator": token, "form.buttons.withdraw_confirm": "1"},
            timeout=30,
        )
        self.assertIn("kann nicht mehr zurückgezogen werden", plain(again))

    def test_not_without_session_nor_after_the_decision(self):
        browser = Browser()
        browser.submit_application(self.form_url, valid_values())
        token = self.authenticator(browser.session)
        stranger = requests.Session()
        answer = stranger.post(
            self.page,
            data={
                "_authenticator": self.authenticator(stranger),
                "form.buttons.withdraw_confirm": "1",
            },
            timeout=30,
        )
        self.assertEqual(answer.status_code, 403)
        self.assertEqual(self.state(), "received")
        # the confirmation needs the form's authenticator
        forged = browser.session.post(
            self.page, data={"form.buttons.withdraw_confirm": "1"}, timeout=30
        )
        self.assertNotEqual(forged.status_code, 200)
        self.assertEqual(self.state(), "received")
        # after the jury's decision: no more (the state set directly: the
        # way there needs a signed decision, tested elsewhere)
        wf = api.portal.get_tool("portal_workflow")
        status = dict(wf.getStatusOf("ikz_competition_workflow", self.competition))
        status["review_state"] = "decided"
        wf.setStatusOf("ikz_competition_workflow", self.competition, status)
        transaction.commit()
        self.assertEqual(api.content.get_state(self.competition), "decided")
        page = browser.session.get(self.page, timeout=30)
        self.assertNotIn('name="form.buttons.withdraw"', page.text)
        refused = browser.session.post(
            self.page,
            data={"_authenticator": token, "form.buttons.withdraw_confirm": "1"},
            timeout=30,
        )
        self.assertIn("kann nicht mehr zurückgezogen werden", plain(refused))
        self.assertEqual(self.state(), "received")


class TestPdfCopy(ApplicantsTestCase):
    def test_pdf_of_my_application(self):
        from pypdf import PdfReader
        from tests.pdfs import make_pdf

        import io

        pdf = make_pdf("Steckbrief")
        browser = Browser()
        browser.submit_application(
            self.form_url,
            valid_values(),
            files={"project_file": ("steckbrief.pdf", pdf, "application/pdf")},
        )
        page = browser.session.get(self.page)
        self.assertIn("PDF herunterladen", plain(page))
        answer = browser.session.get(f"{self.page}-pdf")
        self.assertEqual(answer.status_code, 200)
        self.assertEqual(answer.headers["Content-Type"], "application/pdf")
        reader = PdfReader(io.BytesIO(answer.content), strict=True)
        text_ = " ".join(p.extract_text() for p in reader.pages)
        import hashlib

        for snippet in (
            "LP26-KA-0001",
            "Gemeinsames Bürgerbüro",
            "01.02.2026, 12:00 Uhr",
            "steckbrief.pdf",
            "Fassung",
        ):
            self.assertIn(snippet, text_)
        self.assertIn(hashlib.sha256(pdf).hexdigest()[:16], text_.replace("\n", ""))
        self.assertEqual(reader.trailer["/Root"]["/Lang"], "de")
        self.assertIn("/StructTreeRoot", reader.trailer["/Root"])
        # without the session: back to the page that asks for a link
        stranger = requests.get(f"{self.page}-pdf", allow_redirects=False, timeout=30)
        self.assertEqual(stranger.status_code, 302)


class TestConsentsAndData(ApplicantsTestCase):
    def authenticator(self, session):
        page = session.get(self.page)
        return re.search(r'name="_authenticator" value="([^"]+)"', page.text).group(1)

    def test_withdraw_publication_consent(self):
        from ikz.landespreis import audit

        browser = Browser()
        browser.submit_application(self.form_url, valid_values())
        self.wait_for_mails(2)
        token = self.authenticator(browser.session)
        done = browser.session.post(
            self.page,
            data={"_authenticator": token, "form.buttons.withdraw_consent": "1"},
            timeout=30,
        )
        self.assertIn("Einwilligung in die Veröffentlichung widerrufen", plain(done))
        self.assertIn("Sie haben der Veröffentlichung nicht zugestimmt", plain(done))
        transaction.begin()
        submission = self.submissions()[0]
        self.assertFalse(submission.publication_consent)
        self.assertTrue(submission.privacy_consent)
        (entry,) = audit.entries(self.competition, kind="consent.withdrawn")
        self.assertEqual(entry["actor"], "Bewerbung (persönlicher Link)")
        office = self.mails_to("office@example.org", 2)
        self.assertIn("Veröffentlichung", office[-1]["Subject"])
        # without the session nothing changes
        submission.publication_consent = True
        transaction.commit()
        stranger = requests.Session()
        stranger.post(
            self.page,
            data={
                "_authenticator": self.authenticator(stranger),
                "form.buttons.withdraw_consent": "1",
            },
            timeout=30,
        )
        transaction.begin()
        self.assertTrue(self.submissions()[0].publication_consent)

    def test_download_my_data(self):
        browser = Browser()
        browser.submit_application(self.form_url, valid_values())
        answer = browser.session.get(f"{self.page}-daten")
        self.assertEqual(answer.status_code, 200)
        self.assertIn("attachment", answer.headers["Content-Disposition"])
        data = answer.json()
        self.assertEqual(data["reference"], "LP26-KA-0001")
        self.assertEqual(data["contact_email"], "erika@example.org")
        self.assertNotIn("internal_notes", data)
        self.assertNotIn("eligibility_flags", data)
        refused = requests.get(f"{self.page}-daten", allow_redirects=False, timeout=30)
        self.assertEqual(refused.status_code, 302)

    def test_purge_drafts_after_the_deadline(self):
        from datetime import timedelta
        from ikz.landespreis import audit
        from ikz.landespreis.applicants import drafts
        from ikz.landespreis.applicants.consent import purge_drafts

        transaction.begin()
        drafts.new_draft(self.competition)
        end = self.competition.submission_end
        self.assertEqual(purge_drafts(self.competition, end + timedelta(days=29)), 0)
        self.assertEqual(drafts.count(self.competition), 1)
        self.assertEqual(purge_drafts(self.competition, end + timedelta(days=30)), 1)
        self.assertEqual(drafts.count(self.competition), 0)
        (entry,) = audit.entries(self.competition, kind="drafts.purged")
        self.assertEqual(dict(entry["details"])["count"], 1)
        transaction.abort()
