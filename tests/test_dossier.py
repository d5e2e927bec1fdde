"""The jury dossier: a PDF per competition or category."""

from datetime import date
from datetime import datetime
from ikz.landespreis.domain.dates import BERLIN
from ikz.landespreis.domain.formatting import german_date
from ikz.landespreis.exports.dossier import dossier_html
from ikz.landespreis.exports.dossier import JuryDossierView
from ikz.landespreis.exports.dossier import RefusingURLFetcher
from ikz.landespreis.exports.dossier import render_pdf
from ikz.landespreis.testing import IKZ_LANDESPREIS_FUNCTIONAL_TESTING
from plone import api
from plone.app.testing import login
from plone.app.testing import logout
from plone.namedfile.file import NamedBlobFile
from tests.base import add_user
from tests.base import make_competition
from tests.base import make_submission
from tests.base import name_in_decision
from tests.base import PASSWORD

import io
import pypdf
import re
import socket
import unittest


ADMITTED = {  # reference: title, in dossier order (category, then reference)
    "LP26-KA-0001": "Gemeinsames Bürgerbüro <b>fett</b>",
    "LP26-KA-0002": "Interkommunaler Bauhof",
    "LP26-KB-0003": "Digitale Schule",
}
HIDDEN = {"LP26-KA-0004": "Noch nicht geprüft", "LP26-KB-0005": "Abgelehntes Vorhaben"}


def pages(data):
    reader = pypdf.PdfReader(io.BytesIO(data))
    return [page.extract_text() for page in reader.pages]


class Listener:
    """A TCP port that records whether anybody connected."""

    def __enter__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(5)
        self.port = self.sock.getsockname()[1]
        return self

    def connected(self):
        self.sock.settimeout(0.3)
        try:
            conn, _addr = self.sock.accept()
        except (TimeoutError, BlockingIOError):
            return False
        conn.close()
        return True

    def __exit__(self, *exc):
        self.sock.close()


