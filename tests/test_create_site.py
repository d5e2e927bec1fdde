"""`make start` in miniature: render an instance, create the site with
scripts/create_site.py (twice), serve it with a real WSGI server and read
its pages."""

from tests.served import ServedSite

import html
import requests
import unittest


SERVED_SITE = ServedSite(name="ServedSite")


class TestCreateSiteAndServe(unittest.TestCase):
    layer = SERVED_SITE

    def setUp(self):
        self.base = self.layer.base
        self.first = self.layer.first
        self.second = self.layer.second
        self.instance = self.layer.instance

    def test_site_created_once(self):
        self.assertIn("Created site landespreis", self.first)
        self.assertIn("exists; keeping its data", self.second)
        self.assertIn("Mail: 127.0.0.1:2525", self.second)
        self.assertTrue((self.instance / "var" / "filestorage" / "Data.fs").exists())

    def test_front_page_in_german(self):
        response = requests.get(self.base, timeout=30)
        self.assertEqual(response.status_code, 200)
        self.assertIn('lang="de"', response.text)
        self.assertIn(
            "Landespreis für innovative interkommunale Zusammenarbeit",
            html.unescape(response.text),
        )

    def test_competition_page(self):
        response = requests.get(self.base + "/landespreis-2026", timeout=30)
        self.assertEqual(response.status_code, 200)
        page = html.unescape(response.text)
        for text in (
            "Sonderkategorie Shared Service Center",
            "10.000 €",
            "Grad der Innovation",
        ):
            self.assertIn(text, page)

    def test_jury_area_needs_jury_login(self):
        url = self.base + "/landespreis-2026/jury-bereich/willkommen"
        anonymous = requests.get(url, timeout=30, allow_redirects=False)
        self.assertNotEqual(anonymous.status_code, 200)
        self.assertNotIn("Willkommen im Jury-Bereich", anonymous.text)
        juror = requests.get(url, timeout=30, auth=("jury1", "demo"))
        self.assertEqual(juror.status_code, 200)
        self.assertIn("Willkommen im Jury-Bereich", html.unescape(juror.text))

    def test_admin_password_from_environment(self):
        url = self.base + "/@@overview-controlpanel"
        self.assertEqual(
            requests.get(url, timeout=30, auth=("admin", "geheim-admin")).status_code,
            200,
        )
        denied = requests.get(
            url, timeout=30, auth=("admin", "admin"), allow_redirects=False
        )
        self.assertNotEqual(denied.status_code, 200)

    def test_rest_api(self):
        response = requests.get(
            self.base + "/landespreis-2026",
            headers={"Accept": "application/json"},
            timeout=30,
        )
        self.assertEqual(response.status_code, 200)
        data = response.json()
        self.assertEqual(data["@type"], "Competition")
        self.assertEqual(data["review_state"], "open")
        self.assertEqual(len(data["criteria"]), 3)

    def test_application_with_twenty_megabytes(self):
        """The instance's zope.conf lets a 20 MB upload through."""
        from tests.browser import Browser
        from tests.cluster import application
        from tests.pdfs import make_pdf

        pdf = make_pdf(size=20 * 1024 * 1024)
        response = Browser().submit_application(
            self.base + "/landespreis-2026/bewerbung",
            application(1),
            files={"project_file": ("steckbrief.pdf", pdf, "application/pdf")},
        )
        self.assertEqual(response.status_code, 200)
        page = html.unescape(response.text)
        self.assertRegex(page, r"LP\d\d-SSC-0001")
        self.assertIn("steckbrief.pdf (20,0 MB)", page)

    def test_themed_on_the_loopback_address(self):
        """Barceloneta's stylesheet is served on 127.0.0.1 too (Plone leaves
        that address unthemed unless told otherwise)."""
        page = requests.get(self.base + "/landespreis-2026", timeout=30).text
        self.assertIn("++theme++barceloneta/css/barceloneta.min.css", page)
        self.assertIn("++plone++ikz.landespreis/landespreis.css", page)


PRODUCTION_SITE = ServedSite(name="ProductionSite", extra_env={"DEMO": "off"})


class TestCreateSiteWithoutDemoAccounts(unittest.TestCase):
    """``DEMO=off make start``: no account with the README's password."""

    layer = PRODUCTION_SITE

    def test_no_demo_accounts(self):
        base = self.layer.base
        self.assertIn("Demo accounts: redaktion, vorsitz, jury1", self.layer.first)
        for user in ("redaktion", "vorsitz", "jury1", "jury4"):
            response = requests.get(
                base + "/@users/" + user,
                headers={"Accept": "application/json"},
                auth=("admin", self.layer.admin_password),
                timeout=30,
            )
            self.assertEqual(response.status_code, 404, user)
            response = requests.post(
                base + "/@login",
                json={"login": user, "password": "demo"},
                headers={"Accept": "application/json"},
                timeout=30,
            )
            self.assertEqual(response.status_code, 401, user)
        # the edition itself is there, and the administrator logs in
        response = requests.get(
            base + "/landespreis-2026",
            auth=("admin", self.layer.admin_password),
            timeout=30,
        )
        self.assertEqual(response.status_code, 200)
