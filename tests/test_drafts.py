"""Drafts: "Zwischenspeichern", the personal link to a draft, the form
filled again on another device, submitting from a draft, autosave, and
drafts never seen by anyone else."""

from ikz.landespreis.applicants import drafts
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from tests.applicants import ApplicantsTestCase
from tests.applicants import plain
from tests.base import UMLAUT_NAME
from tests.base import valid_values
from tests.browser import Browser
from tests.pdfs import make_pdf

import io
import json
import openpyxl
import re
import requests
import transaction


DRAFT = {
    "title": "Geheimentwurf Kreisarchiv",
    "category": "kat-b",
    "contact_email": "lena@example.org",
    "summary": "Halb fertig: gemeinsames Archiv",
}


def post_form(browser, form_url, values, button, files=None):
    """Post the application form with ``button`` (no validation helper)."""
    data, action = browser.form_data(form_url, values, button)
    upload = {f"form.widgets.{name}": spec for name, spec in (files or {}).items()}
    return browser.session.post(action, data=data, files=upload or None, timeout=60)


class DraftsTestCase(ApplicantsTestCase):
    def save_draft(self, browser=None, values=None, files=None):
        browser = browser or Browser()
        response = post_form(
            browser, self.form_url, values or DRAFT, "save_draft", files=files
        )
        self.assertEqual(response.status_code, 200)
        return browser, response

    def draft_count(self):
        transaction.begin()
        return drafts.count(self.competition)


class TestSaveDraft(DraftsTestCase):
    def test_save_mail_and_continue_elsewhere(self):
        pdf = make_pdf("Steckbrief Entwurf")
        _browser, response = self.save_draft(
            files={"project_file": ("steckbrief.pdf", pdf, "application/pdf")}
        )
        body = plain(response)
        self.assertIn("Ihr Entwurf wurde um", body)
        self.assertIn("lena@example.org", body)
        self.assertIn("steckbrief.pdf", body)
        self.assertEqual(self.submissions(), [])  # no submission, no reference
        self.assertEqual(self.draft_count(), 1)

        (mail,) = self.mails_to("lena@example.org")
        self.assertIn("Entwurf", mail["Subject"])
        link = self.link_in(mail)

        other = Browser()  # another device
        page = other.session.get(link)
        self.assertEqual(page.url, self.page)
        self.assertIn("Entwurf", plain(page))
        self.assertIn("Geheimentwurf Kreisarchiv", plain(page))
        self.assertIn("Bewerbung weiter bearbeiten", plain(page))
        form = other.session.get(self.form_url)
        html = form.text
        self.assertIn('value="Geheimentwurf Kreisarchiv"', html)
        self.assertIn("Halb fertig: gemeinsames Archiv</textarea>", html)
        self.assertRegex(html, r'<option[^>]*selected="selected" value="kat-b"')
        self.assertIn("steckbrief.pdf", plain(form))
        self.assertIn("ikz-draft-status", html)

        # submitting from the draft: the saved file goes along
        done = other.submit_application(
            self.form_url,
            valid_values(
                title="Geheimentwurf Kreisarchiv",
                category="kat-b",
                contact_email="lena@example.org",
            ),
        )
        self.assertIn("application-received", done.url)
        (submission,) = self.submissions()
        self.assertTrue(submission.reference.startswith("LP26-KB-"))
        self.assertEqual(submission.project_file.data, pdf)
        self.assertEqual(self.draft_count(), 0)
        # the session now opens the submission
        self.assertIn(submission.reference, plain(other.session.get(self.page)))
        # the draft's link opens nothing any more
        response = requests.get(link, allow_redirects=False, timeout=30)
        self.assertEqual(response.status_code, 403)

    def test_only_the_email_is_required(self):
        _browser, response = self.save_draft(values={"title": "Ohne Adresse"})
        self.assertIn("gültige E-Mail-Adresse", plain(response))
        self.assertNotIn("Ihr Entwurf wurde um", plain(response))
        self.assertEqual(self.draft_count(), 0)
        bad = dict(DRAFT, contact_email="kein-at")
        _browser, response = self.save_draft(values=bad)
        self.assertEqual(self.draft_count(), 0)

    def test_saving_again_updates_the_same_draft(self):
        browser, _response = self.save_draft()
        self.save_draft(browser, values=dict(DRAFT, summary="Jetzt fast fertig"))
        self.assertEqual(self.draft_count(), 1)
        self.assertEqual(len(self.mails_to("lena@example.org")), 1)
        transaction.begin()
        (draft,) = drafts._tree(self.competition).values()
        self.assertEqual(draft.values["form.widgets.summary"], "Jetzt fast fertig")

    def test_refused_file_not_kept(self):
        self.save_draft(
            files={
                "project_file": (
                    "antrag.pdf",
                    b"MZ\x90\x00" + b"\x00" * 200,
                    "application/pdf",
                )
            }
        )
        transaction.begin()
        (draft,) = drafts._tree(self.competition).values()
        self.assertEqual(draft.files, {})


