"""The applicants' REST endpoints: ``@application-link`` and
``@my-application``, with the token attacks."""

from ikz.landespreis.applicants import tokens
from plone import api
from tests.applicants import ApplicantsTestCase

import requests
import transaction


JSON = {"Accept": "application/json", "Content-Type": "application/json"}


class TestApplicantsRest(ApplicantsTestCase):
    def setUp(self):
        super().setUp()
        self.apply()
        self.wait_for_mails(2)
        transaction.begin()
        (self.submission,) = self.submissions()
        self.url = self.competition.absolute_url()

    def test_request_link_same_answer(self):
        known = requests.post(
            f"{self.url}/@application-link",
            json={"email": "erika@example.org"},
            headers=JSON,
            timeout=30,
        )
        unknown = requests.post(
            f"{self.url}/@application-link",
            json={"email": "niemand@example.org"},
            headers=JSON,
            timeout=30,
        )
        self.assertEqual(known.status_code, 200, known.text)
        self.assertEqual(known.json(), unknown.json())
        self.assertIn("Wenn zu dieser E-Mail-Adresse", known.json()["message"])
        self.assertEqual(len(self.mails_to("erika@example.org", 2)), 2)
        bad = requests.post(
            f"{self.url}/@application-link",
            json={"email": "kein-at"},
            headers=JSON,
            timeout=30,
        )
        self.assertEqual(bad.status_code, 400)
        self.assertIn("gültige E-Mail-Adresse", bad.json()["error"]["message"])

    def test_my_application_with_token(self):
        token = tokens.issue_token(self.submission)
        transaction.commit()
        answer = requests.get(
            f"{self.url}/@my-application",
            headers={"Accept": "application/json", "X-Application-Token": token},
            timeout=30,
        )
        self.assertEqual(answer.status_code, 200, answer.text)
        data = answer.json()
        self.assertEqual(data["reference"], "LP26-KA-0001")
        self.assertEqual(data["status"]["label"], "Eingegangen")
        self.assertIn("no-store", answer.headers["Cache-Control"])

    def test_my_application_refuses_bad_tokens(self):
        from datetime import datetime
        from datetime import timedelta
        from ikz.landespreis.domain.dates import BERLIN

        expired = tokens.issue_token(
            self.submission, now=datetime.now(BERLIN) - timedelta(days=20)
        )
        transaction.commit()
        for token in (None, "geraten", expired, expired[:-2] + "00"):
            headers = {"Accept": "application/json"}
            if token:
                headers["X-Application-Token"] = token
            answer = requests.get(
                f"{self.url}/@my-application", headers=headers, timeout=30
            )
            # no credential at all: 401; a wrong or expired one: 403
            self.assertEqual(answer.status_code, 403 if token else 401, token)
            self.assertNotIn("LP26", answer.text)
            self.assertIn("ungültig oder abgelaufen", answer.json()["error"]["message"])


def call(method, url, token=None, body=None, cookies=None):
    headers = dict(JSON)
    if token:
        headers["X-Application-Token"] = token
    return requests.request(
        method, url, json=body, headers=headers, cookies=cookies, timeout=60
    )


FIRST_HALF = {
    "title": "Gemeinsames Standesamt",
    "category": "kat-b",
    "contact_email": "lena@example.org",
    "summary": "Zwei Städte führen ein Standesamt.",
    "privacy_consent": True,
}


class RestDraftCase(ApplicantsTestCase):
    def setUp(self):
        super().setUp()
        self.url = self.competition.absolute_url()
        self.api = f"{self.url}/@my-application"

    def new_draft(self, files=None):
        from ikz.landespreis.applicants import drafts

        transaction.begin()
        draft = drafts.new_draft(self.competition)
        draft.contact_email = "lena@example.org"
        if files:
            draft.files = dict(files)
        token = tokens.issue_token(draft)
        transaction.commit()
        return draft.id, token

    def draft(self, draft_id):
        from ikz.landespreis.applicants import drafts

        transaction.begin()
        return drafts.get_draft(self.competition, draft_id)


