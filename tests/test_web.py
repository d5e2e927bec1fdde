"""The web edge (issue 12, items 6, 7 and 9), through a real WSGI server:
CSRF on cookie-authenticated REST calls, what anonymous search finds of a
published winner, security and caching headers per kind of response, the
login cookie behind HTTPS, error answers without internals, and the
application form's REST serialisation and log."""

from ikz.landespreis.jury import conflicts
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from plone.namedfile.file import NamedBlobFile
from tests.base import add_user
from tests.base import JSON
from tests.base import JuryTestCase
from tests.base import make_submission
from tests.base import name_in_decision
from tests.base import PASSWORD
from tests.browser import login as browser_login

import logging
import os
import re
import requests
import transaction


PRIVATE = "private, no-store"
HTML = {"Accept": "text/html"}


def login(base, user, password=PASSWORD):
    return browser_login(base, user, password)


class LogRecorder(logging.Handler):
    def __init__(self, level=logging.ERROR):
        super().__init__(level)
        self.lines = []

    def emit(self, record):
        self.lines.append(record.getMessage())


class TestRestCsrf(JuryTestCase):
    def setUp(self):
        super().setUp()
        self.base = self.portal.absolute_url()
        self.url = self.s2.absolute_url().replace(self.base, self.base + "/++api++")
        self.gate = self.url + "/@conflict"
        self.origin = re.match(r"https?://[^/]+", self.base)[0]

    def declared(self):
        transaction.begin()
        return conflicts.record(self.s2, "juror1")

    def test_cookie_post_from_foreign_origin_refused(self):
        session, response = login(self.base, "juror1")
        self.assertIn("__ac", session.cookies)
        response = session.post(
            self.gate,
            data='{"conflict": false, "reason": ""}',
            headers={"Content-Type": "text/plain", "Origin": "http://evil.example"},
            timeout=30,
        )
        self.assertEqual(response.status_code, 403, response.text)
        self.assertIn("abgelehnt", response.json()["message"])
        self.assertIsNone(self.declared())
        # JSON, but from another site: refused as well
        response = session.post(
            self.gate,
            json={"conflict": False, "reason": ""},
            headers={"Origin": "http://evil.example", "Accept": "application/json"},
            timeout=30,
        )
        self.assertEqual(response.status_code, 403)
        # text/plain from the portal's own pages: refused (a form can send it)
        response = session.post(
            self.gate,
            data='{"conflict": false, "reason": ""}',
            headers={"Content-Type": "text/plain", "Origin": self.origin},
            timeout=30,
        )
        self.assertEqual(response.status_code, 403)
        # no Origin and no Referer: refused
        response = session.post(
            self.gate, json={"conflict": False, "reason": ""}, headers=JSON, timeout=30
        )
        self.assertEqual(response.status_code, 403)
        self.assertIsNone(self.declared())

    def test_cookie_post_as_json_from_own_origin_passes(self):
        session, _response = login(self.base, "juror1")
        response = session.post(
            self.gate,
            json={"conflict": False, "reason": ""},
            headers=dict(JSON, Origin=self.origin),
            timeout=30,
        )
        self.assertEqual(response.status_code, 200, response.text)
        self.assertIsNotNone(self.declared())

    def test_referer_of_own_page_passes(self):
        session, _response = login(self.base, "juror1")
        response = session.post(
            self.gate,
            json={"conflict": False, "reason": ""},
            headers=dict(JSON, Referer=self.s2.absolute_url() + "/@@conflict"),
            timeout=30,
        )
        self.assertEqual(response.status_code, 200, response.text)

    def test_token_authenticated_calls_unaffected(self):
        response = requests.post(
            self.gate,
            data='{"conflict": false, "reason": ""}',
            headers={
                "Content-Type": "text/plain",
                "Accept": "application/json",
                "Origin": "http://evil.example",
            },
            auth=("juror1", PASSWORD),
            timeout=30,
        )
        self.assertEqual(response.status_code, 200, response.text)
        self.assertIsNotNone(self.declared())