class TestReceiptCopy(DraftsTestCase):
    """The receipt carries the PDF copy only to an address its sender
    proved to read: by opening the link mailed to it (issue 12's
    anti-relay rule with issue 14's copy)."""

    TITLE = "Grüne Höfe: Bürgerbüro für Köln-Mülheim und Düren"

    def submit(self, browser, **overrides):
        values = {
            "title": self.TITLE,
            "category": "kat-b",
            "contact_email": "lena@example.org",
            "contact_name": UMLAUT_NAME,
        }
        values.update(overrides)
        done = browser.submit_application(self.form_url, valid_values(**values))
        self.assertIn("application-received", done.url, plain(done)[-600:])
        return done

    def receipt(self, address="lena@example.org"):
        from ikz.landespreis.mail import as_bytes

        found = [
            m for m in self.mails_to(address, count=2) if "Eingang" in m["Subject"]
        ]
        self.assertEqual(len(found), 1)
        return found[0], as_bytes(found[0])

    def test_receipt_carries_the_pdf_copy_for_a_proven_address(self):
        from ikz.landespreis import mail
        from ikz.landespreis.applicants.pdf import application_pdf
        from ikz.landespreis.intake.mails import defang
        from ikz.landespreis.intake.mails import PDF_ATTACHED
        from pypdf import PdfReader

        upload = make_pdf("Übersicht")
        self.save_draft(
            files={"project_file": ("Übersicht.pdf", upload, "application/pdf")}
        )
        (mailed,) = self.mails_to("lena@example.org")
        other = Browser()  # another device, opened with the mailed link
        other.session.get(self.link_in(mailed))
        self.submit(other)
        receipt, raw = self.receipt()
        # accepted by the strict peer: CRLF only, no line over 998 bytes
        self.assertGreater(len(raw), 4096)
        self.assertNotRegex(raw, rb"[^\r]\n")
        self.assertLessEqual(max(len(line) for line in raw.split(b"\r\n")), 998)
        self.assertEqual(receipt.get_content_type(), "multipart/mixed")
        self.assertIn(PDF_ATTACHED, mail.text_of(receipt))
        self.assertIn(defang(self.TITLE), mail.text_of(receipt))
        ((filename, data, content_type),) = mail.attachments_of(receipt)
        (submission,) = self.submissions()
        self.assertEqual(filename, f"{submission.reference}.pdf")
        self.assertEqual(content_type, "application/pdf")
        reader = PdfReader(io.BytesIO(data), strict=True)
        attached = " ".join(p.extract_text() for p in reader.pages)
        for snippet in (submission.reference, self.TITLE, UMLAUT_NAME, "Übersicht.pdf"):
            self.assertIn(snippet, attached)
        # the same copy as "PDF herunterladen"
        copy = PdfReader(io.BytesIO(application_pdf(submission)), strict=True)
        self.assertEqual(attached, " ".join(p.extract_text() for p in copy.pages))

    def test_no_copy_without_opening_the_link(self):
        """ "Zwischenspeichern" alone proves nothing: the address was typed."""
        from ikz.landespreis import mail

        browser, _response = self.save_draft()
        self.submit(browser)
        receipt, _raw = self.receipt()
        self.assertEqual(mail.attachments_of(receipt), [])

    def test_no_copy_to_another_address(self):
        """The link proves the address it was mailed to, not one typed
        afterwards (also not after saving the draft with it)."""
        from ikz.landespreis import mail

        self.save_draft()
        (mailed,) = self.mails_to("lena@example.org")
        other = Browser()
        other.session.get(self.link_in(mailed))
        changed = dict(DRAFT, contact_email="opfer@example.org")
        self.save_draft(other, values=changed)
        self.submit(other, contact_email="opfer@example.org")
        receipt, _raw = self.receipt("opfer@example.org")
        self.assertEqual(mail.attachments_of(receipt), [])

    def test_saving_again_keeps_the_proof(self):
        """Saving the draft again with the same address after opening the
        link keeps the session's proof."""
        from ikz.landespreis import mail

        self.save_draft()
        (mailed,) = self.mails_to("lena@example.org")
        other = Browser()
        other.session.get(self.link_in(mailed))
        self.save_draft(other, values=dict(DRAFT, summary="Fast fertig"))
        self.submit(other)
        receipt, _raw = self.receipt()
        self.assertEqual(len(mail.attachments_of(receipt)), 1)