class TestDraftThroughRest(RestDraftCase):
    def test_patch_then_submit(self):
        from plone.namedfile.file import NamedBlobFile
        from tests.base import valid_values
        from tests.pdfs import make_pdf

        pdf = make_pdf("Steckbrief REST")
        draft_id, token = self.new_draft(
            files={"project_file": NamedBlobFile(pdf, filename="steckbrief.pdf")}
        )
        answer = call("PATCH", self.api, token, FIRST_HALF)
        self.assertEqual(answer.status_code, 200, answer.text)
        self.assertIn("saved", answer.json())
        shown = call("GET", self.api, token).json()
        self.assertTrue(shown["draft"])
        self.assertEqual(shown["values"]["title"], "Gemeinsames Standesamt")
        self.assertEqual(shown["values"]["category"], "kat-b")
        self.assertIs(shown["values"]["privacy_consent"], True)
        self.assertEqual(shown["files"], ["steckbrief.pdf"])
        # the form's page shows the same values to the browser's session
        self.assertEqual(self.draft(draft_id).title, "Gemeinsames Standesamt")

        # half filled: every missing field at once, German, nothing stored
        refused = call("POST", f"{self.api}/submit", token)
        self.assertEqual(refused.status_code, 400, refused.text)
        errors = refused.json()["error"]["errors"]
        for name in ("lead_municipality", "contact_name", "partners", "benefit"):
            self.assertIn(name, errors)
        self.assertIn("Erforderliche Eingabe fehlt", " ".join(errors.values()))
        self.assertEqual(self.submissions(), [])
        self.assertIsNotNone(self.draft(draft_id))

        # bad values refused field by field; nothing of the patch is saved
        bad = call(
            "PATCH",
            self.api,
            token,
            {
                "title": "Neu",
                "privacy_consent": "ja",
                "gibtsnicht": "x",
                "project_file": "Zm9v",
                "contact_email": "kein-at",
            },
        )
        self.assertEqual(bad.status_code, 400)
        errors = bad.json()["error"]["errors"]
        self.assertEqual(
            set(errors),
            {"privacy_consent", "gibtsnicht", "project_file", "contact_email"},
        )
        self.assertIn("Dateien können nicht", errors["project_file"])
        self.assertIn("Projektsteckbrief", errors["project_file"])
        self.assertEqual(self.draft(draft_id).title, "Gemeinsames Standesamt")

        rest = {
            k: v
            for k, v in valid_values(category="kat-b").items()
            if k not in FIRST_HALF
        }
        self.assertEqual(call("PATCH", self.api, token, rest).status_code, 200)
        done = call("POST", f"{self.api}/submit", token)
        self.assertEqual(done.status_code, 201, done.text)
        self.assertEqual(done.json()["reference"], "LP26-KB-0001")
        self.assertIn("LP26-KB-0001", done.json()["message"])
        (submission,) = self.submissions()
        self.assertEqual(submission.title, "Gemeinsames Standesamt")
        self.assertEqual(submission.summary, FIRST_HALF["summary"])
        self.assertEqual(submission.project_file.filename, "steckbrief.pdf")
        self.assertEqual(submission.project_file.data, pdf)
        self.assertIsNone(self.draft(draft_id))
        # the receipt goes out as from the form
        (receipt,) = self.mails_to("lena@example.org")
        self.assertIn("LP26-KB-0001", receipt["Subject"])
        # the draft's link is used up; the answer's token opens the application
        self.assertEqual(call("GET", self.api, token).status_code, 403)
        again = call("POST", f"{self.api}/submit", token)
        self.assertEqual(again.status_code, 403)
        mine = call("GET", self.api, done.json()["token"]).json()
        self.assertEqual(mine["reference"], "LP26-KB-0001")
        self.assertEqual(
            call("POST", f"{self.api}/submit", done.json()["token"]).status_code, 409
        )

    def submit_complete_draft(self, **overrides):
        from plone.namedfile.file import NamedBlobFile
        from tests.base import valid_values
        from tests.pdfs import make_pdf

        _draft_id, token = self.new_draft(
            files={"project_file": NamedBlobFile(make_pdf("S"), filename="s.pdf")}
        )
        values = dict(valid_values(category="kat-b"), **FIRST_HALF)
        values.update(overrides)
        self.assertEqual(call("PATCH", self.api, token, values).status_code, 200)
        return call("POST", f"{self.api}/submit", token)

    def test_submit_says_what_became_of_the_confirmation(self):
        """As the thank-you page: the answer says the confirmation is being
        sent only when it was queued."""
        from ikz.landespreis import ratelimit

        done = self.submit_complete_draft()
        self.assertEqual(done.status_code, 201, done.text)
        self.assertIn(
            "Die Bestätigung wird an lena@example.org versandt", done.json()["message"]
        )
        self.assertEqual(done.json()["receipt"]["state"], "queued")
        # the recipient's hourly mail limit is used up: the receipt fails
        api.portal.set_registry_record("ikz.landespreis.delivery.mail_limit", 1)
        transaction.commit()
        ratelimit.LIMITER.reset()
        ratelimit.mail_allowed("lena@example.org")
        done = self.submit_complete_draft(title="Zweites Standesamt")
        self.assertEqual(done.status_code, 201, done.text)
        message = done.json()["message"]
        self.assertIn("LP26-KB-0002", message)
        self.assertNotIn("wird an", message)
        self.assertIn(
            "Die Bestätigung an lena@example.org konnte nicht versandt werden", message
        )
        self.assertEqual(done.json()["receipt"]["state"], "failed")

    def test_after_the_deadline_nothing_changes(self):
        from datetime import timedelta
        from tests.base import END
        from tests.base import valid_values

        draft_id, token = self.new_draft()
        self.assertEqual(
            call("PATCH", self.api, token, valid_values(category="kat-b")).status_code,
            200,
        )
        before = dict(self.draft(draft_id).values)
        self.set_clock(END + timedelta(minutes=1))
        patched = call("PATCH", self.api, token, {"title": "Zu spät"})
        self.assertEqual(patched.status_code, 403)
        self.assertIn(
            "keine Bewerbungen angenommen", patched.json()["error"]["message"]
        )
        submitted = call("POST", f"{self.api}/submit", token)
        self.assertEqual(submitted.status_code, 403)
        self.assertIn(
            "keine Bewerbungen angenommen", submitted.json()["error"]["message"]
        )
        self.assertEqual(self.draft(draft_id).values, before)
        self.assertEqual(self.submissions(), [])