class TestPublicSearch(JuryTestCase):
    def setUp(self):
        super().setUp()
        self.winner = make_submission(
            self.competition["kat-b"],
            id="gewinner",
            title="Gemeinsame Kläranlage",
            lead_municipality="Gemeinde Klärdorf",
            summary="Zwei Gemeinden reinigen ihr Abwasser gemeinsam.",
            legal_form="Zweckvereinbarungsmodell",
            benefit="Kostenteilungsschlüssel",
            department="Tiefbauamtsleitung",
            publication_consent=True,
        )
        api.content.transition(self.winner, transition="admit")
        # awards follow the signed decision of the category
        name_in_decision(self.competition["kat-b"], winners=[self.winner])
        name_in_decision(self.s2.__parent__, nominees=[self.s2])
        for transition in ("nominate", "award", "publish"):
            api.content.transition(self.winner, transition=transition)
        api.content.transition(self.s2, transition="nominate")
        self.s2.legal_form = "Anstaltsmodell"
        self.s2.reindexObject()
        transaction.commit()
        self.base = self.portal.absolute_url()

    def found(self, word, auth=None):
        response = requests.get(
            f"{self.base}/++api++/@search?SearchableText={word}",
            auth=auth,
            timeout=30,
        )
        self.assertEqual(response.status_code, 200)
        return {i["@id"].rsplit("/", 1)[-1] for i in response.json()["items"]}

    def test_anonymous_finds_winner_only_by_its_public_page(self):
        self.assertEqual(self.found("Kläranlage"), {"gewinner"})
        self.assertEqual(self.found("Klärdorf"), {"gewinner"})
        self.assertEqual(self.found("Abwasser"), {"gewinner"})
        for word in (
            "Zweckvereinbarungsmodell",
            "Kostenteilungsschlüssel",
            "Tiefbauamtsleitung",
        ):
            self.assertEqual(self.found(word), set(), word)
            self.assertEqual(self.found(word, ("editor", PASSWORD)), set(), word)
        # Classic UI search too
        page = requests.get(
            f"{self.base}/@@search?SearchableText=Zweckvereinbarungsmodell", timeout=30
        )
        self.assertNotIn("Kläranlage", page.text)
        # archived with its edition, the winner stays public: still only
        # its public page is found
        from DateTime import DateTime

        wf = api.portal.get_tool("portal_workflow")
        status = dict(wf.getStatusOf("ikz_competition_workflow", self.competition))
        status.update(review_state="results_published", time=DateTime())
        wf.setStatusOf("ikz_competition_workflow", self.competition, status)
        api.content.transition(self.competition, transition="archive")
        transaction.commit()
        self.assertEqual(api.content.get_state(self.winner), "archived_published")
        self.assertEqual(self.found("Kläranlage"), {"gewinner"})
        for word in ("Zweckvereinbarungsmodell", "Kostenteilungsschlüssel"):
            self.assertEqual(self.found(word), set(), word)

    def test_the_office_still_finds_applications_by_project_data(self):
        self.assertEqual(self.found("Anstaltsmodell", ("editor", PASSWORD)), {"s2"})
        self.assertEqual(self.found("Anstaltsmodell"), set())

    def test_retracting_a_winner_makes_its_details_searchable_again(self):
        api.content.transition(self.winner, transition="reset")
        transaction.commit()
        self.assertEqual(
            self.found("Zweckvereinbarungsmodell", ("editor", PASSWORD)), {"gewinner"}
        )


