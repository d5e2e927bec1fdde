"""Real-browser acceptance: Debian's Chromium driven by Playwright against a
real instance with the demo site. Screenshots of every step go to the folder
printed at the start (IKZ_SCREENSHOTS, default var/screenshots)."""

from tests.browser import CHROMIUM
from tests.browser import CHROMIUM_ARGS
from tests.browser import DEMO
from tests.browser import SHOTS
from tests.pdfs import make_pdf
from tests.served import ServedSite

import io
import openpyxl
import pathlib
import pypdf
import requests
import unittest


PDF = make_pdf()


class BrowserSite(ServedSite):
    """A real instance and Debian's Chromium."""

    def setUp(self):
        super().setUp()
        from playwright.sync_api import sync_playwright

        self.playwright = sync_playwright().start()
        self.browser = self.playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        SHOTS.mkdir(parents=True, exist_ok=True)
        print(f"\nScreenshots: {SHOTS}")

    def tearDown(self):
        self.browser.close()
        self.playwright.stop()
        super().tearDown()


BROWSER_SITE = BrowserSite(name="BrowserSite")


class BrowserTestCase(unittest.TestCase):
    layer = BROWSER_SITE

    def setUp(self):
        self.base = self.layer.base
        self.competition = self.base + "/landespreis-2026"
        self.context = self.layer.browser.new_context(
            locale="de-DE", accept_downloads=True
        )
        self.page = self.context.new_page()
        self.page.set_default_timeout(30000)
        self.a11y = []
        self.checked_pages = []
        # what the Content-Security-Policy blocked, on any page
        self.csp_violations = []
        self.page.on("console", self.note_csp_violation)

    def note_csp_violation(self, message):
        if "Content Security Policy" in message.text:
            self.csp_violations.append(f"{self.page.url}: {message.text}")

    def tearDown(self):
        self.context.close()

    def shot(self, name):
        self.page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)

    def axe(self, name, every_impact=False):
        """axe-core on the current page; serious and critical findings (with
        ``every_impact`` findings of any impact) are collected and reported
        at the end of the test."""
        from axe_playwright_python.sync_playwright import Axe

        results = Axe().run(self.page)
        for violation in results.response["violations"]:
            if every_impact or violation["impact"] in ("serious", "critical"):
                targets = [n["target"] for n in violation["nodes"][:3]]
                self.a11y.append(
                    f"{name}: {violation['id']} ({violation['impact']}) {targets}"
                )
        self.checked_pages.append(name)

    def follow(self, selector):
        """Click a link or button and wait for the page it leads to."""
        with self.page.expect_navigation():
            self.page.click(selector)
        self.page.wait_for_load_state()

    def login(self, user, came_from):
        self.page.goto(f"{self.base}/login?came_from={came_from}")
        self.page.fill("#__ac_name", user)
        self.page.fill("#__ac_password", DEMO)
        self.page.click("#buttons-login")
        self.page.wait_for_load_state()

    def fill_application(self, title, with_title=True, upload=("steckbrief.pdf", PDF)):
        p = self.page
        if with_title:
            p.fill("#form-widgets-title", title)
        else:
            p.fill("#form-widgets-title", "")
        p.select_option("#form-widgets-category", "shared-service-center")
        p.fill("#form-widgets-lead_municipality", f"Stadt {title}")
        p.fill("#form-widgets-department", "Fachbereich Digitales")
        p.fill("#form-widgets-contact_name", "Erika Mustermann")
        p.fill("#form-widgets-contact_email", "erika@example.org")
        p.fill("#form-widgets-contact_phone", "0211 12345")
        p.fill("#form-widgets-partners", "Gemeinde Beispieldorf\nKreis Beispielkreis")
        p.fill("#form-widgets-contract_date", "2019-05-01")
        p.select_option("#form-widgets-project_status", "running")
        p.fill("#form-widgets-legal_form", "öffentlich-rechtliche Vereinbarung")
        p.fill("#form-widgets-summary", f"{title}: zwei Kommunen arbeiten gemeinsam.")
        p.fill("#form-widgets-benefit", "Kürzere Wege.")
        p.fill("#form-widgets-innovation", "Digitale Akte.")
        p.fill("#form-widgets-sustainability", "Auf Dauer vereinbart.")
        if upload:
            name, data = upload
            p.set_input_files(
                "input[type=file][name='form.widgets.project_file']",
                files=[{"name": name, "mimeType": "application/pdf", "buffer": data}],
            )
        p.check("#form-widgets-privacy_consent-0")
        p.check("#form-widgets-publication_consent-0")

    def submit(self):
        self.page.click("#form-buttons-submit")
        self.page.wait_for_load_state()


