"""Corrections (issue 14, item 5) beyond answers and files: the pictures
with their alternative texts, checked as at the intake, and the mail to
the applicant with the PDF copy of the new version, through a strict SMTP
peer (aiosmtpd with its defaults)."""

from ikz.landespreis.applicants import tokens
from ikz.landespreis.demo_pictures import demo_picture
from tests.applicants import body
from tests.applicants import plain
from tests.pdfs import make_pdf
from tests.test_applicants_rest import call
from tests.test_applicants_rest import RestDraftCase

import base64
import hashlib
import io
import re
import requests
import transaction


ALT = "Zwei Rathäuser, verbunden durch eine Straße über grüne Felder."


def b64(filename, data):
    return {"filename": filename, "data": base64.b64encode(data).decode()}


class CorrectionCase(RestDraftCase):
    def setUp(self):
        super().setUp()
        self.apply()
        self.wait_for_mails(2)
        transaction.begin()
        (self.submission,) = self.submissions()
        self.token = tokens.issue_token(self.submission)
        transaction.commit()

    def corrected(self):
        from ikz.landespreis import audit

        transaction.begin()
        return audit.entries(self.competition, kind="applicant.corrected")

    def patch(self, data):
        return call("PATCH", self.api, self.token, data)


class TestCorrectedPictures(CorrectionCase):
    def test_add_replace_and_remove_a_picture_with_its_text(self):
        from ikz.landespreis.applicants import corrections

        first = demo_picture()
        added = self.patch({
            "picture_1": b64("rathaus.png", first),
            "picture_1_alt": "  " + ALT + "  ",
        })
        self.assertEqual(added.status_code, 200, added.text)
        self.assertEqual(added.json()["version"], 2)
        self.assertEqual(added.json()["changed"], ["picture_1_alt", "picture_1"])
        transaction.begin()
        picture = self.submission.picture_1
        self.assertEqual(picture.contentType, "image/png")
        self.assertEqual(picture.data, first)
        self.assertEqual(picture.getImageSize(), (800, 500))
        self.assertEqual(self.submission.picture_1_alt, ALT)
        # a scale for the winners' page can be made of it
        scale = self.submission.restrictedTraverse("@@images").scale(
            "picture_1", scale="preview"
        )
        self.assertIsNotNone(scale)
        # replaced: the old picture stays with its version
        second = demo_picture(sun=(200, 40, 40))
        replaced = self.patch({"picture_1": b64("rathaus-neu.png", second)})
        self.assertEqual(replaced.json()["changed"], ["picture_1"], replaced.text)
        transaction.begin()
        found = corrections.history(self.submission)
        self.assertEqual([v["version"] for v in found], [1, 2, 3])
        self.assertEqual(found[1]["blobs"]["picture_1"].data, first)
        self.assertEqual(
            found[2]["values"]["picture_1"]["sha256"],
            hashlib.sha256(second).hexdigest(),
        )
        self.assertEqual(found[2]["values"]["picture_1_alt"], ALT)
        _version, changes = corrections.latest_changes(self.submission)
        self.assertEqual([c.label for c in changes], ["Bild 1"])
        self.assertIn("rathaus.png", changes[0].before)
        self.assertIn("rathaus-neu.png", changes[0].after)
        # removed: with its text; the removed picture stays with version 3
        removed = self.patch({"picture_1": None})
        self.assertEqual(
            removed.json()["changed"], ["picture_1_alt", "picture_1"], removed.text
        )
        transaction.begin()
        self.assertIsNone(self.submission.picture_1)
        self.assertIsNone(self.submission.picture_1_alt)
        found = corrections.history(self.submission)
        self.assertEqual(found[2]["blobs"]["picture_1"].data, second)
        self.assertEqual(len(self.corrected()), 3)
        # the office's view names the picture in German
        _version, changes = corrections.latest_changes(self.submission)
        self.assertEqual(
            [c.label for c in changes],
            ["Bild 1", "Bildbeschreibung (Alternativtext) zu Bild 1"],
        )

    def test_pictures_checked_as_at_the_intake(self):
        from PIL import Image

        big = io.BytesIO()
        # a "decompression bomb": few bytes, more than 50 megapixels
        Image.new("1", (8000, 7000)).save(big, "PNG")
        for data, field, words in (
            # a picture without a description
            ({"picture_2": b64("bild.png", demo_picture())}, "picture_2_alt", "Bild 2"),
            (
                {"picture_1": b64("bild.png", demo_picture()), "picture_1_alt": "a"},
                "picture_1_alt",
                "zu kurz",
            ),
            (
                {
                    "picture_1": b64("bild.png", demo_picture()),
                    "picture_1_alt": "x.jpg",
                },
                "picture_1_alt",
                "Dateiname",
            ),
            (
                {
                    "picture_1": b64("bild.png", demo_picture()),
                    "picture_1_alt": "ä" * 251,
                },
                "picture_1_alt",
                "zu lang",
            ),
            # not a picture: a PDF, an HTML page named .png, a broken PNG
            (
                {"picture_1": b64("steckbrief.pdf", make_pdf()), "picture_1_alt": ALT},
                "picture_1",
                "kein Bild",
            ),
            (
                {
                    "picture_1": b64("x.png", b"<svg onload=alert(1)>"),
                    "picture_1_alt": ALT,
                },
                "picture_1",
                "kein Bild",
            ),
            (
                {
                    "picture_1": b64("kaputt.png", demo_picture()[:400]),
                    "picture_1_alt": ALT,
                },
                "picture_1",
                "nicht lesen",
            ),
            (
                {"picture_1": b64("riesig.png", big.getvalue()), "picture_1_alt": ALT},
                "picture_1",
                "Megapixel",
            ),
            ({"picture_1": "Zm9v", "picture_1_alt": ALT}, "picture_1", "Base64"),
            ({"picture_1_alt": 17}, "picture_1_alt", "nicht gültig"),
        ):
            answer = self.patch(dict(data, summary="Geändert."))
            self.assertEqual(answer.status_code, 400, (field, answer.text))
            errors = answer.json()["error"]["errors"]
            self.assertIn(field, errors)
            self.assertIn(words, errors[field], field)
        transaction.begin()
        self.assertIsNone(getattr(self.submission, "picture_1", None))
        self.assertFalse(getattr(self.submission, "version", None))
        self.assertEqual(self.corrected(), [])
        # a description alone, with no picture, is not kept
        alone = self.patch({"picture_3_alt": ALT})
        self.assertEqual(alone.json()["changed"], [], alone.text)

    def test_pictures_on_the_correction_page(self):
        session = requests.Session()
        session.get(f"{self.page}?token={self.token}", timeout=60)
        correction = f"{self.page}-korrektur"

        def post(values, files=None):
            page = session.get(correction, timeout=60).text
            authenticator = re.search(
                r'name="_authenticator" value="([^"]+)"', page
            ).group(1)
            data = {"_authenticator": authenticator, "form.buttons.correct": "1"}
            data.update(values)
            return session.post(correction, data=data, files=files, timeout=60)

        page = session.get(correction, timeout=60)
        self.assertIn("Bildbeschreibung (Alternativtext) zu Bild 1", plain(page))
        self.assertIn('accept="image/jpeg,image/png"', page.text)
        picture = ("Rathaus Süd.png", demo_picture(), "image/png")
        # without a description: named at the top, linked, nothing saved
        refused = post({}, files={"file.picture_1": picture})
        self.assertEqual(refused.status_code, 400)
        self.assertIn('href="#ikz-correct-picture_1_alt"', refused.text)
        self.assertIn("Bitte beschreiben Sie Bild 1", plain(refused))
        transaction.begin()
        self.assertIsNone(getattr(self.submission, "picture_1", None))
        done = post({"field.picture_1_alt": ALT}, files={"file.picture_1": picture})
        self.assertEqual(done.status_code, 200)
        self.assertIn("als Fassung 2 der Bewerbung", plain(done))
        transaction.begin()
        self.assertEqual(self.submission.picture_1.filename, "Rathaus Süd.png")
        self.assertEqual(self.submission.picture_1_alt, ALT)
        page = plain(session.get(correction, timeout=60))
        self.assertIn("Rathaus Süd.png", page)
        self.assertIn("Dieses Bild mit seiner Beschreibung entfernen", page)
        removed = post({"remove.picture_1": "1", "field.picture_1_alt": ALT})
        self.assertIn("als Fassung 3 der Bewerbung", plain(removed))
        transaction.begin()
        self.assertIsNone(self.submission.picture_1)
        self.assertIsNone(self.submission.picture_1_alt)


