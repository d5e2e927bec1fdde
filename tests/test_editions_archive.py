"""New editions, the office's statistics, anonymisation and data export."""

from ikz.landespreis.office.archive import anonymise_competition
from ikz.landespreis.office.archive import NotArchived
from ikz.landespreis.office.archive import personal_data
from ikz.landespreis.office.editions import new_edition
from ikz.landespreis.testing import IKZ_LANDESPREIS_FUNCTIONAL_TESTING
from plone import api
from plone.app.testing import TEST_USER_NAME
from plone.namedfile.file import NamedBlobFile
from tests.base import add_user
from tests.base import german
from tests.base import make_competition
from tests.base import make_jury
from tests.base import make_submission
from tests.base import name_in_decision
from tests.base import PASSWORD
from tests.browser import text

import json
import re
import requests
import transaction
import unittest


class TestEditions(unittest.TestCase):
    layer = IKZ_LANDESPREIS_FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.old = make_competition(
            self.portal, id="ausgabe-2", office_email="o@example.org"
        )
        api.content.create(container=self.old, type="Document", id="faq", title="FAQ")
        self.old["bewerbung"].fields_model = self.old["bewerbung"].fields_model.replace(
            "Titel des Projekts", "Projekttitel (neu formuliert)"
        )
        add_user("juror")
        make_jury(self.old, jurors=["juror"])
        make_submission(self.old["kat-a"])

    def test_new_edition(self):
        from ikz.landespreis import mailtemplates

        mailtemplates.save(self.old, "award", "Preis ${reference}", "Glückwunsch!")
        edition = new_edition(self.old, "3. Landespreis")
        # the office's mail texts come along
        self.assertEqual(
            mailtemplates.get(edition, "award")["subject"], "Preis ${reference}"
        )
        self.assertFalse(mailtemplates.get(edition, "receipt")["changed"])
        self.assertEqual(api.content.get_state(edition), "preparation")
        self.assertEqual(
            sorted(o for o in edition.objectIds()),
            ["bewerbung", "faq", "kat-a", "kat-b"],
        )
        self.assertEqual(edition["kat-a"].short_code, "KA")
        self.assertEqual(len(edition["kat-a"].objectIds()), 0)  # no submissions
        self.assertEqual(edition.criteria, self.old.criteria)
        self.assertIsNot(edition.criteria, self.old.criteria)
        self.assertEqual(edition.office_email, "o@example.org")
        for name in ("submission_start", "submission_end", "cutoff_date"):
            self.assertIsNone(getattr(edition, name), name)
        self.assertIn(
            "Projekttitel (neu formuliert)", edition["bewerbung"].fields_model
        )
        from ikz.landespreis.jury.membership import members

        self.assertEqual(members(edition), [])  # a new jury
        self.assertNotEqual(edition.jury_group, self.old.jury_group)
        self.assertEqual(
            len(
                api.content.find(
                    portal_type="Submission", competition_uid=edition.UID()
                )
            ),
            0,
        )

    def test_new_edition_page(self):
        transaction.commit()
        response = requests.get(
            self.old.absolute_url() + "/@@new-edition",
            auth=("juror", PASSWORD),
            allow_redirects=False,
            timeout=30,
        )
        self.assertNotEqual(response.status_code, 200)


