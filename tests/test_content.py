from datetime import datetime
from ikz.landespreis.testing import IKZ_LANDESPREIS_INTEGRATION_TESTING
from plone import api
from plone.api.exc import InvalidParameterError
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.dexterity.interfaces import IDexterityFTI
from tests.base import make_competition
from tests.base import make_submission
from zope.component import queryUtility
from zope.interface import Invalid
from zope.schema.interfaces import ValidationError

import contextlib
import unittest


class TestTypes(unittest.TestCase):
    layer = IKZ_LANDESPREIS_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.competition = make_competition(self.portal)

    def test_ftis(self):
        for name, perm in (
            ("Competition", "ikz.landespreis.AddCompetition"),
            ("Category", "ikz.landespreis.AddCategory"),
            ("Submission", "ikz.landespreis.AddSubmission"),
        ):
            fti = queryUtility(IDexterityFTI, name=name)
            self.assertIsNotNone(fti, name)
            self.assertEqual(fti.add_permission, perm)

    def test_allowed_types(self):
        types = api.portal.get_tool("portal_types")
        self.assertTrue(types["Competition"].global_allow)
        self.assertFalse(types["Category"].global_allow)
        self.assertFalse(types["Submission"].global_allow)
        self.assertEqual(
            set(types["Competition"].allowed_content_types),
            {"Category", "EasyForm", "Document", "Folder", "File", "Image"},
        )
        self.assertEqual(types["Category"].allowed_content_types, ("Submission",))
        allowed = [t.getId() for t in self.competition.allowedContentTypes()]
        self.assertIn("Category", allowed)
        self.assertNotIn("Submission", allowed)
        self.assertNotIn("Competition", allowed)
        category = self.competition["kat-a"]
        self.assertEqual(
            [t.getId() for t in category.allowedContentTypes()], ["Submission"]
        )

    def test_category_not_addable_outside_competition(self):
        with self.assertRaises(InvalidParameterError):
            api.content.create(
                container=self.portal, type="Category", id="x", short_code="XX"
            )

    def test_submission_not_addable_in_competition(self):
        with self.assertRaises(InvalidParameterError):
            api.content.create(
                container=self.competition, type="Submission", id="x", title="x"
            )

    def test_category_container_is_unordered(self):
        category = self.competition["kat-a"]
        self.assertEqual(category._ordering, "unordered")
        from plone.folder.unordered import UnorderedOrdering

        self.assertIsInstance(category.getOrdering(), UnorderedOrdering)
        for i in range(5):
            make_submission(category, id=f"s{i}")
        self.assertEqual(sorted(category.objectIds()), [f"s{i}" for i in range(5)])
        # no order list is stored that concurrent adds would fight over
        from zope.annotation.interfaces import IAnnotations

        self.assertFalse([k for k in IAnnotations(category) if "ordering" in k.lower()])

    def test_add_permissions_by_role(self):
        checks = [
            (
                "ikz.landespreis: Add Competition",
                self.portal,
                ["Site Administrator"],
                True,
            ),
            (
                "ikz.landespreis: Add Competition",
                self.portal,
                ["Editor", "Contributor"],
                False,
            ),
            ("ikz.landespreis: Add Category", self.competition, ["Contributor"], True),
            (
                "ikz.landespreis: Add Category",
                self.competition,
                ["Reader", "Editor"],
                False,
            ),
            (
                "ikz.landespreis: Add Submission",
                self.competition["kat-a"],
                ["Reader"],
                False,
            ),
        ]
        for permission, container, roles, expected in checks:
            setRoles(self.portal, TEST_USER_ID, roles)
            self.assertEqual(
                bool(api.user.has_permission(permission, obj=container)),
                expected,
                (permission, roles),
            )


class TestSchemas(unittest.TestCase):
    layer = IKZ_LANDESPREIS_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.competition = make_competition(self.portal)

    def _invariants(self, **data):
        from ikz.landespreis.content.competition import ICompetition

        class Data:
            pass

        obj = Data()
        for name in ICompetition.names():
            setattr(obj, name, getattr(self.competition, name, None))
        for key, value in data.items():
            setattr(obj, key, value)
        errors = []
        with contextlib.suppress(Invalid):
            ICompetition.validateInvariants(obj, errors)
        return [str(e) for e in errors]

    def test_valid_competition(self):
        self.assertEqual(self._invariants(), [])

    def test_zero_or_negative_weight_refused(self):
        for weight in (0, -1.5):
            rows = [{"id": "benefit", "title": "Gewinn", "weight": weight}]
            self.assertTrue(self._invariants(criteria=rows))
        from ikz.landespreis.content.competition import ICriterion

        with self.assertRaises(Invalid):
            ICriterion["weight"].validate(0.0)

    def test_duplicate_criterion_ids_refused(self):
        rows = [
            {"id": "benefit", "title": "A", "weight": 1},
            {"id": "benefit", "title": "B", "weight": 1},
        ]
        self.assertTrue(self._invariants(criteria=rows))

    def test_scale_and_window_order(self):
        self.assertTrue(self._invariants(score_min=10, score_max=10))
        self.assertTrue(
            self._invariants(
                submission_start=datetime(2026, 3, 1),
                submission_end=datetime(2026, 2, 1),
            )
        )

    def test_short_code(self):
        from ikz.landespreis.content.category import ICategory

        ICategory["short_code"].validate("SSC")
        for bad in ("s", "ssc", "S-C", "TOOLONGCODE"):
            with self.assertRaises((ValidationError, Invalid)):
                ICategory["short_code"].validate(bad)

    def test_naive_dates_are_stored_in_german_time(self):
        from zope.event import notify
        from zope.lifecycleevent import ObjectModifiedEvent

        self.competition.submission_end = datetime(2026, 7, 1, 12, 0)
        notify(ObjectModifiedEvent(self.competition))
        end = self.competition.submission_end
        self.assertEqual(end.utcoffset().total_seconds(), 7200)  # CEST
        self.assertEqual(end.hour, 12)
        self.competition.submission_end = datetime(2026, 1, 15, 12, 0)
        notify(ObjectModifiedEvent(self.competition))
        self.assertEqual(
            self.competition.submission_end.utcoffset().total_seconds(), 3600
        )  # CET

    def test_privacy_consent_required(self):
        from ikz.landespreis.content.submission import ISubmission

        with self.assertRaises(Invalid):
            ISubmission["privacy_consent"].validate(False)
        ISubmission["privacy_consent"].validate(True)


class TestCatalog(unittest.TestCase):
    layer = IKZ_LANDESPREIS_INTEGRATION_TESTING

    def test_submission_indexed_without_waking(self):
        portal = self.layer["portal"]
        competition = make_competition(portal)
        submission = make_submission(competition["kat-b"])
        uid = api.content.get_uuid(competition)
        brains = api.content.find(competition_uid=uid, portal_type="Submission")
        self.assertEqual(len(brains), 1)
        brain = brains[0]
        self.assertEqual(brain.submission_reference, "LP26-KA-0001")
        self.assertEqual(brain.submission_category, "kat-b")
        self.assertEqual(brain.lead_municipality, "Stadt Musterstadt")
        self.assertEqual(brain.competition_uid, uid)
        self.assertEqual(len(api.content.find(submission_reference="LP26-KA-0001")), 1)
        self.assertEqual(
            len(api.content.find(lead_municipality="Stadt Musterstadt")), 1
        )
        self.assertEqual(
            len(api.content.find(submission_category="kat-b", competition_uid=uid)), 1
        )
        self.assertEqual(brain.getObject(), submission)
