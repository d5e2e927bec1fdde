"""The portal around the editions: start page, landing per role, legal
pages, archive, consultation hours with reminders, winners showcase."""

from datetime import timedelta
from ikz.landespreis import demo
from ikz.landespreis.domain.dates import BERLIN
from ikz.landespreis.portal import consultation
from ikz.landespreis.portal import landing
from ikz.landespreis.portal import views
from ikz.landespreis.testing import IKZ_DEMO_INTEGRATION_TESTING
from plone import api
from plone.app.testing import login
from plone.app.testing import logout
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID

import os
import shutil
import tempfile
import transaction
import unittest


class OwnMailQueue:
    """The portal's mails go into a queue of this test's own (the test never
    commits, so nothing is delivered) and its processor stops afterwards."""

    def own_queue(self):
        from ikz.landespreis import mail

        old = os.environ.get("IKZ_MAIL_QUEUE")
        os.environ["IKZ_MAIL_QUEUE"] = tempfile.mkdtemp(prefix="ikz-mailqueue-")
        self.addCleanup(shutil.rmtree, os.environ["IKZ_MAIL_QUEUE"], True)
        if old is None:
            self.addCleanup(os.environ.pop, "IKZ_MAIL_QUEUE", None)
        else:
            self.addCleanup(os.environ.__setitem__, "IKZ_MAIL_QUEUE", old)
        self.addCleanup(mail.stop_processors)
        # first of all: drop the queued files before their directory goes
        self.addCleanup(transaction.abort)