class TestJuryDossier(unittest.TestCase):
    layer = IKZ_LANDESPREIS_FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.request = self.layer["request"]
        self.listener = Listener().__enter__()
        self.addCleanup(self.listener.__exit__)
        self.payload = f'<img src="http://127.0.0.1:{self.listener.port}/x">'
        self.competition = c = make_competition(
            self.portal, edition_label="3. Landespreis 2026/27"
        )
        add_user("editor")
        api.user.grant_roles(username="editor", obj=c, roles=["Editor", "Reviewer"])
        self.items = {}
        specs = [
            ("kat-b", "LP26-KB-0003", ("admit", "award", "publish")),
            ("kat-a", "LP26-KA-0002", ("admit", "nominate")),
            ("kat-a", "LP26-KA-0004", ()),
            ("kat-a", "LP26-KA-0001", ("admit",)),
            ("kat-b", "LP26-KB-0005", ("reject",)),
        ]
        for i, (category, reference, transitions) in enumerate(specs):
            title = ADMITTED.get(reference) or HIDDEN[reference]
            s = make_submission(
                c[category],
                id=f"s{i}",
                title=title,
                lead_municipality=f"Stadt Nummer{i}",
                partners=[f"Gemeinde Partner{i}a", f"Gemeinde Partner{i}b"],
                summary=f"Kurzbeschreibung von {reference}.\n{self.payload}\nEnde.",
                department=f"Fachbereich {i}",
                legal_form="öffentlich-rechtliche Vereinbarung",
                funding="keine",
                contract_date=date(2025, 5, 1),
                project_status="running",
                benefit=f"Gewinntext {reference}",
                innovation=f"Innovationstext {reference}",
                sustainability=f"Nachhaltigkeitstext {reference}",
                publication_consent=True,
                internal_notes="INTERNE NOTIZ 42",
                rejection_reason="ABLEHNUNGSGRUND 17"
                if "reject" in transitions
                else "",
            )
            s.reference = reference
            s.additional_answers = {"Budget": f"{i}0.000 Euro"}
            s.reindexObject()
            # award and nominate follow the category's signed decision
            if "award" in transitions:
                name_in_decision(c[category], winners=[s])
            elif "nominate" in transitions:
                name_in_decision(c[category], nominees=[s])
            for transition in transitions:
                api.content.transition(s, transition=transition, comment="Grund")
            self.items[reference] = s
        first = self.items["LP26-KA-0001"]
        first.benefit = "Ein langer Absatz über den Gewinn der Kooperation. " * 150
        first.project_file = NamedBlobFile(
            b"%PDF-1.4 x", filename="steckbrief.pdf", contentType="application/pdf"
        )
        first.reindexObject()

    def dossier(self, context, user="editor"):
        if user:
            login(self.portal, user)
        else:
            logout()
        data = JuryDossierView(context, self.request)()
        self.assertTrue(data.startswith(b"%PDF-"))
        return data

    def test_competition_dossier(self):
        data = self.dossier(self.competition)
        response = self.request.response
        self.assertEqual(response.getHeader("Content-Type"), "application/pdf")
        self.assertRegex(
            response.getHeader("Content-Disposition"),
            r'^attachment; filename="jurymappe-wettbewerb-\d{4}-\d\d-\d\d-\d{4}\.pdf"$',
        )
        texts = pages(data)
        everything = "\n".join(texts)
        total = len(texts)

        # cover
        cover = texts[0]
        for expected in (
            "Jurymappe",
            "Testwettbewerb",
            "3. Landespreis 2026/27",
            german_date(datetime.now(BERLIN).date()),
            "3 zugelassene Beiträge",
        ):
            self.assertIn(expected, cover)
        self.assertNotIn("Kategorie:", cover)

        # every submission starts on its own page ...
        starts = {}
        for number, text in enumerate(texts, start=1):
            found = [ref for ref in ADMITTED if ref in text]
            if number > 2:
                self.assertEqual(len(found), 1, (number, text[:300]))
                starts.setdefault(found[0], number)
        self.assertEqual(list(starts), list(ADMITTED))  # sorted by category, reference
        self.assertEqual(starts["LP26-KA-0001"], 3)
        self.assertGreater(starts["LP26-KA-0002"], 4)  # the long one takes pages
        # ... and the table of contents names it with the page it starts on
        toc = texts[1]
        self.assertIn("Inhalt", toc)
        for reference, title in ADMITTED.items():
            line = next(line for line in toc.splitlines() if reference in line)
            self.assertIn(title, line)
            self.assertEqual(
                int(re.search(r"(\d+)\s*$", line).group(1)), starts[reference]
            )
            self.assertIn(title, texts[starts[reference] - 1])
        self.assertLess(toc.index("kat-a"), toc.index("kat-b"))
        # page numbers in the footer
        for number, text in enumerate(texts[1:], start=2):
            self.assertIn(f"Seite {number} von {total}", text)

        # the content of one submission, with German headings
        page = texts[2]
        for expected in (
            "Kategorie: kat-a",
            "Stadt Nummer3",
            "Gemeinde Partner3a",
            "Gemeinde Partner3b",
            "Fachbereich 3",
            "01.05.2025",
            "läuft",
            "öffentlich-rechtliche Vereinbarung",
            "Kurzbeschreibung",
            "Kurzbeschreibung von LP26-KA-0001.",
            "Gewinn der Kooperation",
            "Federführende Kommune",
            "Kommunale Partner",
            "Rechtsform",
        ):
            self.assertIn(expected, page)
        for expected in (
            "Innovationstext LP26-KA-0001",
            "Nachhaltigkeitstext LP26-KA-0001",
            "Projektsteckbrief",
            "steckbrief.pdf",
            "Weitere Angaben",
            "Budget",
            "30.000 Euro",
            "Gewinntext LP26-KB-0003",
        ):
            self.assertIn(expected, everything)

        # not admitted, contact data, office data: absent
        for reference, title in HIDDEN.items():
            self.assertNotIn(reference, everything)
            self.assertNotIn(title, everything)
        for secret in (
            "erika@example.org",
            "0211 12345",
            "Erika Mustermann",
            "INTERNE NOTIZ 42",
            "ABLEHNUNGSGRUND 17",
            "lead_duplicate",
        ):
            self.assertNotIn(secret, everything)

        # applicant markup is text, and nothing was fetched
        self.assertIn("Gemeinsames Bürgerbüro <b>fett</b>", toc)
        self.assertIn(self.payload, texts[2])
        self.assertFalse(self.listener.connected())

    def test_cover_date_and_html_escaping(self):
        login(self.portal, "editor")
        html = dossier_html(self.competition, today=date(2026, 11, 21))
        self.assertIn("21.11.2026", html)
        self.assertNotIn(self.payload, html)
        self.assertIn('&lt;img src="http://127.0.0.1:', html)
        self.assertIn("Gemeinsames Bürgerbüro &lt;b&gt;fett&lt;/b&gt;", html)
        self.assertIn("21.11.2026", pages(render_pdf(html))[0])

    def test_category_dossier(self):
        data = self.dossier(self.competition["kat-b"])
        self.assertRegex(
            self.request.response.getHeader("Content-Disposition"),
            r'^attachment; filename="jurymappe-kat-b-\d{4}-\d\d-\d\d-\d{4}\.pdf"$',
        )
        texts = pages(data)
        everything = "\n".join(texts)
        self.assertIn("Kategorie: kat-b", texts[0])
        self.assertIn("1 zugelassener Beitrag", texts[0])
        self.assertIn("LP26-KB-0003", texts[1])
        self.assertIn("Digitale Schule", everything)
        self.assertNotIn("LP26-KA-", everything)
        self.assertNotIn("LP26-KB-0005", everything)
        self.assertTrue(all("LP26-KB-0003" in text for text in texts[1:]))

    def test_security_of_the_catalog_and_fields(self):
        # a member without roles sees only what is public: the published
        # winner, without the fields behind View Application Details
        add_user("someone")
        texts = pages(self.dossier(self.competition, user="someone"))
        everything = "\n".join(texts)
        self.assertIn("1 zugelassener Beitrag", texts[0])
        self.assertIn("LP26-KB-0003", everything)
        self.assertIn("Kurzbeschreibung von LP26-KB-0003.", everything)
        for hidden in (
            "LP26-KA-0001",
            "LP26-KA-0002",
            "Gewinntext LP26-KB-0003",
            "Fachbereich 0",
            "30.000 Euro",
            "Budget",
        ):
            self.assertNotIn(hidden, everything)
        self.assertIn("nicht freigegeben", everything)
        # anonymous: the same
        everything = "\n".join(pages(self.dossier(self.competition, user=None)))
        self.assertIn("LP26-KB-0003", everything)
        self.assertNotIn("LP26-KA-0001", everything)