class TestMyApplicationAttacks(RestDraftCase):
    def setUp(self):
        super().setUp()
        self.apply()
        self.apply(title="Zweites Projekt", contact_email="zweite@example.org")
        self.wait_for_mails(4)
        transaction.begin()
        self.first, self.second = sorted(self.submissions(), key=lambda s: s.reference)
        self.token = tokens.issue_token(self.first)
        self.second_token = tokens.issue_token(self.second)
        transaction.commit()

    def state(self, submission):
        from plone import api

        transaction.begin()
        return api.content.get_state(submission)

    def test_anonymous_gets_401_everywhere(self):
        for method, path, body in (
            ("GET", "", None),
            ("GET", "/pdf", None),
            ("PATCH", "", {"title": "x"}),
            ("POST", "/submit", {}),
            ("POST", "/withdraw", {"confirm": True}),
        ):
            answer = call(method, self.api + path, None, body)
            self.assertEqual(answer.status_code, 401, (method, path))
            self.assertIn("ungültig oder abgelaufen", answer.json()["error"]["message"])
            self.assertNotIn("LP26", answer.text)
        self.assertEqual(self.state(self.first), "received")

    def test_bad_tokens_get_nothing(self):
        from datetime import datetime
        from datetime import timedelta
        from ikz.landespreis.domain.dates import BERLIN

        expired = tokens.issue_token(
            self.first, now=datetime.now(BERLIN) - timedelta(days=20)
        )
        forged_session = tokens.session_value(self.second.UID(), "lead")[:-2] + "00"
        transaction.commit()
        tokens.revoke_tokens(self.second)
        transaction.commit()
        for token, cookies in (
            (expired, None),
            (self.token[:-2] + "00", None),
            (self.second_token, None),  # revoked
            (None, {tokens.COOKIE: forged_session}),
            (None, {tokens.COOKIE: self.token}),  # a token is no session
        ):
            for method, path, body in (
                ("GET", "/pdf", None),
                ("POST", "/withdraw", {"confirm": True}),
            ):
                answer = call(method, self.api + path, token, body, cookies=cookies)
                self.assertEqual(answer.status_code, 403, (token, cookies, path))
                self.assertNotIn("LP26", answer.text)
        self.assertEqual(self.state(self.first), "received")
        self.assertEqual(self.state(self.second), "received")

    def test_own_token_reaches_only_the_own_application(self):
        from pypdf import PdfReader

        import io

        # the first applicant's token, the second's session cookie: the
        # header decides, and it opens the first application only
        cookie = {tokens.COOKIE: tokens.session_value(self.second.UID(), "lead")}
        answer = call("GET", self.api, self.token, cookies=cookie)
        self.assertEqual(answer.json()["reference"], self.first.reference)
        pdf = call("GET", f"{self.api}/pdf", self.token)
        self.assertEqual(pdf.status_code, 200)
        text_ = " ".join(
            p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages
        )
        self.assertIn(self.first.reference, text_)
        self.assertNotIn(self.second.reference, text_)
        # a draft's token cannot patch, submit or withdraw an application
        _draft_id, draft_token = self.new_draft()
        self.assertEqual(
            call(
                "POST", f"{self.api}/withdraw", draft_token, {"confirm": True}
            ).status_code,
            409,
        )
        self.assertEqual(
            call("POST", f"{self.api}/submit", self.token, {}).status_code, 409
        )
        # with the second applicant's session cookie alongside, the first
        # token's PATCH corrects the first application only
        answer = call(
            "PATCH", self.api, self.token, {"title": "Umbenannt"}, cookies=cookie
        )
        self.assertEqual(answer.status_code, 200, answer.text)
        transaction.begin()
        self.assertEqual(self.first.title, "Umbenannt")
        self.assertEqual(self.second.title, "Zweites Projekt")

    def test_session_cookie_changes_only_as_json_from_the_portal(self):
        cookie = {tokens.COOKIE: tokens.session_value(self.first.UID(), "lead")}
        url = f"{self.api}/withdraw"
        # a foreign page: a form post (text/plain) or JSON from another origin
        foreign = requests.post(
            url,
            data='{"confirm": true}',
            headers={"Content-Type": "text/plain", "Accept": "application/json"},
            cookies=cookie,
            timeout=60,
        )
        self.assertEqual(foreign.status_code, 403)
        self.assertIn("Seiten des Portals", foreign.json()["error"]["message"])
        other = requests.post(
            url,
            json={"confirm": True},
            headers={"Accept": "application/json", "Origin": "https://evil.example"},
            cookies=cookie,
            timeout=60,
        )
        self.assertEqual(other.status_code, 403)
        self.assertEqual(self.state(self.first), "received")
        # the portal's own page may
        own = requests.post(
            url,
            json={"confirm": True},
            headers={
                "Accept": "application/json",
                "Origin": self.portal.absolute_url(),
            },
            cookies=cookie,
            timeout=60,
        )
        self.assertEqual(own.status_code, 200, own.text)
        self.assertEqual(self.state(self.first), "withdrawn")

    def test_withdraw_with_confirmation(self):
        unconfirmed = call("POST", f"{self.api}/withdraw", self.token, {})
        self.assertEqual(unconfirmed.status_code, 400)
        self.assertIn("confirm", unconfirmed.json()["error"]["message"])
        self.assertEqual(self.state(self.first), "received")
        done = call(
            "POST",
            f"{self.api}/withdraw",
            self.token,
            {"confirm": True, "reason": "Förderung anderweitig erhalten."},
        )
        self.assertEqual(done.status_code, 200, done.text)
        self.assertEqual(done.json()["state"], "withdrawn")
        self.assertIn("zurückgezogen", done.json()["message"])
        self.assertEqual(self.state(self.first), "withdrawn")
        self.assertEqual(self.state(self.second), "received")
        office = [
            m
            for m in self.mails_to("office@example.org", 3)
            if "zurückgezogen" in m["Subject"]
        ]
        self.assertEqual(len(office), 1)
        again = call("POST", f"{self.api}/withdraw", self.token, {"confirm": True})
        self.assertEqual(again.status_code, 409)
        self.assertIn("nicht mehr zurückgezogen", again.json()["error"]["message"])

    def test_pdf_copy(self):
        from ikz.landespreis import audit
        from pypdf import PdfReader

        import io

        answer = call("GET", f"{self.api}/pdf", self.token)
        self.assertEqual(answer.status_code, 200, answer.text[:300])
        self.assertEqual(answer.headers["Content-Type"], "application/pdf")
        self.assertIn("no-store", answer.headers["Cache-Control"])
        reader = PdfReader(io.BytesIO(answer.content), strict=True)
        text_ = " ".join(p.extract_text() for p in reader.pages)
        self.assertIn(self.first.reference, text_)
        self.assertNotIn(self.second.reference, text_)
        transaction.begin()
        downloads = audit.entries(self.competition, kind="download")
        self.assertEqual(len(downloads), 1)
        _draft_id, draft_token = self.new_draft()
        self.assertEqual(call("GET", f"{self.api}/pdf", draft_token).status_code, 409)