class TestHeaders(JuryTestCase):
    def setUp(self):
        super().setUp()
        self.s2.publication_consent = True
        name_in_decision(self.s2.__parent__, winners=[self.s2])
        for transition in ("nominate", "award", "publish"):
            api.content.transition(self.s2, transition=transition)
        self.s2.project_file = NamedBlobFile(
            b"%PDF-1.4 zwei", filename="zwei.pdf", contentType="application/pdf"
        )
        transaction.commit()
        self.base = self.portal.absolute_url()

    def assert_security_headers(self, response, what):
        headers = response.headers
        self.assertEqual(headers.get("X-Content-Type-Options"), "nosniff", what)
        self.assertEqual(
            headers.get("Referrer-Policy"), "strict-origin-when-cross-origin", what
        )
        self.assertIn("camera=()", headers.get("Permissions-Policy", ""), what)

    def test_members_pages_allow_the_classic_ui_modals(self):
        """Plone's modals compile templates at run time: logged-in people's
        pages allow eval, anonymous public pages never do."""
        url = self.competition.absolute_url()
        member = requests.get(
            url, headers=HTML, auth=("editor", PASSWORD), timeout=30
        ).headers.get("Content-Security-Policy", "")
        anonymous = requests.get(url, headers=HTML, timeout=30).headers.get(
            "Content-Security-Policy", ""
        )
        self.assertIn("script-src 'self' 'unsafe-eval'", member)
        self.assertIn("object-src 'none'", member)
        self.assertNotIn("unsafe-eval", anonymous)

    def test_public_page_for_everyone(self):
        for url in (
            self.competition.absolute_url(),
            self.s2.absolute_url(),
            self.competition["bewerbung"].absolute_url(),
        ):
            response = requests.get(url, headers=HTML, timeout=30)
            self.assertEqual(response.status_code, 200)
            self.assert_security_headers(response, url)
            csp = response.headers.get("Content-Security-Policy", "")
            for directive in (
                "default-src 'self'",
                "script-src 'self'",
                "object-src 'none'",
                "frame-ancestors 'self'",
                "form-action 'self'",
                "base-uri 'self'",
            ):
                self.assertIn(directive, csp, url)
            self.assertNotIn("unsafe-eval", csp)
            self.assertNotIn("script-src 'self' 'unsafe-inline'", csp)
            # a public page for anonymous visitors may be cached
            self.assertNotIn("no-store", response.headers.get("Cache-Control", ""))

    def test_private_no_store_for_everything_personal_or_not_public(self):
        editor = ("editor", PASSWORD)
        s1 = self.s1.absolute_url()
        cases = {
            "page for the office": (self.competition.absolute_url(), editor, HTML),
            "application not published": (s1, editor, HTML),
            "listing of the office": (
                self.competition.absolute_url() + "/@@submissions",
                editor,
                HTML,
            ),
            "file": (s1 + "/@@download/project_file", editor, {}),
            "REST": (s1, editor, {"Accept": "application/json"}),
            "REST public content, logged in": (
                self.s2.absolute_url(),
                editor,
                {"Accept": "application/json"},
            ),
            "published page, logged in": (self.s2.absolute_url(), editor, HTML),
            "login refused": (s1, None, HTML),
            "REST refused": (s1, None, {"Accept": "application/json"}),
            "not found": (self.base + "/nichtda", None, HTML),
        }
        for what, (url, auth, headers) in cases.items():
            response = requests.get(
                url, auth=auth, headers=headers, timeout=30, allow_redirects=False
            )
            self.assertEqual(response.headers.get("Cache-Control"), PRIVATE, what)
            self.assert_security_headers(response, what)
        # the thank-you page behind its personal link (it shows the
        # application's reference, project and files)
        from ikz.landespreis.intake.views import thanks_url

        transaction.begin()
        url = thanks_url(self.competition["bewerbung"], self.s1)
        response = requests.get(url, timeout=30)
        self.assertIn(self.s1.reference, response.text)
        self.assertEqual(response.headers.get("Cache-Control"), PRIVATE)
        # a form post by an anonymous visitor (its answer shows what was sent)
        response = requests.post(
            self.competition["bewerbung"].absolute_url(),
            data={"form.widgets.title": "x", "form.buttons.submit": "Absenden"},
            timeout=30,
        )
        self.assertEqual(response.headers.get("Cache-Control"), PRIVATE)

    def test_login_cookie_secure_behind_https(self):
        _session, response = login(self.base, "juror1")
        cookie = response.headers.get("Set-Cookie", "")
        self.assertIn("__ac=", cookie)
        self.assertNotIn("secure", cookie.lower())
        os.environ["PUBLIC_URL"] = "https://landespreis.example"
        try:
            _session, response = login(self.base, "juror1")
        finally:
            del os.environ["PUBLIC_URL"]
        cookie = response.headers.get("Set-Cookie", "")
        self.assertIn("__ac=", cookie)
        self.assertIn("secure", cookie.lower())
        self.assertEqual(response.headers.get("Cache-Control"), PRIVATE)


