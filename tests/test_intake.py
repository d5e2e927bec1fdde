"""Functional tests of the application intake through a real WSGI server."""

from aiosmtpd.controller import Controller
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from datetime import timedelta
from ikz.landespreis.domain.dates import to_berlin
from plone import api
from tests.base import docx_bytes
from tests.base import END
from tests.base import free_port
from tests.base import INSIDE
from tests.base import IntakeTestCase
from tests.base import make_competition
from tests.base import PDF
from tests.base import SMTPRecorder  # noqa: F401 - other modules import it from here
from tests.base import START
from tests.base import valid_values
from tests.browser import Browser
from tests.browser import text
from tests.pdfs import make_pdf

import re
import requests
import time
import transaction


class TestHappyPath(IntakeTestCase):
    def test_form_created_with_default_fields(self):
        from collective.easyform.api import get_schema

        form = self.competition["bewerbung"]
        names = list(get_schema(form).names())
        for field in (
            "title",
            "category",
            "lead_municipality",
            "department",
            "contact_name",
            "contact_email",
            "contact_phone",
            "partners",
            "contract_date",
            "project_status",
            "legal_form",
            "funding",
            "summary",
            "benefit",
            "innovation",
            "sustainability",
            "project_file",
            "council_decision_file",
            "attachment_file",
            "privacy_consent",
            "publication_consent",
        ):
            self.assertIn(field, names)

    def test_form_page_shows_window(self):
        response = self.browser.session.get(self.form_url)
        page = text(response)
        self.assertEqual(response.status_code, 200)
        self.assertIn("09.03.2026, 23:59 Uhr", page)
        self.assertIn("36 Tage", page)
        self.assertIn("Titel des Projekts", page)

    def test_every_category(self):
        for category in ("kat-a", "kat-b"):
            response = self.browser.submit_application(
                self.form_url,
                valid_values(
                    category=category,
                    title=f"Projekt {category}",
                    lead_municipality=f"Stadt {category}",
                ),
                files={"project_file": ("steckbrief.pdf", PDF, "application/pdf")},
            )
            self.assertEqual(response.status_code, 200, text(response)[-2000:])
            self.assertIn("application-received", response.url)
            self.assertRegex(text(response), r"LP26-K[AB]-\d{4}")
        stored = sorted(self.submissions(), key=lambda s: s.reference)
        self.assertEqual(
            [s.reference for s in stored], ["LP26-KA-0001", "LP26-KB-0002"]
        )
        first = stored[0]
        self.assertEqual(first.__parent__.getId(), "kat-a")
        self.assertEqual(first.title, "Projekt kat-a")
        self.assertEqual(
            first.partners, ["Gemeinde Beispieldorf", "Kreis Beispielkreis"]
        )
        self.assertEqual(first.contact_email, "erika@example.org")
        self.assertEqual(first.project_file.data, PDF)
        self.assertEqual(first.project_file.contentType, "application/pdf")
        self.assertTrue(first.publication_consent)
        self.assertEqual(api.content.get_state(first), "received")
        self.assertEqual(first.eligibility_flags, [])
        self.assertNotEqual(first.getOwner().getId(), "Anonymous User")
        self.assertNotIn("Owner", first.get_local_roles_for_userid("Anonymous User"))

    def test_mails(self):
        response = self.browser.submit_application(
            self.form_url,
            valid_values(),
            files={"project_file": ("steckbrief.pdf", PDF, "application/pdf")},
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn(
            "Die Bestätigung wird an erika@example.org versandt",
            re.sub(r"<[^>]+>", "", text(response)),
        )
        messages = self.wait_for_mails(2)
        self.assertEqual(len(messages), 2)
        by_rcpt = {tuple(r): m for r, m in messages}
        applicant = by_rcpt[("erika@example.org",)]
        body = applicant.get_body(("plain",)).get_content()
        self.assertIn("LP26-KA-0001", applicant["Subject"])
        for snippet in (
            "LP26-KA-0001",
            "Gemeinsames Bürgerbüro",
            "kat-a",
            "01.02.2026, 12:00 Uhr",
            "Geschäftsstelle",
        ):
            self.assertIn(snippet, body)
        # only reference, category and title: no name, no file names
        self.assertNotIn("steckbrief.pdf", body)
        self.assertNotIn("Erika Mustermann", body)
        office = by_rcpt[("office@example.org",)]
        self.assertIn(
            "https://landespreis.example.org/wettbewerb/kat-a/lp26-ka-0001",
            office.get_content(),
        )
        self.assertIn("steckbrief.pdf", office.get_content())
        from ikz.landespreis.mail import mail_log

        deadline = time.time() + 10
        while time.time() < deadline:
            log = mail_log(self.submissions()[0])
            if {e["state"] for e in log} == {"sent"}:
                break
            time.sleep(0.1)
        self.assertEqual(
            sorted((e["kind"], e["to"], e["state"]) for e in log),
            [
                ("office_notice", "office@example.org", "sent"),
                ("receipt", "erika@example.org", "sent"),
            ],
        )

    def test_mail_failure_keeps_submission(self):
        self.controller.stop()
        self.controller = Controller(self.smtp, hostname="127.0.0.1", port=free_port())
        self.controller.start()
        api.portal.set_registry_record("plone.smtp_port", free_port())  # nobody listens
        transaction.commit()
        response = self.browser.submit_application(self.form_url, valid_values())
        self.assertEqual(response.status_code, 200)
        self.assertIn("LP26-KA-0001", text(response))
        from ikz.landespreis.mail import mail_log

        submission = self.submissions()[0]
        self.assertEqual(submission.reference, "LP26-KA-0001")
        # the mails wait in the queue; the log says why
        deadline = time.time() + 10
        while time.time() < deadline:
            log = mail_log(self.submissions()[0])
            if all(e["reason"] for e in log):
                break
            time.sleep(0.1)
        self.assertEqual(
            {e["to"] for e in log}, {"erika@example.org", "office@example.org"}
        )
        self.assertEqual({e["state"] for e in log}, {"queued"})
        self.assertIn("Mailserver ist nicht erreichbar", log[0]["reason"])

    def test_additional_question(self):
        form = self.competition["bewerbung"]
        form.fields_model = form.fields_model.replace(
            "  </schema>",
            '    <field name="budget" type="zope.schema.TextLine">\n'
            "      <title>Budget des Projekts</title>\n"
            "      <required>False</required>\n"
            "    </field>\n  </schema>",
        )
        transaction.commit()
        self.browser.submit_application(
            self.form_url, valid_values(budget="50.000 Euro")
        )
        submission = self.submissions()[0]
        self.assertEqual(
            submission.additional_answers, {"Budget des Projekts": "50.000 Euro"}
        )


class TestWindow(IntakeTestCase):
    def post_at(self, moment):
        self.set_clock(moment)
        return self.browser.submit_application(self.form_url, valid_values())

    def test_one_second_before_start(self):
        response = self.post_at(START - timedelta(seconds=1))
        self.assertIn("Zurzeit werden keine Bewerbungen angenommen", text(response))
        self.assertEqual(self.submissions(), [])

    def test_first_second(self):
        response = self.post_at(START)
        self.assertIn("LP26-KA-0001", text(response))

    def test_last_second_is_in_time(self):
        self.set_clock(END - timedelta(minutes=5))
        _form_page, parser = self.browser.open_form(self.form_url)
        self.assertIn("form.buttons.submit", parser.names)
        response = self.post_at(END)
        self.assertIn("LP26-KA-0001", text(response))

    def test_one_second_after_end(self):
        response = self.post_at(END + timedelta(seconds=1))
        self.assertEqual(response.status_code, 403)
        page = text(response)
        self.assertIn("Zurzeit werden keine Bewerbungen angenommen", page)
        self.assertIn("09.03.2026, 23:59 Uhr", page)
        self.assertEqual(self.submissions(), [])

    def test_summer_time_deadline(self):
        end = to_berlin(datetime(2026, 7, 31, 23, 59, 59))
        self.competition.submission_end = end
        transaction.commit()
        self.assertIn("LP26-KA-0001", text(self.post_at(end)))
        response = self.post_at(end + timedelta(seconds=1))
        self.assertEqual(response.status_code, 403)
        self.assertEqual(len(self.submissions()), 1)

    def test_closed_competition(self):
        api.content.transition(self.competition, transition="close")
        transaction.commit()
        page = self.browser.session.get(self.form_url)
        self.assertIn("nimmt derzeit keine Bewerbungen an", text(page))
        self.assertNotIn("form.buttons.submit", page.text)
        response = self.post_at(INSIDE)
        self.assertEqual(self.submissions(), [])
        self.assertIn("nimmt derzeit keine Bewerbungen an", text(response))


class TestRefusals(IntakeTestCase):
    def assert_refused(self, response, message):
        page = text(response)
        self.assertIn(message, page)
        self.assertNotIn("application-received", response.url)
        self.assertEqual(self.submissions(), [])

    def test_exe_renamed_pdf(self):
        response = self.browser.submit_application(
            self.form_url,
            valid_values(),
            files={
                "project_file": (
                    "antrag.pdf",
                    b"MZ\x90\x00" + b"\x00" * 200,
                    "application/pdf",
                )
            },
        )
        self.assert_refused(response, "ist keine Datei eines zugelassenen Typs")

    def test_html_and_svg(self):
        for name, data in (
            ("seite.pdf", b"<html><script>alert(1)</script></html>"),
            (
                "bild.svg",
                b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            ),
        ):
            response = self.browser.submit_application(
                self.form_url,
                valid_values(),
                files={"attachment_file": (name, data, "application/pdf")},
            )
            self.assert_refused(response, "ist keine Datei eines zugelassenen Typs")

    def test_pdf_with_javascript(self):
        """Name escapes do not hide active content: the PDF is parsed."""
        for extra in (
            {"catalog_extra": "/OpenAction << /S/J#61vaScript /JS (app.alert(1)) >>"},
            {"page_extra": "/AA << /O << /S /L#61unch /F (calc.exe) >> >>"},
            {
                "catalog_extra": "/OpenAction 5 0 R",
                "objects": ["<< /S /GoTo /D [3 0 R /Fit] /Next << /#4A#53 (x) >> >>"],
            },
        ):
            with self.subTest(extra=extra):
                response = self.browser.submit_application(
                    self.form_url,
                    valid_values(),
                    files={
                        "project_file": (
                            "antrag.pdf",
                            make_pdf(**extra),
                            "application/pdf",
                        )
                    },
                )
                self.assert_refused(response, "enthält aktive Inhalte")

    def test_broken_pdf(self):
        response = self.browser.submit_application(
            self.form_url,
            valid_values(),
            files={
                "project_file": (
                    "kaputt.pdf",
                    b"%PDF-1.4\n" + b"0" * 2000,
                    "application/pdf",
                )
            },
        )
        self.assert_refused(response, "Die Datei kaputt.pdf ist kein lesbares PDF")

    def test_refused_upload_not_kept_in_the_zodb(self):
        """The file widget's temporary upload store (a PersistentMapping in
        the site's annotations) is not used by the application form, and a
        forged ``file_upload_id`` fetches nothing."""
        from plone.formwidget.namedfile.interfaces import IFileUploadTemporaryStorage

        api.portal.set_registry_record("ikz.landespreis.intake.upload_max_mb", 1)
        transaction.commit()
        response = self.browser.submit_application(
            self.form_url,
            valid_values(),
            files={
                "project_file": (
                    "gross.pdf",
                    make_pdf(size=1024 * 1024 + 100),
                    "application/pdf",
                ),
                "attachment_file": ("klein.pdf", make_pdf(), "application/pdf"),
            },
        )
        self.assert_refused(response, "ist größer als 1 MB")
        # no "keep the uploaded file" choice: nothing was kept, and the
        # applicant is told to choose the files again
        self.assertNotIn("file_upload_id", response.text)
        self.assertNotIn("-nochange", response.text)
        page = text(response)
        self.assertIn("Bitte wählen Sie die Datei gross.pdf erneut aus", page)
        self.assertIn("Bitte wählen Sie die Datei klein.pdf erneut aus", page)
        transaction.begin()
        store = IFileUploadTemporaryStorage(self.portal).upload_map
        self.assertEqual(list(store.keys()), [])
        # an upload some other form left in the store is not reachable
        from datetime import datetime as dt
        from persistent.mapping import PersistentMapping

        store["fremd"] = PersistentMapping(
            filename="fremd.pdf", data=make_pdf("fremd"), dt=dt.now()
        )
        transaction.commit()
        response = self.browser.submit_application(
            self.form_url,
            valid_values(),
            extra={
                "form.widgets.project_file.action": "nochange",
                "form.widgets.project_file.file_upload_id": "fremd",
            },
        )
        self.assertIn("LP26-KA-0001", text(response))
        self.assertIsNone(self.submissions()[0].project_file)
        transaction.begin()
        self.assertIn("fremd", IFileUploadTemporaryStorage(self.portal).upload_map)

    def test_oversize(self):
        api.portal.set_registry_record("ikz.landespreis.intake.upload_max_mb", 1)
        transaction.commit()
        big = make_pdf(size=1024 * 1024 + 100)
        response = self.browser.submit_application(
            self.form_url,
            valid_values(),
            files={"project_file": ("gross.pdf", big, "application/pdf")},
        )
        self.assert_refused(response, "ist größer als 1 MB")

    def test_twenty_megabytes_accepted(self):
        big = make_pdf(size=20 * 1024 * 1024 - 10)
        response = self.browser.submit_application(
            self.form_url,
            valid_values(),
            files={
                "project_file": ("gross.pdf", big, "application/pdf"),
                "attachment_file": (
                    "anlage.docx",
                    docx_bytes(),
                    "application/octet-stream",
                ),
            },
        )
        self.assertIn("LP26-KA-0001", text(response))
        submission = self.submissions()[0]
        self.assertEqual(submission.project_file.getSize(), len(big))
        self.assertEqual(
            submission.attachment_file.contentType,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )

    def test_consent_required(self):
        response = self.browser.submit_application(
            self.form_url, valid_values(privacy_consent=False)
        )
        self.assert_refused(response, "Datenverarbeitung")

    def test_missing_required(self):
        response = self.browser.submit_application(
            self.form_url, valid_values(title="")
        )
        self.assertEqual(self.submissions(), [])
        self.assertNotIn("application-received", response.url)

    def test_category_of_other_competition(self):
        other = make_competition(self.portal, id="andere")
        api.content.create(
            container=other,
            type="Category",
            id="nur-andere",
            title="Nur im anderen Wettbewerb",
            short_code="NA",
        )
        transaction.commit()
        response = self.browser.submit_application(
            self.form_url, valid_values(category="nur-andere")
        )
        self.assertEqual(self.submissions(), [])
        self.assertNotIn("application-received", response.url)
        # and the action itself refuses it, whatever the form lets through
        from ikz.landespreis.intake.store import ApplicationRefused
        from ikz.landespreis.intake.store import validate

        errors = validate(self.competition, dict(valid_values(category="nur-andere")))
        self.assertIn("category", errors)
        with self.assertRaises(ApplicationRefused):
            from ikz.landespreis.intake.store import store_application

            store_application(
                self.competition["bewerbung"], valid_values(category="nur-andere")
            )

    def test_honeypot(self):
        response = self.browser.submit_application(
            self.form_url, valid_values(), extra={"protected_1": "http://spam.example"}
        )
        self.assertEqual(response.status_code, 403)
        self.assertEqual(self.submissions(), [])


class TestRepeatsAndRush(IntakeTestCase):
    def test_double_post_creates_one(self):
        _response, _parser = self.browser.open_form(self.form_url)
        values = valid_values()
        first = self.browser.submit_application(self.form_url, values)
        second = self.browser.submit_application(self.form_url, values)
        self.assertEqual(len(self.submissions()), 1)
        ref = re.findall(r"LP26-KA-\d{4}", text(first))[0]
        self.assertIn(ref, text(second))

    def test_fifty_parallel_posts(self):
        def post(i):
            browser = Browser()
            return browser.submit_application(
                self.form_url,
                valid_values(title=f"Projekt {i}", lead_municipality=f"Stadt {i}"),
                files={
                    "project_file": (
                        f"p{i}.pdf",
                        make_pdf(f"Antrag {i}"),
                        "application/pdf",
                    )
                },
            )

        with ThreadPoolExecutor(max_workers=16) as pool:
            responses = list(pool.map(post, range(50)))
        references = []
        for response in responses:
            self.assertEqual(response.status_code, 200, text(response)[:3000])
            found = re.findall(r"LP26-KA-\d{4}", text(response))
            self.assertTrue(found, text(response)[-500:])
            references.append(found[0])
        self.assertEqual(len(set(references)), 50)
        stored = self.submissions()
        self.assertEqual(len(stored), 50)
        self.assertEqual({s.reference for s in stored}, set(references))
        # every upload landed with its own submission
        for submission in stored:
            number = submission.title.split()[-1]
            self.assertEqual(submission.project_file.data, make_pdf(f"Antrag {number}"))
        # the trail has both mails of every application (written with its
        # cataloguing, after the intake's commit)
        from ikz.landespreis import audit

        mails = audit.entries(self.competition, kind="mail")
        self.assertEqual(
            sorted(e["target"] for e in mails),
            sorted(api.content.get_uuid(s) for s in stored for _mail in range(2)),
        )

    def test_intake_transaction_leaves_the_trail_alone(self):
        """Applications arriving at once would all write the competition's
        audit trail: the intake's entries go with the cataloguing, in a
        transaction of their own after the application is safely stored."""
        from ikz.landespreis import audit
        from zope.annotation.interfaces import IAnnotations

        self.browser.submit_application(self.form_url, valid_values())
        submission = self.submissions()[0]
        category = submission.__parent__
        trail = IAnnotations(self.competition)[audit.KEY]
        self.assertEqual(
            [
                e["details"]["mail"]
                for e in audit.entries(self.competition, kind="mail")
            ],
            ["receipt", "office_notice"],
        )
        # the folder's tree was last written by the intake, the trail later
        self.assertNotEqual(trail._p_serial, category._tree._p_serial)
        # the competition's mail index likewise
        from ikz.landespreis import mail

        index = IAnnotations(self.competition)[mail.INDEX_KEY]
        self.assertEqual(
            sorted(e["kind"] for e in mail.competition_log(self.competition)),
            ["office_notice", "receipt"],
        )
        self.assertNotEqual(index._p_serial, category._tree._p_serial)


class TestCatalogGap(IntakeTestCase):
    """An application stored but not catalogued (the instance died between
    the two commits): the thank-you page still finds it, and the start of
    an instance catalogues it."""

    def test_thanks_page_and_reconcile(self):
        from ikz.landespreis.intake.indexing import missing_from_catalog
        from ikz.landespreis.intake.indexing import reconcile_on_start
        from zope.processlifetime import DatabaseOpenedWithRoot

        response = self.browser.submit_application(self.form_url, valid_values())
        thanks = response.url
        submission = self.submissions()[0]
        path = "/".join(submission.getPhysicalPath())
        api.portal.get_tool("portal_catalog").uncatalog_object(path)
        transaction.commit()
        self.assertEqual(self.submissions(), [])
        self.assertEqual(missing_from_catalog(self.portal), [path])

        again = Browser().session.get(thanks)
        self.assertEqual(again.status_code, 200)
        self.assertIn("LP26-KA-0001", text(again))
        forged = Browser().session.get(thanks.replace("token=", "token=0"))
        self.assertEqual(forged.status_code, 404)
        self.assertNotIn("LP26-KA-0001", text(forged))

        reconcile_on_start(DatabaseOpenedWithRoot(self.layer["app"]._p_jar.db()))
        self.assertEqual([s.reference for s in self.submissions()], ["LP26-KA-0001"])
        transaction.begin()
        self.assertEqual(missing_from_catalog(self.portal), [])


class TestFileServing(IntakeTestCase):
    def test_submission_files_are_attachments_and_sandboxed(self):
        """A PDF of an application is never shown inline in the portal's
        origin: @@display-file and @@download send it as an attachment
        under a sandboxing Content-Security-Policy."""
        from plone.app.testing import SITE_OWNER_NAME
        from plone.app.testing import SITE_OWNER_PASSWORD

        response = self.browser.submit_application(
            self.form_url,
            valid_values(),
            files={"project_file": ("steckbrief.pdf", PDF, "application/pdf")},
        )
        self.assertIn("LP26-KA-0001", text(response))
        url = self.submissions()[0].absolute_url()
        session = requests.Session()
        session.auth = (SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
        for view in ("@@display-file", "@@download"):
            with self.subTest(view=view):
                answer = session.get(f"{url}/{view}/project_file", timeout=30)
                self.assertEqual(answer.status_code, 200)
                self.assertEqual(answer.content, PDF)
                self.assertTrue(
                    answer.headers["Content-Disposition"].startswith("attachment"),
                    answer.headers,
                )
                self.assertTrue(
                    answer.headers["Content-Security-Policy"].startswith("sandbox")
                )
                self.assertEqual(answer.headers["X-Content-Type-Options"], "nosniff")