class TestAutosave(DraftsTestCase):
    def test_autosave_writes_the_draft_only(self):
        browser, response = self.save_draft()
        authenticator = re.search(
            r'name="_authenticator" value="([^"]+)"', response.text
        ).group(1)
        url = f"{self.form_url}/@@autosave-draft"
        transaction.begin()
        tree = drafts._tree(self.competition)
        tree._p_activate()
        tree_serial = tree._p_serial
        self.assertNotEqual(tree_serial, b"\0" * 8)
        answer = browser.session.post(
            url,
            data={
                "_authenticator": authenticator,
                "form.widgets.summary": "Automatisch gespeichert",
                "form.widgets.title": "Geheimentwurf Kreisarchiv",
            },
            timeout=30,
        )
        self.assertEqual(answer.status_code, 200, answer.text)
        self.assertRegex(json.loads(answer.text)["saved"], r"^\d\d:\d\d Uhr$")
        transaction.begin()
        tree = drafts._tree(self.competition)
        tree._p_activate()
        (draft,) = tree.values()
        self.assertEqual(
            draft.values["form.widgets.summary"], "Automatisch gespeichert"
        )
        self.assertEqual(tree._p_serial, tree_serial)  # nothing shared written
        # without a draft session or without the authenticator: nothing
        stranger = requests.post(
            url,
            data={"_authenticator": authenticator, "form.widgets.summary": "x"},
            timeout=30,
        )
        self.assertIn(stranger.status_code, (403, 409))
        forged = browser.session.post(
            url, data={"form.widgets.summary": "ohne Token"}, timeout=30
        )
        self.assertEqual(forged.status_code, 403)
        transaction.begin()
        (draft,) = drafts._tree(self.competition).values()
        self.assertEqual(
            draft.values["form.widgets.summary"], "Automatisch gespeichert"
        )

    def test_autosave_does_not_use_up_the_application_posts(self):
        """Applicants behind one address: the autosave has a bucket of its
        own (30 times the post limit), "Absenden" stays possible."""
        from ikz.landespreis import ratelimit

        api.portal.set_registry_record("ikz.landespreis.delivery.post_limit", 2)
        transaction.commit()
        ratelimit.LIMITER.clock = lambda: 1000.0  # all within one minute
        self.addCleanup(delattr, ratelimit.LIMITER, "clock")
        browser, response = self.save_draft()  # the first application post
        authenticator = re.search(
            r'name="_authenticator" value="([^"]+)"', response.text
        ).group(1)
        url = f"{self.form_url}/@@autosave-draft"
        statuses = [
            browser.session.post(
                url,
                data={"_authenticator": authenticator, "form.widgets.summary": str(n)},
                timeout=30,
            ).status_code
            for n in range(2 * ratelimit.AUTOSAVE_FACTOR + 1)
        ]
        self.assertEqual(statuses[:-1], [200] * 2 * ratelimit.AUTOSAVE_FACTOR)
        self.assertEqual(statuses[-1], 429)  # its own bucket has a limit too
        self.apply()  # the second application post: still allowed
        self.assertEqual(len(self.submissions()), 1)


