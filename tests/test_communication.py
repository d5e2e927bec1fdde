"""The office's communication against a real WSGI server and aiosmtpd with
its default settings: templates the office edits (preview with a real
application, test send to oneself), outcome mails that leave only when the
office releases them (the jury's outcome only after the results are
published), the competition's mail log with resend of failed mails."""

from ikz.landespreis import audit
from ikz.landespreis import mail
from ikz.landespreis import mailtemplates
from plone import api
from tests.base import add_user
from tests.base import MailTestCase
from tests.base import make_jury
from tests.base import make_submission
from tests.base import name_in_decision
from tests.base import PASSWORD
from tests.base import plain
from tests.browser import text

import re
import requests
import time
import transaction


LONG_REASON = (
    "Die Kooperation wurde vor dem Stichtag vereinbart; Zuständigkeit für "
    "Gewässerschutz und Straßenbäume bleibt ungeklärt. "
) * 40


class CommunicationTestCase(MailTestCase):
    def setUp(self):
        super().setUp()
        c = self.competition
        for user in ("editor", "juror", "chair"):
            add_user(user)
        api.user.grant_roles(username="editor", obj=c, roles=["Editor", "Reviewer"])
        make_jury(c, jurors=["juror"], chair="chair")
        self.items = {}
        plan = (
            ("s1", "kat-a", "a1", "Jürgen Müßig-Öztürk"),
            ("s2", "kat-a", "a2", "Erika Mustermann"),
            ("s3", "kat-b", "a3", "Ömer Yılmaz"),
            ("s4", "kat-b", "a4", "Hans Grünwald"),
            ("s5", "kat-a", "a5", "Änne Weiß"),
        )
        for number, (sid, category, address, name) in enumerate(plan, 1):
            s = make_submission(
                c[category],
                id=sid,
                title=f"Gemeinsamer Bauhof {number}",
                lead_municipality=f"Stadt Nummer {number}",
                contact_name=name,
                contact_email=f"{address}@example.org",
                eligibility_flags=[],
            )
            code = "KA" if category == "kat-a" else "KB"
            s.reference = f"LP26-{code}-{number:04d}"
            s.reindexObject()
            self.items[sid] = s
        transaction.commit()
        self.url = c.absolute_url()
        self.office = requests.Session()
        # the public URL is https: Basic auth instead of a Secure cookie
        self.office.auth = ("editor", PASSWORD)

    def tearDown(self):
        self.office.close()
        super().tearDown()

    def token(self, session, url):
        # the user's token (every page of the office's has it; the
        # templates page always has a form)
        page = session.get(f"{self.url}/@@mail-templates?kind=receipt", timeout=60)
        self.assertEqual(page.status_code, 200, page.text[:500])
        return re.search(r'name="_authenticator" value="([^"]+)"', page.text).group(1)

    def post(self, session, view, data, query=""):
        url = f"{self.url}/@@{view}"
        data = dict(data, _authenticator=self.token(session, url + query))
        return session.post(url, data=data, timeout=120)

    def by_recipient(self):
        result = {}
        for rcpt, raw, parsed in self.recorder.messages:
            result.setdefault(rcpt[0], []).append((raw, parsed))
        return result

    def settle(self, seconds=1.5):
        """Give the queue time to send what it should not."""
        time.sleep(seconds)


