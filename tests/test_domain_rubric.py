"""The rubric of a criterion and the running total (pure functions)."""

from ikz.landespreis.domain import criteria

import unittest


class TestRubric(unittest.TestCase):
    def test_parse_bands(self):
        bands = criteria.parse_bands(
            "8-10: herausragend\n\n0–3: kaum Mehrwert\n4,5 - 7: deutlich\n5: genau"
        )
        self.assertEqual(
            bands,
            [
                (0.0, 3.0, "kaum Mehrwert"),
                (4.5, 7.0, "deutlich"),
                (5.0, 5.0, "genau"),
                (8.0, 10.0, "herausragend"),
            ],
        )
        self.assertEqual(criteria.parse_bands(None), [])
        self.assertEqual(criteria.parse_bands(""), [])

    def test_bad_bands(self):
        for text in ("kaum Mehrwert", "3-1: verkehrt", "a-b: x", "1-2"):
            with self.assertRaises(ValueError, msg=text):
                criteria.parse_bands(text)
        self.assertIs(criteria.check_bands("1-2", 0, 10), criteria.MSG_BAD_BAND)
        self.assertIs(
            criteria.check_bands("0-11: zu hoch", 0, 10), criteria.MSG_BAD_BAND
        )
        self.assertIs(
            criteria.check_bands("-1-3: zu tief", 0, 10), criteria.MSG_BAD_BAND
        )
        self.assertIsNone(criteria.check_bands("0-10: alles", 0, 10))
        self.assertIsNone(criteria.check_bands("", 0, 10))

    def test_band_for(self):
        bands = criteria.parse_bands("0-3: a\n4-7: b\n8-10: c")
        self.assertEqual(criteria.band_for(0, bands)[2], "a")
        self.assertEqual(criteria.band_for(7, bands)[2], "b")
        self.assertEqual(criteria.band_for(10, bands)[2], "c")
        self.assertIsNone(criteria.band_for(3.5, bands))
        self.assertIsNone(criteria.band_for(None, bands))

    def test_running_total(self):
        weights = [("a", 2.0), ("b", 1.0), ("c", 1.0)]
        self.assertEqual(criteria.running_total({}, weights), (None, 0))
        self.assertEqual(criteria.running_total({"a": 6}, weights), (6.0, 1))
        self.assertEqual(criteria.running_total({"a": 9, "b": 6}, weights), (8.0, 2))
        self.assertEqual(
            criteria.running_total({"a": 4, "b": 8, "c": 0, "x": 10}, weights),
            (4.0, 3),
        )
