"""The demo edition created by the distribution's handler."""

from Acquisition import aq_base
from datetime import datetime
from datetime import timedelta
from ikz.landespreis import demo
from ikz.landespreis.domain.dates import BERLIN
from ikz.landespreis.domain.dates import window_phase
from ikz.landespreis.testing import IKZ_DEMO_INTEGRATION_TESTING
from plone import api
from plone.app.testing import login
from plone.app.testing import logout

import unittest


class TestDemoContent(unittest.TestCase):
    layer = IKZ_DEMO_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.competition = self.portal[demo.COMPETITION_ID]

    def test_competition(self):
        c = self.competition
        self.assertEqual(
            c.title,
            "2. Landespreis für innovative interkommunale Zusammenarbeit in Nordrhein-Westfalen",
        )
        self.assertEqual(api.content.get_state(c), "open")
        self.assertEqual(c.prize_amount, 10000)
        self.assertEqual((c.score_min, c.score_max), (0, 10))
        self.assertEqual(c.cutoff_date.isoformat(), "2016-09-01")
        self.assertEqual(c.office_email, "landespreis@example.org")
        length = c.submission_end - c.submission_start
        self.assertGreaterEqual(length, timedelta(weeks=10))
        self.assertLess(length, timedelta(weeks=10, days=1))
        self.assertEqual(
            window_phase(c.submission_start, c.submission_end, datetime.now(BERLIN)),
            "open",
        )
        self.assertEqual(str(c.submission_end.tzinfo), "Europe/Berlin")

    def test_categories(self):
        brains = api.content.find(
            context=self.competition,
            portal_type="Category",
            sort_on="getObjPositionInParent",
        )
        self.assertEqual(
            [(b.Title, b.getObject().short_code) for b in brains],
            [
                ("Sonderkategorie Shared Service Center", "SSC"),
                ("Kommunale Pflichtaufgaben und Innere Verwaltung", "PIV"),
                ("Informationsaustausch und Vernetzung", "IAV"),
                ("Wirtschaftsförderung, Tourismus und Kultur", "WTK"),
                ("Umwelt, Planung und Infrastruktur", "UPI"),
                ("Interkommunale Zusammenarbeit in der Krisenbewältigung", "KRI"),
            ],
        )
        self.assertTrue(self.competition["shared-service-center"].special_category)

    def test_criteria(self):
        criteria = self.competition.criteria
        self.assertEqual(
            [(c["id"], c["title"], c["weight"]) for c in criteria],
            [
                ("benefit", "Gewinn der Kooperation", 1.0),
                ("innovation", "Grad der Innovation", 1.0),
                (
                    "sustainability",
                    "Zukunftsfähigkeit, Nutzbarkeit und Nachhaltigkeit",
                    1.0,
                ),
            ],
        )
        for c in criteria:
            self.assertTrue(c["description"])

    def test_pages_public(self):
        titles = {}
        form = self.competition["bewerbung"]
        self.assertEqual(form.portal_type, "EasyForm")
        self.assertEqual(api.content.get_state(form), "published")
        self.assertIn("Aktenzeichen", form.formPrologue.raw)
        for pid in ("teilnahmebedingungen", "preise", "faq", "kontakt"):
            page = self.competition[pid]
            self.assertEqual(api.content.get_state(page), "published", pid)
            titles[pid] = page.title
            self.assertTrue(page.text.raw.strip())
        self.assertEqual(titles["faq"], "Häufige Fragen")
        self.assertIn("Sparkassen", self.competition["teilnahmebedingungen"].text.raw)
        self.assertIn("10.000 Euro", self.competition["preise"].text.raw)
        start = self.portal["startseite"]
        self.assertEqual(
            start.title, "Landespreis für innovative interkommunale Zusammenarbeit"
        )
        self.assertEqual(start.getLayout(), "landespreis-start")
        self.assertEqual(self.portal.getDefaultPage(), "startseite")

    def test_accounts_and_roles(self):
        self.assertEqual(
            set(api.user.get_roles(username="redaktion", obj=self.competition))
            & {"Editor", "Reviewer"},
            {"Editor", "Reviewer"},
        )
        self.assertIn(
            "Jury Chair", api.user.get_roles(username="vorsitz", obj=self.competition)
        )
        from ikz.landespreis.jury.membership import jury_group_id

        group = jury_group_id(self.competition)
        members = {u.getId() for u in api.user.get_users(groupname=group)}
        self.assertEqual(members, {"vorsitz", "jury1", "jury2", "jury3", "jury4"})
        self.assertEqual(self.competition.jury_group, group)
        # jurors hold no global jury role (that would bypass local roles)
        for username in ("jury1", "vorsitz"):
            self.assertNotIn("Juror", api.user.get_roles(username=username))
            self.assertNotIn("Jury Chair", api.user.get_roles(username=username))

    def test_demo_password(self):
        acl = self.portal.acl_users
        for username in ("redaktion", "vorsitz", "jury1", "jury4"):
            self.assertTrue(
                acl.source_users.authenticateCredentials({
                    "login": username,
                    "password": "demo",
                }),
                username,
            )

    def test_jury_area_for_jurors_only(self):
        area = self.competition[demo.JURY_AREA_ID]
        page = area["willkommen"]
        for who, expected in (("jury1", True), ("vorsitz", True), ("redaktion", True)):
            login(self.portal, who)
            self.assertEqual(
                bool(api.user.has_permission("View", obj=page)), expected, who
            )
        login(self.portal, "redaktion")
        logout()
        self.assertFalse(api.user.has_permission("View", obj=area))
        self.assertFalse(api.user.has_permission("View", obj=page))
        # an authenticated user outside the jury does not see it either
        api.user.create(
            username="fremd", email="f@example.org", password="secret-password-1"
        )
        login(self.portal, "fremd")
        self.assertFalse(api.user.has_permission("View", obj=area))
        self.assertEqual(
            len(api.content.find(path="/".join(area.getPhysicalPath()))), 0
        )

    def test_idempotent(self):
        before = len(api.content.find(context=self.competition))
        again = demo.create_demo_content(self.portal)
        self.assertIs(aq_base(again), aq_base(self.competition))
        self.assertEqual(len(api.content.find(context=self.competition)), before)

    def test_competition_page_renders(self):
        logout()
        html = self.competition.restrictedTraverse("@@view")()
        self.assertIn("Sonderkategorie Shared Service Center", html)
        self.assertIn("10.000 €", html)
        self.assertIn("Gewinn der Kooperation", html)


