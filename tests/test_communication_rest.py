"""The office's communication through plone.restapi, against a real WSGI
server and aiosmtpd: ``@mail-templates``, ``@mail-release`` and
``@mail-log`` on the competition do what ``@@mail-templates``,
``@@mail-release`` and ``@@mail-log`` do, with the same rules (the same
code), and refuse everybody but the office."""

from ikz.landespreis import audit
from ikz.landespreis import mail
from ikz.landespreis import mailtemplates
from ikz.landespreis.applicants import tokens
from plone import api
from tests.base import name_in_decision
from tests.base import PASSWORD
from tests.base import plain
from tests.test_communication import CommunicationTestCase
from zope.annotation.interfaces import IAnnotations

import requests
import time
import transaction


JSON = {"Accept": "application/json", "Content-Type": "application/json"}


class RestCase(CommunicationTestCase):
    def rest(self, method, path, body=None, session=None):
        session = session or self.office
        response = session.request(
            method,
            self.url + path,
            json=body,
            headers=JSON,
            timeout=120,
            allow_redirects=False,
        )
        transaction.begin()
        return response

    def message(self, response):
        return response.json()["error"]["message"]

    def admit(self, *sids):
        with api.env.adopt_user(username="editor"):
            for sid in sids:
                api.content.transition(self.items[sid], transition="admit")
        transaction.commit()


