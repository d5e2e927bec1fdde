"""The ranking explains itself: full names, a legend, only z-values in the
normalised view, distributions per criterion, discussion points, empty
categories, a print view; the signed decision names people, not ids."""

from ikz.landespreis.jury import access
from ikz.landespreis.jury import membership
from plone import api
from tests.base import JuryTestCase
from tests.browser import text as raw_text

import re
import transaction


def text(response):
    """The page's HTML with runs of white space collapsed."""
    return re.sub(r"\s+", " ", raw_text(response))


def strip(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


NAMES = {
    "juror1": "Anna Erste",
    "juror2": "Bernd Zweiter",
    "juror3": "Jana Dritte",
    "chair": "Vera Vorsitz",
}


class TestRankingExplained(JuryTestCase):
    def setUp(self):
        super().setUp()
        for user_id, name in NAMES.items():
            api.user.get(userid=user_id).setMemberProperties({"fullname": name})
        api.content.create(
            container=self.competition,
            type="Category",
            id="kat-c",
            title="Leere Kategorie",
            short_code="KC",
        )
        membership.set_panel(self.competition, "kat-b", ["juror3", "chair", "juror2"])
        access.sync_competition(self.competition)
        transaction.commit()
        # kat-b: juror3 4.0, the chair 9.0, juror2 9.0 -> juror3 is far off
        for user, values in (
            ("juror3", {"benefit": 4, "innovation": 4}),
            ("chair", {"benefit": 10, "innovation": 7}),
            ("juror2", {"benefit": 9, "innovation": 9}),
        ):
            self.declare(self.s3, user)
            response = self.score(self.s3, user, values, final=True)
            self.assertEqual(response.status_code, 200, response.text)

    def section(self, page, title):
        start = page.index(f"<h2>{title}</h2>")
        end = page.find("<h2>", start + 5)
        return page[start : end if end > 0 else None]

    def test_chair_reads_names_legend_distribution_hints(self):
        page = text(self.get(self.competition.absolute_url() + "/@@ranking", "chair"))
        self.assertIn("So lesen Sie die Rangfolge", page)
        self.assertIn("Streuung", page)
        self.assertIn("Gleichstand", page)
        kat_b = self.section(page, "kat-b")
        for name in ("Jana Dritte", "Vera Vorsitz", "Bernd Zweiter"):
            self.assertIn(name, kat_b)
        for user_id in ("juror3", "chair", "juror2"):
            self.assertNotIn(f">{user_id}<", kat_b)
        # the discussion point: juror3 lies 5 points under the others (9.0)
        self.assertIn("Jana Dritte – 5,00 unter dem Mittel der anderen", strip(kat_b))
        self.assertNotIn("Vera Vorsitz – ", strip(kat_b))
        # the distribution per criterion (benefit: 4, 9, 10 once each)
        self.assertIn("Verteilung der Punkte je Kriterium", kat_b)
        self.assertRegex(strip(kat_b), r"Gewinn 4 × 1 9 × 1 10 × 1 ")
        # the empty category says so
        empty = self.section(page, "Leere Kategorie")
        self.assertIn("In dieser Kategorie gibt es keine Bewerbungen.", empty)
        self.assertNotIn("<table", empty)

    def test_normalised_view_shows_z_values_only(self):
        page = text(
            self.get(
                self.competition.absolute_url() + "/@@ranking?normalise=1", "chair"
            )
        )
        kat_b = self.section(page, "kat-b")
        self.assertIn("Normalisierte Werte (z-Werte)", kat_b)
        self.assertIn("Alle Zahlen unten sind z-Werte", page)
        self.assertIn("Mittlerer z-Wert", kat_b)
        table = kat_b[kat_b.index("<table") : kat_b.index("</table>")]
        # the raw weighted scores (4,00, 8,50, 9,00) are not in the table
        for raw in ("4,00", "8,50", "9,00", "7,33"):
            self.assertNotIn(raw, table)
        self.assertIn("0,00", table)

    def test_print_view(self):
        response = self.get(
            self.competition.absolute_url() + "/@@ranking-print", "chair"
        )
        self.assertEqual(response.status_code, 200)
        page = text(response)
        self.assertRegex(page, r'<html [^>]*lang="de"')
        self.assertIn("<title>Bewertungen und Rangfolge – Testwettbewerb</title>", page)
        self.assertIn("So lesen Sie die Rangfolge", page)
        self.assertIn("Jana Dritte", page)
        self.assertNotIn("portal-globalnav", page)
        self.assert_denied(self.competition.absolute_url() + "/@@ranking-print")

    def test_juror_sees_own_only(self):
        page = text(self.get(self.competition.absolute_url() + "/@@ranking", "juror3"))
        kat_b = self.section(page, "kat-b")
        self.assertIn("Jana Dritte", kat_b)
        self.assertNotIn("Vera Vorsitz", kat_b)
        self.assertNotIn("Bernd Zweiter", kat_b)
        self.assertNotIn("Diskussionspunkt", kat_b)
        # the print view follows the same rule
        page = text(
            self.get(self.competition.absolute_url() + "/@@ranking-print", "juror3")
        )
        self.assertNotIn("Vera Vorsitz", page)

    def test_signed_decision_names_people(self):
        category = self.competition["kat-b"]
        uid = self.s3.UID()
        response = self.sign(
            category, "chair", {"winners": [uid], "laudatio": {uid: "Einstimmig."}}
        )
        self.assertEqual(response.status_code, 200, response.text)
        page = text(self.get(category.absolute_url() + "/@@jury-decision", "chair"))
        self.assertIn("Vera Vorsitz", page)
        self.assertNotIn("Unterzeichnet von chair", page)