class TestJourney(BrowserTestCase):
    """The whole year in one story: apply, check, score, decide, publish."""

    def test_journey(self):
        p = self.page
        # an applicant reads the conditions and applies
        p.goto(self.competition)
        self.shot("01-wettbewerb")
        self.axe("Wettbewerb")
        p.click("#portal-globalnav >> text=Teilnahmebedingungen")
        self.assertIn("Sparkassen", p.inner_text("#content"))
        self.shot("02-teilnahmebedingungen")
        self.axe("Teilnahmebedingungen")
        p.click("#portal-globalnav >> text=Bewerbung")
        self.assertIn("Bewerbungszeitraum", p.inner_text("#content"))
        self.axe("Formular leer")
        self.fill_application("Gemeinsames Rechenzentrum")
        self.shot("03-formular-ausgefuellt")
        self.submit()
        self.assertIn("application-received", p.url)
        self.assertRegex(p.inner_text("#content"), r"LP\d\d-SSC-0001")
        self.shot("04-danke")
        self.axe("Danke")

        # a second applicant makes mistakes and corrects them
        p.goto(self.competition + "/bewerbung")
        self.fill_application(
            "Interkommunale Bauhöfe",
            with_title=False,
            upload=("antrag.pdf", b"<html><script>alert(1)</script></html>"),
        )
        self.submit()
        self.assertIn("Erforderliche Eingabe fehlt", p.inner_text("#content"))
        self.shot("05-fehler-pflichtfeld")
        self.axe("Formular mit Fehlern")
        # the error is announced (a live region) and the form works by keyboard
        announced = p.locator("[role=alert], [role=status], [aria-live]").filter(
            has_text="Fehler"
        )
        self.assertGreaterEqual(announced.count(), 1)
        # every error at once, in a summary at the top that has the focus
        # and links to each field (issue 14)
        summary = p.locator("#ikz-error-summary")
        self.assertIn("2 Fehler", summary.inner_text())
        self.assertIn("keine Datei eines zugelassenen Typs", summary.inner_text())
        self.assertEqual(p.evaluate("document.activeElement.id"), "ikz-error-summary")
        summary.locator("a[href='#form-widgets-title']").click()
        self.assertEqual(p.evaluate("document.activeElement.id"), "form-widgets-title")
        # choices start with "Bitte wählen"; long texts count characters
        self.assertEqual(
            p.locator("#form-widgets-project_status option").first.inner_text(),
            "Bitte wählen",
        )
        self.assertIn(
            "von 3.000 Zeichen", p.inner_text("#formfield-form-widgets-summary")
        )
        p.focus("#form-widgets-title")
        for _press in range(120):
            p.keyboard.press("Tab")
            if p.evaluate("document.activeElement.id") == "form-buttons-submit":
                break
        self.assertEqual(p.evaluate("document.activeElement.id"), "form-buttons-submit")
        # files are not kept between two posts: the form says so
        self.assertIn(
            "Bitte wählen Sie die Datei antrag.pdf erneut aus", p.inner_text("#content")
        )
        self.fill_application(
            "Interkommunale Bauhöfe",
            upload=("antrag.pdf", b"<html><script>alert(1)</script></html>"),
        )
        self.submit()
        self.assertIn("keine Datei eines zugelassenen Typs", p.inner_text("#content"))
        self.shot("06-fehler-dateityp")
        self.fill_application("Interkommunale Bauhöfe")
        self.submit()
        self.assertRegex(p.inner_text("#content"), r"LP\d\d-SSC-0002")
        # and a third application for the office to reject
        p.goto(self.competition + "/bewerbung")
        self.fill_application("Sparkassenverbund")
        self.submit()
        self.assertRegex(p.inner_text("#content"), r"LP\d\d-SSC-0003")

        # the office admits two, rejects one, downloads the export
        self.login("redaktion", self.competition + "/@@submissions")
        p.goto(self.competition + "/@@submissions")
        self.shot("07-cockpit")
        # the office's figures on the competition page
        p.goto(self.competition)
        p.wait_for_load_state()
        self.assertIn(
            "Fortschritt der Jury je Kategorie", p.inner_text(".ikz-statistics")
        )
        self.shot("07a-wettbewerb-zahlen")
        self.axe("Wettbewerb mit Zahlen")
        p.goto(self.competition + "/@@submissions")
        self.axe("Cockpit")
        rows = p.locator("table.ikz-cockpit tbody tr")
        self.assertEqual(rows.count(), 3)
        for title in ("Gemeinsames Rechenzentrum", "Interkommunale Bauhöfe"):
            p.locator("tr", has_text=title).locator("input[type=checkbox]").check()
        p.select_option("#action", "admit")
        p.click("text=Ausführen")
        p.wait_for_load_state()
        self.assertIn("2 Bewerbungen geändert", p.inner_text("body"))
        p.locator("tr", has_text="Sparkassenverbund").locator(
            "input[type=checkbox]"
        ).check()
        p.select_option("#action", "reject")
        p.fill("#reason", "Sparkassen sind von der Teilnahme ausgeschlossen.")
        p.click("text=Ausführen")
        p.wait_for_load_state()
        self.shot("08-cockpit-entschieden")
        self.assertIn("Nicht zugelassen", p.inner_text("table.ikz-cockpit"))
        with p.expect_download() as download:
            p.click("text=Export (Excel)")
        book = openpyxl.load_workbook(
            io.BytesIO(pathlib.Path(download.value.path()).read_bytes())
        )
        self.assertEqual(book["Alle Bewerbungen"].max_row, 4)
        self.assertEqual(book.sheetnames[0], "Übersicht")
        # the decisions are mailed only when the office releases them: the
        # list of recipients, a sample mail, a confirmation
        p.goto(self.competition + "/@@mail-release")
        self.assertIn("Prüfen und freigeben", p.inner_text("#content"))
        # the jury's outcome is locked, and the page says why
        self.assertIn(
            "erst nach Veröffentlichung der Ergebnisse",
            p.inner_text(".ikz-release-locked >> nth=0"),
        )
        self.shot("08-mails-uebersicht")
        self.axe("Mails freigeben, Übersicht")
        p.goto(self.competition + "/@@mail-release?kind=admission")
        self.assertIn(
            "Gemeinsames Rechenzentrum", p.inner_text("table.ikz-release-list")
        )
        self.assertIn("ist zugelassen", p.inner_text(".ikz-mail-preview"))
        self.shot("08a-mails-freigeben")
        self.axe("Mails freigeben")
        p.check("#ikz-confirmed")
        p.click("text=Ausgewählte Mails freigeben")
        p.wait_for_load_state()
        self.assertIn("2 Mails „Zulassung“ sind freigegeben", p.inner_text("body"))
        p.goto(self.competition + "/@@mail-log")
        self.assertEqual(p.locator("table.ikz-mail-log tbody tr").count() >= 2, True)
        self.shot("08b-mail-protokoll")
        self.axe("Mail-Protokoll")
        p.goto(self.competition + "/@@mail-templates?kind=award")
        p.click("button[name=preview]")
        p.wait_for_load_state()
        self.assertIn("ausgezeichnet", p.inner_text(".ikz-preview-subject"))
        self.shot("08c-mailvorlage-vorschau")
        self.axe("Mailvorlage")
        # the office ends the application phase (the jury starts)
        response = requests.post(
            self.competition + "/@workflow/close",
            auth=("redaktion", DEMO),
            headers={"Accept": "application/json"},
            timeout=30,
        )
        self.assertEqual(response.status_code, 200, response.text)

        # a juror declares a conflict on one and scores the other
        self.context.clear_cookies()
        self.login("jury1", self.competition + "/@@jury")
        p.goto(self.competition + "/@@jury")
        self.assertIn("0 von 2", p.inner_text("#content"))
        self.shot("09-jury-dashboard")
        self.axe("Jury-Bereich")
        p.locator("tr", has_text="Gemeinsames Rechenzentrum").locator(
            "text=Interessenkonflikt prüfen"
        ).click()
        self.assertNotIn("zwei Kommunen arbeiten", p.inner_text("#content"))
        self.shot("10-konflikt-abfrage")
        self.axe("Interessenkonflikt")
        p.check("#conflict-yes")
        p.fill("#reason", "Ich berate die Stadt.")
        p.click("text=Erklärung speichern")
        p.wait_for_load_state()
        self.assertIn("0 von 1", p.inner_text("#content"))
        p.locator("tr", has_text="Interkommunale Bauhöfe").locator(
            "text=Interessenkonflikt prüfen"
        ).click()
        p.check("#conflict-no")
        p.click("text=Erklärung speichern")
        p.wait_for_load_state()
        # the scoring workspace: the application left, the score panel right
        self.assertIn("/@@workspace", p.url)
        self.assertIn("Die Bewerbung", p.inner_text(".ikz-ws-application"))
        self.assertIn("Kein erkennbarer Mehrwert", p.inner_text("#rubric-benefit"))
        self.axe("Bewertung", every_impact=True)
        # keyboard only: the first score by arrow keys in the focused select
        p.focus("#score-benefit")
        for _ in range(8):
            p.keyboard.press("ArrowDown")
        self.assertEqual(p.input_value("#score-benefit"), "7")
        self.assertIn("7–8", p.inner_text("#rubric-benefit li.ikz-band-current"))
        self.assertEqual(p.inner_text("#ikz-total"), "7,00")
        for criterion, value in (("innovation", "8"), ("sustainability", "6")):
            p.select_option(f"#score-{criterion}", value)
        self.assertEqual(p.inner_text("#ikz-total"), "7,00")
        p.fill("#comment", "Überzeugendes Konzept.")
        # the draft saves itself while the juror types
        p.wait_for_function(
            "document.getElementById('ikz-autosave-status')"
            ".textContent.includes('Entwurf gespeichert')"
        )
        self.shot("11-arbeitsplatz")
        p.set_viewport_size({"width": 390, "height": 844})
        self.assertGreater(
            p.locator(".ikz-ws-panel").bounding_box()["y"],
            p.locator(".ikz-ws-application").bounding_box()["y"],
        )
        self.shot("11-arbeitsplatz-schmal")
        self.axe("Bewertung (schmal)", every_impact=True)
        p.set_viewport_size({"width": 1366, "height": 768})
        p.click("button:has-text('Endgültig abgeben')")
        p.wait_for_load_state()
        summary = p.inner_text("#content")
        self.assertIn("Zusammenfassung Ihrer Bewertung", summary)
        self.assertIn("Überzeugendes Konzept.", summary)
        self.shot("11-zusammenfassung")
        self.axe("Zusammenfassung der Bewertung", every_impact=True)
        p.click("text=Ja, endgültig abgeben")
        p.wait_for_load_state()
        readonly = p.inner_text("#content")
        self.assertIn("endgültig abgegeben am", readonly)
        self.assertEqual(p.locator("#ikz-score-form").count(), 0)
        self.assertIn("1 von 1 endgültig abgegeben", readonly)
        self.shot("11-bewertung")
        self.axe("Bewertung (abgegeben)", every_impact=True)
        p.goto(self.competition + "/@@jury")
        self.assertIn("1 von 1", p.inner_text("#content"))
        self.assertIn("width: 100%", p.locator(".ikz-progress").get_attribute("style"))
        self.shot("12-jury-fortschritt")

        # the chair, from the landing page by clicking only: the ranking,
        # its print view, the jury session for the category, the signed
        # decision and the minutes
        self.context.clear_cookies()
        self.login("vorsitz", self.base)
        self.assertTrue(p.url.endswith("/@@jury"), p.url)
        self.follow("#content >> text=Bewertungen und Rangfolge")
        self.assertIn("Interkommunale Bauhöfe", p.inner_text("#content"))
        self.assertEqual(p.locator("svg.ikz-chart").count() >= 1, True)
        self.shot("13-rangfolge")
        self.axe("Rangfolge")
        self.follow("#content >> text=Druckansicht")
        self.assertIn("Interkommunale Bauhöfe", p.inner_text("main"))
        self.shot("13a-rangfolge-druck")
        self.axe("Rangfolge (Druckansicht)")
        self.follow("text=Zurück zur Rangfolge")
        self.follow("#content >> text=Jurysitzung")
        self.assertIn("@@jurysitzung", p.url)
        self.shot("13b-jurysitzung-eroeffnen")
        self.axe("Jurysitzung eröffnen")
        self.follow("button:has-text('Sitzung eröffnen')")
        self.assertIn("Die Jurysitzung ist eröffnet", p.inner_text("body"))
        self.assertIn("Vorsitz der Jury", p.inner_text("#content"))
        bauhoefe = p.locator("fieldset", has_text="Interkommunale Bauhöfe")
        bauhoefe.get_by_label("Ergebnis").select_option("winner")
        bauhoefe.get_by_label("Abstimmung").fill("einvernehmlich")
        bauhoefe.get_by_label("Notizen zur Beratung").fill(
            "Überzeugt durch den gemeinsamen Fuhrpark."
        )
        bauhoefe.get_by_label("Begründung (Laudatio)").fill(
            "Die Jury empfiehlt einstimmig die interkommunalen Bauhöfe."
        )
        rechenzentrum = p.locator("fieldset", has_text="Gemeinsames Rechenzentrum")
        rechenzentrum.get_by_label("Ergebnis").select_option("none")
        rechenzentrum.get_by_label("Abstimmung").fill("1:4")
        # jurors 2 to 4 have not scored: the chair records why
        p.get_by_label("Begründung für die Unterzeichnung ohne").fill(
            "Die übrigen Jurymitglieder haben auf eine Bewertung verzichtet."
        )
        self.shot("13c-jurysitzung-beratung")
        self.axe("Jurysitzung")
        self.follow("button:has-text('Festgehaltenes dieser Kategorie speichern')")
        self.assertIn("gespeichert", p.inner_text("body"))
        self.follow("button:has-text('Sitzung schließen …')")
        # the confirmation shows exactly what is signed
        confirmation = p.inner_text("#confirm-heading >> xpath=..")
        self.assertIn("Interkommunale Bauhöfe", confirmation)
        self.assertIn("Die Jury empfiehlt einstimmig", confirmation)
        self.shot("14-bestaetigung")
        self.axe("Bestätigung der Jurysitzung")
        self.follow("button:has-text('unterzeichnen und Sitzung schließen')")
        self.assertIn("Protokoll", p.inner_text("body"))
        self.shot("14-jurysitzung-geschlossen")
        self.axe("Jurysitzung (geschlossen)")
        with p.expect_download() as download:
            p.click("text=Protokoll der Sitzung (PDF)")
        minutes = pypdf.PdfReader(
            io.BytesIO(pathlib.Path(download.value.path()).read_bytes())
        )
        minutes_text = " ".join(page.extract_text() for page in minutes.pages)
        minutes_text = " ".join(minutes_text.split())
        self.assertIn("Interkommunale Bauhöfe", minutes_text)
        self.assertIn("Preisträger", minutes_text)
        self.assertIn("Die Jury empfiehlt einstimmig", minutes_text)
        self.assertIn("Vorsitz der Jury", minutes_text)
        # the session leads to the signed decision of the category
        self.follow("#content >> text=Unterzeichnete Entscheidung dieser Kategorie")
        self.assertIn("Unterzeichnet von Vorsitz der Jury", p.inner_text("#content"))
        self.assertIn("Die Jury empfiehlt einstimmig", p.inner_text("#content"))
        self.shot("14-juryentscheidung")

        # a juror of the category countersigns from the jury area; jury1,
        # conflicted on an application of it, only reads the decision
        self.context.clear_cookies()
        self.login("jury1", self.competition + "/@@jury")
        p.goto(self.competition + "/@@jury")
        self.assertIn("Entscheidung lesen", p.inner_text("#content"))
        self.assertNotIn("mitzeichnen", p.inner_text("#content"))
        self.context.clear_cookies()
        self.login("jury2", self.competition + "/@@jury")
        p.goto(self.competition + "/@@jury")
        p.click("text=Entscheidung lesen und mitzeichnen")
        p.wait_for_load_state()
        p.click("text=Einverstanden (mitzeichnen)")
        p.wait_for_load_state()
        self.assertIn("Jurymitglied 2 ist einverstanden", p.inner_text("#content"))
        self.shot("14-mitzeichnung")
        self.axe("Mitzeichnung")

        # the office awards and publishes the winner
        self.context.clear_cookies()
        self.login("redaktion", self.competition)
        p.goto(self.competition + "/@@submissions")
        p.click("text=Interkommunale Bauhöfe")
        p.wait_for_load_state()
        for transition in ("award", "publish"):
            p.click("#plone-contentmenu-workflow > a")
            p.click(f"#workflow-transition-{transition}")
            p.wait_for_load_state()
        self.shot("15-veroeffentlicht")
        for transition in ("decide", "publish_results"):
            response = requests.post(
                f"{self.competition}/@workflow/{transition}",
                auth=("redaktion", DEMO),
                headers={"Accept": "application/json"},
                timeout=30,
            )
            self.assertEqual(response.status_code, 200, response.text)

        # a visitor sees the winner on the competition page
        self.context.clear_cookies()
        p.goto(self.competition)
        winners = p.inner_text(".ikz-winners")
        self.assertIn("Interkommunale Bauhöfe", winners)
        self.assertNotIn("Rechenzentrum", winners)
        self.assertNotIn("erika@example.org", p.content())
        self.shot("16-preistraeger")
        self.axe("Preisträger")

        # accessibility: no serious or critical findings on any page
        print(
            f"\naxe-core: {len(self.checked_pages)} pages checked, "
            f"{len(self.a11y)} serious/critical findings"
        )
        self.assertEqual(self.a11y, [], "\n".join(self.a11y))
        self.assertEqual(self.csp_violations, [], "\n".join(self.csp_violations))

    def test_editor_with_tinymce_under_the_csp(self):
        """The office edits a page: TinyMCE and the patterns work under the
        portal's Content-Security-Policy, and nothing is blocked."""
        p = self.page
        page = self.competition + "/teilnahmebedingungen"
        self.login("redaktion", page)
        response = p.goto(page + "/edit")
        self.assertIn("script-src 'self'", response.headers["content-security-policy"])
        p.wait_for_selector(".tox-tinymce", state="visible")
        editor = p.frame_locator(".tox-edit-area iframe").locator("body")
        editor.click()
        p.keyboard.press("Control+End")
        p.keyboard.type(" Ergänzt unter CSP.")
        self.shot("csp-tinymce")
        p.click("#form-buttons-save")
        p.wait_for_load_state()
        self.assertIn("Ergänzt unter CSP.", p.inner_text("#content"))
        self.shot("csp-tinymce-saved")
        self.assertEqual(self.csp_violations, [], "\n".join(self.csp_violations))