class TestRelease(CommunicationTestCase):
    def test_outcomes_released_not_leaked(self):
        s = self.items
        with api.env.adopt_user(username="editor"):
            for sid in ("s1", "s2", "s3", "s5"):
                api.content.transition(s[sid], transition="admit")
            api.content.transition(s["s4"], transition="reject", comment=LONG_REASON)
        transaction.commit()
        self.settle()
        self.assertEqual(self.recorder.messages, [])  # decisions mail nothing

        # the release page shows what is prepared; the jury's outcome is locked
        page = plain(self.office.get(f"{self.url}/@@mail-release", timeout=60))
        self.assertIn("Zulassung 4", page)
        self.assertIn("Absage mit Begründung 1", page)
        self.assertIn("erst nach Veröffentlichung der Ergebnisse", page)

        # review the admissions: the list and a sample; no confirmation: nothing
        review = self.office.get(
            f"{self.url}/@@mail-release?kind=admission", timeout=60
        )
        review_text = plain(review)
        for sid in ("s1", "s2", "s3", "s5"):
            self.assertIn(s[sid].reference, review_text)
        self.assertIn("a1@example.org", review_text)
        self.assertIn("Ihre Bewerbung LP26-KA-0001 ist zugelassen", review_text)
        uids = [api.content.get_uuid(s[x]) for x in ("s1", "s2", "s3", "s5")]
        response = self.post(
            self.office,
            "mail-release",
            {"kind": "admission", "uids:list": uids},
            "?kind=admission",
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("Bitte bestätigen Sie", plain(response))
        self.settle()
        self.assertEqual(self.recorder.messages, [])
        # released: one mail per admitted applicant, with the template's text
        response = self.post(
            self.office,
            "mail-release",
            {"kind": "admission", "uids:list": uids, "confirmed": "1"},
            "?kind=admission",
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("4 Mails „Zulassung“ sind freigegeben", plain(response))
        messages = self.wait(4)
        self.assertEqual(
            sorted(r[0] for r, _raw, _p in messages),
            [f"a{n}@example.org" for n in (1, 2, 3, 5)],
        )
        # ... and "Meine Bewerbung" says so from now on (issue 14)
        transaction.begin()
        self.assertEqual(
            [getattr(s[x], "applicant_released", None) for x in ("s1", "s4", "s5")],
            ["admitted", None, "admitted"],
        )
        for _rcpt, raw, parsed in messages:
            self.assertNotRegex(raw, rb"[^\r]\n")
            self.assertTrue(parsed.is_multipart())
            self.assertEqual(parsed.get_content_type(), "multipart/alternative")
            self.assertIn("zugelassen", mail.text_of(parsed))
            html = parsed.get_body(("html",)).get_content()
            self.assertIn("<p>", html)
        first = self.by_recipient()["a1@example.org"][0][1]
        self.assertEqual(first["To"].addresses[0].display_name, "Jürgen Müßig-Öztürk")
        self.assertIn("Gemeinsamer Bauhof 1", mail.text_of(first))
        # released once: the list is empty now, a second release sends nothing
        response = self.post(
            self.office, "mail-release", {"kind": "admission", "confirmed": "1"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("keine vorbereiteten Mails", plain(response))

        # the rejection: over 4 KB with umlauts, the reason in it
        response = self.post(
            self.office,
            "mail-release",
            {
                "kind": "rejection",
                "uids:list": [api.content.get_uuid(s["s4"])],
                "confirmed": "1",
            },
            "?kind=rejection",
        )
        self.assertEqual(response.status_code, 200)
        messages = self.wait(5)
        self.assertEqual(len(messages), 5)
        ((raw, rejection),) = self.by_recipient()["a4@example.org"]
        transaction.begin()
        self.assertEqual(s["s4"].applicant_released, "rejected")
        self.assertGreater(len(raw), 4096)
        self.assertNotRegex(raw, rb"[^\r]\n")
        self.assertIn(LONG_REASON.strip(), mail.text_of(rejection))
        self.assertIn("Straßenbäume", rejection.get_body(("html",)).get_content())

        # the jury decides: awards and nominations are recorded, not mailed
        transaction.begin()
        name_in_decision(
            self.competition["kat-a"], winners=[s["s1"]], nominees=[s["s2"]]
        )
        name_in_decision(self.competition["kat-b"], winners=[s["s3"]])
        api.content.transition(self.competition, transition="close")
        api.content.transition(self.competition, transition="decide")
        with api.env.adopt_user(username="editor"):
            api.content.transition(s["s1"], transition="award")
            api.content.transition(s["s3"], transition="award")
            api.content.transition(s["s2"], transition="nominate")
        transaction.commit()
        self.settle()
        self.assertEqual(len(self.recorder.messages), 5)
        # the office cannot release the jury's outcome before the results are out
        for kind in ("award", "nomination", "non_award", "results"):
            response = self.post(
                self.office, "mail-release", {"kind": kind, "confirmed": "1"}
            )
            self.assertEqual(response.status_code, 400, kind)
            self.assertIn("wenn die Ergebnisse veröffentlicht sind", plain(response))
        from ikz.landespreis.office import release

        transaction.begin()
        with self.assertRaises(release.ReleaseError):
            release.release(self.competition, "award", confirmed=True)
        transaction.abort()
        self.settle()
        self.assertEqual(len(self.recorder.messages), 5)

        # results published; a5's mailbox refuses
        transaction.begin()
        api.content.transition(self.competition, transition="publish_results")
        transaction.commit()
        self.recorder.refuse.add("a5@example.org")
        for kind in ("award", "nomination", "non_award"):
            transaction.begin()
            uids = [i["uid"] for i in release.pending(self.competition, kind)]
            response = self.post(
                self.office,
                "mail-release",
                {"kind": kind, "confirmed": "1", "uids:list": uids},
            )
            self.assertEqual(
                response.status_code,
                200,
                (kind, re.findall(r"alert-danger[^>]*>([^<]*)", response.text)),
            )
        messages = self.wait(8)
        self.settle()
        self.assertEqual(len(self.recorder.messages), 8)
        got = {
            rcpt: [p["Subject"] for _raw, p in mails]
            for rcpt, mails in self.by_recipient().items()
        }
        self.assertEqual(
            got["a1@example.org"][1], "Ihr Projekt LP26-KA-0001 ist ausgezeichnet"
        )
        self.assertEqual(
            got["a3@example.org"][1], "Ihr Projekt LP26-KB-0003 ist ausgezeichnet"
        )
        self.assertEqual(
            got["a2@example.org"][1], "Ihr Projekt LP26-KA-0002 ist nominiert"
        )
        self.assertEqual(len(got["a5@example.org"]), 1)  # refused: admission only
        self.assertEqual(len(got["a4@example.org"]), 1)  # no outcome to the rejected
        award = self.by_recipient()["a1@example.org"][1][1]
        self.assertIn(
            "https://landespreis.example.org/@@preistraeger", mail.text_of(award)
        )
        self.assertIn(
            '<a href="https://landespreis.example.org/@@preistraeger">',
            award.get_body(("html",)).get_content(),
        )

        # the refused non-award is failed in the log, counted on the cockpit
        deadline = time.time() + 20
        while time.time() < deadline:
            transaction.begin()
            if mail.failed_count(self.competition) == 1:
                break
            time.sleep(0.1)
        self.assertEqual(mail.failed_count(self.competition), 1)
        cockpit = plain(self.office.get(f"{self.url}/@@submissions", timeout=60))
        self.assertIn("1 Mails fehlgeschlagen", cockpit)
        log = plain(self.office.get(f"{self.url}/@@mail-log?state=failed", timeout=60))
        self.assertIn("a5@example.org", log)
        self.assertIn("Keine Auszeichnung", log)
        self.assertIn("Der Mailserver hat die Adresse abgelehnt", log)
        self.assertNotIn("a1@example.org", log)
        # sent again, all failed at once
        self.recorder.refuse.clear()
        response = self.post(self.office, "mail-log", {"resend_all": "1"})
        self.assertEqual(response.status_code, 200)
        self.assertIn("1 fehlgeschlagene Mails werden erneut gesendet", plain(response))
        self.wait(9)
        ((_raw, non_award),) = self.by_recipient()["a5@example.org"][1:]
        self.assertIn("nicht ausgezeichnet", mail.text_of(non_award))
        deadline = time.time() + 20
        while time.time() < deadline:
            transaction.begin()
            states = {e["state"] for e in mail.competition_log(self.competition)}
            if states == {"sent"}:
                break
            time.sleep(0.1)
        self.assertEqual(states, {"sent"})
        # every mail of the competition is in its log and in the audit trail
        transaction.begin()
        log = mail.competition_log(self.competition)
        self.assertEqual(
            sorted(e["kind"] for e in log),
            sorted(
                ["admission"] * 4
                + ["rejection", "award", "award", "nomination", "non_award"]
            ),
        )
        self.assertEqual({e["release"] != "" for e in log}, {True})
        releases = audit.entries(self.competition, kind="mail.release")
        self.assertEqual(
            [(e["details"]["mail"], e["details"]["count"]) for e in releases],
            [
                ("admission", 4),
                ("rejection", 1),
                ("award", 2),
                ("nomination", 1),
                ("non_award", 1),
            ],
        )
        # 9 queued and 1 sent again
        self.assertEqual(len(audit.entries(self.competition, kind="mail")), 10)
        # the results mail goes to everyone who took part
        page = plain(self.office.get(f"{self.url}/@@mail-release", timeout=60))
        self.assertIn("Ergebnisse veröffentlicht 5", page)


class TestTemplates(CommunicationTestCase):
    def test_edit_preview_test_send_and_use(self):
        edit = f"{self.url}/@@mail-templates?kind=admission"
        page = plain(self.office.get(edit, timeout=60))
        self.assertIn("${reference}", page)
        # an unknown placeholder: German message, nothing stored
        response = self.post(
            self.office,
            "mail-templates",
            {
                "kind": "admission",
                "subject": "Zulassung ${refrence}",
                "body": "Text",
                "save": "1",
            },
            "?kind=admission",
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("Unbekannte Platzhalter: ${refrence}", plain(response))
        transaction.begin()
        self.assertFalse(mailtemplates.get(self.competition, "admission")["changed"])
        # preview with a real application, not saved
        body = (
            "Guten Tag ${name},\n\nIhr Projekt „${title}“ (${reference}) in "
            "${category} ist zugelassen. Grüße aus Düsseldorf!\n\n"
            "Mehr: https://landespreis.example.org/faq\n"
        )
        uid = api.content.get_uuid(self.items["s3"])
        response = self.post(
            self.office,
            "mail-templates",
            {
                "kind": "admission",
                "subject": "Zulassung ${reference}",
                "body": body,
                "submission": uid,
                "preview": "1",
            },
            "?kind=admission",
        )
        self.assertEqual(response.status_code, 200)
        preview = plain(response)
        self.assertIn("Zulassung LP26-KB-0003", preview)
        self.assertIn("Guten Tag Ömer Yılmaz", preview)
        self.assertIn("Gemeinsamer Bauhof 3", preview)
        self.assertIn('<a href="https://landespreis.example.org/faq">', text(response))
        transaction.begin()
        self.assertFalse(mailtemplates.get(self.competition, "admission")["changed"])
        self.settle()
        self.assertEqual(self.recorder.messages, [])
        # a test mail to oneself
        response = self.post(
            self.office,
            "mail-templates",
            {
                "kind": "admission",
                "subject": "Zulassung ${reference}",
                "body": body,
                "submission": uid,
                "test": "1",
            },
            "?kind=admission",
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("Die Testmail geht an editor@example.org", plain(response))
        ((rcpt, raw, test),) = self.wait(1)
        self.assertEqual(rcpt, ["editor@example.org"])
        self.assertEqual(test["Subject"], "[Test] Zulassung LP26-KB-0003")
        self.assertIn("Grüße aus Düsseldorf", mail.text_of(test))
        self.assertNotRegex(raw, rb"[^\r]\n")
        # saved: the next admission mail is the office's text
        response = self.post(
            self.office,
            "mail-templates",
            {
                "kind": "admission",
                "subject": "Zulassung ${reference}",
                "body": body,
                "save": "1",
            },
            "?kind=admission",
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("Die Vorlage ist gespeichert", plain(response))
        transaction.begin()
        stored = mailtemplates.get(self.competition, "admission")
        self.assertTrue(stored["changed"])
        self.assertEqual(stored["by"], "editor")
        self.assertEqual(
            [
                e["details"]["template"]
                for e in audit.entries(self.competition, kind="mail.template")
            ],
            ["admission"],
        )
        with api.env.adopt_user(username="editor"):
            api.content.transition(self.items["s1"], transition="admit")
        transaction.commit()
        from ikz.landespreis.office import release

        transaction.begin()
        with api.env.adopt_user(username="editor"):
            release.release(self.competition, "admission", confirmed=True)
        transaction.commit()
        messages = self.wait(2)
        _rcpt, _raw, admission = messages[1]
        self.assertEqual(admission["Subject"], "Zulassung LP26-KA-0001")
        self.assertIn("Grüße aus Düsseldorf", mail.text_of(admission))
        self.assertIn("Guten Tag Jürgen Müßig-Öztürk", mail.text_of(admission))

    def test_juror_invitation_from_template(self):
        transaction.begin()
        mailtemplates.save(
            self.competition,
            "juror_invitation",
            "Willkommen in der Jury, ${name}",
            "Guten Tag ${name},\n\nbitte melden Sie sich an: ${jury_url}\n",
        )
        add_user("neu")
        api.user.get(userid="neu").setMemberProperties({"fullname": "Jörg Neumann"})
        transaction.commit()
        admin = requests.Session()
        transaction.begin()
        add_user("verwaltung", roles=["Site Administrator"])
        transaction.commit()
        admin.auth = ("verwaltung", PASSWORD)
        add = self.post(
            admin, "jury-members", {"user_id": "neu", "add": "1", "invite": "1"}
        )
        self.assertEqual(add.status_code, 200, plain(add)[:500])
        ((rcpt, _raw, invitation),) = self.wait(1)
        self.assertEqual(rcpt, ["neu@example.org"])
        self.assertEqual(invitation["Subject"], "Willkommen in der Jury, Jörg Neumann")
        self.assertIn(
            "https://landespreis.example.org/wettbewerb/@@jury",
            mail.text_of(invitation),
        )
        admin.close()


class TestInsiders(CommunicationTestCase):
    def test_juror_and_anonymous_cannot(self):
        juror = requests.Session()
        juror.auth = ("juror", PASSWORD)
        anonymous = requests.Session()
        views = ("mail-templates", "mail-release", "mail-log")
        for session in (juror, anonymous):
            for view in views:
                response = session.get(
                    f"{self.url}/@@{view}", timeout=60, allow_redirects=False
                )
                self.assertIn(response.status_code, (302, 401, 403), view)
                self.assertNotIn("a1@example.org", response.text)
            # posts (with the office's kind of data) change nothing and send nothing
            for view, data in (
                (
                    "mail-templates",
                    {"kind": "receipt", "subject": "X", "body": "Y", "save": "1"},
                ),
                (
                    "mail-templates",
                    {"kind": "receipt", "subject": "X", "body": "Y", "test": "1"},
                ),
                (
                    "mail-templates",
                    {"kind": "receipt", "subject": "X", "body": "Y", "preview": "1"},
                ),
                ("mail-release", {"kind": "admission", "confirmed": "1"}),
                ("mail-log", {"resend_all": "1"}),
            ):
                response = session.post(
                    f"{self.url}/@@{view}", data=data, timeout=60, allow_redirects=False
                )
                self.assertIn(response.status_code, (302, 401, 403), view)
                self.assertNotIn("Ihre Bewerbung", response.text)
        with api.env.adopt_user(username="editor"):
            api.content.transition(self.items["s1"], transition="admit")
        transaction.commit()
        response = juror.post(
            f"{self.url}/@@mail-release",
            data={"kind": "admission", "confirmed": "1"},
            timeout=60,
            allow_redirects=False,
        )
        self.assertIn(response.status_code, (302, 401, 403))
        self.settle()
        self.assertEqual(self.recorder.messages, [])
        transaction.begin()
        self.assertFalse(mailtemplates.get(self.competition, "receipt")["changed"])
        juror.close()
        anonymous.close()
