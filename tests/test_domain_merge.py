"""The field-level merge of two people saving one draft at once (pure)."""

from ikz.landespreis.domain.merge import field_name
from ikz.landespreis.domain.merge import group_fields
from ikz.landespreis.domain.merge import merge_fields
from ikz.landespreis.domain.merge import text_of
from ikz.landespreis.domain.merge import ungroup

import unittest


class TestMergeFields(unittest.TestCase):
    def test_only_own_changes_are_applied(self):
        base = {"title": "A", "summary": "S", "goals": "G"}
        current = {"title": "A", "summary": "S (Partner)", "goals": "G"}
        # my page still shows the old summary; I changed the title only
        mine = {"title": "A2", "summary": "S", "goals": "G"}
        merge = merge_fields(base, current, mine)
        self.assertEqual(
            merge.values, {"title": "A2", "summary": "S (Partner)", "goals": "G"}
        )
        self.assertEqual(merge.changed, ("title",))
        self.assertEqual(merge.taken, ("summary",))
        self.assertEqual(merge.overwritten, {})

    def test_both_changed_the_same_field_later_save_wins_with_the_other_reported(
        self,
    ):
        base = {"title": "A", "summary": "alt"}
        current = {"title": "A", "summary": "Text der Partnerin"}
        mine = {"title": "A", "summary": "Mein Text"}
        merge = merge_fields(base, current, mine)
        self.assertEqual(merge.values["summary"], "Mein Text")
        self.assertEqual(merge.overwritten, {"summary": "Text der Partnerin"})
        self.assertEqual(merge.taken, ())

    def test_same_change_by_both_is_no_conflict(self):
        merge = merge_fields({"t": "a"}, {"t": "b"}, {"t": "b"})
        self.assertEqual(merge.overwritten, {})
        self.assertEqual(merge.values, {"t": "b"})

    def test_emptying_and_fields_not_sent(self):
        base = {"a": "1", "b": "2", "c": "3"}
        current = {"a": "1", "b": "2", "c": "3", "d": "neu"}
        # a PATCH that sends only "a" (emptied): b, c, d stay
        merge = merge_fields(base, current, {"a": None})
        self.assertEqual(merge.values, {"b": "2", "c": "3", "d": "neu"})
        self.assertEqual(merge.changed, ("a",))
        self.assertEqual(merge.taken, ("d",))
        # the other emptied a field I changed: reported with None
        merge = merge_fields({"a": "1"}, {}, {"a": "2"})
        self.assertEqual(merge.overwritten, {"a": None})
        self.assertEqual(merge.values, {"a": "2"})

    def test_unknown_base_reports_every_difference(self):
        merge = merge_fields(None, {"a": "1", "b": "2"}, {"a": "1", "b": "3"})
        self.assertEqual(merge.values, {"a": "1", "b": "3"})
        self.assertEqual(merge.changed, ("b",))
        self.assertEqual(merge.overwritten, {"b": "2"})
        self.assertEqual(merge.taken, ())

    def test_order_of_the_reports(self):
        base = {"x": "0", "y": "0", "z": "0"}
        current = {"x": "1", "y": "1", "z": "1"}
        mine = {"x": "2", "y": "2", "z": "2"}
        merge = merge_fields(base, current, mine, order=["z", "x"])
        self.assertEqual(merge.changed, ("z", "x", "y"))
        self.assertEqual(list(merge.overwritten), ["z", "x", "y"])

    def test_nothing_changed(self):
        merge = merge_fields({"a": "1"}, {"a": "1"}, {"a": "1"})
        self.assertEqual(merge.changed, ())
        self.assertEqual(merge.values, {"a": "1"})


class TestRawValues(unittest.TestCase):
    def test_field_name(self):
        self.assertEqual(field_name("form.widgets.title"), "title")
        self.assertEqual(field_name("form.widgets.topics:list"), "topics")
        self.assertEqual(field_name("form.widgets.consent-empty-marker"), "consent")
        self.assertEqual(field_name("form.widgets.date.year"), "date")
        self.assertEqual(field_name("ikz_base_revision"), "ikz_base_revision")

    def test_group_fields_normalises_empties(self):
        raw = {
            "form.widgets.title": "Archiv",
            "form.widgets.summary": "",
            "form.widgets.consent": ["selected"],
            "form.widgets.consent-empty-marker": "1",
            "form.widgets.category": ["--NOVALUE--"],
            "form.widgets.category-empty-marker": "1",
        }
        grouped = group_fields(raw)
        self.assertEqual(grouped["title"], (("form.widgets.title", "Archiv"),))
        self.assertIsNone(grouped["summary"])
        self.assertIsNone(grouped["category"])
        self.assertEqual(grouped["consent"], (("form.widgets.consent", ("selected",)),))
        # an unchecked box (only its marker) equals a box never sent
        unchecked = group_fields({"form.widgets.consent-empty-marker": "1"})
        self.assertIsNone(unchecked["consent"])
        self.assertEqual(ungroup(grouped["title"]), {"form.widgets.title": "Archiv"})
        self.assertEqual(ungroup(None), {})

    def test_text_of(self):
        self.assertEqual(text_of((("form.widgets.t", "Hallo"),)), "Hallo")
        self.assertEqual(
            text_of((("form.widgets.c", ("kat-a", "kat-b")),)), "kat-a, kat-b"
        )
        self.assertEqual(text_of((("form.widgets.b", ("selected",)),)), "ja")
        self.assertEqual(text_of(None), "")

    def test_merge_of_raw_values(self):
        base = group_fields({"form.widgets.title": "T", "form.widgets.summary": "S"})
        current = group_fields({
            "form.widgets.title": "T",
            "form.widgets.summary": "S von Partner",
        })
        mine = group_fields({
            "form.widgets.title": "T neu",
            "form.widgets.summary": "S",
        })
        merge = merge_fields(base, current, mine)
        self.assertEqual(merge.changed, ("title",))
        self.assertEqual(merge.taken, ("summary",))