class TestErrors(JuryTestCase):
    def setUp(self):
        super().setUp()
        self.base = self.portal.absolute_url()

    def test_rest_errors_show_no_internals(self):
        for query in ("b_start=x", "b_size=-1", 'SearchableText="'):
            response = requests.get(
                f"{self.base}/++api++/@search?{query}", headers=JSON, timeout=30
            )
            self.assertEqual(response.status_code, 500, query)
            data = response.json()
            self.assertIn("Leider ist ein Fehler aufgetreten", data["message"], query)
            self.assertNotIn("traceback", data)
            for internal in ("invalid literal", "ValueError", "Traceback", "File "):
                self.assertNotIn(internal, response.text, query)
            self.assertEqual(response.headers.get("Cache-Control"), PRIVATE)
        # the Manager still sees what went wrong
        response = requests.get(
            f"{self.base}/++api++/@search?b_start=x",
            headers=JSON,
            auth=(SITE_OWNER_NAME, SITE_OWNER_PASSWORD),
            timeout=30,
        )
        self.assertIn("invalid literal", response.text)
        # a client error keeps its message
        response = requests.get(
            f"{self.base}/++api++/@querystring-search", headers=JSON, timeout=30
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("No query", response.json()["message"])

    def test_german_error_pages(self):
        response = requests.get(self.base + "/nichtda", headers=HTML, timeout=30)
        self.assertEqual(response.status_code, 404)
        self.assertIn("Diese Seite existiert leider nicht", response.text)
        self.assertIn("Content-Security-Policy", response.headers)
        # not logged in: the German login form
        response = requests.get(
            self.competition.absolute_url() + "/@@submissions", headers=HTML, timeout=30
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("/login", response.url)
        self.assertIn("Passwort", response.text)
        # logged in without the right: German, no internals
        add_user("mitglied")
        transaction.commit()
        response = requests.get(
            self.competition.absolute_url() + "/@@submissions",
            headers=HTML,
            auth=("mitglied", PASSWORD),
            timeout=30,
        )
        self.assertIn("Unzureichende Berechtigungen", response.text)
        # a server error: German, no traceback, except for a Manager
        url = self.base + "/@@search?b_start=x"
        response = requests.get(url, headers=HTML, timeout=30)
        self.assertEqual(response.status_code, 500)
        self.assertIn("Es ist leider ein Fehler aufgetreten", response.text)
        for internal in ("Traceback", "ValueError", "invalid literal", "File "):
            self.assertNotIn(internal, response.text)
        response = requests.get(
            url, headers=HTML, auth=(SITE_OWNER_NAME, SITE_OWNER_PASSWORD), timeout=30
        )
        self.assertIn("vollständige Fehlermeldung", response.text)
        self.assertIn("invalid literal", response.text)

    def test_not_a_number_is_no_score(self):
        self.declare(self.s2, "juror1")
        for value in ("NaN", "nan", "Infinity", "-inf", "1e400"):
            response = self.score(self.s2, "juror1", {"benefit": value})
            self.assertEqual(response.status_code, 400, value)
            self.assertIn("von 0 bis 10", response.json()["error"]["message"])
        # JSON's own NaN literal as well
        response = requests.post(
            self.s2.absolute_url() + "/@jury-scores",
            data='{"scores": {"benefit": NaN}}',
            headers=JSON,
            auth=("juror1", PASSWORD),
            timeout=30,
        )
        self.assertEqual(response.status_code, 400, response.text)
        transaction.begin()
        from ikz.landespreis.jury import scores

        self.assertIsNone(scores.record(self.s2, "juror1"))


class TestApplicationForm(JuryTestCase):
    def setUp(self):
        super().setUp()
        transaction.commit()
        self.form = self.competition["bewerbung"].absolute_url()

    def test_rest_get_of_the_form(self):
        for auth in (
            None,
            ("editor", PASSWORD),
            (SITE_OWNER_NAME, SITE_OWNER_PASSWORD),
        ):
            response = requests.get(
                self.form, headers={"Accept": "application/json"}, auth=auth, timeout=30
            )
            self.assertEqual(response.status_code, 200, (auth, response.text[:300]))
            self.assertNotIn("Available permissions", response.text)
            self.assertEqual(response.json()["@type"], "EasyForm")

    def test_no_allowdiscussion_error_logged(self):
        recorder = LogRecorder(logging.WARNING)
        root = logging.getLogger()
        root.addHandler(recorder)
        try:
            for auth in (None, ("editor", PASSWORD)):
                for url in (self.form, self.form + "/edit"):
                    requests.get(url, auth=auth, headers=HTML, timeout=30)
                requests.get(
                    self.form,
                    auth=auth,
                    headers={"Accept": "application/json"},
                    timeout=30,
                )
        finally:
            root.removeHandler(recorder)
        self.assertEqual(
            [line for line in recorder.lines if "behavior" in line.lower()], []
        )
        fti = api.portal.get_tool("portal_types")["EasyForm"]
        self.assertNotIn("plone.allowdiscussion", fti.behaviors)
