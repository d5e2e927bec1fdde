"""A newcomer in Debian's Chromium: from the site root by clicking to the
form, the legal pages, the feedback form, the consultation-hour
registration and (after the results) the winners; every role logs in
through the "Anmelden" modal and lands where its work is. axe-core (every
impact level) on every page; screenshots in var/screenshots/portal-*."""

from aiosmtpd.controller import Controller
from ikz.landespreis.demo_pictures import demo_picture
from tests.base import valid_values
from tests.browser import Browser
from tests.browser import CHROMIUM
from tests.browser import CHROMIUM_ARGS
from tests.browser import DEMO
from tests.browser import SHOTS
from tests.browser import text
from tests.served import free_port
from tests.served import ServedSite

import email
import email.policy
import re
import requests
import time
import unittest


ALT = "Zwei Orte, verbunden durch eine Straße zwischen grünen Feldern."


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(
            email.message_from_bytes(envelope.content, policy=email.policy.default)
        )
        return "250 OK"


class PortalSite(ServedSite):
    """A real instance with a real SMTP server and Debian's Chromium."""

    def setUp(self):
        self.inbox = Inbox()
        self.smtp_port = free_port()
        self.smtp = Controller(self.inbox, hostname="127.0.0.1", port=self.smtp_port)
        self.smtp.start()
        super().setUp()
        from playwright.sync_api import sync_playwright

        self.playwright = sync_playwright().start()
        self.browser = self.playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        SHOTS.mkdir(parents=True, exist_ok=True)

    def tearDown(self):
        self.browser.close()
        self.playwright.stop()
        super().tearDown()
        self.smtp.stop()


PORTAL_SITE = PortalSite(name="PortalSite")


class PortalTestCase(unittest.TestCase):
    layer = PORTAL_SITE

    def setUp(self):
        self.base = self.layer.base
        self.context = self.layer.browser.new_context(locale="de-DE")
        self.page = self.context.new_page()
        self.page.set_default_timeout(60000)
        self.findings = []
        self.checked = []
        # the portal's Content-Security-Policy must not break a script
        self.script_errors = []
        self.page.on("pageerror", lambda error: self.script_errors.append(str(error)))

    def tearDown(self):
        self.context.close()

    def look(self, name):
        """Screenshot and axe-core (every impact level) of the current page."""
        from axe_playwright_python.sync_playwright import Axe

        self.page.wait_for_load_state("load")
        self.page.screenshot(path=str(SHOTS / f"portal-{name}.png"), full_page=True)
        results = Axe().run(self.page)
        for violation in results.response["violations"]:
            targets = [n["target"] for n in violation["nodes"][:3]]
            self.findings.append(
                f"{name}: {violation['id']} ({violation['impact']}) {targets}"
            )
        self.checked.append(name)

    def assert_accessible(self):
        print(f"\naxe-core: {len(self.checked)} pages, {len(self.findings)} findings")
        self.assertEqual(self.findings, [], "\n".join(self.findings))

    def follow(self, selector):
        with self.page.expect_navigation():
            self.page.click(selector)
        self.page.wait_for_load_state()

    def menu(self, title):
        self.follow(f"#portal-globalnav >> text={title}")

    def footer(self, title):
        self.follow(f"#portal-footer-wrapper >> text={title}")

    def mails_to(self, address, timeout=20):
        deadline = time.time() + timeout
        while time.time() < deadline:
            found = [m for m in self.layer.inbox.messages if address in m["To"]]
            if found:
                return found
            time.sleep(0.5)
        return []

    def login_modal(self, user, password=DEMO):
        """Log in through the "Anmelden" modal of the page that is open."""
        p = self.page
        p.click("#personaltools-login")
        try:
            p.wait_for_selector("#__ac_name", state="visible")
        except Exception as error:
            p.screenshot(path=str(SHOTS / "portal-anmelden-fehler.png"))
            raise AssertionError(
                f"no login form on {p.url}: {self.script_errors}"
            ) from error
        p.wait_for_load_state("networkidle")  # the modal's scripts are loaded
        self.assertEqual(self.script_errors, [])
        p.fill("#__ac_name", user)
        p.fill("#__ac_password", password)
        self.page.screenshot(path=str(SHOTS / "portal-anmelden-modal.png"))
        # the landing may be the page that is open (the administrator's is
        # the start page): wait for the page the login leads to, whatever
        # its address, with the login cookie set
        try:
            with p.expect_navigation(timeout=60000):
                p.locator(
                    ".modal-footer button, .plone-modal-footer button"
                ).first.click()
            p.wait_for_load_state()
        except Exception:
            p.screenshot(path=str(SHOTS / "portal-anmelden-fehler.png"))
            raise
        self.assertIn("__ac", [c["name"] for c in self.context.cookies()], p.url)
        self.assertEqual(p.locator("#__ac_name").count(), 0, p.url)