class TestCorrections(RestDraftCase):
    def setUp(self):
        super().setUp()
        self.apply()
        self.apply(title="Zweites Projekt", contact_email="zweite@example.org")
        self.wait_for_mails(4)
        transaction.begin()
        self.first, self.second = sorted(self.submissions(), key=lambda s: s.reference)
        self.token = tokens.issue_token(self.first)
        self.second_token = tokens.issue_token(self.second)
        transaction.commit()

    def corrected(self):
        from ikz.landespreis import audit

        transaction.begin()
        return audit.entries(self.competition, kind="applicant.corrected")

    def office_page(self):
        from plone.app.testing import SITE_OWNER_NAME
        from plone.app.testing import SITE_OWNER_PASSWORD
        from tests.applicants import plain

        return plain(
            requests.get(
                self.first.absolute_url(),
                auth=(SITE_OWNER_NAME, SITE_OWNER_PASSWORD),
                timeout=60,
            )
        )

    def test_correct_as_versions_until_the_deadline(self):
        from datetime import timedelta
        from pypdf import PdfReader
        from tests.base import END

        import io

        self.assertNotIn("Fassungen dieser Bewerbung", self.office_page())
        answer = call(
            "PATCH",
            self.api,
            self.token,
            {
                "summary": "Drei Kommunen betreiben ein gemeinsames Bürgerbüro.",
                "partners": "Gemeinde Beispieldorf\nKreis Beispielkreis\nStadt Neuhausen",
                "title": "Gemeinsames Bürgerbüro",  # unchanged
            },
        )
        self.assertEqual(answer.status_code, 200, answer.text)
        self.assertEqual(answer.json()["version"], 2)
        self.assertEqual(answer.json()["changed"], ["partners", "summary"])
        self.assertIn("Fassung 2", answer.json()["message"])
        transaction.begin()
        self.assertEqual(self.first.reference, "LP26-KA-0001")
        self.assertEqual(self.first.partners[-1], "Stadt Neuhausen")
        self.assertEqual(
            self.second.summary, "Zwei Kommunen betreiben ein gemeinsames Bürgerbüro."
        )
        (entry,) = self.corrected()
        self.assertEqual(entry["target"], self.first.UID())
        self.assertEqual(entry["details"]["version"], 2)
        # the office: told by mail, and the page shows what changed
        notices = [
            m
            for m in self.mails_to("office@example.org", 3)
            if "korrigiert" in m["Subject"]
        ]
        self.assertEqual(len(notices), 1)
        self.assertIn("Fassung 2", notices[0]["Subject"])
        page = self.office_page()
        self.assertIn("Aktuell: Fassung 2", page)
        self.assertIn("Geändert gegenüber Fassung 1", page)
        self.assertIn("Zwei Kommunen betreiben", page)  # before
        self.assertIn("Drei Kommunen betreiben", page)  # now
        # the applicant sees the versions; the PDF copy is the current one
        mine = call("GET", self.api, self.token).json()
        self.assertEqual(mine["version"], 2)
        self.assertEqual([v["version"] for v in mine["versions"]], [1, 2])
        pdf = call("GET", f"{self.api}/pdf", self.token)
        text_ = " ".join(
            p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages
        )
        self.assertIn("Drei Kommunen", text_)
        self.assertRegex(text_, r"Fassung\s*2")
        # the same again changes nothing and makes no version
        same = call(
            "PATCH",
            self.api,
            self.token,
            {"partners": "Gemeinde Beispieldorf\nKreis Beispielkreis\nStadt Neuhausen"},
        )
        self.assertEqual(same.json(), {**same.json(), "version": 2, "changed": []})
        self.assertEqual(len(self.corrected()), 1)
        # after the deadline: refused in German, nothing changed
        self.set_clock(END + timedelta(seconds=1))
        late = call("PATCH", self.api, self.token, {"summary": "Zu spät."})
        self.assertEqual(late.status_code, 403)
        self.assertIn("keine Bewerbungen angenommen", late.json()["error"]["message"])
        transaction.begin()
        self.assertTrue(self.first.summary.startswith("Drei Kommunen"))
        self.assertEqual(self.first.version, 2)
        self.assertEqual(len(self.corrected()), 1)

    def test_bad_corrections_change_nothing(self):
        for body, field, words in (
            ({"category": "kat-b"}, "category", "Aktenzeichen"),
            ({"title": ""}, "title", "Pflichtangabe"),
            ({"summary": "x" * 3001}, "summary", "höchstens 3000 Zeichen"),
            ({"project_status": "erfunden"}, "project_status", "nicht gültig"),
            ({"contact_email": "kein-at"}, "contact_email", "nicht gültig"),
            ({"contract_date": "1.5.2019"}, "contract_date", "JJJJ-MM-TT"),
            ({"no_lead": "ja"}, "no_lead", "nicht gültig"),
            ({"privacy_consent": False}, "privacy_consent", "Einwilligungen"),
            ({"project_file": "Zm9v"}, "project_file", "Base64"),
            (
                {"project_file": {"filename": "x.pdf", "data": "aGFsbG8="}},
                "project_file",
                "keine Datei eines zugelassenen Typs",
            ),
        ):
            answer = call(
                "PATCH",
                self.api,
                self.token,
                dict(body, summary="Geändert") if field != "summary" else body,
            )
            self.assertEqual(answer.status_code, 400, (body, answer.text))
            errors = answer.json()["error"]["errors"]
            self.assertIn(field, errors)
            self.assertIn(words, errors[field])
        transaction.begin()
        self.assertEqual(
            self.first.summary, "Zwei Kommunen betreiben ein gemeinsames Bürgerbüro."
        )
        self.assertEqual(self.first.__parent__.getId(), "kat-a")
        self.assertFalse(getattr(self.first, "version", None))
        self.assertEqual(self.corrected(), [])

    def test_attackers_cannot_correct(self):
        from datetime import datetime
        from datetime import timedelta
        from ikz.landespreis.applicants import withdraw
        from ikz.landespreis.domain.dates import BERLIN

        expired = tokens.issue_token(
            self.first, now=datetime.now(BERLIN) - timedelta(days=20)
        )
        transaction.commit()
        body = {"summary": "Übernommen."}
        self.assertEqual(call("PATCH", self.api, None, body).status_code, 401)
        for token, cookies in (
            (expired, None),
            (self.token[:-2] + "00", None),
            (
                None,
                {tokens.COOKIE: tokens.session_value(self.first.UID(), "lead")[:-1]},
            ),
        ):
            answer = call("PATCH", self.api, token, body, cookies=cookies)
            self.assertEqual(answer.status_code, 403, token)
        # the second applicant's link corrects the second application only
        own = call("PATCH", self.api, self.second_token, body)
        self.assertEqual(own.status_code, 200)
        transaction.begin()
        self.assertEqual(self.second.summary, "Übernommen.")
        self.assertNotEqual(self.first.summary, "Übernommen.")
        # a withdrawn application is not corrected
        withdraw.withdraw(self.first, "")
        transaction.commit()
        gone = call("PATCH", self.api, self.token, body)
        self.assertEqual(gone.status_code, 409)
        self.assertIn("nicht mehr korrigiert", gone.json()["error"]["message"])
        transaction.begin()
        self.assertNotEqual(self.first.summary, "Übernommen.")

    def test_replace_a_file_keeps_the_old_one_with_its_version(self):
        from ikz.landespreis.applicants import corrections
        from tests.pdfs import make_pdf

        import base64
        import hashlib

        old_pdf, new_pdf = make_pdf("Alter Steckbrief"), make_pdf("Neuer Steckbrief")
        first = call(
            "PATCH",
            self.api,
            self.token,
            {
                "project_file": {
                    "filename": "alt.pdf",
                    "data": base64.b64encode(old_pdf).decode(),
                }
            },
        )
        self.assertEqual(first.json()["changed"], ["project_file"], first.text)
        answer = call(
            "PATCH",
            self.api,
            self.token,
            {
                "project_file": {
                    "filename": "Übersicht neu.pdf",
                    "data": base64.b64encode(new_pdf).decode(),
                }
            },
        )
        self.assertEqual(answer.status_code, 200, answer.text)
        self.assertEqual(answer.json()["version"], 3)
        transaction.begin()
        self.assertEqual(self.first.project_file.data, new_pdf)
        self.assertEqual(self.first.project_file.contentType, "application/pdf")
        found = corrections.history(self.first)
        self.assertEqual([v["version"] for v in found], [1, 2, 3])
        self.assertEqual(found[1]["blobs"]["project_file"].data, old_pdf)
        self.assertEqual(
            found[2]["values"]["project_file"]["sha256"],
            hashlib.sha256(new_pdf).hexdigest(),
        )
        version, changes = corrections.latest_changes(self.first)
        self.assertEqual(version, 3)
        self.assertEqual([c.label for c in changes], ["Projektsteckbrief"])
        self.assertIn("alt.pdf", changes[0].before)
        self.assertIn("Übersicht neu.pdf", changes[0].after)


