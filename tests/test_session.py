"""The jury session: the chair opens it, records results, votes, notes and
Laudatio per application in ranking order, and closing signs the decision
and produces the minutes (a tagged PDF, text read back with pypdf);
insiders: the office and a juror trying to run it, the chair with a
conflict."""

from ikz.landespreis import audit
from ikz.landespreis.domain import session as rules
from ikz.landespreis.jury import decision
from ikz.landespreis.jury import membership
from ikz.landespreis.jury import session
from plone import api
from tests.base import JuryTestCase
from tests.base import PASSWORD
from tests.browser import text as raw_text

import io
import re
import requests
import transaction
import unittest


def text(response):
    """The page's text with tags and runs of white space collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", raw_text(response)))


NAMES = {
    "juror1": "Anna Erste",
    "juror2": "Bernd Zweiter",
    "juror3": "Jana Dritte",
    "chair": "Vera Vorsitz",
}


class TestSessionRules(unittest.TestCase):
    def test_votes(self):
        self.assertEqual(rules.normalise_vote("Einvernehmlich "), "einvernehmlich")
        self.assertEqual(rules.normalise_vote(" 4 : 1"), "4:1")
        self.assertEqual(rules.normalise_vote("3:1:01"), "3:1:1")
        for bad in ("", "viele", "4-1", "4:1:1:1", "100:1"):
            self.assertIsNone(rules.normalise_vote(bad), bad)

    def test_entries(self):
        self.assertIsNone(rules.check_entry({"notes": "nur Notizen"}))
        self.assertIs(rules.check_entry({"result": "gold"}), rules.MSG_RESULT)
        self.assertIs(rules.check_entry({"result": "none"}), rules.MSG_VOTE)
        self.assertIs(
            rules.check_entry({"result": "winner", "vote": "5:0"}), rules.MSG_LAUDATIO
        )
        self.assertIsNone(
            rules.check_entry({"result": "winner", "vote": "5:0", "laudatio": "Gut."})
        )

    def test_choices_and_attendance(self):
        entries = {
            "b": {"result": "winner", "laudatio": " L "},
            "a": {"result": "nominee"},
            "c": {"result": "none"},
        }
        self.assertEqual(
            rules.choices(entries, ["a", "b", "c", "d"]), (["b"], ["a"], {"b": "L"})
        )
        self.assertIsNone(rules.check_attendance(["x"], ["x"], ["x", "y"]))
        self.assertIs(rules.check_attendance(["z"], [], ["x"]), rules.MSG_PRESENT)
        self.assertIs(
            rules.check_attendance(["x"], ["y"], ["x", "y"]), rules.MSG_PRESENT
        )


class SessionTestCase(JuryTestCase):
    scorers = ("juror3", "chair")

    def setUp(self):
        super().setUp()
        for user_id, name in NAMES.items():
            api.user.get(userid=user_id).setMemberProperties({"fullname": name})
        membership.set_deputy(self.competition, "juror3", True)
        transaction.commit()
        # kat-b: juror3 and the chair score s3 finally; kat-a stays open
        for user, values in (
            ("juror3", {"benefit": 4, "innovation": 4}),
            ("chair", {"benefit": 10, "innovation": 7}),
        ):
            if user not in self.scorers:
                continue
            self.declare(self.s3, user)
            response = self.score(self.s3, user, values, final=True)
            self.assertEqual(response.status_code, 200, response.text)
        self.url = self.competition.absolute_url() + "/@jury-session"

    def open(self, user="chair"):
        return self.rest(
            "POST",
            self.url,
            user,
            {
                "action": "open",
                "date": "2026-03-20",
                "attendees": ["juror1", "juror2", "juror3", "chair"],
                "present": ["juror1", "juror3", "chair"],
            },
        )

    def record(self, user, entries, category="kat-b"):
        response = self.rest(
            "PATCH", self.url, user, {"category": category, "entries": entries}
        )
        transaction.begin()
        return response


class TestSession(SessionTestCase):
    def test_open_record_close_minutes(self):
        uid = self.s3.UID()
        response = self.open()
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(response.json()["state"], "open")
        names = {a["name"]: a["present"] for a in response.json()["attendees"]}
        self.assertEqual(names["Bernd Zweiter"], False)
        # the applications in ranking order per category
        cats = {c["id"]: c for c in response.json()["categories"]}
        self.assertEqual(
            [a["reference"] for a in cats["kat-b"]["applications"]],
            [self.s3.reference],
        )
        # a winner without Laudatio, a vote that is none: German, nothing kept
        response = self.record("chair", {uid: {"result": "winner", "vote": "5:0"}})
        self.assertEqual(response.status_code, 400)
        self.assertIn("Laudatio", response.json()["error"]["message"])
        response = self.record(
            "chair", {uid: {"result": "winner", "vote": "viele", "laudatio": "x"}}
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("einvernehmlich", response.json()["error"]["message"])
        self.assertEqual(session.get(self.competition)["categories"], {})
        response = self.record(
            "chair",
            {
                uid: {
                    "result": "winner",
                    "vote": "Einvernehmlich",
                    "notes": "Überzeugende Bauhöfe, Übertragbarkeit diskutiert.",
                    "laudatio": "Die Jury würdigt die vorbildliche Kooperation.",
                }
            },
        )
        self.assertEqual(response.status_code, 200, response.text)
        # the preview: what the decision's signature will contain
        preview = self.rest("POST", self.url, "chair", {"action": "preview"}).json()
        (kat_b,) = preview["categories"]
        self.assertEqual(kat_b["problems"], [])
        self.assertEqual([w["submission"] for w in kat_b["winners"]], [uid])
        # a stale fingerprint signs nothing
        response = self.rest(
            "POST",
            self.url,
            "chair",
            {"action": "close", "fingerprints": {"kat-b": "0" * 64}},
        )
        self.assertEqual(response.status_code, 409)
        transaction.begin()
        self.assertIsNone(decision.get(self.competition["kat-b"]))
        self.assertEqual(session.get(self.competition)["state"], "open")
        response = self.rest(
            "POST",
            self.url,
            "chair",
            {"action": "close", "fingerprints": {"kat-b": kat_b["fingerprint"]}},
        )
        self.assertEqual(response.status_code, 200, response.text)
        transaction.begin()
        signed = decision.get(self.competition["kat-b"])
        self.assertEqual(signed["winners"], [uid])
        self.assertEqual(
            signed["laudatio"], {uid: "Die Jury würdigt die vorbildliche Kooperation."}
        )
        self.assertEqual(signed["signer"], "chair")
        self.assertEqual(response.json()["state"], "closed")
        self.assertTrue(audit.entries(self.competition, kind="session.opened"))
        self.assertTrue(audit.entries(self.competition, kind="session.closed"))
        # the minutes: for the office and the jury, a tagged PDF
        from pypdf import PdfReader

        minutes_url = response.json()["minutes"]
        for user in ("editor", "juror1", "chair"):
            pdf = self.get(minutes_url, user)
            self.assertEqual(pdf.status_code, 200, user)
            self.assertEqual(pdf.headers["Content-Type"], "application/pdf")
        self.assert_denied(minutes_url)
        reader = PdfReader(io.BytesIO(pdf.content), strict=True)
        content = " ".join(page.extract_text() for page in reader.pages)
        content = re.sub(r"\s+", " ", content)
        for expected in (
            "Protokoll der Jurysitzung am 20.03.2026",
            "Vera Vorsitz – anwesend",
            "Bernd Zweiter – abwesend",
            "Preisträger",
            "einvernehmlich",
            "Die Jury würdigt die vorbildliche Kooperation.",
            "Übertragbarkeit diskutiert",
            "Unterzeichnet von Vera Vorsitz",
        ):
            self.assertIn(expected, content)
        self.assertIn("/StructTreeRoot", reader.trailer["/Root"])
        self.assertEqual(reader.trailer["/Root"]["/Lang"], "de")
        # closed: nothing more is recorded
        response = self.record("chair", {uid: {"result": "none", "vote": "1:1"}})
        self.assertEqual(response.status_code, 409)

    def test_page_for_the_chair(self):
        session_ = requests.Session()
        session_.auth = ("chair", PASSWORD)
        url = self.competition.absolute_url() + "/@@jurysitzung"
        page = session_.get(url, timeout=30)
        self.assertIn("Sitzung eröffnen", text(page))
        token = re.search(r'name="_authenticator" value="([^"]+)"', page.text)[1]
        page = session_.post(
            url,
            data={
                "_authenticator": token,
                "date": "2026-03-20",
                "attendees:list": ["juror3", "chair"],
                "present:list": ["juror3", "chair"],
                "open": "1",
            },
            timeout=30,
        )
        self.assertIn("Die Jurysitzung ist eröffnet", text(page))
        self.assertIn("Projekt Drei", text(page))
        uid = self.s3.UID()
        page = session_.post(
            url,
            data={
                "_authenticator": token,
                "uids:list": [uid],
                f"result.{uid}": "winner",
                f"vote.{uid}": "2:0",
                f"laudatio.{uid}": "Vorbildlich.",
                "save": "kat-b",
            },
            timeout=30,
        )
        self.assertIn("Das Festgehaltene ist gespeichert", text(page))
        page = session_.post(
            url, data={"_authenticator": token, "preview_close": "1"}, timeout=30
        )
        self.assertIn("Bitte prüfen Sie, was unterzeichnet wird", text(page))
        fingerprint = re.search(r'name="fp.kat-b" value="([^"]+)"', page.text)[1]
        page = session_.post(
            url,
            data={"_authenticator": token, "fp.kat-b": fingerprint, "close": "1"},
            timeout=30,
        )
        self.assertIn("Protokoll der Sitzung (PDF)", text(page))
        transaction.begin()
        self.assertEqual(decision.get(self.competition["kat-b"])["winners"], [uid])


class TestSessionInsiders(SessionTestCase):
    def test_office_cannot_run_the_session(self):
        response = self.open("editor")
        self.assertEqual(response.status_code, 403)
        self.assertIn("Juryvorsitz", response.json()["error"]["message"])
        transaction.begin()
        self.assertIsNone(session.get(self.competition))
        self.assertEqual(self.open().status_code, 200)
        transaction.begin()
        uid = self.s3.UID()
        entry = {uid: {"result": "winner", "vote": "2:0", "laudatio": "Bürobeschluss"}}
        self.assertEqual(self.record("editor", entry).status_code, 403)
        self.assertEqual(self.record("juror1", entry).status_code, 403)
        self.assertEqual(session.get(self.competition)["categories"], {})
        for user in ("editor", "juror1"):
            response = self.rest("POST", self.url, user, {"action": "preview"})
            self.assertEqual(response.status_code, 403, user)
            response = self.rest(
                "POST", self.url, user, {"action": "close", "fingerprints": {}}
            )
            self.assertEqual(response.status_code, 403, user)
        transaction.begin()
        self.assertEqual(session.get(self.competition)["state"], "open")
        # the office reads the session, nobody outside the jury area does
        self.assertEqual(self.rest("GET", self.url, "editor").status_code, 200)
        page = self.get(self.competition.absolute_url() + "/@@jurysitzung", "editor")
        self.assertEqual(page.status_code, 200)
        self.assertNotIn('name="save"', page.text)
        self.assertNotIn('name="open"', page.text)
        self.assert_denied(self.competition.absolute_url() + "/@@jurysitzung")


class TestChairWithConflict(SessionTestCase):
    scorers = ("juror3",)

    def setUp(self):
        # the chair works for the lead of s3: a detected conflict
        from ikz.landespreis.jury import access

        super().setUp()
        api.user.get(userid="chair").setMemberProperties({
            "home_organisation": "Kreis Drei"
        })
        access.sync_competition(self.competition)
        transaction.commit()

    def test_chair_with_a_conflict(self):
        """The chair cannot record the result of s3 (the deputy does), sees
        its reference only, and is absent for it in the minutes."""
        from ikz.landespreis.jury import conflicts

        uid = self.s3.UID()
        self.assertTrue(conflicts.is_blocked(self.s3, "chair"))
        self.assertEqual(self.open().status_code, 200)
        transaction.begin()
        state = self.rest("GET", self.url, "chair").json()
        rows = {c["id"]: c for c in state["categories"]}["kat-b"]["applications"]
        (row,) = rows
        self.assertTrue(row["conflict"])
        self.assertNotIn("title", row)
        self.assertNotIn("Projekt Drei", str(state))
        entry = {uid: {"result": "winner", "vote": "1:0", "laudatio": "Selbst."}}
        response = self.record("chair", entry)
        self.assertEqual(response.status_code, 403)
        self.assertIn("befangen", response.json()["error"]["message"])
        self.assertEqual(session.get(self.competition)["categories"], {})
        # the deputy records it
        entry = {uid: {"result": "winner", "vote": "1:0", "laudatio": "Vorbildlich."}}
        response = self.record("juror3", entry)
        self.assertEqual(response.status_code, 200, response.text)
        # the deputy neither previews nor closes
        response = self.rest("POST", self.url, "juror3", {"action": "preview"})
        self.assertEqual(response.status_code, 403)
        html = session.minutes_html(self.competition)
        self.assertIn(
            "Wegen eines Interessenkonflikts bei dieser Bewerbung abwesend: "
            "Vera Vorsitz",
            html,
        )