class TestDistribution(unittest.TestCase):
    layer = IKZ_DEMO_INTEGRATION_TESTING

    def test_registered(self):
        from plone.distribution.api import distribution as dist_api

        dist = dist_api.get("landespreis")
        self.assertEqual(dist.title, "Landespreis")
        self.assertIn("ikz.landespreis:default", dist.profiles)
        self.assertIn("plonetheme.barceloneta:default", dist.profiles)
        self.assertIn("collective.easyform:default", dist.profiles)


class TestRemoveDemoAccounts(unittest.TestCase):
    """``DEMO=off``: the accounts whose password is in the README go."""

    layer = IKZ_DEMO_INTEGRATION_TESTING

    def test_removes_accounts_with_the_demo_password_only(self):
        from ikz.landespreis.jury import membership

        portal = self.layer["portal"]
        competition = portal[demo.COMPETITION_ID]
        # jury1 was given a real password: kept
        portal.acl_users.source_users.updateUserPassword("jury1", "echtes-passwort-1")
        removed = demo.remove_demo_accounts(portal)
        self.assertEqual(removed, ["redaktion", "vorsitz", "jury2", "jury3", "jury4"])
        for user in removed:
            self.assertIsNone(api.user.get(username=user))
        self.assertEqual(list(membership.members(competition)), ["jury1"])
        self.assertEqual(list(membership.chairs(competition)), [])
        self.assertNotIn("redaktion", dict(competition.get_local_roles()))
        self.assertEqual(demo.remove_demo_accounts(portal), [])