class TestCorrectionPage(RestDraftCase):
    def setUp(self):
        super().setUp()
        self.apply()
        self.wait_for_mails(2)
        transaction.begin()
        (self.submission,) = self.submissions()
        token = tokens.issue_token(self.submission)
        transaction.commit()
        self.session = requests.Session()
        self.session.get(f"{self.page}?token={token}", timeout=60)
        self.correction = f"{self.page}-korrektur"

    def post(self, values, files=None):
        import re

        page = self.session.get(self.correction, timeout=60).text
        authenticator = re.search(r'name="_authenticator" value="([^"]+)"', page).group(
            1
        )
        data = {"_authenticator": authenticator, "form.buttons.correct": "1"}
        data.update({f"field.{k}": v for k, v in values.items()})
        return self.session.post(
            self.correction, data=data, files=files, timeout=60, allow_redirects=True
        )

    def test_correct_on_the_page(self):
        from tests.applicants import plain
        from tests.pdfs import make_pdf

        mine = plain(self.session.get(self.page, timeout=60))
        self.assertIn("Antworten und Dateien korrigieren", mine)
        page = self.session.get(self.correction, timeout=60)
        self.assertEqual(page.status_code, 200)
        self.assertIn("Zwei Kommunen betreiben ein gemeinsames Bürgerbüro.", page.text)
        self.assertIn("Titel des Projekts", plain(page))
        # a required answer emptied: every error named at the top, nothing saved
        refused = self.post({"title": "", "summary": "Neu.", "contact_email": "kein"})
        self.assertEqual(refused.status_code, 400)
        body = plain(refused)
        self.assertIn("Es wurde nichts gespeichert", body)
        self.assertIn("Titel des Projekts", body)
        self.assertIn("Pflichtangabe", body)
        self.assertIn('href="#ikz-correct-contact_email"', refused.text)
        transaction.begin()
        self.assertEqual(self.submission.title, "Gemeinsames Bürgerbüro")
        # corrected with a new file
        pdf = make_pdf("Ratsbeschluss")
        done = self.post(
            {"title": "Gemeinsames Bürgerbüro Nord", "summary": "Neu und besser."},
            files={
                "file.council_decision_file": (
                    "ratsbeschluss.pdf",
                    pdf,
                    "application/pdf",
                )
            },
        )
        self.assertEqual(done.status_code, 200)
        self.assertTrue(done.url.endswith("@@meine-bewerbung"), done.url)
        body = plain(done)
        self.assertIn("als Fassung 2 der Bewerbung LP26-KA-0001 gespeichert", body)
        self.assertIn("Fassung 2 (von Ihnen korrigiert)", body)
        transaction.begin()
        self.assertEqual(self.submission.title, "Gemeinsames Bürgerbüro Nord")
        self.assertEqual(self.submission.council_decision_file.data, pdf)
        self.assertEqual(self.submission.version, 2)

    def test_after_the_deadline_and_without_a_session(self):
        from datetime import timedelta
        from tests.applicants import plain
        from tests.base import END

        stranger = requests.get(self.correction, timeout=60)
        self.assertEqual(stranger.status_code, 403)
        self.assertNotIn("Bürgerbüro", stranger.text)
        page = self.session.get(self.correction, timeout=60).text
        import re

        authenticator = re.search(r'name="_authenticator" value="([^"]+)"', page).group(
            1
        )
        self.set_clock(END + timedelta(seconds=1))
        self.assertNotIn(
            "Antworten und Dateien korrigieren",
            plain(self.session.get(self.page, timeout=60)),
        )
        late = self.session.post(
            self.correction,
            data={
                "_authenticator": authenticator,
                "form.buttons.correct": "1",
                "field.summary": "Zu spät.",
            },
            timeout=60,
        )
        self.assertEqual(late.status_code, 409)
        self.assertIn("keine Bewerbungen angenommen", plain(late))
        transaction.begin()
        self.assertNotEqual(self.submission.summary, "Zu spät.")
        self.assertFalse(getattr(self.submission, "version", None))