class TestNoFetching(unittest.TestCase):
    """WeasyPrint fetches nothing but data: URIs, even from raw markup."""

    def test_fetcher_refuses(self):
        fetcher = RefusingURLFetcher()
        for url in (
            "http://127.0.0.1:9/x",
            "https://example.org/a.css",
            "file:///etc/passwd",
            "ftp://example.org/x",
            "HTTP://127.0.0.1:9/",
        ):
            with self.assertRaises(ValueError, msg=url):
                fetcher(url)
        response = fetcher("data:text/plain;base64,aGFsbG8=")
        self.assertEqual(response.read(), b"hallo")

    def test_raw_html_fetches_nothing(self):
        with Listener() as listener:
            base = f"http://127.0.0.1:{listener.port}"
            html = f"""<html><head>
              <link rel="stylesheet" href="{base}/a.css">
              <style>@import url("{base}/b.css");
                @font-face {{ font-family: X; src: url("{base}/f.woff"); }}
                body {{ background: url("{base}/bg.png"); font-family: X; }}</style>
              </head><body><p>Hallo</p><img src="{base}/x.png">
              <img src="file:///etc/passwd"><object data="{base}/o"></object>
              <svg><image href="{base}/s.png" width="5" height="5"/></svg>
              <img src="relative.png"></body></html>"""
            data = render_pdf(html)
            self.assertFalse(listener.connected())
        self.assertIn("Hallo", pages(data)[0])