class TestTemplatesRest(RestCase):
    def test_list_read_patch_preview(self):
        listing = self.rest("GET", "/@mail-templates")
        self.assertEqual(listing.status_code, 200, listing.text)
        data = listing.json()
        ids = [t["id"] for t in data["items"]]
        self.assertEqual(ids, list(mailtemplates.DEFAULTS))
        admission = data["items"][ids.index("admission")]
        self.assertEqual(admission["title"], "Zulassung")
        self.assertFalse(admission["customised"])
        self.assertIn("${reference}", admission["subject"])
        self.assertIn(
            "reference", [p["name"] for p in data["placeholders"]]
        )  # the editor's help
        one = self.rest("GET", "/@mail-templates/rejection")
        self.assertEqual(one.status_code, 200)
        self.assertEqual(one.json()["title"], "Absage mit Begründung")
        self.assertIn("${reason}", one.json()["body"])
        missing = self.rest("GET", "/@mail-templates/lottogewinn")
        self.assertEqual(missing.status_code, 404)
        self.assertEqual(self.message(missing), "Diese Mailvorlage gibt es nicht.")

        # an unknown placeholder: German message, nothing changed, no trail
        bad = self.rest(
            "PATCH",
            "/@mail-templates/admission",
            {"subject": "Zulassung ${refrence}", "body": "Neuer Text"},
        )
        self.assertEqual(bad.status_code, 400, bad.text)
        self.assertIn("Unbekannte Platzhalter: ${refrence}", self.message(bad))
        for broken in (
            {"subject": "Zulassung", "body": "Preis: 5 $ pro Person"},
            {"subject": "", "body": "Text"},
            {"subject": 5},
            {},
        ):
            refused = self.rest("PATCH", "/@mail-templates/admission", broken)
            self.assertEqual(refused.status_code, 400, broken)
        self.assertFalse(mailtemplates.get(self.competition, "admission")["changed"])
        self.assertEqual(
            self.rest("GET", "/@mail-templates/admission").json(), admission
        )
        self.assertEqual(audit.entries(self.competition, kind="mail.template"), [])

        # the subject alone: the body stays the default, the trail has it
        changed = self.rest(
            "PATCH",
            "/@mail-templates/admission",
            {"subject": "Zugelassen: ${reference} (${category})"},
        )
        self.assertEqual(changed.status_code, 200, changed.text)
        self.assertTrue(changed.json()["customised"])
        self.assertEqual(changed.json()["modified_by"], "editor")
        stored = mailtemplates.get(self.competition, "admission")
        self.assertEqual(stored["subject"], "Zugelassen: ${reference} (${category})")
        self.assertEqual(
            stored["body"], mailtemplates.DEFAULTS["admission"]["body"] + "\n"
        )
        (entry,) = audit.entries(self.competition, kind="mail.template")
        self.assertEqual(entry["actor"], "editor")
        self.assertEqual(entry["details"]["template"], "admission")

        # preview with the application named, and with the first one
        preview = self.rest(
            "POST",
            "/@mail-templates/admission/preview",
            {"reference": "LP26-KB-0003"},
        )
        self.assertEqual(preview.status_code, 200, preview.text)
        shown = preview.json()
        self.assertEqual(shown["subject"], "Zugelassen: LP26-KB-0003 (kat-b)")
        self.assertIn("Guten Tag Ömer Yılmaz", shown["text"])
        self.assertIn("Gemeinsamer Bauhof 3", shown["text"])
        self.assertIn("<p>Guten Tag Ömer Yılmaz,</p>", shown["html"])
        self.assertEqual(shown["application"]["reference"], "LP26-KB-0003")
        first = self.rest("POST", "/@mail-templates/rejection/preview")
        self.assertEqual(first.status_code, 200, first.text)
        self.assertEqual(first.json()["application"]["reference"], "LP26-KA-0001")
        self.assertIn("Jürgen Müßig-Öztürk", first.json()["text"])
        self.assertIn(mailtemplates.EXAMPLE_REASON, first.json()["text"])
        # an unsaved text, checked like a saved one
        unsaved = self.rest(
            "POST",
            "/@mail-templates/admission/preview",
            {"subject": "Test ${title}", "body": "Hallo ${name}!"},
        )
        self.assertEqual(unsaved.json()["subject"], "Test Gemeinsamer Bauhof 1")
        self.assertEqual(unsaved.json()["text"], "Hallo Jürgen Müßig-Öztürk!\n")
        refused = self.rest(
            "POST",
            "/@mail-templates/admission/preview",
            {"subject": "Test", "body": "Hallo ${nmae}"},
        )
        self.assertEqual(refused.status_code, 400)
        self.assertIn("Unbekannte Platzhalter: ${nmae}", self.message(refused))
        unknown = self.rest(
            "POST",
            "/@mail-templates/admission/preview",
            {"reference": "LP26-KA-9999"},
        )
        self.assertEqual(unknown.status_code, 400)
        self.assertIn("keine Bewerbung mit diesem Aktenzeichen", self.message(unknown))
        # a preview stores nothing: no personal link issued, nothing sent
        for submission in self.items.values():
            self.assertFalse(IAnnotations(submission).get(tokens.TOKENS))
        self.settle()
        self.assertEqual(self.recorder.messages, [])


