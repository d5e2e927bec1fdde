"""The jury: access by local roles, conflicts, scoring, ranking, decision,
publication and reminders, through a real WSGI server."""

from aiosmtpd.controller import Controller
from concurrent.futures import ThreadPoolExecutor
from ikz.landespreis.jury import conflicts
from ikz.landespreis.jury import scores
from plone import api
from tests.base import add_user
from tests.base import free_port
from tests.base import JuryTestCase
from tests.base import PASSWORD
from tests.base import real_mailhost
from tests.base import SMTPRecorder
from tests.browser import text

import re
import requests
import time
import transaction


class TestAccess(JuryTestCase):
    def test_roles_follow_panels(self):
        # no role before the declaration
        self.assertNotIn("juror1", dict(self.s1.get_local_roles()))
        self.declare(self.s1, "juror1")
        self.declare(self.s3, "chair")
        roles = dict(self.s1.get_local_roles())
        self.assertEqual(roles.get("juror1"), ("Juror",))
        self.assertNotIn("juror3", roles)  # other panel
        self.assertNotIn("chair", roles)  # chair is on the kat-b panel
        self.assertNotIn("juror2", roles)  # home organisation is the lead
        self.assertEqual(conflicts.status(self.s1, "juror2"), conflicts.FLAGGED)
        self.assertEqual(
            dict(self.s3.get_local_roles()).get("chair"), ("Juror", "Jury Chair")
        )

    def test_other_panel_sees_nothing(self):
        for submission in (self.s1, self.s2):
            self.declare(submission, "juror1")
            self.assertIn(self.declare(submission, "juror3").status_code, (401, 403))
        self.declare(self.s3, "juror3")
        self.assertEqual(self.search("juror3", portal_type="Submission"), {"s3"})
        self.assert_denied(self.s1.absolute_url() + "/@@conflict", "juror3")
        self.assert_denied(self.s1.absolute_url(), "juror3")
        self.assertEqual(
            self.rest("GET", self.s1.absolute_url(), "juror3").status_code, 401
        )
        self.assertEqual(self.search("juror1", portal_type="Submission"), {"s1", "s2"})

    def test_gate_before_details(self):
        url = self.s1.absolute_url()
        # before the declaration: no view, download, REST or search
        self.assert_denied(url, "juror1")
        self.assert_denied(url + "/@@download/project_file", "juror1")
        self.assertEqual(self.rest("GET", url, "juror1").status_code, 401)
        self.assertEqual(self.search("juror1", portal_type="Submission"), set())
        # the dashboard leads to the gate, which shows only the facts to decide
        dashboard = text(
            self.get(self.competition.absolute_url() + "/@@jury", "juror1")
        )
        self.assertIn(url + "/@@conflict", dashboard)
        response = self.get(url + "/@@conflict", "juror1")
        self.assertEqual(response.status_code, 200)
        page = text(response)
        self.assertIn("Projekt Eins", page)
        self.assertIn("Stadt Musterstadt", page)
        self.assertIn("Gemeinde Beispieldorf", page)
        self.assertNotIn("Geheime Details", page)
        self.assertEqual(self.declare(self.s1, "juror1").status_code, 200)
        page = text(self.get(self.s1.absolute_url(), "juror1"))
        self.assertIn("Geheime Details von Projekt Eins", page)

    def test_declared_conflict_removes_access_everywhere(self):
        self.declare(self.s1, "juror1")
        self.declare(self.s2, "juror1")
        url = self.s1.absolute_url()
        self.assertEqual(
            self.get(url + "/@@download/project_file", "juror1").status_code, 200
        )
        response = self.declare(
            self.s1, "juror1", conflict=True, reason="Ehemaliger Arbeitgeber"
        )
        self.assertEqual(response.json()["status"], "conflict")
        for target in (
            url,
            url + "/@@download/project_file",
            url + "/@@score",
            url + "/@@display-file/project_file",
        ):
            self.assert_denied(target, "juror1")
        self.assertEqual(self.rest("GET", url, "juror1").status_code, 401)
        self.assertEqual(self.search("juror1", portal_type="Submission"), {"s2"})
        self.assertEqual(self.search("juror1", SearchableText="Eins"), set())
        record = conflicts.record(self.s1, "juror1")
        self.assertEqual(record["reason"], "Ehemaliger Arbeitgeber")
        self.assertEqual(
            [h["status"] for h in record["history"]], ["no_conflict", "conflict"]
        )

    def test_detected_conflict_until_chair_clears(self):
        url = self.s1.absolute_url()
        self.declare(self.s2, "juror2")
        self.assert_denied(url, "juror2")
        self.assert_denied(url + "/@@download/project_file", "juror2")
        self.assertEqual(self.search("juror2", portal_type="Submission"), {"s2"})
        # the juror cannot lift it alone
        response = self.declare(self.s1, "juror2")
        self.assertEqual(response.json()["status"], "flagged")
        self.assert_denied(url, "juror2")
        from ikz.landespreis.jury.service import clear_conflict

        with api.env.adopt_user(username="chair"):
            clear_conflict(
                self.s1, "juror2", "chair", "Arbeitet nicht mehr für die Stadt."
            )
        transaction.commit()
        self.assertEqual(self.get(url, "juror2").status_code, 200)
        self.assertEqual(conflicts.status(self.s1, "juror2"), conflicts.CLEARED)

    def test_removing_member_removes_access(self):
        from ikz.landespreis.jury import access
        from ikz.landespreis.jury import membership

        self.declare(self.s2, "juror1")
        self.assertEqual(self.get(self.s2.absolute_url(), "juror1").status_code, 200)
        membership.remove_member(self.competition, "juror1")
        access.sync_competition(self.competition)
        transaction.commit()
        self.assertEqual(self.search("juror1", portal_type="Submission"), set())
        self.assert_denied(self.s2.absolute_url(), "juror1")