class TestDraftsInvisible(DraftsTestCase):
    def test_no_search_export_rest_or_counter_sees_a_draft(self):
        self.save_draft()
        self.assertEqual(self.draft_count(), 1)
        transaction.begin()
        catalog = api.portal.get_tool("portal_catalog")
        self.assertEqual(
            len(catalog.unrestrictedSearchResults(SearchableText="Geheimentwurf")), 0
        )
        self.assertEqual(
            len(catalog.unrestrictedSearchResults(portal_type="Submission")), 0
        )
        office = requests.Session()
        office.auth = (SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
        base = self.competition.absolute_url()
        # REST search and listing
        found = office.get(
            f"{self.portal.absolute_url()}/++api++/@search",
            params={"SearchableText": "Geheimentwurf"},
            headers={"Accept": "application/json"},
            timeout=30,
        ).json()
        self.assertEqual(found["items_total"], 0)
        listing = office.get(
            f"{base}/kat-b", headers={"Accept": "application/json"}, timeout=30
        ).json()
        self.assertEqual(listing["items"], [])
        # the site search (which repeats the words searched for)
        page = office.get(
            f"{self.portal.absolute_url()}/@@search",
            params={"SearchableText": "Geheimentwurf"},
            timeout=30,
        ).text
        self.assertNotIn("Kreisarchiv", page)
        self.assertNotIn("Halb fertig", page)
        # the export
        export = office.get(f"{base}/@@submissions-export?format=xlsx", timeout=60)
        self.assertEqual(export.status_code, 200)
        book = openpyxl.load_workbook(io.BytesIO(export.content))
        for sheet in book.worksheets:
            for row in sheet.iter_rows(values_only=True):
                self.assertNotIn("Geheimentwurf Kreisarchiv", row)
                self.assertNotIn("lena@example.org", row)
        # the office's list: only how many
        listing = office.get(f"{base}/@@submissions", timeout=30)
        self.assertIn("Entwürfe, noch nicht abgesendet", plain(listing))
        self.assertNotIn("Geheimentwurf", listing.text)
        self.assertRegex(plain(listing), r"ohne Aktenzeichen\): 1 ")
        # the reference counter did not move: the first submission is 0001
        Browser().submit_application(self.form_url, valid_values())
        self.assertEqual(self.submissions()[0].reference, "LP26-KA-0001")


class TestDeleteDraft(DraftsTestCase):
    def test_applicant_deletes_the_draft_with_confirmation(self):
        browser, _response = self.save_draft()
        link = self.link_in(self.mails_to("lena@example.org")[0])
        page = browser.session.get(self.page)
        token = re.search(r'name="_authenticator" value="([^"]+)"', page.text).group(1)
        asked = browser.session.post(
            self.page,
            data={"_authenticator": token, "form.buttons.delete_draft": "1"},
            timeout=30,
        )
        self.assertIn("Entwurf wirklich löschen", plain(asked))
        self.assertEqual(self.draft_count(), 1)
        done = browser.session.post(
            self.page,
            data={"_authenticator": token, "form.buttons.delete_draft_confirm": "1"},
            timeout=30,
        )
        self.assertIn("Ihr Entwurf ist gelöscht", plain(done))
        self.assertEqual(self.draft_count(), 0)
        # the link opens nothing any more
        response = requests.get(link, allow_redirects=False, timeout=30)
        self.assertEqual(response.status_code, 403)