class TestReleaseRest(RestCase):
    def test_release_and_locked_kinds(self):
        self.admit("s1", "s2")
        with api.env.adopt_user(username="editor"):
            api.content.transition(
                self.items["s4"], transition="reject", comment="Keine Kooperation."
            )
        transaction.commit()
        overview = self.rest("GET", "/@mail-release")
        self.assertEqual(overview.status_code, 200, overview.text)
        kinds = {i["kind"]: i for i in overview.json()["items"]}
        self.assertEqual(list(kinds), list(mailtemplates.OUTCOMES))
        self.assertEqual(kinds["admission"]["count"], 2)
        self.assertFalse(kinds["admission"]["locked"])
        self.assertEqual(kinds["admission"]["reason"], "")
        self.assertEqual(kinds["rejection"]["count"], 1)
        for kind in mailtemplates.JURY_OUTCOMES:
            self.assertTrue(kinds[kind]["locked"], kind)
            self.assertIn(
                "erst nach Veröffentlichung der Ergebnisse", kinds[kind]["reason"]
            )

        review = self.rest("GET", "/@mail-release?kind=admission")
        self.assertEqual(review.status_code, 200)
        data = review.json()
        self.assertEqual(
            [(r["reference"], r["to"]) for r in data["recipients"]],
            [
                ("LP26-KA-0001", "a1@example.org"),
                ("LP26-KA-0002", "a2@example.org"),
            ],
        )
        self.assertEqual(
            data["sample"]["subject"], "Ihre Bewerbung LP26-KA-0001 ist zugelassen"
        )
        self.assertIn("Jürgen Müßig-Öztürk", data["sample"]["text"])
        bogus = self.rest("GET", "/@mail-release?kind=gewinn")
        self.assertEqual(bogus.status_code, 400)
        self.assertEqual(self.message(bogus), "Diese Art von Mail gibt es nicht.")

        # without confirmation nothing leaves
        for body in ({"kind": "admission"}, {"kind": "admission", "confirm": "ja"}):
            refused = self.rest("POST", "/@mail-release", body)
            self.assertEqual(refused.status_code, 400)
            self.assertIn("Bitte bestätigen Sie", self.message(refused))
        self.settle()
        self.assertEqual(self.recorder.messages, [])
        self.assertEqual(audit.entries(self.competition, kind="mail.release"), [])
        released = self.rest(
            "POST", "/@mail-release", {"kind": "admission", "confirm": True}
        )
        self.assertEqual(released.status_code, 200, released.text)
        self.assertEqual(released.json()["released"], 2)
        self.assertEqual(
            released.json()["references"], ["LP26-KA-0001", "LP26-KA-0002"]
        )
        messages = self.wait(2)
        self.assertEqual(
            sorted(r[0] for r, _raw, _p in messages),
            ["a1@example.org", "a2@example.org"],
        )
        (entry,) = audit.entries(self.competition, kind="mail.release")
        self.assertEqual(entry["actor"], "editor")
        self.assertEqual(entry["details"]["count"], 2)
        again = self.rest(
            "POST", "/@mail-release", {"kind": "admission", "confirm": True}
        )
        self.assertEqual(again.status_code, 400)
        self.assertIn("keine vorbereiteten Mails", self.message(again))

        # the jury awards s1: the award waits, locked, and says why
        transaction.begin()
        name_in_decision(self.competition["kat-a"], winners=[self.items["s1"]])
        api.content.transition(self.competition, transition="close")
        api.content.transition(self.competition, transition="decide")
        with api.env.adopt_user(username="editor"):
            api.content.transition(self.items["s1"], transition="award")
        transaction.commit()
        kinds = {
            i["kind"]: i for i in self.rest("GET", "/@mail-release").json()["items"]
        }
        self.assertEqual(kinds["award"]["count"], 1)
        self.assertTrue(kinds["award"]["locked"])
        award = self.rest("GET", "/@mail-release?kind=award").json()
        self.assertTrue(award["locked"])
        self.assertEqual(
            [r["reference"] for r in award["recipients"]], ["LP26-KA-0001"]
        )
        # the page shows the count and the reason, and the list without a
        # release button
        page = plain(self.office.get(f"{self.url}/@@mail-release", timeout=60))
        self.assertIn("Auszeichnung 1 Gesperrt: Diese Mails sagen", page)
        self.assertIn("erst nach Veröffentlichung der Ergebnisse", page)
        locked_page = self.office.get(
            f"{self.url}/@@mail-release?kind=award", timeout=60
        )
        self.assertIn("LP26-KA-0001", plain(locked_page))
        self.assertIn("Gesperrt: Diese Mails sagen", plain(locked_page))
        self.assertNotIn('name="release"', locked_page.text)
        self.assertNotIn('name="confirmed"', locked_page.text)
        # neither REST nor the page release it before the results are out
        refused = self.rest(
            "POST", "/@mail-release", {"kind": "award", "confirm": True}
        )
        self.assertEqual(refused.status_code, 400)
        self.assertIn("wenn die Ergebnisse veröffentlicht sind", self.message(refused))
        uid = api.content.get_uuid(self.items["s1"])
        response = self.post(
            self.office,
            "mail-release",
            {"kind": "award", "confirmed": "1", "uids:list": [uid]},
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("wenn die Ergebnisse veröffentlicht sind", plain(response))
        self.settle()
        self.assertEqual(len(self.recorder.messages), 2)
        self.assertEqual(len(audit.entries(self.competition, kind="mail.release")), 1)

        # published: released through REST, only to the winner
        transaction.begin()
        api.content.transition(self.competition, transition="publish_results")
        transaction.commit()
        kinds = {
            i["kind"]: i for i in self.rest("GET", "/@mail-release").json()["items"]
        }
        self.assertFalse(kinds["award"]["locked"])
        self.assertEqual(kinds["award"]["reason"], "")
        released = self.rest(
            "POST",
            "/@mail-release",
            {"kind": "award", "confirm": True, "uids": [uid]},
        )
        self.assertEqual(released.status_code, 200, released.text)
        self.assertEqual(released.json()["references"], ["LP26-KA-0001"])
        messages = self.wait(3)
        self.assertEqual(messages[2][0], ["a1@example.org"])
        self.assertEqual(
            messages[2][2]["Subject"], "Ihr Projekt LP26-KA-0001 ist ausgezeichnet"
        )
        self.assertEqual(len(audit.entries(self.competition, kind="mail.release")), 2)


class TestMailLogRest(RestCase):
    def wait_states(self, wanted, timeout=20):
        deadline = time.time() + timeout
        while time.time() < deadline:
            transaction.begin()
            states = sorted(e["state"] for e in mail.competition_log(self.competition))
            if states == wanted:
                return states
            time.sleep(0.1)
        return states

    def test_log_filters_and_resend(self):
        self.admit("s1", "s2", "s5")
        self.recorder.refuse.update({"a1@example.org", "a5@example.org"})
        released = self.rest(
            "POST", "/@mail-release", {"kind": "admission", "confirm": True}
        )
        self.assertEqual(released.status_code, 200, released.text)
        self.assertEqual(
            self.wait_states(["failed", "failed", "sent"]),
            ["failed", "failed", "sent"],
        )
        log = self.rest("GET", "/@mail-log")
        self.assertEqual(log.status_code, 200, log.text)
        self.assertEqual(log.json()["items_total"], 3)
        self.assertEqual(log.json()["failed"], 2)
        failed = self.rest("GET", "/@mail-log?state=failed").json()["items"]
        self.assertEqual(
            sorted(e["to"] for e in failed), ["a1@example.org", "a5@example.org"]
        )
        for entry in failed:
            self.assertEqual(entry["state_label"], "fehlgeschlagen")
            self.assertIn("Der Mailserver hat die Adresse abgelehnt", entry["reason"])
            self.assertEqual(entry["kind_label"], "Zulassung")
            self.assertTrue(entry["released"])
            self.assertNotIn("raw", entry)
        one = self.rest("GET", "/@mail-log?reference=LP26-KA-0002").json()
        self.assertEqual(
            [(e["to"], e["state"]) for e in one["items"]],
            [("a2@example.org", "sent")],
        )
        # the page filters by reference too
        page = plain(
            self.office.get(f"{self.url}/@@mail-log?reference=LP26-KA-0002", timeout=60)
        )
        self.assertIn("a2@example.org", page)
        self.assertNotIn("a1@example.org", page)
        bad = self.rest("GET", "/@mail-log?state=verloren")
        self.assertEqual(bad.status_code, 400)
        self.assertIn("queued, sent, failed", self.message(bad))

        # what to resend must be said; an unknown mail is refused
        for body in ({}, {"id": "", "all_failed": True}, {"all_failed": "ja"}):
            refused = self.rest("POST", "/@mail-log/resend", body)
            self.assertEqual(refused.status_code, 400, body)
        unknown = self.rest("POST", "/@mail-log/resend", {"id": "0" * 32})
        self.assertEqual(unknown.status_code, 404)
        self.assertEqual(self.message(unknown), "Diese Mail steht nicht im Protokoll.")
        self.assertEqual(self.rest("POST", "/@mail-log", {"id": "x"}).status_code, 404)
        self.settle()
        self.assertEqual(len(self.recorder.messages), 1)

        # one by id, then all failed ones
        self.recorder.refuse.clear()
        a1 = next(e for e in failed if e["to"] == "a1@example.org")
        again = self.rest("POST", "/@mail-log/resend", {"id": a1["id"]})
        self.assertEqual(again.status_code, 200, again.text)
        self.assertEqual(again.json()["resent"], 1)
        self.assertEqual(again.json()["items"][0]["attempts"], 2)
        self.wait(2)
        self.assertEqual(self.recorder.messages[1][0], ["a1@example.org"])
        self.assertEqual(
            self.wait_states(["failed", "sent", "sent"]), ["failed", "sent", "sent"]
        )
        rest = self.rest("POST", "/@mail-log/resend", {"all_failed": True})
        self.assertEqual(rest.status_code, 200, rest.text)
        self.assertEqual([e["to"] for e in rest.json()["items"]], ["a5@example.org"])
        self.wait(3)
        self.assertEqual(self.recorder.messages[2][0], ["a5@example.org"])
        self.assertEqual(
            self.wait_states(["sent", "sent", "sent"]), ["sent", "sent", "sent"]
        )
        resends = [
            e
            for e in audit.entries(self.competition, kind="mail")
            if e["reason"] == "resend"
        ]
        self.assertEqual(len(resends), 2)


class TestOutsidersRest(RestCase):
    """Anonymous, an applicant with their personal link, a juror and the
    chair: refused on every endpoint and method; nothing changes, nothing
    is sent."""

    def test_only_the_office(self):
        self.admit("s1")
        transaction.begin()
        s1 = self.items["s1"]
        token = tokens.issue_token(s1)
        session_cookie = tokens.session_value(api.content.get_uuid(s1), "lead")
        transaction.commit()
        applicant = requests.Session()
        applicant.headers["X-Application-Token"] = token
        applicant.cookies.set(tokens.COOKIE, session_cookie)
        # the applicant's session is real: their own application answers
        mine = applicant.get(f"{self.url}/@my-application", headers=JSON, timeout=60)
        self.assertEqual(mine.status_code, 200, mine.text)
        self.assertEqual(mine.json()["reference"], "LP26-KA-0001")
        juror, chair = requests.Session(), requests.Session()
        juror.auth = ("juror", PASSWORD)
        chair.auth = ("chair", PASSWORD)
        calls = (
            ("GET", "/@mail-templates", None),
            ("GET", "/@mail-templates/admission", None),
            ("PATCH", "/@mail-templates/admission", {"subject": "Gehackt"}),
            ("POST", "/@mail-templates/admission/preview", {}),
            ("GET", "/@mail-release", None),
            ("GET", "/@mail-release?kind=admission", None),
            ("POST", "/@mail-release", {"kind": "admission", "confirm": True}),
            ("GET", "/@mail-log", None),
            ("POST", "/@mail-log/resend", {"all_failed": True}),
        )
        who = {
            "anonymous": requests.Session(),
            "applicant": applicant,
            "juror": juror,
            "chair": chair,
        }
        for name, session in who.items():
            for method, path, body in calls:
                response = self.rest(method, path, body, session=session)
                self.assertIn(response.status_code, (401, 403), (name, method, path))
                self.assertNotIn("a1@example.org", response.text)
                self.assertNotIn("Jürgen", response.text)
                self.assertNotIn("Ihre Bewerbung", response.text)
        self.settle()
        self.assertEqual(self.recorder.messages, [])
        self.assertFalse(mailtemplates.get(self.competition, "admission")["changed"])
        self.assertEqual(audit.entries(self.competition, kind="mail.release"), [])
        self.assertEqual(audit.entries(self.competition, kind="mail.template"), [])
        self.assertEqual(mail.competition_log(self.competition), [])
        # the office, for comparison, may
        self.assertEqual(self.rest("GET", "/@mail-release").status_code, 200)
        for session in who.values():
            session.close()