class TestNewcomer(PortalTestCase):
    def test_newcomer_by_clicking(self):
        p = self.page
        p.goto(self.base)
        # the first key press reaches the skip link to the content
        p.keyboard.press("Tab")
        self.assertEqual(
            p.evaluate("document.activeElement.getAttribute('href')"), "#content"
        )
        self.assertIn("Jetzt bewerben", p.inner_text("#content"))
        self.look("01-start")
        nav = p.inner_text("#portal-globalnav")
        for item in (
            "Start",
            "Bewerbung",
            "Teilnahmebedingungen",
            "Preise",
            "FAQ",
            "Preisträger",
            "Archiv",
            "Termine",
            "Kontakt",
        ):
            self.assertIn(item, nav)
        footer = p.inner_text("#portal-footer-wrapper")
        self.assertNotIn("Powered by", footer)
        self.assertNotIn("Plone Foundation", footer)

        # the call to apply leads to the form; an empty post shows errors
        self.follow("text=Zum Bewerbungsformular")
        self.assertIn("/bewerbung", p.url)
        # the consent is preceded by the link to the privacy notice
        self.assertEqual(
            p.locator("#content a", has_text="Datenschutzerklärung").count(), 1
        )
        self.look("02-formular")
        self.follow("#form-buttons-submit")
        self.assertIn("Fehler", p.inner_text("#content"))
        self.look("03-formular-fehler")

        # the legal pages from the footer
        self.footer("Impressum")
        self.assertIn("Medienstaatsvertrag", p.inner_text("#content"))
        self.look("04-impressum")
        self.footer("Datenschutz")
        self.assertIn("Jury", p.inner_text("#content"))
        self.look("05-datenschutz")
        self.footer("Leichte Sprache")
        self.look("06-leichte-sprache")
        self.footer("Barrierefreiheit")
        text = p.inner_text("#content")
        for needle in ("WCAG", "Stufe AA", "BITV NRW", "Ombudsstelle", "2025"):
            self.assertIn(needle, text)
        self.look("07-barrierefreiheit")

        # the feedback form: errors, then a German confirmation by mail
        self.follow("#content >> text=Formular „Barriere melden“")
        self.look("08-barriere-melden")
        self.follow("#form-buttons-submit")
        self.look("09-barriere-melden-fehler")
        p.fill("#form-widgets-name", "Erika Mustermann")
        p.fill("#form-widgets-email", "erika@example.org")
        p.fill(
            "#form-widgets-message",
            "Die Tabelle auf der FAQ-Seite liest mein Screenreader nicht vor.",
        )
        self.follow("#form-buttons-submit")
        self.assertIn("Vielen Dank", p.inner_text("#content"))
        self.look("10-barriere-melden-danke")
        confirmation = self.mails_to("erika@example.org")
        self.assertTrue(confirmation)
        self.assertIn("Barrierefreiheit", confirmation[0]["Subject"])
        self.assertTrue(self.mails_to("landespreis@example.org"))

        # consultation hours: dates, iCalendar, registration
        self.menu("Termine")
        self.look("11-termine")
        self.follow("#content >> text=Online-Sprechstunde 1")
        self.assertGreaterEqual(p.locator("a[href*='ics_view']").count(), 1)
        self.look("12-sprechstunde")
        ical = requests.get(
            p.locator("a[href*='ics_view']").first.get_attribute("href"), timeout=30
        )
        self.assertIn("BEGIN:VCALENDAR", ical.text)
        self.follow("text=Zur Anmeldung für eine Online-Sprechstunde")
        self.look("13-anmeldung")
        p.select_option("#form-widgets-termin", index=0)
        p.fill("#form-widgets-name", "Max Muster")
        p.fill("#form-widgets-email", "max@example.org")
        self.follow("#form-buttons-submit")
        self.assertIn("Vielen Dank", p.inner_text("#content"))
        self.look("14-anmeldung-danke")
        self.assertTrue(self.mails_to("max@example.org"))

        # archive with the 1st edition
        self.menu("Archiv")
        self.follow("#content >> text=1. Landespreis")
        self.assertIn("Krisenbewältigung", p.inner_text("#content"))
        self.look("15-archiv-erste-ausgabe")
        self.follow("#content >> text=Teilnahmebedingungen")
        self.assertIn("11. Februar 2022", p.inner_text("#content"))

        # after the results: the start page leads to the winners
        competition = self.base + "/landespreis-2026"
        winner = self.make_winner(competition)
        for transition in ("decide", "publish_results"):
            self.rest("POST", f"{competition}/@workflow/{transition}", "redaktion")
        self.menu("Start")
        self.assertIn("Die Preisträger stehen fest", p.inner_text("#content"))
        self.look("16-start-ergebnisse")
        self.follow("text=Alle Preisträger ansehen")
        self.assertIn("Preisträger", p.inner_text("#content"))

        # the gallery, from the main menu: the winner with its picture
        self.menu("Start")
        self.menu("Preisträger")
        gallery = p.inner_text("#content")
        for needle in (
            "Gemeinsames Bürgerbüro",
            "Sonderkategorie Shared Service Center",
            "10.000",
            "Stadt Musterstadt",
            "Gemeinde Beispieldorf",
            "Die Jury würdigt das gemeinsame Bürgerbüro.",
        ):
            self.assertIn(needle, gallery)
        # every edition, the newest first, the archive's 1st edition too
        self.assertLess(
            gallery.index("2. Landespreis"), gallery.index("1. Landespreis")
        )
        pictures = p.locator("#content img")
        self.assertEqual(pictures.count(), 1)
        self.assertEqual(pictures.first.get_attribute("alt"), ALT)
        self.assertIn("@@images/", pictures.first.get_attribute("src"))
        self.assertTrue(
            p.evaluate("document.querySelector('#content img').naturalWidth > 0")
        )
        self.look("17-preistraeger")
        # ... and on to the winner's page by clicking the title
        self.follow("#content h3 >> text=Gemeinsames Bürgerbüro")
        self.assertEqual(p.url, winner)
        text = p.inner_text("#content")
        self.assertIn("Preisträger in der Kategorie", text)
        self.assertIn("Die Jury würdigt das gemeinsame Bürgerbüro.", text)
        self.assertNotIn("erika@example.org", p.content())
        image = p.locator(".ikz-pictures img")
        self.assertEqual(image.get_attribute("alt"), ALT)
        self.assertNotRegex(image.get_attribute("src"), r"@@images/picture_1$")
        og = p.locator("meta[property='og:image']").get_attribute("content")
        self.assertIn(winner + "/@@images/", og)
        self.assertEqual(
            p.locator("meta[property='og:image:alt']").get_attribute("content"), ALT
        )
        self.assertIn('"CreativeWork"', p.content())
        self.look("18-preistraeger-seite")
        self.assert_accessible()

    def rest(self, method, url, user, body=None):
        response = requests.request(
            method,
            url,
            auth=(user, DEMO),
            json=body,
            headers={"Accept": "application/json"},
            timeout=60,
        )
        self.assertLess(response.status_code, 300, f"{url}: {response.text}")
        return response.json() if response.text else {}

    def make_winner(self, competition):
        """An applicant applies with a picture (the form, as a browser
        posts it); the office admits; a juror scores; the chair signs; the
        office awards and publishes (REST). Returns the winner's URL."""
        response = Browser().submit_application(
            competition + "/bewerbung",
            valid_values(
                category="shared-service-center",
                picture_1_alt=ALT,
            ),
            files={"picture_1": ("rathaus.png", demo_picture(), "image/png")},
        )
        found = re.search(r"LP\d\d-SSC-\d{4}", text(response))
        self.assertTrue(found, text(response)[-1500:])
        category = competition + "/shared-service-center"
        url = f"{category}/{found.group(0).lower()}"
        self.rest("POST", url + "/@workflow/admit", "redaktion")
        self.rest("POST", competition + "/@workflow/close", "redaktion")
        self.rest("POST", url + "/@conflict", "jury1", {"conflict": False})
        self.rest(
            "POST",
            url + "/@jury-scores",
            "jury1",
            {
                "scores": {"benefit": 8, "innovation": 9, "sustainability": 7},
                "final": True,
                "comment": "Überzeugend.",
            },
        )
        uid = self.rest("GET", url, "redaktion")["UID"]
        body = {
            "winners": [uid],
            "laudatio": {uid: "Die Jury würdigt das gemeinsame Bürgerbüro."},
            "reason": "Die übrigen Jurymitglieder haben auf eine Bewertung verzichtet.",
        }
        preview = self.rest("POST", category + "/@jury-decision", "vorsitz", body)
        self.assertEqual(preview["problems"], [])
        signed = self.rest(
            "POST",
            category + "/@jury-decision",
            "vorsitz",
            {**body, "confirm": True, "fingerprint": preview["fingerprint"]},
        )
        self.assertTrue(signed["frozen"])
        for transition in ("award", "publish"):
            self.rest("POST", f"{url}/@workflow/{transition}", "redaktion")
        return url