class TestScoring(JuryTestCase):
    def test_score_draft_final_lock_reopen(self):
        self.declare(self.s2, "juror1")
        response = self.score(self.s2, "juror1", {"benefit": 7})
        self.assertEqual(response.status_code, 200, response.text)
        self.assertFalse(response.json()["final"])
        response = self.score(
            self.s2, "juror1", {"benefit": 8, "innovation": 6}, final=True
        )
        self.assertTrue(response.json()["final"])
        response = self.score(
            self.s2, "juror1", {"benefit": 2, "innovation": 2}, final=True
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("gesperrt", response.json()["error"]["message"])
        record = scores.record(self.s2, "juror1")
        self.assertEqual(dict(record.values), {"benefit": 8, "innovation": 6})
        self.assertEqual(len(record.history), 2)
        self.assertEqual(record.history[1]["old"]["scores"], {"benefit": 7})
        # the chair reopens through the score form
        self.assert_denied(
            self.s2.absolute_url() + "/@@score", "chair"
        )  # another panel
        self.assertTrue(scores.reopen(self.s2, "juror1", "chair"))
        transaction.commit()
        response = self.score(
            self.s2, "juror1", {"benefit": 9, "innovation": 6}, final=True
        )
        self.assertEqual(response.status_code, 200)

    def test_refusals(self):
        self.declare(self.s2, "juror1")
        response = self.score(self.s2, "juror1", {"benefit": 11, "innovation": 5})
        self.assertEqual(response.status_code, 400)
        self.assertIn("von 0 bis 10", response.json()["error"]["message"])
        response = self.score(self.s2, "juror1", {"benefit": 5}, final=True)
        self.assertIn("jedes Kriterium", response.json()["error"]["message"])
        # not before the declaration: no role, no scoring
        response = self.score(self.s1, "juror1", {"benefit": 5})
        self.assertEqual(response.status_code, 403)
        self.assertIn("Jurierung", response.json()["error"]["message"])
        # only while the jury is at work (the workflow's Score Submission)
        api.content.transition(self.competition, transition="open")
        transaction.commit()
        response = self.score(self.s2, "juror1", {"benefit": 5})
        self.assertEqual(response.status_code, 403)
        self.assertIn("Jurierung", response.json()["error"]["message"])
        self.assertIsNone(scores.record(self.s2, "juror1"))

    def test_score_form(self):
        self.declare(self.s2, "juror1")
        session = requests.Session()
        session.auth = ("juror1", PASSWORD)
        page = session.get(self.s2.absolute_url() + "/@@score")
        self.assertIn("Gewinn", text(page))
        token = re.search(r'name="_authenticator" value="([^"]+)"', page.text).group(1)
        response = session.post(
            self.s2.absolute_url() + "/@@score",
            data={
                "_authenticator": token,
                "score.benefit": "6",
                "score.innovation": "4",
                "comment.benefit": "überzeugend",
                "comment": "insgesamt gut",
                "save_final": "1",
            },
        )
        self.assertEqual(response.status_code, 200)
        transaction.begin()
        record = scores.record(self.s2, "juror1")
        self.assertTrue(record.final)
        self.assertEqual(record.comments["benefit"], "überzeugend")
        # without the CSRF token nothing is stored
        self.declare(self.s1, "juror1")
        response = session.post(
            self.s1.absolute_url() + "/@@score",
            data={"score.benefit": "6", "save_draft": "1"},
        )
        self.assertEqual(response.status_code, 403)
        transaction.begin()
        self.assertIsNone(scores.record(self.s1, "juror1"))

    def test_concurrent_saves_keep_both(self):
        self.declare(self.s2, "juror1")
        self.declare(self.s2, "juror2")

        def save(args):
            juror, value = args
            return self.rest(
                "POST",
                self.s2.absolute_url() + "/@jury-scores",
                juror,
                {"scores": {"benefit": value, "innovation": value}, "final": True},
            )

        for _round in range(3):
            with ThreadPoolExecutor(max_workers=2) as pool:
                results = list(pool.map(save, [("juror1", 3), ("juror2", 9)]))
            if all(r.status_code == 200 for r in results):
                break
        self.assertEqual([r.status_code for r in results], [200, 200])
        transaction.begin()
        stored = {j: dict(r.values) for j, r in scores.records(self.s2).items()}
        self.assertEqual(
            stored,
            {
                "juror1": {"benefit": 3, "innovation": 3},
                "juror2": {"benefit": 9, "innovation": 9},
            },
        )
        from ikz.landespreis import ledger

        self.assertEqual(
            set(ledger.scores(self.competition, api.content.get_uuid(self.s2))),
            {"juror1", "juror2"},
        )


class TestRankingAndDecision(JuryTestCase):
    def score_all(self):
        # kat-a: juror1 scores s1 and s2; kat-b: juror3 and the chair score s3
        self.declare(self.s1, "juror1")
        self.declare(self.s2, "juror1")
        self.score(
            self.s1, "juror1", {"benefit": 8, "innovation": 5}, final=True
        )  # 7.0
        self.score(
            self.s2, "juror1", {"benefit": 6, "innovation": 9}, final=True
        )  # 7.0
        self.declare(self.s3, "juror3")
        self.declare(self.s3, "chair")
        self.score(self.s3, "juror3", {"benefit": 4, "innovation": 4}, final=True)
        self.score(
            self.s3, "chair", {"benefit": 10, "innovation": 7}, final=True
        )  # 9.0

    def test_ranking_rest_and_view(self):
        self.score_all()
        data = self.rest(
            "GET", self.competition.absolute_url() + "/@ranking", "chair"
        ).json()
        cats = {c["title"]: c["ranking"] for c in data["categories"]}
        kat_a = {r["reference"] and r["title"]: r for r in cats["kat-a"]}
        self.assertEqual(kat_a["Projekt Eins"]["rank"], 1)
        self.assertTrue(kat_a["Projekt Eins"]["tie"])
        self.assertEqual(kat_a["Projekt Zwei"]["score"], 7.0)
        self.assertEqual(kat_a["Projekt Eins"]["expected_scores"], 1)
        s3 = cats["kat-b"][0]
        self.assertEqual((s3["score"], s3["spread"], s3["final_scores"]), (6.5, 2.5, 2))
        for key in (
            "@id",
            "reference",
            "title",
            "rank",
            "score",
            "spread",
            "final_scores",
            "expected_scores",
            "tie",
        ):
            self.assertIn(key, s3)
        # a juror sees only their own scores
        mine = self.rest(
            "GET", self.competition.absolute_url() + "/@ranking", "juror3"
        ).json()
        kat_b = {c["title"]: c["ranking"] for c in mine["categories"]}["kat-b"]
        self.assertEqual(kat_b[0]["score"], 4.0)
        page = text(self.get(self.competition.absolute_url() + "/@@ranking", "chair"))
        self.assertIn("<svg", page)
        self.assertIn("juror3", page)
        page = text(self.get(self.competition.absolute_url() + "/@@ranking", "juror3"))
        self.assertNotIn(
            "chair",
            re.sub(r"<head>.*?</head>", "", page, flags=re.S).split("ikz-ranking")[1][
                :2000
            ],
        )
        # the ranking reads the catalog, never the submissions' scores
        self.assert_denied(self.competition.absolute_url() + "/@ranking")

    def test_full_flow_to_published_winners(self):
        self.score_all()
        category = self.competition["kat-b"]
        uid = self.s3.UID()
        url = category.absolute_url() + "/@jury-decision"
        response = self.rest("POST", url, "juror3", {"winners": [uid]})
        self.assertEqual(response.status_code, 403)
        self.assertIn("Juryvorsitz", response.json()["error"]["message"])
        # the preview suggests the best ranked and asks for the Laudatio
        preview = self.rest("POST", url, "chair", {}).json()
        self.assertEqual([w["uid"] for w in preview["preview"]["winners"]], [uid])
        self.assertIn("Laudatio", " ".join(preview["problems"]))
        body = {"winners": [uid], "laudatio": {uid: "Einstimmig."}}
        response = self.sign(category, "chair", body)
        self.assertEqual(response.status_code, 200, response.text)
        frozen = response.json()["decision"]
        self.assertEqual(frozen["signer"], "chair")
        self.assertEqual(frozen["ranking"][0]["reference"], "LP26-KA-0001")
        self.assertEqual(frozen["winners"][0]["laudatio"], "Einstimmig.")
        again = self.rest("POST", url, "chair", dict(body, confirm=True))
        self.assertEqual(again.status_code, 409)
        self.assertIn("bereits unterzeichnet", again.json()["error"]["message"])
        # the signed decision is for the office and the chair
        self.assertIn(self.rest("GET", url, "juror3").status_code, (401, 403))
        decision = self.rest("GET", url, "editor").json()["decision"]
        self.assertEqual(decision["laudatio"], {uid: "Einstimmig."})
        self.assertNotIn("jurors", decision["ranking"][0])
        # kat-a is not signed yet: the competition cannot be decided
        with self.assertRaises(api.exc.InvalidParameterError):
            api.content.transition(self.competition, transition="decide")
        # a tie for the one prize and a juror without a score: the chair
        # chooses among the tied and records why a score is missing
        kat_a = self.competition["kat-a"]
        body = {"winners": [self.s2.UID()], "laudatio": {self.s2.UID(): "Stark."}}
        response = self.rest(
            "POST", kat_a.absolute_url() + "/@jury-decision", "chair", body
        )
        self.assertIn("juror2", " ".join(response.json()["problems"]))
        self.assertEqual(response.json()["status"], 409)
        body["reason"] = "Jurorin 2 ist krankheitsbedingt ausgeschieden."
        self.assertEqual(self.sign(kat_a, "chair", body).status_code, 200)
        transaction.begin()
        api.content.transition(self.competition, transition="decide")
        with api.env.adopt_user(username="editor"):
            # only the named winner can be awarded
            with self.assertRaises(api.exc.InvalidParameterError):
                api.content.transition(self.s1, transition="award")
            api.content.transition(self.s3, transition="award")
            api.content.transition(self.s3, transition="publish")
        api.content.transition(self.competition, transition="publish_results")
        transaction.commit()
        page = text(self.get(self.competition.absolute_url()))
        self.assertIn("Projekt Drei", page)
        self.assertIn("Kreis Drei", page)
        self.assertNotIn("Projekt Eins", page)
        self.assertNotIn("erika@example.org", page)
        self.assertEqual(self.get(self.s3.absolute_url()).status_code, 200)


class TestReminders(JuryTestCase):
    def test_reminder_mail(self):
        smtp = SMTPRecorder()
        controller = Controller(smtp, hostname="127.0.0.1", port=free_port())
        controller.start()
        try:
            real_mailhost(self.portal, controller.port)
            transaction.commit()
            self.declare(self.s2, "juror1")
            self.score(self.s2, "juror1", {"benefit": 5, "innovation": 5}, final=True)
            self.declare(self.s1, "juror1")
            transaction.commit()
            session = requests.Session()
            session.auth = ("editor", PASSWORD)
            page = session.get(self.competition.absolute_url() + "/@@jury-members")
            self.assertEqual(page.status_code, 200)
            token = re.search(
                r'name="_authenticator" value="([^"]+)"', page.text
            ).group(1)
            response = session.post(
                self.competition.absolute_url() + "/@@jury-reminders",
                data={"_authenticator": token},
            )
            self.assertEqual(response.status_code, 200)
            deadline = time.time() + 10
            while len(smtp.messages) < 4 and time.time() < deadline:
                time.sleep(0.05)
            by_rcpt = {next(iter(r)): m for r, m in smtp.messages}
            # juror1 has s1 open (s2 is final), juror2 has s2 (s1 is a detected
            # conflict), juror3 and the chair have s3 open
            self.assertEqual(
                set(by_rcpt),
                {
                    "juror1@example.org",
                    "juror2@example.org",
                    "juror3@example.org",
                    "chair@example.org",
                },
            )
            body = by_rcpt["juror1@example.org"].get_body(("plain",)).get_content()
            self.assertIn("1 Bewerbungen", body)
            self.assertIn("@@jury", body)
            self.assertIn("Erinnerung", by_rcpt["juror1@example.org"]["Subject"])
            # jurors cannot send reminders
            self.assert_denied(
                self.competition.absolute_url() + "/@@jury-members", "juror1"
            )
        finally:
            controller.stop()


class TestDashboard(JuryTestCase):
    def test_dashboard_progress(self):
        url = self.competition.absolute_url() + "/@@jury"
        page = text(self.get(url, "juror1"))
        self.assertIn("Projekt Eins", page)
        self.assertIn("Projekt Zwei", page)
        self.assertNotIn("Projekt Drei", page)
        self.assertIn("0 von 2", page)
        self.declare(self.s2, "juror1")
        self.score(self.s2, "juror1", {"benefit": 5, "innovation": 5}, final=True)
        page = text(self.get(url, "juror1"))
        self.assertIn("1 von 2", page)
        self.assertIn("width: 50%", page)
        self.assert_denied(url)
        page = text(self.get(url, "juror2"))
        self.assertIn("Interessenkonflikt", page)


class TestJuryPages(JuryTestCase):
    def session(self, user, url):
        session = requests.Session()
        session.auth = (user, PASSWORD)
        page = session.get(url)
        token = re.search(r'name="_authenticator" value="([^"]+)"', page.text)
        return session, page, token.group(1) if token else None

    def test_editor_adds_member_and_access_follows(self):
        add_user("juror4")
        transaction.commit()
        url = self.competition.absolute_url() + "/@@jury-members"
        session, page, token = self.session("editor", url)
        self.assertIn("juror1", text(page))
        response = session.post(
            url,
            data={
                "_authenticator": token,
                "user_id": "juror4",
                "organisation": "Gemeinde Zwei",
                "add": "1",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("juror4", text(response))
        # put juror4 on the kat-a panel: s1 is accessible, s2 is a detected conflict
        response = session.post(
            url,
            data={
                "_authenticator": token,
                "category": "kat-a",
                "panel_members:list": ["juror1", "juror2", "juror4"],
                "panel": "1",
            },
        )
        transaction.begin()
        # assigned: the gate is open to juror4, the role follows the declaration
        self.assertIsNone(conflicts.status(self.s1, "juror4"))
        self.assertEqual(
            self.get(self.s1.absolute_url() + "/@@conflict", "juror4").status_code, 200
        )
        self.declare(self.s1, "juror4")
        self.assertEqual(dict(self.s1.get_local_roles()).get("juror4"), ("Juror",))
        self.assertNotIn("juror4", dict(self.s2.get_local_roles()))
        self.assertEqual(conflicts.status(self.s2, "juror4"), conflicts.FLAGGED)
        # without the CSRF token nothing changes
        response = session.post(url, data={"user_id": "juror1", "remove": "1"})
        self.assertEqual(response.status_code, 403)

    def test_chair_clears_detected_conflict(self):
        url = self.competition.absolute_url() + "/@@jury-conflicts"
        self.assert_denied(url, "juror1")
        session, page, token = self.session("chair", url)
        self.assertIn("Stadt Musterstadt", text(page))  # the detected home organisation
        response = session.post(
            url,
            data={
                "_authenticator": token,
                "juror": "juror2",
                "uid": api.content.get_uuid(self.s1),
                "reason": "Arbeitet seit 2020 nicht mehr für die Stadt.",
            },
        )
        self.assertEqual(response.status_code, 200)
        transaction.begin()
        self.assertEqual(conflicts.status(self.s1, "juror2"), conflicts.CLEARED)
        self.assertEqual(
            self.get(self.s1.absolute_url() + "/@@score", "juror2").status_code, 200
        )


class TestReviewFindings(JuryTestCase):
    """Leaks found in review, each closed."""

    def test_no_scores_or_flags_in_catalog_metadata(self):
        self.declare(self.s3, "chair")
        self.score(self.s3, "chair", {"benefit": 3, "innovation": 9})  # a draft
        self.declare(self.s3, "juror3")
        response = self.rest(
            "GET",
            self.portal.absolute_url()
            + "/@search?portal_type=Submission&metadata_fields=_all",
            "juror3",
        )
        items = response.json()["items"]
        self.assertEqual(len(items), 1)
        for key in ("jury_scores", "jury_expected", "eligibility_flags"):
            self.assertNotIn(key, items[0])
        self.assertNotIn("lead_duplicate", response.text)

    def test_conflict_after_scoring_leaves_the_ranking(self):
        self.declare(self.s3, "juror3")
        self.declare(self.s3, "chair")
        self.score(self.s3, "juror3", {"benefit": 2, "innovation": 2}, final=True)
        self.score(self.s3, "chair", {"benefit": 8, "innovation": 8}, final=True)
        self.declare(self.s3, "juror3", conflict=True, reason="befangen")
        data = self.rest(
            "GET", self.competition.absolute_url() + "/@ranking", "chair"
        ).json()
        row = {c["title"]: c["ranking"] for c in data["categories"]}["kat-b"][0]
        self.assertEqual(
            (row["score"], row["final_scores"], row["expected_scores"]), (8.0, 1, 1)
        )

    def test_juror_ranking_shows_only_own_submissions(self):
        self.declare(self.s3, "juror3")
        data = self.rest(
            "GET", self.competition.absolute_url() + "/@ranking", "juror3"
        ).json()
        refs = [r["title"] for c in data["categories"] for r in c["ranking"]]
        self.assertEqual(refs, ["Projekt Drei"])
        self.assert_denied(
            self.competition["kat-a"].absolute_url() + "/@@jury-decision", "juror3"
        )

    def test_chair_cannot_override_a_declared_conflict(self):
        from ikz.landespreis.jury.service import clear_conflict

        self.declare(self.s3, "juror3", conflict=True, reason="befangen")
        with (
            api.env.adopt_user(username="chair"),
            self.assertRaises(conflicts.NotFlagged),
        ):
            clear_conflict(self.s3, "juror3", "chair", "kein Konflikt")
        self.assertEqual(conflicts.status(self.s3, "juror3"), conflicts.CONFLICT)
        self.assertNotIn("juror3", dict(self.s3.get_local_roles()))