class TestArchive(unittest.TestCase):
    layer = IKZ_LANDESPREIS_FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        german()
        self.competition = c = make_competition(self.portal)
        add_user("editor")
        api.user.grant_roles(username="editor", obj=c, roles=["Editor", "Reviewer"])
        self.loser = make_submission(
            c["kat-a"],
            id="loser",
            publication_consent=True,
            department="Bürgeramt",
            additional_answers={"Ansprechperson privat": "0170 123"},
        )
        self.loser.project_file = NamedBlobFile(
            b"%PDF-1.4", filename="geheim.pdf", contentType="application/pdf"
        )
        self.winner = make_submission(c["kat-b"], id="winner", publication_consent=True)
        # the signed decisions: kat-b names the winner, kat-a nobody
        name_in_decision(c["kat-b"], winners=[self.winner])
        name_in_decision(c["kat-a"])
        for t in ("admit", "nominate", "award", "publish"):
            api.content.transition(self.winner, transition=t)
        api.content.transition(self.loser, transition="admit")
        transaction.commit()

    def archive(self):
        for t in ("announce", "open", "close", "decide", "publish_results", "archive"):
            api.content.transition(self.competition, transition=t)
        transaction.commit()

    def test_only_after_archive(self):
        with self.assertRaises(NotArchived):
            anonymise_competition(self.competition, "editor")

    def test_statistics_for_the_office(self):
        url = self.competition.absolute_url()
        page = text(requests.get(url, auth=("editor", PASSWORD), timeout=30))
        self.assertIn("Bewerbungen je Kategorie", page)
        self.assertIn("Bisher eingegangen", page)
        anonymous = text(requests.get(url, timeout=30))
        self.assertNotIn("Bewerbungen je Kategorie", anonymous)

    def test_anonymise_confirmed_step(self):
        from datetime import datetime
        from ikz.landespreis import mail

        # a failed mail to the applicant, in its log and the competition's
        mail._new_entry(
            self.loser,
            id="m1",
            kind="rejection",
            to="erika@example.org",
            time=datetime.now(),
            state="failed",
            reason="",
        )
        transaction.commit()
        self.assertEqual(len(mail.competition_log(self.competition)), 1)
        self.archive()
        session = requests.Session()
        session.auth = ("editor", PASSWORD)
        url = self.competition.absolute_url() + "/@@anonymise"
        page = session.get(url)
        self.assertIn("LP26-KA-0001", text(page))
        # the office learns that only a pack removes the data for good
        self.assertIn("bis zum nächsten Packen der Datenbank", text(page))
        token = re.search(r'name="_authenticator" value="([^"]+)"', page.text).group(1)
        response = session.post(url, data={"_authenticator": token, "confirm": "ja"})
        self.assertEqual(response.status_code, 400)
        transaction.begin()
        self.assertEqual(self.loser.contact_email, "erika@example.org")
        response = session.post(
            url, data={"_authenticator": token, "confirm": "ANONYMISIEREN"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("mit dem nächsten Packen der Datenbank", text(response))
        transaction.begin()
        # recorded: who anonymised which application, and what went
        from ikz.landespreis import audit

        (entry,) = audit.entries(self.competition, kind="anonymisation")
        self.assertEqual(entry["actor"], "editor")
        self.assertEqual(entry["target"], api.content.get_uuid(self.loser))
        self.assertEqual(entry["label"], "Anonymisierung")
        self.assertIn("contact_email", entry["details"]["fields"])
        self.assertEqual(entry["details"]["files"], 1)
        # the archive made every application read-only; the winner stays public
        self.assertEqual(api.content.get_state(self.loser), "archived")
        self.assertEqual(api.content.get_state(self.winner), "archived_published")
        from plone.app.testing import login

        login(self.portal, "editor")
        self.assertFalse(
            api.user.has_permission("Modify portal content", obj=self.loser)
        )
        self.assertFalse(
            api.user.has_permission("Modify portal content", obj=self.winner)
        )
        login(self.portal, TEST_USER_NAME)
        self.assertEqual(
            requests.get(self.winner.absolute_url(), timeout=30).status_code, 200
        )
        for name in (
            "contact_name",
            "contact_email",
            "contact_phone",
            "department",
            "internal_notes",
            "project_file",
        ):
            self.assertIsNone(getattr(self.loser, name), name)
        self.assertEqual(self.loser.additional_answers, {})
        self.assertEqual(self.winner.contact_email, "erika@example.org")
        # nowhere else either: catalog, exports, REST
        catalog = api.portal.get_tool("portal_catalog")
        brain = catalog.unrestrictedSearchResults(UID=api.content.get_uuid(self.loser))[
            0
        ]
        self.assertNotIn(
            "erika@example.org",
            repr(brain.getRID() and catalog.getMetadataForRID(brain.getRID())),
        )
        self.assertNotIn(
            "erika@example.org", str(catalog.getIndexDataForRID(brain.getRID()))
        )
        export = session.get(
            self.competition.absolute_url() + "/@@submissions-export?format=csv"
        )
        row = [
            line
            for line in export.content.decode("utf-8-sig").splitlines()
            if "LP26-KA-0001" in line
        ]
        self.assertTrue(row)
        self.assertNotIn("erika@example.org", row[0])
        self.assertNotIn("0170 123", export.content.decode("utf-8-sig"))
        data = session.get(
            self.loser.absolute_url(), headers={"Accept": "application/json"}
        ).json()
        self.assertIsNone(data.get("contact_email"))
        from ikz.landespreis import mail

        self.assertEqual(mail.mail_log(self.loser), [])
        self.assertNotIn(
            "erika@example.org", repr(mail.competition_log(self.competition))
        )
        record = personal_data(self.loser)["anonymised"]
        self.assertEqual(record["by"], "editor")
        self.assertIn("contact_email", record["fields"])
        self.assertEqual(record["files"], ["geheim.pdf"])

    def test_personal_data_json(self):
        session = requests.Session()
        session.auth = ("editor", PASSWORD)
        response = session.get(self.loser.absolute_url() + "/@@personal-data")
        self.assertIn("attachment", response.headers["Content-Disposition"])
        data = json.loads(response.content)
        self.assertEqual(data["contact_email"], "erika@example.org")
        self.assertEqual(data["project_file"], {"filename": "geheim.pdf", "size": 8})
        self.assertEqual(data["review_state"], "admitted")
        self.assertEqual(data["workflow_history"][-1]["action"], "admit")
        denied = requests.get(
            self.loser.absolute_url() + "/@@personal-data",
            allow_redirects=False,
            timeout=30,
        )
        self.assertNotEqual(denied.status_code, 200)
