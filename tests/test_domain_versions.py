"""What changed between two versions of an application (pure)."""

from datetime import date
from ikz.landespreis.domain.versions import changed_fields
from ikz.landespreis.domain.versions import changes

import unittest


class TestVersions(unittest.TestCase):
    def test_changed_fields(self):
        before = {"title": "A", "partners": ["X", "Y"], "no_lead": False}
        after = {"title": "A ", "partners": ["X", "Z"], "no_lead": True}
        self.assertEqual(changed_fields(before, after), ["partners", "no_lead"])
        self.assertEqual(changed_fields(before, before), [])
        # a field that appears or disappears
        self.assertEqual(changed_fields({}, {"funding": "Land"}), ["funding"])
        self.assertEqual(changed_fields({"funding": "Land"}, {}), ["funding"])
        self.assertEqual(changed_fields({"funding": None}, {"funding": ""}), [])

    def test_changes_labelled_in_order(self):
        before = {
            "summary": "alt",
            "title": "T",
            "contract_date": date(2019, 5, 1),
            "project_file": {"filename": "a.pdf", "sha256": "ab" * 32},
        }
        after = {
            "summary": "neu",
            "title": "T2",
            "contract_date": date(2020, 1, 2),
            "project_file": {"filename": "a.pdf", "sha256": "cd" * 32},
        }
        found = changes(
            before,
            after,
            (("title", "Titel"), ("summary", "Kurzbeschreibung")),
        )
        self.assertEqual(
            [(c.field, c.label) for c in found],
            [
                ("title", "Titel"),
                ("summary", "Kurzbeschreibung"),
                ("contract_date", "contract_date"),
                ("project_file", "project_file"),
            ],
        )
        self.assertEqual((found[1].before, found[1].after), ("alt", "neu"))
        self.assertEqual(found[2].after, "02.01.2020")
        self.assertEqual(found[3].before, "a.pdf (abababababab…)")