class TestDossierView(unittest.TestCase):
    """The registered view, over HTTP: the office only."""

    layer = IKZ_LANDESPREIS_FUNCTIONAL_TESTING

    def test_registered_for_the_office(self):
        import requests
        import transaction

        portal = self.layer["portal"]
        competition = make_competition(portal)
        add_user("editor")
        add_user("juror")
        api.user.grant_roles(
            username="editor", obj=competition, roles=["Editor", "Reviewer"]
        )
        transaction.commit()
        for context in (competition, competition["kat-a"]):
            response = requests.get(
                context.absolute_url() + "/@@jury-dossier",
                auth=("editor", PASSWORD),
                timeout=60,
            )
            self.assertEqual(response.status_code, 200)
            self.assertTrue(response.content.startswith(b"%PDF"))
            denied = requests.get(
                context.absolute_url() + "/@@jury-dossier",
                auth=("juror", PASSWORD),
                allow_redirects=False,
                timeout=60,
            )
            self.assertNotEqual(denied.status_code, 200)


def two_page_pdf():
    from weasyprint import HTML

    return HTML(
        string="<p>ANLAGENTEXT SEITE 1</p>"
        '<p style="break-before: page">ANLAGENTEXT SEITE 2</p>'
    ).write_pdf()


class TestDossierWithAttachments(unittest.TestCase):
    """Uploaded PDFs are part of the dossier, it is tagged and has
    bookmarks per category, application and attachment."""

    layer = TestJuryDossier.layer
    setUp = TestJuryDossier.setUp
    dossier = TestJuryDossier.dossier

    def test_attachments_tags_and_bookmarks(self):
        without = len(pages(self.dossier(self.competition)))
        second = self.items["LP26-KA-0002"]
        second.project_file = NamedBlobFile(
            two_page_pdf(),
            filename="steckbrief-bauhof.pdf",
            contentType="application/pdf",
        )
        data = self.dossier(self.competition)
        reader = pypdf.PdfReader(io.BytesIO(data), strict=True)
        texts = [page.extract_text() for page in reader.pages]
        # the two attachment pages are in, right after the application
        self.assertEqual(len(texts), without + 2)
        first = next(i for i, t in enumerate(texts) if "ANLAGENTEXT SEITE 1" in t)
        self.assertIn("ANLAGENTEXT SEITE 2", texts[first + 1])
        self.assertIn("LP26-KA-0002", texts[first])
        self.assertIn("Seite 1 von 2", texts[first])
        start_second = max(
            i for i, t in enumerate(texts) if "Kurzbeschreibung von LP26-KA-0002" in t
        )
        start_third = min(
            i for i, t in enumerate(texts) if "Kurzbeschreibung von LP26-KB-0003" in t
        )
        self.assertTrue(start_second < first < start_third)
        self.assertIn("im Anschluss eingebunden (2 Seiten)", "\n".join(texts))
        # the unreadable "%PDF-1.4 x" upload is named, not included
        self.assertIn("konnte nicht eingebunden werden", "\n".join(texts))
        # tagged: a structure tree, marked, with the document language
        root = reader.trailer["/Root"]
        self.assertIn("/StructTreeRoot", root)
        self.assertTrue(root["/MarkInfo"]["/Marked"])
        self.assertEqual(root["/Lang"], "de")
        # bookmarks: category > application > attachment
        outline = reader.outline
        titles = [item.title for item in outline if not isinstance(item, list)]
        self.assertEqual(titles, ["kat-a", "kat-b"])
        children = outline[1]
        self.assertEqual(
            [c.title for c in children if not isinstance(c, list)],
            ["Gemeinsames Bürgerbüro <b>fett</b>", "Interkommunaler Bauhof"],
        )
        attachment = children[-1]
        self.assertEqual(
            attachment[0].title, "Anlage: Projektsteckbrief – steckbrief-bauhof.pdf"
        )
        self.assertEqual(reader.get_destination_page_number(attachment[0]), first)