class TestLanding(PortalTestCase):
    def land(self, user, password=DEMO):
        self.context.clear_cookies()
        self.page.goto(self.base)
        self.login_modal(user, password)
        return self.page.url

    def test_each_role_lands_on_its_work(self):
        p = self.page
        competition = self.base + "/landespreis-2026"
        self.assertEqual(self.land("redaktion"), competition + "/@@submissions")
        self.look("20-redaktion")
        self.assertEqual(self.land("jury1"), competition + "/@@jury")
        self.look("21-jury")
        self.assertEqual(self.land("vorsitz"), competition + "/@@jury")
        self.follow("text=Bewertungen und Rangfolge")
        self.assertIn("@@ranking", p.url)
        self.look("22-vorsitz-rangfolge")
        self.land("admin", self.layer.admin_password)
        self.assertIn(p.url.rstrip("/"), (self.base, self.base + "/startseite"))
        self.look("23-admin")
        self.assert_accessible()


class TestInvitation(PortalTestCase):
    """The office invites a juror by e-mail from its cockpit; the invitee
    follows the mailed link, sets a password, logs in, reads and accepts the
    confidentiality statement and only then reaches the jury area."""

    def test_invited_juror_accepts_the_statement(self):
        p = self.page
        competition = self.base + "/landespreis-2026"
        p.goto(self.base)
        self.login_modal("redaktion")
        self.assertEqual(p.url, competition + "/@@submissions")
        self.follow("#content >> text=Jury und Einladungen")
        self.look("40-jury-mitglieder")
        p.fill("#invite-fullname", "Dr. Jana Gutachterin")
        p.fill("#invite-email", "gutachterin@example.org")
        p.fill("#invite-organisation", "Landesrechnungshof NRW")
        self.follow("button:has-text('Einladung senden')")
        self.assertIn(
            "Dr. Jana Gutachterin wurde per E-Mail eingeladen", p.inner_text("body")
        )
        self.assertIn("Dr. Jana Gutachterin", p.inner_text("#content"))
        self.look("41-jury-eingeladen")
        mails = self.mails_to("gutachterin@example.org")
        self.assertTrue(mails)
        body = mails[0].get_body(preferencelist=("plain",)).get_content()
        reset = re.search(r"/passwordreset/(\S+)", body)
        self.assertIsNotNone(reset, body)

        # the invitee follows the link (on this test server) and sets a password
        self.context.clear_cookies()
        p.goto(f"{self.base}/passwordreset/{reset.group(1)}")
        if p.locator("#userid").count() and not p.input_value("#userid"):
            p.fill("#userid", "gutachterin")
        p.fill("#password", "Geheim-2026-Jury!")
        p.fill("#password2", "Geheim-2026-Jury!")
        self.look("42-passwort-setzen")
        self.follow("#content form button[type=submit]")
        # Plone logs her in; she lands on the statement first, with nothing
        # of any application
        self.assertIn("sind jetzt angemeldet", p.inner_text("body"))
        self.assertTrue(p.url.endswith("/@@vertraulichkeit"), p.url)
        self.assertIn("Vertraulichkeit", p.inner_text("#content"))
        self.look("44-vertraulichkeit")
        self.follow("button:has-text('Annehmen und weiter')")
        self.assertIn("Bitte bestätigen Sie", p.inner_text("#content"))
        self.look("45-vertraulichkeit-fehler")
        p.check("#accept")
        self.follow("button:has-text('Annehmen und weiter')")
        self.assertTrue(p.url.endswith("/@@jury"), p.url)
        self.assertIn("Ihre Zustimmung ist festgehalten", p.inner_text("body"))
        self.look("46-jury-nach-zustimmung")
        self.assert_accessible()