class TestPortal(OwnMailQueue, unittest.TestCase):
    layer = IKZ_DEMO_INTEGRATION_TESTING

    def setUp(self):
        self.own_queue()
        self.portal = self.layer["portal"]
        self.request = self.layer["request"]
        self.competition = self.portal[demo.COMPETITION_ID]

    def test_demo_has_legal_pages_archive_and_hours(self):
        for page in ("impressum", "datenschutz", "barrierefreiheit", "leichte-sprache"):
            self.assertEqual(api.content.get_state(self.portal[page]), "published")
        self.assertIn("Artikel 13", self.portal["datenschutz"].text.raw)
        self.assertIn("Jury", self.portal["datenschutz"].text.raw)
        self.assertIn("anonymisiert", self.portal["datenschutz"].text.raw)
        statement = self.portal["barrierefreiheit"].text.raw
        for needle in ("WCAG", "BITV NRW", "Ombudsstelle", "barriere-melden", "2025"):
            self.assertIn(needle, statement)
        first = self.portal["archiv"]["landespreis-2022"]
        self.assertEqual(api.content.get_state(first), "archived")
        self.assertEqual(len(first.objectIds(["Submission"])), 0)
        categories = [
            c.title for c in first.listFolderContents({"portal_type": "Category"})
        ]
        self.assertEqual(len(categories), 5)
        self.assertIn(
            "Interkommunale Zusammenarbeit in der Krisenbewältigung", categories
        )
        self.assertEqual(first.submission_end.date().isoformat(), "2022-02-11")
        self.assertIn(
            api.content.get_uuid(first["teilnahmebedingungen"]), first.intro.raw
        )
        self.assertEqual(len(consultation.hours()), 3)
        prologue = self.competition["bewerbung"].formPrologue.raw
        self.assertIn(api.content.get_uuid(self.portal["datenschutz"]), prologue)

    def test_main_menu_and_footer(self):
        tabs = api.portal.get_tool("portal_actions")["portal_tabs"]
        visible = [a.title for a in tabs.objectValues() if a.visible]
        self.assertEqual(
            visible[:9],
            [
                "Start",
                "Bewerbung",
                "Teilnahmebedingungen",
                "Preise",
                "FAQ",
                "Preisträger",
                "Archiv",
                "Termine",
                "Kontakt",
            ],
        )
        footer = api.portal.get_tool("portal_actions")["site_actions"]
        titles = [a.title for a in footer.objectValues() if a.visible]
        for title in (
            "Impressum",
            "Datenschutz",
            "Barrierefreiheit",
            "Leichte Sprache",
        ):
            self.assertIn(title, titles)

    def test_start_page_follows_the_phase(self):
        logout()
        view = self.portal["startseite"].restrictedTraverse("landespreis-start")
        self.assertEqual(view.phase(), "open")
        html = view()
        self.assertIn("bewerbung", html)
        self.assertIn("Online-Sprechstunde 1", html)
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        login(self.portal, api.user.get(userid=TEST_USER_ID).getUserName())
        api.content.transition(self.competition, transition="close")
        logout()
        view = self.portal["startseite"].restrictedTraverse("landespreis-start")
        self.assertEqual(view.phase(), "judging")
        html = view()
        self.assertIn("ikz-phase-judging", html)
        self.assertNotIn("btn-lg", html)

    def test_landing_per_role(self):
        portal_url = self.portal.absolute_url()
        c_url = self.competition.absolute_url()
        cases = {
            demo.EDITOR: c_url + "/@@submissions",
            demo.CHAIR: c_url + "/@@jury",
            "jury1": c_url + "/@@jury",
        }
        for username, expected in cases.items():
            self.assertEqual(
                landing.landing_url(api.user.get(username=username)), expected
            )
        api.user.create(
            email="admin@example.org", username="siteadmin", password="x" * 12
        )
        api.user.grant_roles(username="siteadmin", roles=["Site Administrator"])
        self.assertEqual(
            landing.landing_url(api.user.get(username="siteadmin")), portal_url
        )
        # a general page is replaced by the landing, a specific one is kept
        login(self.portal, "jury1")
        redirect = landing.RedirectAfterLogin(self.portal, self.request)
        self.assertEqual(redirect(portal_url), c_url + "/@@jury")
        self.assertEqual(redirect(portal_url + "/startseite"), c_url + "/@@jury")
        self.assertEqual(redirect(c_url + "/faq"), c_url + "/faq")

    def test_reminder_the_day_before(self):
        hour = api.content.find(portal_type="Event", sort_on="start")[0].getObject()
        consultation.register(
            api.content.get_uuid(hour), "Erika Mustermann", "erika@example.org"
        )
        from ikz.landespreis import mail

        api.portal.set_registry_record(
            "ikz.landespreis.delivery.public_url", "https://landespreis.example.org"
        )
        queued = []
        original = mail.enqueue
        mail.enqueue = lambda context, data, mfrom, to, track=None: queued.append((
            to,
            data,
        ))
        self.addCleanup(setattr, mail, "enqueue", original)
        start = hour.start.astimezone(BERLIN)
        self.assertEqual(consultation.send_reminders(start - timedelta(days=3)), 0)
        self.assertEqual(consultation.send_reminders(start - timedelta(hours=20)), 1)
        # through the central mail module, with the public address in the link
        self.assertEqual([to for to, _data in queued], ["erika@example.org"])
        self.assertIn(b"https://landespreis.example.org/", queued[0][1])
        # once only
        self.assertEqual(consultation.send_reminders(start - timedelta(hours=19)), 0)

    def test_justification_read_defensively(self):
        self.assertEqual(views.justification(None, "x"), "")
        self.assertEqual(views.justification({"justification": "Gut."}, "x"), "Gut.")
        self.assertEqual(
            views.justification(
                {"justification": "Alle.", "justifications": {"x": "Dieses."}}, "x"
            ),
            "Dieses.",
        )

    def test_winners_page_without_results(self):
        logout()
        view = self.portal.restrictedTraverse("@@preistraeger")
        self.assertEqual(view.editions()[0]["categories"], [])
        self.assertIn("Preisträger", view())


