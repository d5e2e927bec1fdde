"""Eligibility, names, references and upload checks (pure functions)."""

from datetime import date
from ikz.landespreis.domain import eligibility as rules
from ikz.landespreis.domain.files import check_upload
from ikz.landespreis.domain.files import DEFAULT_ALLOWED
from ikz.landespreis.domain.files import pdf_problem
from ikz.landespreis.domain.files import sha256_file
from ikz.landespreis.domain.files import sniff
from ikz.landespreis.domain.names import normalise
from ikz.landespreis.domain.names import split_partners
from ikz.landespreis.domain.references import edition_prefix
from ikz.landespreis.domain.references import format_reference
from ikz.landespreis.domain.references import parse_reference
from tests.pdfs import make_pdf

import io
import unittest
import zipfile


CUTOFF = date(2016, 9, 1)
A = rules.Application


class TestEligibilityTable(unittest.TestCase):
    def test_table(self):
        cases = [
            # (application, other leads, expected flags)
            (A("Stadt Köln", ["Stadt Bonn"], date(2018, 1, 1)), [], []),
            (A("Stadt Köln", [], date(2018, 1, 1)), [], [rules.FEW_PARTNERS]),
            (A("Stadt Köln", ["Köln"], date(2018, 1, 1)), [], [rules.FEW_PARTNERS]),
            (
                A("Stadt Köln", ["Gemeinde Koeln"], date(2018, 1, 1)),
                [],
                [rules.FEW_PARTNERS],
            ),
            (
                A("Stadt Köln", ["Stadt Bonn"], date(2016, 8, 31)),
                [],
                [rules.CONTRACT_BEFORE_CUTOFF],
            ),
            (A("Stadt Köln", ["Stadt Bonn"], date(2016, 9, 1)), [], []),
            (A("Stadt Köln", ["Stadt Bonn"], None), [], []),
            (
                A("Stadt Köln", ["Stadt Bonn"], date(2018, 1, 1)),
                ["KÖLN"],
                [rules.LEAD_DUPLICATE],
            ),
            (A("Stadt Köln", ["Stadt Bonn"], date(2018, 1, 1)), ["Stadt Bonn"], []),
            (
                A("Stadt Köln", ["Stadtsparkasse Köln"], date(2018, 1, 1)),
                [],
                [rules.SAVINGS_BANK],
            ),
            (
                A("Sparkasse KölnBonn", ["Stadt Bonn"], date(2018, 1, 1)),
                [],
                [rules.SAVINGS_BANK],
            ),
            (
                A(
                    "Kreis Kleve",
                    ["Kreissparkasse Kleve", "Stadt Goch"],
                    date(2018, 1, 1),
                ),
                [],
                [rules.SAVINGS_BANK],
            ),
            (
                A("Stadt Köln", ["Stadt Bonn"], date(2018, 1, 1), no_lead=True),
                [],
                [rules.COUNCIL_DECISION_MISSING],
            ),
            (
                A(
                    "Stadt Köln",
                    ["Stadt Bonn"],
                    date(2018, 1, 1),
                    no_lead=True,
                    has_council_decision=True,
                ),
                [],
                [],
            ),
            (
                A("Sparkasse Aachen", [], date(2010, 1, 1), no_lead=True),
                ["Sparkasse Aachen"],
                [
                    rules.FEW_PARTNERS,
                    rules.CONTRACT_BEFORE_CUTOFF,
                    rules.LEAD_DUPLICATE,
                    rules.SAVINGS_BANK,
                    rules.COUNCIL_DECISION_MISSING,
                ],
            ),
        ]
        for application, others, expected in cases:
            self.assertEqual(
                rules.evaluate(application, cutoff=CUTOFF, other_leads=others),
                expected,
                application,
            )

    def test_every_flag_explained(self):
        self.assertEqual(set(rules.EXPLANATIONS), set(rules.ORDER))