class TestDraftMergeInTheBrowser(BrowserTestCase):
    """The autosave sends the revision the page was loaded with and takes
    over what someone else saved meanwhile; a field both changed shows the
    other text in a note (issue 14, partners write along)."""

    def test_autosave_merges_with_another_session(self):
        import re

        p = self.page
        form = self.competition + "/bewerbung"
        p.goto(form)
        p.fill("#form-widgets-title", "Gemeinsame Kläranlage")
        p.fill("#form-widgets-contact_email", "lena@example.org")
        p.fill("#form-widgets-summary", "Anfang")
        self.follow("#form-buttons-save_draft")
        revision = int(p.input_value("#ikz-base-revision"))

        # another session of the same draft (a partner's tab) saves benefit
        other = requests.Session()
        for cookie in self.context.cookies():
            other.cookies.set(cookie["name"], cookie["value"])
        page = other.get(form, timeout=60).text
        token = re.search(r'name="_authenticator" value="([^"]+)"', page).group(1)
        saved = other.post(
            form + "/@@autosave-draft",
            data={
                "_authenticator": token,
                "ikz_base_revision": str(revision),
                "form.widgets.benefit": "Nutzen aus dem anderen Fenster",
            },
            timeout=60,
        )
        self.assertEqual(saved.status_code, 200, saved.text)

        # this page types in the summary and leaves the field: the autosave
        # keeps the other's benefit and puts it into the page
        p.fill("#form-widgets-summary", "Kurzbeschreibung aus dem Browser")
        with p.expect_response(lambda r: "autosave-draft" in r.url):
            p.focus("#form-widgets-title")
        p.wait_for_function(
            "document.getElementById('form-widgets-benefit').value !== ''"
        )
        self.assertEqual(
            p.input_value("#form-widgets-benefit"), "Nutzen aus dem anderen Fenster"
        )
        self.assertEqual(int(p.input_value("#ikz-base-revision")), revision + 2)

        # both change the summary: this later save wins, the note shows the other
        other.post(
            form + "/@@autosave-draft",
            data={
                "_authenticator": token,
                "ikz_base_revision": str(revision + 2),
                "form.widgets.summary": "Fassung aus dem anderen Fenster",
            },
            timeout=60,
        )
        p.fill("#form-widgets-summary", "Letzte Fassung aus dem Browser")
        with p.expect_response(lambda r: "autosave-draft" in r.url):
            p.focus("#form-widgets-title")
        note = p.locator(".ikz-merge-note", has_text="gleichzeitig")
        note.wait_for()
        # the earlier note (only others' changes taken over) gave way
        self.assertEqual(p.locator(".ikz-merge-note").count(), 1)
        self.assertIn("gleichzeitig", note.inner_text())
        self.assertIn("Fassung aus dem anderen Fenster", note.inner_text())
        self.shot("14-entwurf-zusammengefuehrt")
        self.axe("Entwurf mit Hinweis", every_impact=True)
        self.assertEqual(self.a11y, [])