class TestKeyboard(PortalTestCase):
    """The journeys by keyboard alone: Tab, Enter and typing; every element
    reached shows where the focus is."""

    def tab_to(self, text, limit=150):
        """Press Tab until the focused element's text (or value) is
        ``text``; the focus must be visible on it."""
        p = self.page
        for _ in range(limit):
            p.keyboard.press("Tab")
            focused = p.evaluate(
                """() => {
                  const e = document.activeElement;
                  if (!e) return null;
                  const style = getComputedStyle(e);
                  return {
                    text: (e.innerText || e.value || '').trim(),
                    visible: style.outlineStyle !== 'none'
                      || style.boxShadow !== 'none'
                      || style.textDecorationLine.includes('underline'),
                  };
                }"""
            )
            if focused and focused["text"] == text:
                self.assertTrue(focused["visible"], f"focus not visible on {text}")
                return
        raise AssertionError(f"{text!r} not reached by Tab on {p.url}")

    def enter(self):
        with self.page.expect_navigation():
            self.page.keyboard.press("Enter")
        self.page.wait_for_load_state()

    def test_applicant_and_juror_by_keyboard(self):
        p = self.page
        p.goto(self.base)
        # the skip link first, then the menu to the form
        p.keyboard.press("Tab")
        self.assertEqual(
            p.evaluate("document.activeElement.getAttribute('href')"), "#content"
        )
        self.tab_to("Bewerbung")
        self.enter()
        self.assertIn("/bewerbung", p.url)
        # the send button by Tab: sending the empty form shows the errors
        self.tab_to("Bewerbung absenden")
        self.enter()
        self.assertIn("Fehler", p.inner_text("#content"))
        self.look("30-tastatur-formular-fehler")
        # a juror logs in by keyboard and reaches a score form
        self.context.clear_cookies()
        p.goto(self.base)
        self.tab_to("Anmelden")
        p.keyboard.press("Enter")
        p.wait_for_selector("#__ac_name", state="visible")
        self.assertEqual(p.evaluate("document.activeElement.id"), "__ac_name")
        p.keyboard.type("jury1")
        p.keyboard.press("Tab")
        p.keyboard.type(DEMO)
        self.enter()
        self.assertIn("@@jury", p.url)
        # nothing admitted yet: each category says so, no empty tables
        self.assertIn(
            "liegen der Jury noch keine Bewerbungen vor", p.inner_text("#content")
        )
        self.assertEqual(p.locator("#content table").count(), 0)
        self.look("31-tastatur-jury")
        self.assert_accessible()