class TestNames(unittest.TestCase):
    def test_normalise(self):
        same = [
            "Stadt Köln",
            "köln",
            "KOELN",
            "Köln ",
            "Stadt  Koeln",
            "Gemeinde Köln.",
        ]
        self.assertEqual({normalise(n) for n in same}, {"koeln"})
        self.assertEqual(normalise("Kreis Düren"), "dueren")
        self.assertEqual(normalise("Große Kreisstadt Neuss"), "neuss")
        self.assertNotEqual(normalise("Stadt Bonn"), normalise("Stadt Köln"))
        self.assertEqual(normalise(""), "")

    def test_split_partners(self):
        self.assertEqual(
            split_partners(
                "Stadt Bonn\n- Gemeinde Alfter\n\n1. Kreis Euskirchen; Stadt Bonn"
            ),
            ["Stadt Bonn", "Gemeinde Alfter", "Kreis Euskirchen"],
        )


class TestReferences(unittest.TestCase):
    def test_format(self):
        self.assertEqual(format_reference("LP26", "SSC", 42), "LP26-SSC-0042")
        self.assertEqual(format_reference("LP26", "SSC", 12345), "LP26-SSC-12345")
        self.assertEqual(edition_prefix(date(2026, 2, 9)), "LP26")
        self.assertEqual(parse_reference("LP26-SSC-0042"), ("LP26", "SSC", 42))
        self.assertIsNone(parse_reference("LP26-ssc-42"))
        with self.assertRaises(ValueError):
            format_reference("LP26", "SSC", 0)


def zip_with(names):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in names.items():
            archive.writestr(name, content)
    return buffer.getvalue()


class TestUploads(unittest.TestCase):
    def test_sniff(self):
        self.assertEqual(sniff(b"%PDF-1.7\n..."), "pdf")
        self.assertEqual(sniff(b"\x89PNG\r\n\x1a\n...."), "png")
        self.assertEqual(sniff(b"\xff\xd8\xff\xe0...."), "jpeg")
        self.assertEqual(
            sniff(zip_with({"[Content_Types].xml": "x", "word/document.xml": "x"})),
            "docx",
        )
        self.assertEqual(
            sniff(zip_with({"[Content_Types].xml": "x", "xl/workbook.xml": "x"})),
            "xlsx",
        )
        self.assertEqual(
            sniff(zip_with({"mimetype": "application/vnd.oasis.opendocument.text"})),
            "odt",
        )
        for unknown in (
            b"MZ\x90\x00",
            b"<html></html>",
            b"<svg/>",
            b"#!/bin/sh",
            zip_with({"a.exe": "x"}),
        ):
            self.assertIsNone(sniff(unknown), unknown[:10])

    def test_zip_bomb_not_unpacked(self):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("mimetype", b"a" * (50 * 1024 * 1024))
        self.assertLess(len(buffer.getvalue()), 1024 * 1024)
        import tracemalloc

        tracemalloc.start()
        self.assertIsNone(sniff(buffer.getvalue()))
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        self.assertLess(peak, 5 * 1024 * 1024)

    def test_check_upload(self):
        allowed = DEFAULT_ALLOWED
        pdf = make_pdf()
        self.assertIsNone(check_upload(pdf, allowed, 1000))
        self.assertEqual(check_upload(pdf, allowed, len(pdf) - 1), "too_large")
        self.assertEqual(check_upload(b"", allowed, 100), "empty")
        self.assertEqual(check_upload(b"MZ\x90\x00", allowed, 100), "type")
        self.assertEqual(check_upload(b"\x89PNG\r\n\x1a\n", ("pdf",), 100), "type")
        self.assertEqual(
            check_upload(
                make_pdf(catalog_extra="/OpenAction << /S /JavaScript /JS (x) >>"),
                allowed,
                1000,
            ),
            "active_content",
        )

    def test_check_upload_streams_from_the_file(self):
        """Size, type and PDF check read a spooled file in chunks: a 30 MB
        upload is judged without 30 MB in memory."""
        import tempfile
        import tracemalloc

        with tempfile.TemporaryFile() as spooled:
            spooled.write(make_pdf(size=30 * 1024 * 1024))
            tracemalloc.start()
            self.assertEqual(
                check_upload(spooled, DEFAULT_ALLOWED, 20 * 1024 * 1024), "too_large"
            )
            self.assertEqual(sha256_file(spooled), sha256_file(spooled))
            _current, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            self.assertLess(peak, 4 * 1024 * 1024)
            self.assertIsNone(check_upload(spooled, DEFAULT_ALLOWED, 40 * 1024 * 1024))


