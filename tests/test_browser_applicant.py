"""The applicants' own area in Debian's Chromium (issue 14, "Done when"):
from the site root by clicking to the form, half filled and
"Zwischenspeichern"; the personal link read from the mail (aiosmtpd with
its defaults) opened in a fresh browser; every error at once with the
summary at the top; the receipt with the PDF copy; a correction before
the deadline and the office's view of the versions; the state after the
office admits; a second application withdrawn. axe-core (every impact
level) on the pages the issue names; screenshots var/screenshots/14-*.

Runs on a served site of the same kind as tests/test_browser_portal.py, but
its own: the applications it admits must not meet that module's journeys."""

from tests.applicants import body
from tests.browser import SHOTS
from tests.pdfs import make_pdf
from tests.test_browser_portal import PortalSite
from tests.test_browser_portal import PortalTestCase

import io
import pypdf
import re
import time


ADDRESS = "juergen.koehler@beispielstadt.example"
SECOND = "bauhof@nachbargemeinde.example"
OFFICE = "landespreis@example.org"
PARTNER = "hauptamt@nachbardorf.example"
BENEFIT = "Nachbardorf spart ein eigenes Bürgerbüro und hält dennoch Sprechstunden."
TITLE = "Gemeinsames Bürgerbüro Nord"
SUMMARY = "Zwei Städte führen ihre Bürgerbüros zusammen: ein Termin, zwei Rathäuser."
CORRECTED = (
    "Drei Kommunen führen ihre Bürgerbüros zusammen: ein Termin, drei Rathäuser."
)
PDF = make_pdf("Projektsteckbrief Bürgerbüro")
LINK = re.compile(r"(https?://\S+@@meine-bewerbung\?token=[A-Za-z0-9_.=-]+)")


#: a served site of its own: the journey admits an application, which the
#: keyboard journey of test_browser_portal (same kind of site) must not meet
APPLICANT_SITE = PortalSite(name="ApplicantSite")