def traced_peak(call_):
    """``(result, peak)``: the largest memory traced (every thread, the
    test server's too) while ``call_()`` runs, above what it was before."""
    import gc
    import tracemalloc

    gc.collect()
    tracemalloc.start()
    try:
        base, _peak = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        result = call_()
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return result, peak - base


class TestLargeCorrections(RestDraftCase):
    """Too large corrections are refused without holding them in memory
    (the per-file limit lowered to 1 MB, bodies of 8 MB)."""

    def setUp(self):
        super().setUp()
        self.apply()
        self.wait_for_mails(2)
        transaction.begin()
        (self.submission,) = self.submissions()
        self.token = tokens.issue_token(self.submission)
        api.portal.set_registry_record("ikz.landespreis.intake.upload_max_mb", 1)
        transaction.commit()

    def assert_unchanged(self):
        transaction.begin()
        self.assertFalse(getattr(self.submission, "version", None))
        self.assertEqual(self.submission.summary[:4], "Zwei")

    def test_rest_json_refused_before_it_is_parsed(self):
        import base64
        import json

        pdf = b"%PDF-1.4\n" + b"0" * (6 * 1024 * 1024)
        body = json.dumps({
            "summary": "Neu.",
            "project_file": {
                "filename": "gross.pdf",
                "data": base64.b64encode(pdf).decode(),
            },
        }).encode()
        del pdf
        self.assertGreater(len(body), 8 * 1024 * 1024)
        # the instance's per-file limit (IKZ_UPLOAD_MAX_MB) as the control
        # panel's: the body is refused at the start, before authentication
        # (plone.restapi's credential extraction parses JSON bodies)
        import os

        self.addCleanup(os.environ.pop, "IKZ_UPLOAD_MAX_MB", None)
        os.environ["IKZ_UPLOAD_MAX_MB"] = "1"
        headers = dict(JSON, **{"X-Application-Token": self.token})
        answer, peak = traced_peak(
            lambda: requests.patch(self.api, data=body, headers=headers, timeout=60)
        )
        self.assertEqual(answer.status_code, 413, answer.text[:300])
        message = answer.json()["error"]["message"]
        self.assertIn("Die Anfrage ist zu groß", message)
        self.assertIn("höchstens 5 MB als JSON", message)
        self.assertIn("Es wurde nichts gespeichert", message)
        self.assertLess(peak, 3 * 1024 * 1024)
        self.assert_unchanged()
        # within the limit the answers are read as before
        ok = call("PATCH", self.api, self.token, {"summary": "Zwei und mehr."})
        self.assertEqual(ok.status_code, 200, ok.text)

    def test_page_refuses_a_large_file_by_its_size_on_disk(self):
        from tests.applicants import plain

        import re

        session = requests.Session()
        session.get(f"{self.page}?token={self.token}", timeout=60)
        url = f"{self.page}-korrektur"
        page = session.get(url, timeout=60).text
        authenticator = re.search(r'name="_authenticator" value="([^"]+)"', page)
        fields = {
            "_authenticator": authenticator.group(1),
            "form.buttons.correct": "1",
            "field.summary": "Neu.",
        }
        files = {
            "file.project_file": (
                "gross.pdf",
                b"%PDF-1.4\n" + b"0" * (8 * 1024 * 1024),
                "application/pdf",
            )
        }
        # the body is built before the measurement: only the server counts
        prepared = session.prepare_request(
            requests.Request("POST", url, data=fields, files=files)
        )
        del files
        answer, peak = traced_peak(lambda: session.send(prepared, timeout=60))
        self.assertEqual(answer.status_code, 400)
        body = plain(answer)
        self.assertIn("Die Datei gross.pdf ist größer als 1 MB", body)
        self.assertIn("Es wurde nichts gespeichert", body)
        self.assertLess(peak, 3 * 1024 * 1024)
        self.assert_unchanged()