class TestConfirmAndNotify(OwnMailQueue, unittest.TestCase):
    layer = IKZ_DEMO_INTEGRATION_TESTING

    def setUp(self):
        self.own_queue()
        self.portal = self.layer["portal"]
        self.request = self.layer["request"]

    def _action(self, form):
        from collective.easyform.api import CONTEXT_KEY
        from collective.easyform.api import get_actions

        action = get_actions(form)["confirm_and_notify"]
        action.interface.setTaggedValue(CONTEXT_KEY, form)
        return action

    def test_feedback_confirms_in_german_and_tells_the_office(self):
        form = self.portal["barriere-melden"]
        action = self._action(form)
        self.assertEqual(action.office_email, "landespreis@example.org")
        from ikz.landespreis import mail

        import email
        import email.policy

        sent = []
        original = mail.enqueue
        mail.enqueue = lambda context, data, mfrom, to, track=None: sent.append(
            email.message_from_bytes(data, policy=email.policy.default)
        )
        try:
            action.onSuccess(
                {
                    "name": "Erika",
                    "email": "erika@example.org",
                    "message": "Kontrast zu schwach.",
                },
                self.request,
            )
        finally:
            mail.enqueue = original
        self.assertEqual(
            [str(m["To"]) for m in sent],
            ["erika@example.org", "landespreis@example.org"],
        )
        confirmation = sent[0].get_content()
        self.assertIn("vielen Dank für Ihre Nachricht", confirmation)
        self.assertIn("Ihre Nachricht: Kontrast zu schwach.", confirmation)
        self.assertEqual(str(sent[1]["Reply-To"]), "erika@example.org")

    def test_registration_is_kept_on_the_hour(self):
        form = self.portal["termine"]["anmeldung"]
        hour = self.portal["termine"]["sprechstunde-2"]
        self._action(form).onSuccess(
            {
                "termin": api.content.get_uuid(hour),
                "name": "Max",
                "email": "max@example.org",
            },
            self.request,
        )
        self.assertEqual(
            [r["email"] for r in consultation.registrations(hour)], ["max@example.org"]
        )
        vocabulary = consultation.upcoming_hours(form)
        self.assertEqual(len(vocabulary), 3)
        self.assertIn(
            "Online-Sprechstunde 2 am",
            vocabulary.getTerm(api.content.get_uuid(hour)).title,
        )

    def test_registration_confirmed_from_the_template(self):
        from ikz.landespreis import mail

        import email
        import email.policy

        form = self.portal["termine"]["anmeldung"]
        hour = self.portal["termine"]["sprechstunde-2"]
        sent = []
        original = mail.enqueue
        mail.enqueue = lambda context, data, mfrom, to, track=None: sent.append(
            email.message_from_bytes(data, policy=email.policy.default)
        )
        try:
            self._action(form).onSuccess(
                {
                    "termin": api.content.get_uuid(hour),
                    "name": "Jörg Weiß",
                    "email": "joerg@example.org",
                },
                self.request,
            )
        finally:
            mail.enqueue = original
        confirmation = sent[0]
        self.assertEqual(str(confirmation["To"]), "joerg@example.org")
        self.assertEqual(confirmation["Subject"], f"Ihre Anmeldung: {hour.Title()}")
        body = mail.text_of(confirmation)
        self.assertIn("Guten Tag Jörg Weiß,", body)
        self.assertIn("vielen Dank für Ihre Anmeldung", body)
        self.assertIn("/termine/sprechstunde-2", body)
        self.assertIn("<p>", confirmation.get_body(("html",)).get_content())

    def test_favicon_and_text_logo(self):
        self.assertTrue(api.portal.get_registry_record("plone.site_favicon"))
        self.assertEqual(
            api.portal.get_registry_record("ikz.landespreis.portal.logo_text"),
            "Landespreis IKZ.NRW",
        )


class TestUpgrade(unittest.TestCase):
    layer = IKZ_DEMO_INTEGRATION_TESTING

    def test_1006_brings_the_portal_settings_and_actions(self):
        from ikz.landespreis.upgrades.portal import portal as upgrade

        portal = self.layer["portal"]
        registry_key = "ikz.landespreis.portal.logo_text"
        user_actions = api.portal.get_tool("portal_actions")["user"]
        user_actions.manage_delObjects(["ikz-my-tasks"])
        upgrade(api.portal.get_tool("portal_setup"))
        self.assertIn("ikz-my-tasks", user_actions.objectIds())
        self.assertEqual(
            api.portal.get_registry_record(registry_key), "Landespreis IKZ.NRW"
        )
        self.assertIn("redirectOnResponse", user_actions["login"].getProperty("modal"))
        self.assertTrue(portal.unrestrictedTraverse("@@landespreis-portal-settings"))