class ApplicantJourneyCase(PortalTestCase):
    layer = APPLICANT_SITE

    def shot(self, name, axe=False):
        """A screenshot ``14-<name>.png``; with ``axe`` axe-core (every
        impact level) on the page as well."""
        if axe:
            self.page.wait_for_load_state("load")
            self.look_as(name)
        else:
            self.page.screenshot(path=str(SHOTS / f"14-{name}.png"), full_page=True)

    def look_as(self, name):
        from axe_playwright_python.sync_playwright import Axe

        self.page.screenshot(path=str(SHOTS / f"14-{name}.png"), full_page=True)
        results = Axe().run(self.page)
        for violation in results.response["violations"]:
            targets = [n["target"] for n in violation["nodes"][:3]]
            self.findings.append(
                f"{name}: {violation['id']} ({violation['impact']}) {targets}"
            )
        self.checked.append(name)

    def use(self, context):
        """Continue in ``context`` (a browser of its own)."""
        self.page = context.pages[0] if context.pages else context.new_page()
        self.page.set_default_timeout(60000)
        self.page.on("pageerror", lambda error: self.script_errors.append(str(error)))
        return self.page

    def fresh_browser(self):
        """A browser of its own (no cookies), used from now on."""
        self.context = self.layer.browser.new_context(
            locale="de-DE", accept_downloads=True
        )
        self.contexts.append(self.context)
        return self.use(self.context)

    def setUp(self):
        super().setUp()
        self.first = self.context
        self.contexts = []
        # the mails of this test only (the layer's inbox is shared)
        self.seen = len(self.layer.inbox.messages)

    def tearDown(self):
        for context in self.contexts:
            context.close()
        self.context = self.first
        super().tearDown()

    def mail(self, address, subject, timeout=60):
        """The first mail to ``address`` whose subject holds ``subject``."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            for message in list(self.layer.inbox.messages)[self.seen :]:
                if address in message["To"] and subject in message["Subject"]:
                    return message
            time.sleep(0.5)
        subjects = [(m["To"], m["Subject"]) for m in self.layer.inbox.messages]
        raise AssertionError(f"no mail {subject!r} to {address}: {subjects}")

    def served(self, link):
        """The mailed ``link`` on this test server (the site's public
        address is the one create_site.py configures)."""
        origin = re.match(r"https?://[^/]+", self.base).group(0)
        return re.sub(r"^https?://[^/]+", origin, link)

    def pdf_text(self, message, filename):
        (found,) = [
            part
            for part in message.iter_attachments()
            if part.get_filename() == filename
        ]
        self.assertEqual(found.get_content_type(), "application/pdf")
        data = found.get_content()
        self.assertTrue(data.startswith(b"%PDF-"), data[:20])
        reader = pypdf.PdfReader(io.BytesIO(data), strict=True)
        return " ".join(page.extract_text() for page in reader.pages)

    def to_form(self):
        """From the site root to the application form, by clicking."""
        p = self.page
        p.goto(self.base)
        self.follow("text=Zum Bewerbungsformular")
        self.assertIn("/bewerbung", p.url)
        self.assertEqual(p.locator("#form-buttons-save_draft").count(), 1)

    def status(self, page):
        """The state "Meine Bewerbung" shows on ``page``."""
        found = page.locator(".ikz-status")
        try:
            found.wait_for(timeout=20000)
        except Exception as error:
            page.screenshot(path=str(SHOTS / "14-fehler.png"), full_page=True)
            raise AssertionError(f"{page.url}: {page.inner_text('body')}") from error
        return found.inner_text()

    def error_fields(self):
        return self.page.evaluate(
            "Array.from(document.querySelectorAll('#content-core .field.error'))"
            ".map(e => e.id)"
        )


class TestApplicantJourney(ApplicantJourneyCase):
    def test_draft_link_submit_correct_admit_withdraw(self):
        p = self.page

        # -- 1. from the site root to the form; every choice "Bitte wählen"
        self.to_form()
        for select in ("#form-widgets-category", "#form-widgets-project_status"):
            self.assertEqual(
                p.locator(f"{select} option").first.inner_text(), "Bitte wählen"
            )
            self.assertEqual(
                p.evaluate(f"document.querySelector('{select}').selectedIndex"), 0
            )
        self.shot("01-formular-bitte-waehlen", axe=True)

        # -- 2. half filled, with a file; "Zwischenspeichern"
        p.select_option("#form-widgets-category", "shared-service-center")
        p.fill("#form-widgets-title", TITLE)
        p.fill("#form-widgets-lead_municipality", "Stadt Beispielstadt")
        p.fill("#form-widgets-department", "Bürgerdienste")
        p.fill("#form-widgets-contact_name", "Jürgen Köhler")
        p.fill("#form-widgets-contact_email", ADDRESS)
        p.fill("#form-widgets-summary", SUMMARY)
        # the live counter with the limit
        counter = p.locator("#form-widgets-summary-counter")
        self.assertIn(f"{len(SUMMARY)} von 3.000 Zeichen", counter.inner_text())
        p.set_input_files(
            "input[type=file][name='form.widgets.project_file']",
            files=[
                {"name": "steckbrief.pdf", "mimeType": "application/pdf", "buffer": PDF}
            ],
        )
        self.shot("02-formular-halb")
        self.follow("#form-buttons-save_draft")
        saved = p.inner_text(".ikz-draft-saved")
        self.assertIn(ADDRESS, saved)
        self.assertIn("Abgesendet ist noch nichts", saved)
        self.assertIn("steckbrief.pdf", p.inner_text(".ikz-draft-files"))
        # kept with the draft: not asked for again
        self.assertNotIn("steckbrief.pdf erneut", p.inner_text("#content"))
        self.shot("03-zwischengespeichert")

        # -- 3. the personal link from the mail, in a fresh browser
        message = self.mail(ADDRESS, "Entwurf")
        links = LINK.findall(body(message))
        self.assertEqual(len(links), 1, body(message))
        p = self.fresh_browser()
        p.goto(self.served(links[0]))
        # the token leaves the address bar
        self.assertNotIn("token=", p.url)
        self.assertEqual(self.status(p), "Entwurf")
        content = p.inner_text("#content")
        self.assertIn(TITLE, content)
        self.assertIn("steckbrief.pdf", content)
        self.shot("04-entwurf-meine-bewerbung")
        self.follow("text=Bewerbung weiter bearbeiten")
        self.assertEqual(p.input_value("#form-widgets-title"), TITLE)
        self.assertEqual(p.input_value("#form-widgets-summary"), SUMMARY)
        self.assertEqual(p.input_value("#form-widgets-contact_name"), "Jürgen Köhler")
        self.assertEqual(
            p.input_value("#form-widgets-category"), "shared-service-center"
        )
        self.assertIn("steckbrief.pdf", p.inner_text(".ikz-draft-files"))
        self.shot("05-entwurf-im-formular")

        # -- 4. partners write along: the lead invites a partner who edits
        #    on "Meine Bewerbung"; the partner's link (mailed) opens the
        #    draft in a third browser; the partner's text reaches the lead
        lead = p
        self.follow(".ikz-my-application-link")
        self.assertEqual(self.status(p), "Entwurf")
        p.fill("#ikz-partner-email", PARTNER)
        self.assertEqual(
            p.locator("#ikz-partner-role option").all_inner_texts(),
            ["bearbeiten", "lesen"],
        )
        p.select_option("#ikz-partner-role", label="bearbeiten")
        self.follow("button[name='form.buttons.invite']")
        self.assertIn(PARTNER, p.inner_text(".alert-success"))
        row = p.locator(".ikz-partner-list tbody tr")
        self.assertEqual(row.count(), 1)
        self.assertIn(PARTNER, row.inner_text())
        self.assertIn("bearbeiten", row.inner_text())
        self.shot("04a-partner-einladen", axe=True)
        invitation = self.mail(PARTNER, "Einladung zur Bewerbung")
        self.assertIn(TITLE, invitation["Subject"])
        (partner_link,) = LINK.findall(body(invitation))
        self.assertIn("bearbeiten", body(invitation))
        p = self.fresh_browser()
        p.goto(self.served(partner_link))
        self.assertNotIn("token=", p.url)
        self.assertEqual(self.status(p), "Entwurf")
        self.assertIn("bearbeiten", p.inner_text(".ikz-partner-role"))
        self.assertIn(TITLE, p.inner_text("#content"))
        # partners neither invite nor delete the draft
        self.assertEqual(p.locator("#ikz-partner-email").count(), 0)
        self.assertEqual(p.locator("[name='form.buttons.delete_draft']").count(), 0)
        self.shot("04b-partner-entwurf", axe=True)
        self.follow("text=Bewerbung weiter bearbeiten")
        self.assertEqual(p.input_value("#form-widgets-title"), TITLE)
        self.assertEqual(p.input_value("#form-widgets-summary"), SUMMARY)
        # only the lead submits: no button for the partner, a note instead
        self.assertEqual(p.locator("#form-buttons-submit").count(), 0)
        self.assertIn(
            "Absenden kann die Bewerbung nur die federführende Kommune",
            p.inner_text(".ikz-partner-form-note"),
        )
        p.fill("#form-widgets-benefit", BENEFIT)
        self.follow("#form-buttons-save_draft")
        self.assertIn("Abgesendet ist noch nichts", p.inner_text(".ikz-draft-saved"))
        self.assertEqual(p.input_value("#form-widgets-benefit"), BENEFIT)
        self.assertEqual(p.locator("#form-buttons-submit").count(), 0)
        self.shot("04c-partner-gespeichert", axe=True)
        # the lead, back in the lead's browser, finds the partner's text
        p = self.page = lead
        self.follow("text=Bewerbung weiter bearbeiten")
        self.assertEqual(p.input_value("#form-widgets-benefit"), BENEFIT)
        self.assertEqual(p.input_value("#form-widgets-title"), TITLE)
        self.assertEqual(p.locator("#form-buttons-submit").count(), 1)

        # -- 5. "Bewerbung absenden" with gaps and a refused file: every
        #    error at once, in a summary at the top that has the focus
        p.set_input_files(
            "input[type=file][name='form.widgets.attachment_file']",
            files=[
                {
                    "name": "anlage.pdf",
                    "mimeType": "application/pdf",
                    "buffer": b"<html><script>alert(1)</script></html>",
                }
            ],
        )
        self.follow("#form-buttons-submit")
        summary = p.locator("#ikz-error-summary")
        self.assertEqual(p.evaluate("document.activeElement.id"), "ikz-error-summary")
        self.assertEqual(summary.get_attribute("role"), "alert")
        wrong = self.error_fields()
        links = summary.locator("a")
        self.assertEqual(links.count(), len(wrong), wrong)
        self.assertGreaterEqual(len(wrong), 8, wrong)
        self.assertIn(f"{len(wrong)} Fehler – bitte korrigieren", summary.inner_text())
        # each entry leads to a field with an error
        for index in range(links.count()):
            target = links.nth(index).get_attribute("href")[1:]
            self.assertEqual(
                p.evaluate(
                    f"!!document.getElementById('{target}')"
                    f" && !!document.getElementById('{target}').closest('.field.error')"
                ),
                True,
                target,
            )
        text = summary.inner_text()
        for needle in (
            "Telefonnummer",
            "Stand des Projekts",
            "Einwilligung",
            "keine Datei eines zugelassenen Typs",
        ):
            self.assertIn(needle, text)
        self.assertIn("formfield-form-widgets-project_status", wrong)
        # still "Bitte wählen" where nothing was chosen
        self.assertEqual(
            p.evaluate(
                "document.querySelector('#form-widgets-project_status').selectedIndex"
            ),
            0,
        )
        # the refused file is not kept, the draft's file is
        self.assertIn("anlage.pdf erneut", p.inner_text("#content"))
        self.assertIn("steckbrief.pdf", p.inner_text(".ikz-draft-files"))
        # the summary comes first, before the note on the draft
        self.assertTrue(
            p.evaluate(
                "document.getElementById('ikz-error-summary')"
                ".compareDocumentPosition(document.querySelector('.ikz-draft'))"
                " & Node.DOCUMENT_POSITION_FOLLOWING"
            )
        )
        self.shot("06-formular-fehler", axe=True)
        # the summary's link moves the focus to the field
        summary.locator("a[href='#form-widgets-project_status']").click()
        self.assertEqual(
            p.evaluate("document.activeElement.id"), "form-widgets-project_status"
        )
        # a corrected field loses its error at once
        p.select_option("#form-widgets-project_status", "running")
        p.keyboard.press("Tab")
        self.assertNotIn("formfield-form-widgets-project_status", self.error_fields())
        p.fill("#form-widgets-contact_phone", "02151 12345")
        p.keyboard.press("Tab")
        self.assertNotIn("formfield-form-widgets-contact_phone", self.error_fields())
        self.assertEqual(len(self.error_fields()), len(wrong) - 2)
        self.shot("07-fehler-verschwinden")

        # -- 6. complete and send
        p.fill("#form-widgets-partners", "Gemeinde Nachbardorf\nKreis Beispielkreis")
        p.fill("#form-widgets-contract_date", "2019-05-01")
        p.fill("#form-widgets-legal_form", "öffentlich-rechtliche Vereinbarung")
        # the partner's text stays (the lead does not write it again)
        self.assertEqual(p.input_value("#form-widgets-benefit"), BENEFIT)
        self.assertIn(
            "von 3.000 Zeichen", p.inner_text("#formfield-form-widgets-benefit")
        )
        p.fill("#form-widgets-innovation", "Ein gemeinsamer digitaler Terminkalender.")
        p.fill("#form-widgets-sustainability", "Auf Dauer vertraglich vereinbart.")
        p.check("#form-widgets-privacy_consent-0")
        p.check("#form-widgets-publication_consent-0")
        self.follow("#form-buttons-submit")
        self.assertIn("application-received", p.url)
        found = re.search(r"LP\d\d-SSC-\d{4}", p.inner_text("#content"))
        self.assertIsNotNone(found, p.inner_text("#content"))
        reference = found.group(0)
        self.shot("08-danke")

        # -- 7. the receipt with the PDF copy
        receipt = self.mail(ADDRESS, f"Eingangsbestätigung: Ihre Bewerbung {reference}")
        self.assertGreater(len(receipt.as_bytes()), 4096)
        copy = self.pdf_text(receipt, f"{reference}.pdf")
        self.assertIn(reference, copy)
        self.assertIn("steckbrief.pdf", copy)  # the draft's file went along
        self.assertIn("Bürgerbüros", copy)
        # the partner's text, submitted by the lead
        self.assertIn(" ".join(BENEFIT.split()), " ".join(copy.split()))

        # -- 8. "Meine Bewerbung" by the receipt's personal link (it proves
        #    the address: the correction's mail carries the copy too) and a
        #    correction before the deadline
        self.assertEqual(p.locator("text=Meine Bewerbung öffnen").count(), 1)
        (mailed,) = LINK.findall(body(receipt))
        p.goto(self.served(mailed))
        self.assertNotIn("token=", p.url)
        self.assertEqual(self.status(p), "Eingegangen")
        self.assertIn(reference, p.inner_text(".ikz-reference"))
        self.shot("09-meine-bewerbung", axe=True)
        self.follow("text=Antworten und Dateien korrigieren")
        self.assertEqual(p.input_value("#ikz-correct-summary"), SUMMARY)
        self.shot("10-korrektur", axe=True)
        p.fill("#ikz-correct-summary", CORRECTED)
        self.follow("button[name='form.buttons.correct']")
        self.assertIn(f"als Fassung 2 der Bewerbung {reference}", p.inner_text("body"))
        self.assertIn("Fassung 2", p.inner_text(".ikz-version"))
        self.shot("11-korrigiert")
        # the applicant's copy of version 2, by mail
        corrected = self.mail(ADDRESS, f"Ihre Korrektur: Bewerbung {reference}")
        self.assertIn("Geändert: Kurzbeschreibung des Projekts", body(corrected))
        version_two = self.pdf_text(corrected, f"{reference}-Fassung-2.pdf")
        self.assertIn("Drei Kommunen", version_two)
        applicant = self.page

        # -- 9. the office logs in by clicking and sees what changed
        notice = self.mail(OFFICE, f"{reference} von der Bewerbung korrigiert")
        self.assertIn("Kurzbeschreibung", body(notice))
        p = self.fresh_browser()
        p.goto(self.base)
        self.login_modal("redaktion")
        self.assertIn("@@submissions", p.url)
        self.shot("12-geschaeftsstelle-cockpit")
        self.follow(f"tr:has-text('{reference}') a:text-is('{TITLE}')")
        versions = p.inner_text(".ikz-versions")
        self.assertIn("Fassungen dieser Bewerbung", versions)
        self.assertIn("Aktuell: Fassung 2", versions)
        self.assertIn("Geändert gegenüber Fassung 1", versions)
        self.assertIn(SUMMARY, versions)
        self.assertIn(CORRECTED, versions)
        # the mails and the history in German (no keys, no "Anonymous User")
        page = p.inner_text("#content")
        self.assertIn("Bestätigung einer Korrektur", page)
        self.assertIn("Geänderte Felder: Kurzbeschreibung des Projekts", page)
        for english in ("Anonymous User", "state: ", "mail: ", "lead_duplicate"):
            self.assertNotIn(english, page)
        self.shot("13-geschaeftsstelle-fassungen")

        # -- 10. the office admits and releases the admission mail
        with p.expect_navigation():
            p.go_back()
        p.check(f"input[aria-label='{reference}']")
        p.select_option("#action", "admit")
        self.follow("button:has-text('Ausführen')")
        self.shot("14-geschaeftsstelle-zugelassen")
        # not yet told: the applicant reads "In Prüfung" until released
        applicant.reload()
        self.assertEqual(self.status(applicant), "In Prüfung")
        self.follow("text=Ergebnismails freigeben")
        self.follow("a:has-text('Prüfen und freigeben')")
        self.assertIn(reference, p.inner_text(".ikz-release-list"))
        p.check("#ikz-confirmed")
        self.shot("15-freigabe")
        self.follow("button:has-text('Ausgewählte Mails freigeben')")
        self.mail(ADDRESS, f"Ihre Bewerbung {reference} ist zugelassen")

        # -- 11. back as the applicant: the new state in plain German
        p = self.page = applicant
        p.reload()
        self.assertEqual(self.status(p), "Zugelassen")
        self.assertIn("zum Wettbewerb zugelassen", p.inner_text(".ikz-my-status"))
        self.shot("16-meine-bewerbung-zugelassen")

        # -- 12. a second application, withdrawn with a reason
        p = self.fresh_browser()
        self.to_form()
        self.fill_all("Interkommunaler Bauhof", SECOND)
        self.follow("#form-buttons-submit")
        second = re.search(r"LP\d\d-SSC-\d{4}", p.inner_text("#content")).group(0)
        self.assertNotEqual(second, reference)
        self.follow("text=Meine Bewerbung öffnen")
        self.follow("button:has-text('Bewerbung zurückziehen')")
        self.assertIn(
            "Möchten Sie Ihre Bewerbung wirklich zurückziehen", p.inner_text("#content")
        )
        self.shot("17-zurueckziehen-bestaetigen", axe=True)
        p.fill("#ikz-withdraw-reason", "Der Kreistag hat die Mittel gestrichen.")
        self.follow("button:has-text('Ja, Bewerbung zurückziehen')")
        self.assertEqual(self.status(p), "Zurückgezogen")
        # no dates ahead for it, no way to correct it
        self.assertEqual(p.locator(".ikz-dates, .ikz-correct").count(), 0)
        self.shot("18-zurueckgezogen")
        told = self.mail(OFFICE, f"{second} von der Bewerbung zurückgezogen")
        self.assertIn("Der Kreistag hat die Mittel gestrichen.", body(told))
        # the first application is untouched
        applicant.reload()
        self.assertEqual(self.status(applicant), "Zugelassen")
        self.assertEqual(self.script_errors, [])
        self.assert_accessible()

    def fill_all(self, title, address):
        p = self.page
        p.select_option("#form-widgets-category", "shared-service-center")
        p.fill("#form-widgets-title", title)
        p.fill("#form-widgets-lead_municipality", "Gemeinde Nachbardorf")
        p.fill("#form-widgets-department", "Bauhof")
        p.fill("#form-widgets-contact_name", "Erika Mustermann")
        p.fill("#form-widgets-contact_email", address)
        p.fill("#form-widgets-contact_phone", "0211 12345")
        p.fill("#form-widgets-partners", "Stadt Beispielstadt\nKreis Beispielkreis")
        p.fill("#form-widgets-contract_date", "2020-01-15")
        p.select_option("#form-widgets-project_status", "implementation")
        p.fill("#form-widgets-legal_form", "Zweckvereinbarung")
        p.fill("#form-widgets-summary", f"{title}: zwei Kommunen teilen Geräte.")
        p.fill("#form-widgets-benefit", "Weniger Leerlauf.")
        p.fill("#form-widgets-innovation", "Gemeinsame Einsatzplanung.")
        p.fill("#form-widgets-sustainability", "Auf zehn Jahre vereinbart.")
        p.check("#form-widgets-privacy_consent-0")
