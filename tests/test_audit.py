"""The audit trail's store: append-only, ordered, filterable, conflict-free."""

from ikz.landespreis import audit
from ikz.landespreis.testing import IKZ_LANDESPREIS_INTEGRATION_TESTING
from tests.base import make_competition
from tests.base import make_submission

import unittest


class TestAuditStore(unittest.TestCase):
    layer = IKZ_LANDESPREIS_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.competition = make_competition(self.portal)
        self.submission = make_submission(self.competition["kat-a"])

    def test_record_from_inside_and_read_in_order(self):
        audit.record(self.submission, "transition", target="uid-1", reason="Frist")
        audit.record(self.competition, "jury.chair", target="vorsitz", actor="admin")
        found = audit.entries(self.competition)
        self.assertEqual([e["kind"] for e in found], ["transition", "jury.chair"])
        self.assertEqual(found[0]["reason"], "Frist")
        self.assertEqual(found[0]["label"], "Statuswechsel")
        self.assertEqual(found[1]["actor"], "admin")
        self.assertLessEqual(found[0]["time"], found[1]["time"])

    def test_filters(self):
        audit.record(self.competition, "conflict.declared", target="a", actor="j1")
        audit.record(self.competition, "conflict.cleared", target="b", actor="v")
        audit.record(self.competition, "download", target="a", actor="r", what="xlsx")
        self.assertEqual(len(audit.entries(self.competition, kind="conflict.")), 2)
        self.assertEqual(len(audit.entries(self.competition, kind="conflict")), 0)
        self.assertEqual(len(audit.entries(self.competition, actor="v")), 1)
        self.assertEqual(len(audit.entries(self.competition, target="a")), 2)
        self.assertEqual(
            audit.entries(self.competition, kind="download")[0]["details"],
            {"what": "xlsx"},
        )
        self.assertEqual(audit.entries(self.competition, until="2000-01-01"), [])

    def test_entries_cannot_be_changed_through_what_is_returned(self):
        audit.record(self.competition, "award", target="x", reason="Laudatio")
        entry = audit.entries(self.competition)[0]
        entry["reason"] = "geändert"
        self.assertEqual(audit.entries(self.competition)[0]["reason"], "Laudatio")

    def test_keys_differ(self):
        self.assertEqual(len({audit._key() for _ in range(1000)}), 1000)

    def test_many_entries_in_one_millisecond_stay_in_order(self):
        for number in range(50):
            audit.record(self.competition, "download", target=str(number))
        self.assertEqual(
            [e["target"] for e in audit.entries(self.competition)],
            [str(n) for n in range(50)],
        )

    def test_outside_a_competition_nothing_is_recorded(self):
        self.assertIsNone(audit.record(self.portal, "transition"))


class TestAuditInGerman(unittest.TestCase):
    """What the office reads in "Verlauf" and its export: German names of
    details and their values, no "Anonymous User"."""

    def test_details_and_actor_in_german(self):
        entry = {
            "details": {
                "mail": "correction",
                "state": "queued",
                "fields": ("summary", "picture_1_alt"),
                "version": 2,
                "unknown": "bleibt",
            }
        }
        self.assertEqual(
            audit.plain_details(entry),
            "Geänderte Felder: Kurzbeschreibung des Projekts, Bildbeschreibung "
            "(Alternativtext) zu Bild 1; Mail: Bestätigung einer Korrektur (an "
            "die Bewerbung, mit PDF-Kopie); Zustand: in der Warteschlange; "
            "unknown: bleibt; Fassung: 2",
        )
        self.assertEqual(
            audit.plain_details({"details": {"outcome": "admitted"}}),
            "Ergebnis: zugelassen",
        )
        self.assertEqual(audit.actor_label("Anonymous User"), "System (automatisch)")
        self.assertEqual(audit.actor_label("redaktion"), "redaktion")
