"""The office cockpit: listing, filters, bulk decisions, exports, REST."""

from aiosmtpd.controller import Controller
from datetime import date
from datetime import datetime
from ikz.landespreis.domain.dates import BERLIN
from ikz.landespreis.domain.dates import to_berlin
from ikz.landespreis.domain.exports import is_formula_like
from ikz.landespreis.testing import IKZ_LANDESPREIS_FUNCTIONAL_TESTING
from plone import api
from plone.namedfile.file import NamedBlobFile
from tests.base import add_user
from tests.base import free_port
from tests.base import german
from tests.base import JSON
from tests.base import make_competition
from tests.base import make_jury
from tests.base import make_submission
from tests.base import PASSWORD
from tests.base import real_mailhost
from tests.base import SMTPRecorder
from tests.browser import text

import csv
import hashlib
import io
import openpyxl
import re
import requests
import time
import transaction
import unittest
import zipfile


class OfficeTestCase(unittest.TestCase):
    layer = IKZ_LANDESPREIS_FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        german()
        self.competition = c = make_competition(self.portal)
        for user in ("editor", "juror", "chair"):
            add_user(user)
        api.user.grant_roles(username="editor", obj=c, roles=["Editor", "Reviewer"])
        make_jury(c, jurors=["juror"], chair="chair")
        self.items = []
        for i in range(12):
            category = c["kat-a"] if i % 2 == 0 else c["kat-b"]
            s = make_submission(
                category,
                id=f"s{i:02d}",
                title=f"Projekt {i:02d}",
                lead_municipality=f"Stadt Nummer{i:02d}",
                eligibility_flags=["savings_bank"] if i % 3 == 0 else [],
            )
            s.reference = f"LP26-{'KA' if i % 2 == 0 else 'KB'}-{i + 1:04d}"
            s.additional_answers = {"Budget": f"{i}000 Euro"}
            s.reindexObject()
            self.items.append(s)
        self.items[0].title = '=HYPERLINK("http://evil.example","klick")'
        self.items[0].summary = "@SUM(1+1)"
        self.items[0].project_file = NamedBlobFile(
            b"%PDF-1.4 null", filename="steckbrief.pdf", contentType="application/pdf"
        )
        self.items[1].council_decision_file = NamedBlobFile(
            b"%PDF-1.4 eins", filename="rat.pdf", contentType="application/pdf"
        )
        self.items[0].contact_phone = "+49 2761 12345"
        self.items[0].partners = ["Stadt Attendorn", "Stadt Drolshagen", "Kreis Olpe"]
        self.items[0].lead_municipality = "Stadt Olpe"
        self.items[0].project_status = "running"
        self.items[0].contract_date = date(2019, 4, 1)
        self.items[0].submitted_at = to_berlin(datetime(2026, 12, 1, 14, 30))
        self.items[0].reindexObject()
        transaction.commit()
        self.url = c.absolute_url()

    def session(self, user, path="/@@submissions"):
        session = requests.Session()
        session.auth = (user, PASSWORD)
        page = session.get(self.url + path)
        token = re.search(r'name="_authenticator" value="([^"]+)"', page.text)
        return session, page, token.group(1) if token else None

    def states(self):
        transaction.begin()
        return {s.getId(): api.content.get_state(s) for s in self.items}


