"""Field read permissions through plone.restapi over a real WSGI server."""

from ikz.landespreis.testing import IKZ_LANDESPREIS_FUNCTIONAL_TESTING
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from tests.base import add_user
from tests.base import declare_no_conflict
from tests.base import make_competition
from tests.base import make_jury
from tests.base import make_submission
from tests.base import name_in_decision
from tests.base import PASSWORD

import requests
import transaction
import unittest


CONTACT_FIELDS = ("contact_name", "contact_email", "contact_phone")
INTERNAL_FIELDS = ("internal_notes", "eligibility_flags", "rejection_reason")


class TestRestFieldPermissions(unittest.TestCase):
    layer = IKZ_LANDESPREIS_FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.competition = make_competition(self.portal)
        self.submission = make_submission(
            self.competition["kat-a"],
            publication_consent=True,
            benefit="Kürzere Wartezeiten",
            department="Bürgerdienste",
        )
        from plone.namedfile.file import NamedBlobFile

        self.submission.project_file = NamedBlobFile(
            b"%PDF-1.4 x", filename="p.pdf", contentType="application/pdf"
        )
        add_user("editor")
        add_user("juror")
        api.user.grant_roles(
            username="editor", obj=self.competition, roles=["Editor", "Reviewer"]
        )
        make_jury(self.competition, jurors=["juror"])
        api.content.transition(self.submission, transition="admit")
        declare_no_conflict(self.submission, "juror")
        transaction.commit()
        self.url = self.submission.absolute_url()

    def get(self, url, auth=None):
        return requests.get(
            url, headers={"Accept": "application/json"}, auth=auth, timeout=30
        )

    def test_editor_reads_everything(self):
        data = self.get(self.url, auth=("editor", PASSWORD)).json()
        self.assertEqual(data["contact_email"], "erika@example.org")
        self.assertEqual(data["internal_notes"], "Ratsbeschluss fehlt noch")
        self.assertEqual(data["eligibility_flags"], ["lead_duplicate"])
        self.assertEqual(data["reference"], "LP26-KA-0001")

    def test_juror_reads_project_not_contact_or_internal(self):
        response = self.get(self.url, auth=("juror", PASSWORD))
        self.assertEqual(response.status_code, 200)
        data = response.json()
        self.assertEqual(data["title"], "Gemeinsames Bürgerbüro")
        self.assertEqual(data["lead_municipality"], "Stadt Musterstadt")
        for field in CONTACT_FIELDS + INTERNAL_FIELDS:
            self.assertNotIn(field, data)
        self.assertNotIn("erika@example.org", response.text)
        self.assertNotIn("Ratsbeschluss fehlt", response.text)

    def test_anonymous_gets_nothing_until_published(self):
        response = self.get(self.url)
        self.assertEqual(response.status_code, 401)
        self.assertNotIn("Musterstadt", response.text)
        name_in_decision(self.submission.__parent__, winners=[self.submission])
        for transition in ("nominate", "award", "publish"):
            api.content.transition(self.submission, transition=transition)
        transaction.commit()
        response = self.get(self.url)
        self.assertEqual(response.status_code, 200)
        data = response.json()
        self.assertEqual(data["title"], "Gemeinsames Bürgerbüro")
        for field in CONTACT_FIELDS + INTERNAL_FIELDS:
            self.assertNotIn(field, data)
        self.assertNotIn("erika@example.org", response.text)
        # a published winner shows what the consent covers, nothing more
        for field in (
            "department",
            "benefit",
            "funding",
            "project_file",
            "additional_answers",
        ):
            self.assertNotIn(field, data)
        download = requests.get(
            self.url + "/@@download/project_file", timeout=30, allow_redirects=False
        )
        self.assertNotEqual(download.status_code, 200)
        page = requests.get(self.url, timeout=30)
        self.assertEqual(page.status_code, 200)
        self.assertIn("Gemeinsames Bürgerbüro", page.text)
        self.assertNotIn("Kürzere Wartezeiten", page.text)
        self.assertNotIn("erika@example.org", page.text)
        self.assertNotIn("0211 12345", page.text)
        self.assertNotIn("Ratsbeschluss fehlt noch", page.text)

    def test_html_view_of_juror_hides_contact(self):
        page = requests.get(self.url, auth=("juror", PASSWORD), timeout=30)
        self.assertEqual(page.status_code, 200)
        self.assertIn("Gemeinsames Bürgerbüro", page.text)
        self.assertNotIn("erika@example.org", page.text)
        self.assertNotIn("Ratsbeschluss fehlt noch", page.text)
        page = requests.get(self.url, auth=("editor", PASSWORD), timeout=30)
        self.assertIn("erika@example.org", page.text)

    def test_search_fullobjects_respects_fields(self):
        search = (
            self.portal.absolute_url() + "/@search?portal_type=Submission&fullobjects=1"
        )
        items = self.get(search, auth=("juror", PASSWORD)).json()["items"]
        self.assertEqual(len(items), 1)
        for field in CONTACT_FIELDS + INTERNAL_FIELDS:
            self.assertNotIn(field, items[0])
        items = self.get(search, auth=("editor", PASSWORD)).json()["items"]
        self.assertEqual(items[0]["contact_email"], "erika@example.org")

    def test_juror_cannot_write_internal_fields(self):
        response = requests.patch(
            self.url,
            json={"internal_notes": "von der Jury", "title": "Neu"},
            headers={"Accept": "application/json"},
            auth=("juror", PASSWORD),
            timeout=30,
        )
        self.assertIn(response.status_code, (401, 403))
        transaction.begin()
        self.assertEqual(self.submission.internal_notes, "Ratsbeschluss fehlt noch")
        self.assertEqual(self.submission.title, "Gemeinsames Bürgerbüro")

    def test_reference_is_read_only_over_rest(self):
        response = requests.patch(
            self.url,
            json={"reference": "FAKE-1", "summary": "Neue Beschreibung"},
            headers={"Accept": "application/json"},
            auth=(SITE_OWNER_NAME, SITE_OWNER_PASSWORD),
            timeout=30,
        )
        self.assertLess(response.status_code, 300, response.text)
        transaction.begin()
        self.assertEqual(self.submission.reference, "LP26-KA-0001")
        self.assertEqual(self.submission.summary, "Neue Beschreibung")