class TestPdfActiveContent(unittest.TestCase):
    """Active content is found in the parsed PDF, whatever ``#xx`` escapes
    its names use."""

    def assert_active(self, data):
        self.assertEqual(pdf_problem(data), "active_content")
        self.assertEqual(check_upload(data, DEFAULT_ALLOWED, 10**6), "active_content")

    def test_clean_pdf_and_harmless_open_action(self):
        self.assertIsNone(pdf_problem(make_pdf()))
        self.assertIsNone(
            pdf_problem(make_pdf(catalog_extra="/OpenAction [3 0 R /Fit]"))
        )
        self.assertIsNone(
            pdf_problem(
                make_pdf(catalog_extra="/OpenAction << /S /GoTo /D [3 0 R /Fit] >>")
            )
        )
        self.assertIsNone(pdf_problem(make_pdf(page_extra="/AA << >>")))

    def test_escaped_javascript_action(self):
        self.assert_active(
            make_pdf(
                catalog_extra="/OpenAction << /S/J#61vaScript /JS (app.alert(1)) >>"
            )
        )

    def test_escaped_js_key(self):
        # an action reached from a harmless GoTo through /Next
        self.assert_active(
            make_pdf(
                catalog_extra="/OpenAction 5 0 R",
                objects=["<< /S /GoTo /D [3 0 R /Fit] /Next << /#4A#53 (x) >> >>"],
            )
        )

    def test_escaped_launch(self):
        self.assert_active(
            make_pdf(page_extra="/AA << /O << /S /L#61unch /F (calc.exe) >> >>")
        )

    def test_each_key(self):
        for source in (
            {"catalog_extra": "/Names << /JavaScript 5 0 R >>", "objects": ["<< >>"]},
            {"catalog_extra": "/OpenAction << /S /Launch /F (a.exe) >>"},
            {"catalog_extra": "/OpenAction << /S /SubmitForm /F (x) >>"},
            {"page_extra": "/AA << /O << /S /GoTo /D [3 0 R /Fit] >> >>"},
            {
                "catalog_extra": "/Names << /EmbeddedFiles << /Names [(a) 5 0 R] >> >>",
                "objects": ["<< /Type /Filespec /F (a.exe) >>"],
            },
            {
                "page_extra": "/Annots [5 0 R]",
                "objects": [
                    "<< /Type /Annot /Subtype /FileAttachment /Rect [0 0 1 1] "
                    "/FS << /Type /Filespec /EF << /F 6 0 R >> >> >>",
                    b"<< /Type /EmbeddedFile /Length 1 >>\nstream\nx\nendstream",
                ],
            },
            {
                "page_extra": "/Annots [5 0 R]",
                "objects": ["<< /Type /Annot /Subtype /RichMedia /Rect [0 0 1 1] >>"],
            },
            {"catalog_extra": "/AcroForm << /Fields [] /X#46A (x) >>"},
        ):
            with self.subTest(source=source):
                self.assert_active(make_pdf(**source))

    def test_broken_pdf(self):
        for data in (
            b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n",
            b"%PDF-1.4\n" + b"0" * 5000,
            make_pdf()[:300],
        ):
            with self.subTest(data=data[:40]):
                self.assertEqual(pdf_problem(data), "broken_pdf")
                self.assertEqual(
                    check_upload(data, DEFAULT_ALLOWED, 10**6), "broken_pdf"
                )


class TestSpreadsheetCells(unittest.TestCase):
    def test_only_formula_like_values_are_neutralised(self):
        from ikz.landespreis.domain.exports import neutralise

        for text in ("+49 2761 12345", "-12,5", "+49 (0)211/123-45", "Köln", ""):
            self.assertEqual(neutralise(text), text)
        for text in ("=1+1", "@SUM(A1)", "+cmd|' /C calc'!A0", "-2+3+cmd|x", "\t=1"):
            self.assertEqual(neutralise(text), "'" + text)
        self.assertEqual(neutralise(["Köln", "=evil"]), "Köln; '=evil")
        self.assertEqual(neutralise(["a", "b"], separator="\n"), "a\nb")
        self.assertEqual(neutralise(True), "ja")
        self.assertEqual(neutralise(3), 3)