class TestCockpit(OfficeTestCase):
    def refs(self, page):
        return re.findall(r"LP26-K[AB]-\d{4}", text(page))

    def test_listing_filters_sorting_batching(self):
        session, page, _ = self.session("editor")
        self.assertEqual(page.status_code, 200)
        self.assertEqual(len(set(self.refs(page))), 12)
        self.assertIn("Sparkasse", text(page))  # the flag, explained
        get = lambda q: session.get(self.url + "/@@submissions?" + q)
        self.assertEqual(
            set(self.refs(get("category=kat-b"))),
            {f"LP26-KB-{i + 1:04d}" for i in range(1, 12, 2)},
        )
        self.assertEqual(len(set(self.refs(get("flag=savings_bank")))), 4)
        self.assertEqual(set(self.refs(get("text=Nummer05"))), {"LP26-KB-0006"})
        descending = self.refs(get("sort_on=reference&sort_order=descending"))
        self.assertEqual(descending[0], "LP26-KB-0012")
        batch = self.refs(get("b_size=5"))
        self.assertEqual(len(set(batch)), 5)

    def test_denied_to_others(self):
        for user in ("juror", "chair", None):
            response = requests.get(
                self.url + "/@@submissions",
                auth=(user, PASSWORD) if user else None,
                allow_redirects=False,
                timeout=30,
            )
            self.assertNotEqual(response.status_code, 200, user)
            self.assertNotIn("LP26-KA-0001", response.text)

    def test_bulk_admit_reject_move(self):
        session, _page, token = self.session("editor")
        uid = lambda i: api.content.get_uuid(self.items[i])
        response = session.post(
            self.url + "/@@submissions",
            data={
                "_authenticator": token,
                "action": "admit",
                "uids:list": [uid(0), uid(1)],
                "reason": "passt",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            [self.states()[k] for k in ("s00", "s01", "s02")],
            ["admitted", "admitted", "received"],
        )
        history = self.items[0].workflow_history["ikz_submission_workflow"]
        self.assertEqual(
            (history[-1]["action"], history[-1]["actor"]), ("admit", "editor")
        )
        # admitted submissions reach the jury (first the conflict gate)
        dashboard = requests.get(
            self.url + "/@@jury", auth=("juror", PASSWORD), timeout=30
        )
        self.assertIn(self.items[0].absolute_url() + "/@@conflict", dashboard.text)
        # reject without a reason: refused, nothing changes
        response = session.post(
            self.url + "/@@submissions",
            data={
                "_authenticator": token,
                "action": "reject",
                "uids:list": [uid(2)],
                "reason": "",
            },
        )
        self.assertIn("Bitte geben Sie einen Grund", text(response))
        self.assertEqual(self.states()["s02"], "received")
        # move keeps reference and history
        response = session.post(
            self.url + "/@@submissions",
            data={
                "_authenticator": token,
                "action": "move",
                "uids:list": [uid(0)],
                "target": "kat-b",
            },
        )
        transaction.begin()
        moved = self.competition["kat-b"]["s00"]
        self.assertEqual(moved.reference, "LP26-KA-0001")
        self.assertEqual(
            moved.workflow_history["ikz_submission_workflow"][-1]["action"], "admit"
        )
        self.assertEqual(api.content.find(UID=uid(0))[0].submission_category, "kat-b")
        # without the token nothing happens
        response = session.post(
            self.url + "/@@submissions", data={"action": "admit", "uids:list": [uid(4)]}
        )
        self.assertEqual(response.status_code, 403)
        self.assertEqual(self.states()["s04"], "received")

    def test_reject_with_reason_mailed(self):
        smtp = SMTPRecorder()
        controller = Controller(smtp, hostname="127.0.0.1", port=free_port())
        controller.start()
        try:
            real_mailhost(self.portal, controller.port)
            transaction.commit()
            response = requests.post(
                self.url + "/@submissions-bulk",
                headers=JSON,
                auth=("editor", PASSWORD),
                timeout=30,
                json={
                    "action": "reject",
                    "notify": True,
                    "uids": [api.content.get_uuid(self.items[3])],
                    "reason": "Die Kooperation ist älter als der Stichtag.",
                },
            )
            self.assertEqual(response.json(), {"done": ["LP26-KB-0004"], "skipped": []})
            deadline = time.time() + 10
            while not smtp.messages and time.time() < deadline:
                time.sleep(0.05)
            rcpt, message = smtp.messages[0]
            self.assertEqual(rcpt, ["erika@example.org"])
            body = message.get_body(("plain",)).get_content()
            self.assertIn("älter als der Stichtag", body)
            self.assertIn("nicht zum Wettbewerb zugelassen", body)
            transaction.begin()
            self.assertEqual(
                self.items[3].rejection_reason,
                "Die Kooperation ist älter als der Stichtag.",
            )
            history = self.items[3].workflow_history["ikz_submission_workflow"][-1]
            self.assertEqual(
                (history["action"], history["comments"]),
                ("reject", "Die Kooperation ist älter als der Stichtag."),
            )
        finally:
            controller.stop()

    def test_rest_listing_and_bulk(self):
        response = requests.get(
            self.url + "/@submissions?state=received&flag=savings_bank&b_size=2",
            headers=JSON,
            auth=("editor", PASSWORD),
            timeout=30,
        )
        data = response.json()
        self.assertEqual(data["items_total"], 4)
        self.assertEqual(len(data["items"]), 2)
        self.assertIn("batching", data)
        self.assertEqual(
            set(data["items"][0])
            >= {
                "reference",
                "title",
                "review_state",
                "eligibility_flags",
                "final_scores",
            },
            True,
        )
        response = requests.post(
            self.url + "/@submissions-bulk",
            headers=JSON,
            auth=("editor", PASSWORD),
            timeout=30,
            json={"action": "reject", "uids": [api.content.get_uuid(self.items[5])]},
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("Grund", response.json()["error"]["message"])
        response = requests.get(
            self.url + "/@submissions",
            headers=JSON,
            auth=("juror", PASSWORD),
            timeout=30,
        )
        self.assertEqual(response.status_code, 401)


class TestExports(OfficeTestCase):
    def test_xlsx(self):
        session, _page, _token = self.session("editor")
        response = session.get(self.url + "/@@submissions-export?format=xlsx")
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment", response.headers["Content-Disposition"])
        filename = response.headers["Content-Disposition"]
        self.assertRegex(
            filename, r'filename="bewerbungen-\d{4}-\d\d-\d\d-\d{4}\.xlsx"'
        )
        book = openpyxl.load_workbook(io.BytesIO(response.content))
        self.assertEqual(
            book.sheetnames, ["Übersicht", "Alle Bewerbungen", "kat-a", "kat-b"]
        )
        sheet = book["Alle Bewerbungen"]
        rows = list(sheet.values)
        header = rows[0]
        self.assertEqual(len(rows), 13)
        for column in (
            "Aktenzeichen",
            "Titel des Projekts",
            "E-Mail",
            "Interne Notizen",
            "Budget",
            "Status",
            "Endgültige Bewertungen",
        ):
            self.assertIn(column, header)
        first = dict(zip(header, rows[1], strict=False))
        self.assertEqual(first["Aktenzeichen"], "LP26-KA-0001")
        self.assertEqual(
            first["Titel des Projekts"], '\'=HYPERLINK("http://evil.example","klick")'
        )
        self.assertEqual(first["Kurzbeschreibung"], "'@SUM(1+1)")
        self.assertEqual(first["Budget"], "0000 Euro")
        self.assertEqual(first["E-Mail"], "erika@example.org")
        self.assertEqual(first["Projektsteckbrief (Datei)"], "steckbrief.pdf")
        self.assertEqual(first["Status"], "Eingegangen")
        # a phone number is no formula: as it was typed, no apostrophe
        self.assertEqual(first["Telefon"], "+49 2761 12345")
        # German labels for every choice, partners one per line
        self.assertEqual(first["Stand des Projekts"], "läuft bereits")
        self.assertEqual(first["Keine federführende Kommune benannt"], "nein")
        self.assertEqual(
            first["Kommunale Partner"],
            "Stadt Attendorn\nStadt Drolshagen\nKreis Olpe",
        )
        self.assertEqual(first["Kreis / kreisfreie Stadt"], "Kreis Olpe")
        self.assertEqual(first["Regierungsbezirk"], "Arnsberg")
        self.assertIn("Sparkasse", first["Hinweise zur Teilnahmeberechtigung"])
        # real date cells, Berlin wall-clock time, no zone
        self.assertEqual(first["Eingegangen am"], datetime(2026, 12, 1, 14, 30))
        self.assertEqual(first["Vertraglich vereinbart am"], datetime(2019, 4, 1))
        column = header.index("Eingegangen am") + 1
        cell = sheet.cell(row=2, column=column)
        self.assertEqual(cell.data_type, "d")
        self.assertEqual(cell.number_format, "DD.MM.YYYY HH:MM")
        # handed on: a filter, a frozen header and reference, column widths
        self.assertEqual(
            sheet.auto_filter.ref, f"A1:{sheet.cell(1, len(header)).column_letter}13"
        )
        self.assertEqual(sheet.freeze_panes, "B2")
        for index in range(1, len(header) + 1):
            letter = sheet.cell(1, index).column_letter
            width = sheet.column_dimensions[letter].width
            self.assertTrue(8 <= width <= 62, (header[index - 1], width))
        title_width = sheet.column_dimensions[
            sheet.cell(1, header.index("Titel des Projekts") + 1).column_letter
        ].width
        self.assertGreaterEqual(
            title_width, len(rows[1][header.index("Titel des Projekts")])
        )
        self.assertTrue(
            sheet.cell(2, header.index("Kommunale Partner") + 1).alignment.wrap_text
        )
        # one sheet per category with its applications, each handed on the same way
        for name, prefix in (("kat-a", "LP26-KA-"), ("kat-b", "LP26-KB-")):
            category_rows = list(book[name].values)
            self.assertEqual(category_rows[0], header)
            self.assertEqual(len(category_rows), 7)
            self.assertTrue(all(r[0].startswith(prefix) for r in category_rows[1:]))
            self.assertEqual(book[name].freeze_panes, "B2")
            self.assertTrue(book[name].auto_filter.ref)
        # the summary: per category, per state, with flags, and a total
        summary = list(book["Übersicht"].values)
        self.assertEqual(
            summary[0],
            ("Kategorie", "Bewerbungen", "Eingegangen", "Mit Hinweisen zur Teilnahme"),
        )
        self.assertEqual(
            summary[1:], [("kat-a", 6, 6, 2), ("kat-b", 6, 6, 2), ("Gesamt", 12, 12, 4)]
        )
        self.assertTrue(all(isinstance(v, int) for row in summary[1:] for v in row[1:]))
        for row in rows[1:]:
            for cell in row:
                if isinstance(cell, str):
                    self.assertFalse(is_formula_like(cell), cell)

    def test_csv(self):
        session, _page, _token = self.session("editor")
        response = session.get(self.url + "/@@submissions-export?format=csv")
        content = response.content.decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(content), delimiter=";"))
        self.assertEqual(len(rows), 13)
        self.assertRegex(
            response.headers["Content-Disposition"],
            r'filename="bewerbungen-\d{4}-\d\d-\d\d-\d{4}\.csv"',
        )
        first = dict(zip(rows[0], rows[1], strict=True))
        self.assertTrue(first["Titel des Projekts"].startswith("'="))
        # the same data as the XLSX: partners with "; ", German dates and labels
        self.assertEqual(
            first["Kommunale Partner"], "Stadt Attendorn; Stadt Drolshagen; Kreis Olpe"
        )
        self.assertEqual(first["Telefon"], "+49 2761 12345")
        self.assertEqual(first["Eingegangen am"], "01.12.2026, 14:30 Uhr")
        self.assertEqual(first["Vertraglich vereinbart am"], "01.04.2019")
        self.assertEqual(first["Stand des Projekts"], "läuft bereits")
        self.assertEqual(first["Regierungsbezirk"], "Arnsberg")

    def test_scores_export(self):
        competition = self.competition
        api.content.transition(self.items[0], transition="admit")
        for t in ("announce", "open", "close"):
            api.content.transition(competition, transition=t)
        from ikz.landespreis.jury.service import save_score
        from tests.base import declare_no_conflict

        declare_no_conflict(self.items[0], "juror")
        with api.env.adopt_user(username="juror"):
            save_score(
                self.items[0],
                "juror",
                {"benefit": 8, "innovation": 2},
                comment="=gefährlich",
                final=True,
            )
        transaction.commit()
        for user, allowed in (("chair", True), ("editor", True), ("juror", False)):
            response = requests.get(
                self.url + "/@@scores-export?format=xlsx",
                auth=(user, PASSWORD),
                allow_redirects=False,
                timeout=30,
            )
            self.assertEqual(response.status_code == 200, allowed, user)
        book = openpyxl.load_workbook(
            io.BytesIO(
                requests.get(
                    self.url + "/@@scores-export?format=xlsx",
                    auth=("chair", PASSWORD),
                    timeout=30,
                ).content
            )
        )
        ranking = list(book["Rangfolge"].values)
        self.assertEqual(
            ranking[1][1:5],
            (1, "LP26-KA-0001", '\'=HYPERLINK("http://evil.example","klick")', 6),
        )
        juror_rows = list(book["Bewertungen"].values)
        self.assertEqual(
            juror_rows[1][3:], ("juror", "endgültig", 8, 2, 6, "'=gefährlich", "ja")
        )
        # the chair may not export the applications with their contact data
        response = requests.get(
            self.url + "/@@submissions-export?format=xlsx",
            auth=("chair", PASSWORD),
            allow_redirects=False,
            timeout=30,
        )
        self.assertNotEqual(response.status_code, 200)

    def test_uploads_zip(self):
        session, _page, _token = self.session("editor")
        response = session.get(self.url + "/@@uploads-export")
        self.assertEqual(response.status_code, 200)
        archive = zipfile.ZipFile(io.BytesIO(response.content))
        self.assertEqual(
            sorted(archive.namelist()),
            ["LP26-KA-0001/steckbrief.pdf", "LP26-KB-0002/rat.pdf", "manifest.csv"],
        )
        self.assertEqual(archive.read("LP26-KA-0001/steckbrief.pdf"), b"%PDF-1.4 null")
        # the real upload time (Berlin), not 1980
        transaction.begin()
        stored = self.items[0].project_file._p_mtime
        expected = datetime.fromtimestamp(stored, BERLIN).replace(tzinfo=None)
        info = archive.getinfo("LP26-KA-0001/steckbrief.pdf")
        self.assertEqual(
            datetime(*info.date_time),
            expected.replace(microsecond=0, second=expected.second // 2 * 2),
        )
        self.assertGreater(info.date_time[0], 2020)
        # the manifest: reference, file, size, SHA-256, upload time
        manifest = list(
            csv.reader(
                io.StringIO(archive.read("manifest.csv").decode("utf-8-sig")),
                delimiter=";",
            )
        )
        self.assertEqual(
            manifest[0],
            ["Aktenzeichen", "Datei", "Größe (Bytes)", "SHA-256", "Hochgeladen"],
        )
        by_file = {(r[0], r[1]): r for r in manifest[1:]}
        self.assertEqual(len(by_file), 2)
        for name in archive.namelist():
            if name == "manifest.csv":
                continue
            reference, filename = name.split("/")
            row = by_file[reference, filename]
            content = archive.read(name)
            self.assertEqual(int(row[2]), len(content))
            self.assertEqual(row[3], hashlib.sha256(content).hexdigest())
            self.assertRegex(row[4], r"^\d\d\.\d\d\.\d{4}, \d\d:\d\d Uhr$")
        self.assertNotEqual(
            requests.get(
                self.url + "/@@uploads-export",
                auth=("juror", PASSWORD),
                allow_redirects=False,
                timeout=30,
            ).status_code,
            200,
        )