class TestCorrectionMail(CorrectionCase):
    def applicant_mails(self, count):
        return [
            m
            for m in self.mails_to("erika@example.org", count)
            if "Ihre Korrektur" in m["Subject"]
        ]

    def test_applicant_gets_the_new_version_as_pdf(self):
        from pypdf import PdfReader

        summary = (
            "Drei Kommunen – Müllheim, Öhringen und Überlingen – führen ein "
            "gemeinsames Bürgerbüro. " * 20
        ).strip()
        answer = self.patch({"summary": summary, "department": "Bürgerdienste Süd"})
        self.assertEqual(answer.status_code, 200, answer.text)
        (message,) = self.applicant_mails(3)
        self.assertEqual(
            message["Subject"], "Ihre Korrektur: Bewerbung LP26-KA-0001, Fassung 2"
        )
        self.assertEqual(message["Reply-To"], "office@example.org")
        # over 4 KB with umlauts, through aiosmtpd's default limits
        self.assertGreater(len(message.as_bytes()), 4096)
        text = body(message)
        self.assertIn("Gemeinsames Bürgerbüro", text)
        self.assertIn("Fassung 2", text)
        self.assertIn(
            "Geändert: Fachbereich / Organisationseinheit, "
            "Kurzbeschreibung des Projekts",
            text,
        )
        # the personal link leads back to "Meine Bewerbung"
        link = self.link_in(message)
        mine = requests.get(link, timeout=60)
        self.assertIn("LP26-KA-0001", plain(mine))
        # the attachment: the PDF copy of version 2
        ((filename, data, content_type),) = [
            (p.get_filename(), p.get_content(), p.get_content_type())
            for p in message.iter_attachments()
        ]
        self.assertEqual(filename, "LP26-KA-0001-Fassung-2.pdf")
        self.assertEqual(content_type, "application/pdf")
        self.assertTrue(data.startswith(b"%PDF-"))
        pdf = " ".join(
            page.extract_text()
            for page in PdfReader(io.BytesIO(data), strict=True).pages
        )
        self.assertIn("LP26-KA-0001", pdf)
        self.assertRegex(pdf, r"Fassung\s*2")
        self.assertIn("Bürgerdienste Süd", pdf)
        self.assertIn("Überlingen", pdf)
        # the mail log names it in German
        from ikz.landespreis import mail

        transaction.begin()
        kinds = [e["kind"] for e in mail.mail_log(self.submission)]
        self.assertIn("correction", kinds)
        self.assertIn("Korrektur", mail.KIND_LABELS["correction"])
        # no change, no mail
        self.patch({"summary": summary})
        self.assertEqual(len(self.applicant_mails(4)), 1)

    def test_office_edits_the_template(self):
        from ikz.landespreis import mailtemplates
        from ikz.landespreis.domain import mailtext

        transaction.begin()
        template = mailtemplates.get(self.competition, "correction")
        self.assertEqual(template["title"], "Bestätigung einer Korrektur")
        mailtext.check(template["subject"], template["body"])
        subject, text, _html = mailtemplates.preview(
            self.competition, "correction", self.submission
        )
        self.assertIn("Fassung 1", subject)
        self.assertIn("die geänderten Angaben", text)
        mailtemplates.edit(
            self.competition,
            "correction",
            subject="Korrektur ${reference} gespeichert (Fassung ${version})",
        )
        transaction.commit()
        self.patch({"summary": "Neu gefasst."})
        mails = [
            m
            for m in self.mails_to("erika@example.org", 3)
            if "gespeichert" in m["Subject"]
        ]
        self.assertEqual(
            [m["Subject"] for m in mails],
            ["Korrektur LP26-KA-0001 gespeichert (Fassung 2)"],
        )
        self.assertEqual(
            [p.get_filename() for p in mails[0].iter_attachments()],
            ["LP26-KA-0001-Fassung-2.pdf"],
        )

    def test_a_new_address_gets_no_copy(self):
        """A correction may name another contact address; the copy of every
        text typed goes only to an address the corrector proved to read
        (anti-relay, as the receipt)."""
        answer = self.patch({"contact_email": "fremd@example.org"})
        self.assertEqual(answer.json()["changed"], ["contact_email"], answer.text)
        (message,) = [
            m
            for m in self.mails_to("fremd@example.org", 1)
            if "Ihre Korrektur" in m["Subject"]
        ]
        self.assertEqual(list(message.iter_attachments()), [])
        text = body(message)
        self.assertIn("unter „Meine Bewerbung“ herunterladen", text)
        self.assertNotIn("liegt dieser E-Mail bei", text)
