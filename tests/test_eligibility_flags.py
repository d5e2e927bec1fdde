"""Flags are evaluated on every edit and explained to the office only."""

from datetime import date
from ikz.landespreis.testing import IKZ_LANDESPREIS_INTEGRATION_TESTING
from plone import api
from plone.app.testing import login
from tests.base import add_user
from tests.base import declare_no_conflict
from tests.base import german
from tests.base import make_competition
from tests.base import make_jury
from tests.base import make_submission
from zope.event import notify
from zope.lifecycleevent import ObjectModifiedEvent

import unittest


class TestFlagsOnEdit(unittest.TestCase):
    layer = IKZ_LANDESPREIS_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.request = self.layer["request"]
        german()
        from plone.i18n.utility import setLanguageBinding

        setLanguageBinding(self.request)
        self.competition = make_competition(self.portal, cutoff_date=date(2016, 9, 1))
        self.first = make_submission(
            self.competition["kat-a"],
            id="eins",
            lead_municipality="Stadt Köln",
            partners=["Stadt Bonn"],
            eligibility_flags=[],
        )
        self.second = make_submission(
            self.competition["kat-b"],
            id="zwei",
            lead_municipality="Gemeinde Alfter",
            partners=["Stadt Bonn"],
            eligibility_flags=[],
        )

    def edit(self, obj, **values):
        for name, value in values.items():
            setattr(obj, name, value)
        notify(ObjectModifiedEvent(obj))

    def test_flags_follow_edits(self):
        self.edit(self.second, lead_municipality="KOELN")
        self.assertEqual(self.second.eligibility_flags, ["lead_duplicate"])
        self.edit(
            self.second, partners=["Sparkasse KölnBonn"], contract_date=date(2015, 1, 1)
        )
        self.assertEqual(
            self.second.eligibility_flags,
            ["contract_before_cutoff", "lead_duplicate", "savings_bank"],
        )
        self.edit(
            self.second,
            lead_municipality="Gemeinde Alfter",
            partners=["Stadt Bonn"],
            contract_date=date(2019, 1, 1),
        )
        self.assertEqual(self.second.eligibility_flags, [])
        brain = api.content.find(UID=api.content.get_uuid(self.second))[0]
        self.assertEqual(brain.lead_municipality, "Gemeinde Alfter")

    def test_explained_in_german_to_the_office_only(self):
        self.edit(self.second, lead_municipality="Köln", partners=[])
        add_user("editor")
        add_user("juror")
        api.user.grant_roles(
            username="editor", obj=self.competition, roles=["Editor", "Reviewer"]
        )
        make_jury(self.competition, jurors=["juror"])
        api.content.transition(self.second, transition="admit")
        declare_no_conflict(self.second, "juror")
        # plone.autoform caches field permissions per request: one user each
        login(self.portal, "juror")
        # as the publisher does for every request (plone.autoform skips
        # field permission checks without it)
        self.request["AUTHENTICATED_USER"] = api.user.get_current()
        html = self.second.restrictedTraverse("@@view")()
        self.assertNotIn("weniger als zwei kommunale Partner", html)
        self.assertNotIn("erika@example.org", html)
        self.assertNotIn("Ratsbeschluss fehlt noch", html)
        self.assertIn("Gemeinsames Bürgerbüro", html)
        from zope.annotation.interfaces import IAnnotations

        IAnnotations(self.request).clear()
        login(self.portal, "editor")
        self.request["AUTHENTICATED_USER"] = api.user.get_current()
        html = self.second.restrictedTraverse("@@view")()
        self.assertIn("weniger als zwei kommunale Partner", html)
        self.assertIn("bereits eine Bewerbung eingereicht", html)
        self.assertIn("erika@example.org", html)
