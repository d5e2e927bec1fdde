"""The NRW municipality table and name lookup (pure functions)."""

from collections import Counter
from datetime import date
from ikz.landespreis.domain import eligibility as rules
from ikz.landespreis.domain import municipalities as m
from ikz.landespreis.jury.conflicts import organisation_matches

import unittest


class TestTable(unittest.TestCase):
    def test_counts(self):
        kinds = Counter(row.kind for row in m.rows())
        self.assertEqual(len(m.rows()), 427)
        self.assertEqual(kinds[m.KREIS], 31)
        self.assertEqual(kinds[m.KREISFREIE_STADT], 22)
        self.assertEqual(kinds[m.KREISANGEHOERIGE_GEMEINDE], 374)
        self.assertEqual(len(m.municipalities()), 396)
        self.assertEqual(len(m.districts()), 53)
        self.assertEqual(len(m.suggestions()), 396 + 31)

    def test_every_row_is_consistent(self):
        for row in m.rows():
            self.assertRegex(row.ags, r"^05\d{6}$")
            self.assertEqual(row.kreis_ags, row.ags[:5] + "000")
            self.assertIn(row.regierungsbezirk, m.REGIERUNGSBEZIRKE)
            self.assertEqual(m.by_ags(row.kreis_ags).name, row.kreis_name)
            # every name finds its own row again
            self.assertEqual(m.lookup(row.name), row, row.name)

    def test_data_ships_in_the_package(self):
        self.assertTrue(m.DATA.is_file())
        self.assertIn("/ikz/landespreis/data/", m.DATA.as_posix())


class TestLookup(unittest.TestCase):
    def assertFinds(self, name, ags):
        found = m.lookup(name)
        self.assertIsNotNone(found, name)
        self.assertEqual(found.ags, ags, name)

    def test_forms_of_a_name(self):
        for name in (
            "Köln",
            "Stadt Köln",
            "stadt köln",
            "Koeln",
            "Köln, Stadt",
            "kreisfreie Stadt Köln",
            "  Stadt   Köln ",
        ):
            self.assertFinds(name, "05315000")
        self.assertFinds("Bundesstadt Bonn", "05314000")
        self.assertFinds("Muelheim an der Ruhr", "05117000")
        self.assertFinds("Gemeinde Kirchhundem", "05966016")
        self.assertFinds("Castrop Rauxel", "05562004")

    def test_district_and_town_of_the_same_name(self):
        self.assertFinds("Olpe", "05966024")
        self.assertFinds("Stadt Olpe", "05966024")
        self.assertFinds("Kreis Olpe", "05966000")
        self.assertFinds("Kreisverwaltung Olpe", "05966000")
        self.assertFinds("Düren", "05358008")
        self.assertFinds("Kreis Düren", "05358000")

    def test_districts_without_kreis_prefix(self):
        self.assertFinds("Rhein-Kreis Neuss", "05162000")
        self.assertFinds("Hochsauerlandkreis", "05958000")
        self.assertFinds("Maerkischer Kreis", "05962000")
        self.assertFinds("Ennepe Ruhr Kreis", "05954000")
        self.assertFinds("StädteRegion Aachen", "05334000")
        self.assertFinds("Städteregion Aachen", "05334000")
        # the city of Aachen belongs to the StädteRegion
        self.assertFinds("Stadt Aachen", "05334002")
        self.assertEqual(m.district("Stadt Aachen").name, "StädteRegion Aachen")

    def test_parentheses(self):
        self.assertFinds("Langenfeld (Rhld.)", "05158020")
        self.assertFinds("Langenfeld", "05158020")
        self.assertFinds("Langenfeld (Rheinland)", "05158020")
        self.assertFinds("Halle (Westfalen)", "05754012")

    def test_not_in_the_table(self):
        for name in (
            "",
            None,
            "Zweckverband Wasser Olpe",
            "Kreis Köln",  # a kreisfreie Stadt is no Kreis
            "KDN Dachverband kommunaler IT-Dienstleister",
            "Sparkasse Olpe",
            "München",
        ):
            self.assertIsNone(m.lookup(name), name)

    def test_district_and_region(self):
        self.assertEqual(m.district("Attendorn").name, "Kreis Olpe")
        self.assertEqual(m.regierungsbezirk("Attendorn"), "Arnsberg")
        self.assertEqual(m.district("Köln").name, "Köln")
        self.assertEqual(m.district("Köln").district_label, "Köln (kreisfreie Stadt)")
        self.assertEqual(m.regierungsbezirk("Bielefeld"), "Detmold")
        self.assertEqual(m.regierungsbezirk("Kreis Borken"), "Münster")
        self.assertIsNone(m.district("Zweckverband"))
        self.assertEqual(m.regierungsbezirk("Zweckverband"), "")


class TestPartyKey(unittest.TestCase):
    def test_keys(self):
        self.assertEqual(m.party_key("Stadt Köln"), "ags:05315000")
        self.assertEqual(m.party_key("Koeln"), m.party_key("Köln, Stadt"))
        self.assertNotEqual(m.party_key("Kreis Olpe"), m.party_key("Stadt Olpe"))
        # free text stays free text, normalised
        self.assertEqual(
            m.party_key("Zweckverband  Wasser"), m.party_key("zweckverband wasser")
        )
        self.assertEqual(m.party_key(""), "")

    def test_lead_duplicate_by_ags(self):
        app = rules.Application("Stadt Köln", ["Bonn"], date(2020, 1, 1))
        self.assertTrue(rules.lead_duplicate(app, ["Koeln"]))
        self.assertTrue(rules.lead_duplicate(app, ["Köln, Stadt"]))
        self.assertFalse(rules.lead_duplicate(app, ["Kreis Köln-Land"]))
        olpe = rules.Application("Kreis Olpe", ["Attendorn"], date(2020, 1, 1))
        self.assertFalse(rules.lead_duplicate(olpe, ["Stadt Olpe"]))
        self.assertTrue(rules.lead_duplicate(olpe, ["Kreisverwaltung Olpe"]))

    def test_partner_count_by_ags(self):
        # "Stadt Olpe" and "Kreis Olpe" are two parties, "Olpe" and
        # "Stadt Olpe" one
        app = rules.Application("Stadt Olpe", ["Kreis Olpe"], date(2020, 1, 1))
        self.assertFalse(rules.few_partners(app))
        app = rules.Application("Stadt Olpe", ["Olpe"], date(2020, 1, 1))
        self.assertTrue(rules.few_partners(app))

    def test_conflict_detection_by_ags(self):
        self.assertTrue(organisation_matches("Stadt Köln", "Koeln", []))
        self.assertTrue(organisation_matches("Köln", "Bonn", ["Stadt Köln"]))
        self.assertFalse(organisation_matches("Kreis Olpe", "Olpe", ["Attendorn"]))
        self.assertTrue(
            organisation_matches("Städtetag NRW", "Bonn", ["Staedtetag NRW"])
        )
