"""The decision's life cycle over HTTP: the defects of issue 11 (signing out
of phase, with drafts, of an empty category, no correction, awarding whom
the jury did not choose) and insiders trying to get past their duty."""

from ikz.landespreis import audit
from ikz.landespreis.jury import decision
from ikz.landespreis.jury import membership
from ikz.landespreis.permissions import ScoreSubmission
from plone import api
from tests.base import add_user
from tests.base import JuryTestCase
from tests.base import PASSWORD
from tests.browser import text

import re
import requests
import transaction


class DecisionTestCase(JuryTestCase):
    def setUp(self):
        super().setUp()
        add_user("siteadmin", roles=["Site Administrator"])
        add_user("member")
        transaction.commit()
        self.kat_b = self.competition["kat-b"]
        self.url = self.kat_b.absolute_url() + "/@jury-decision"

    def score_kat_b(self, chair_final=True, juror_final=True):
        self.declare(self.s3, "juror3")
        self.declare(self.s3, "chair")
        self.score(self.s3, "juror3", {"benefit": 4, "innovation": 4}, juror_final)
        self.score(self.s3, "chair", {"benefit": 10, "innovation": 7}, chair_final)

    def body(self, **kw):
        uid = self.s3.UID()
        return dict({"winners": [uid], "laudatio": {uid: "Vorbildlich."}}, **kw)

    def message(self, response):
        return response.json()["error"]["message"]


class TestDefects(DecisionTestCase):
    def test_no_signing_outside_judging(self):
        self.score_kat_b()
        for transition in ("open", "retract"):  # open, then preparation
            api.content.transition(self.competition, transition=transition)
            transaction.commit()
            response = self.rest("POST", self.url, "chair", self.body(confirm=True))
            self.assertEqual(response.status_code, 403)
            self.assertIn("Jurierung", self.message(response))
        transaction.begin()
        self.assertIsNone(decision.get(self.kat_b))

    def test_no_signing_with_drafts(self):
        self.score_kat_b(juror_final=False)  # "1 / 2"
        preview = self.rest("POST", self.url, "chair", self.body()).json()
        self.assertEqual(preview["status"], 409)
        self.assertIn("juror3", preview["problems"][0])
        response = self.sign(self.kat_b, "chair", self.body())
        self.assertEqual(response.status_code, 200)  # the preview refused
        self.assertFalse(response.json()["frozen"])
        response = self.rest(
            "POST",
            self.url,
            "chair",
            self.body(confirm=True, fingerprint=preview["fingerprint"]),
        )
        self.assertEqual(response.status_code, 409)
        self.assertIn("endgültig", self.message(response))
        transaction.begin()
        self.assertIsNone(decision.get(self.kat_b))

    def test_a_conflicted_chair_does_not_sign_the_deputy_does(self):
        """The chair judging their own case: with a conflict on an
        application of the category the chair cannot sign it (not by REST,
        not by the page); the deputy signs in the chair's place."""
        self.declare(self.s3, "juror3")
        self.declare(self.s3, "chair", conflict=True, reason="Mein Kreis")
        self.score(self.s3, "juror3", {"benefit": 4, "innovation": 4}, True)
        for body in (self.body(), self.body(confirm=True, fingerprint="x")):
            response = self.rest("POST", self.url, "chair", body)
            self.assertEqual(response.status_code, 403, response.text)
            self.assertIn("befangen", self.message(response))
        page = self.get(self.kat_b.absolute_url() + "/@@jury-decision", "chair")
        self.assertIn("befangen", text(page))
        transaction.begin()
        self.assertIsNone(decision.get(self.kat_b))
        # no deputy yet: juror3 is refused like any juror
        self.assertEqual(self.sign(self.kat_b, "juror3", self.body()).status_code, 403)
        with api.env.adopt_roles(["Site Administrator"]):
            membership.set_deputy(self.competition, "juror3")
        transaction.commit()
        response = self.sign(self.kat_b, "juror3", self.body())
        self.assertEqual(response.status_code, 200, response.text)
        self.assertTrue(response.json()["frozen"])
        self.assertEqual(decision.get(self.kat_b)["signer"], "juror3")

    def test_no_signing_of_an_empty_category(self):
        api.content.create(
            container=self.competition,
            type="Category",
            id="kat-c",
            title="Leer",
            short_code="KC",
        )
        transaction.commit()
        url = self.competition["kat-c"].absolute_url() + "/@jury-decision"
        preview = self.rest("POST", url, "chair", {}).json()
        self.assertEqual(preview["status"], 409)
        response = self.rest(
            "POST", url, "chair", {"confirm": True, "fingerprint": "x"}
        )
        self.assertEqual(response.status_code, 409)
        self.assertIn("nichts zu unterzeichnen", self.message(response))

    def test_confirmation_signs_what_it_showed(self):
        self.score_kat_b()
        preview = self.rest("POST", self.url, "chair", self.body()).json()
        transaction.begin()
        self.assertIsNone(decision.get(self.kat_b))  # a preview changes nothing
        self.assertEqual(preview["problems"], [])
        self.assertEqual(preview["preview"]["winners"][0]["laudatio"], "Vorbildlich.")
        # without the fingerprint, or with another choice, nothing is signed
        response = self.rest("POST", self.url, "chair", self.body(confirm=True))
        self.assertEqual(response.status_code, 400)
        response = self.rest(
            "POST",
            self.url,
            "chair",
            self.body(
                confirm=True,
                fingerprint=preview["fingerprint"],
                laudatio={self.s3.UID(): "Anders."},
            ),
        )
        self.assertEqual(response.status_code, 409)
        self.assertIn("seit der Vorschau", self.message(response))
        response = self.rest(
            "POST",
            self.url,
            "chair",
            self.body(confirm=True, fingerprint=preview["fingerprint"]),
        )
        self.assertEqual(response.status_code, 200, response.text)
        transaction.begin()
        signed = decision.get(self.kat_b)
        self.assertEqual(signed["signer"], "chair")
        self.assertEqual(signed["laudatio"], {self.s3.UID(): "Vorbildlich."})
        (entry,) = audit.entries(self.competition, kind="decision.signed")
        self.assertEqual(entry["actor"], "chair")
        self.assertEqual(entry["details"]["winners"], ("LP26-KA-0001",))
        # scoring in the signed category has ended
        self.assertFalse(
            api.user.has_permission(ScoreSubmission, username="juror3", obj=self.s3)
        )
        response = self.score(self.s3, "juror3", {"benefit": 1, "innovation": 1})
        self.assertEqual(response.status_code, 403)

    def test_only_the_named_winner_is_awarded(self):
        s4 = api.content.create(
            container=self.kat_b,
            type="Submission",
            id="s4",
            title="Projekt Vier",
            lead_municipality="Gemeinde Vier",
            privacy_consent=True,
        )
        s4.reference = "LP26-KB-0004"
        s4.reindexObject()
        api.content.transition(s4, transition="admit")
        transaction.commit()
        self.score_kat_b()
        self.declare(s4, "juror3")
        self.declare(s4, "chair")
        self.score(s4, "juror3", {"benefit": 3, "innovation": 3}, True)
        self.score(s4, "chair", {"benefit": 5, "innovation": 5}, True)
        # two winners in a one-prize category: refused
        both = self.body(
            winners=[self.s3.UID(), s4.UID()],
            laudatio={self.s3.UID(): "a", s4.UID(): "b"},
        )
        preview = self.rest("POST", self.url, "chair", both).json()
        self.assertIn("nicht geteilt", " ".join(preview["problems"]))
        self.assertEqual(self.sign(self.kat_b, "chair", self.body()).status_code, 200)
        # the office cannot award rank 2 as a second winner, and is told why
        response = self.rest(
            "POST", s4.absolute_url() + "/@workflow/award", "editor", {}
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn(
            "nennt diese Bewerbung nicht als Preisträgerin",
            response.json()["error"]["message"],
        )
        # nor decide the competition while a category is unsigned
        response = self.rest(
            "POST", self.competition.absolute_url() + "/@workflow/decide", "editor", {}
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn(
            "jeder Kategorie mit Bewerbungen", response.json()["error"]["message"]
        )
        response = self.rest(
            "POST", s4.absolute_url() + "/@workflow/publish", "editor", {}
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn(
            "aktueller Status: Zugelassen", response.json()["error"]["message"]
        )
        response = self.rest(
            "POST", self.s3.absolute_url() + "/@workflow/award", "editor", {}
        )
        self.assertEqual(response.status_code, 200, response.text)
        transaction.begin()
        self.assertEqual(api.content.get_state(s4), "admitted")
        self.assertEqual(api.content.get_state(self.s3), "awarded")
        self.assertEqual(
            [
                e["details"]["transition"]
                for e in audit.entries(self.competition, kind="award")
            ],
            ["award"],
        )
        # one entry for the award, not one per subscriber
        self.assertEqual(
            len([
                e
                for e in audit.entries(
                    self.competition, target=api.content.get_uuid(self.s3)
                )
                if e["details"].get("transition") == "award"
            ]),
            1,
        )

    def test_a_wrong_signature_is_corrected(self):
        """The editor made themself chair and signed; the real chair got 409
        for ever. Now a Site Administrator reopens it, with a reason."""
        api.user.grant_roles(
            username="editor", obj=self.competition, roles=["Jury Chair"]
        )
        transaction.commit()
        self.score_kat_b()
        self.assertEqual(self.sign(self.kat_b, "editor", self.body()).status_code, 200)
        response = self.sign(self.kat_b, "chair", self.body())
        self.assertEqual(response.json()["status"], 409)
        self.assertEqual(api.content.get_state(self.s3), "admitted")
        api.content.transition(self.s3, transition="award")
        transaction.commit()
        reopen = self.kat_b.absolute_url() + "/@jury-reopen"
        for user in ("editor", "chair", "juror3"):
            response = self.rest("POST", reopen, user, {"reason": "falsch"})
            self.assertEqual(response.status_code, 403, user)
            self.assertIn("Website-Administration", self.message(response))
        response = self.rest("POST", reopen, "siteadmin", {"reason": " "})
        self.assertEqual(response.status_code, 400)
        self.assertIn("begründen", self.message(response))
        transaction.begin()
        self.assertEqual(decision.get(self.kat_b)["signer"], "editor")
        response = self.rest(
            "POST", reopen, "siteadmin", {"reason": "Unterzeichnet von der Redaktion."}
        )
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(response.json()["revoked"], ["LP26-KA-0001"])
        transaction.begin()
        self.assertIsNone(decision.get(self.kat_b))
        (old,) = decision.voided(self.kat_b)
        self.assertEqual((old["signer"], old["voided_by"]), ("editor", "siteadmin"))
        self.assertEqual(api.content.get_state(self.s3), "admitted")
        self.assertTrue(
            api.user.has_permission(ScoreSubmission, username="juror3", obj=self.s3)
        )
        (entry,) = audit.entries(self.competition, kind="decision.reopened")
        self.assertEqual(entry["reason"], "Unterzeichnet von der Redaktion.")
        self.assertEqual(self.sign(self.kat_b, "chair", self.body()).status_code, 200)
        transaction.begin()
        self.assertEqual(decision.get(self.kat_b)["signer"], "chair")
        # the page shows the voided signature
        page = text(
            self.get(self.kat_b.absolute_url() + "/@@jury-decision", "siteadmin")
        )
        self.assertIn("für ungültig erklärt von siteadmin", page)

    def test_reopening_a_decided_competition_resumes_judging(self):
        self.score_kat_b()
        self.assertEqual(self.sign(self.kat_b, "chair", self.body()).status_code, 200)
        # kat-a: nothing final, the chair records why
        body = {
            "winners": [],
            "reason": "Die Jurygruppe ist ausgefallen.",
        }
        url = self.competition["kat-a"].absolute_url() + "/@jury-decision"
        self.assertIn(
            "Preisträger",
            " ".join(self.rest("POST", url, "chair", body).json()["problems"]),
        )
        transaction.begin()
        with self.assertRaises(api.exc.InvalidParameterError):
            api.content.transition(self.competition, transition="decide")
        decision.freeze(
            self.competition["kat-a"],
            "chair",
            {"winners": [], "nominees": [], "ranking": [], "laudatio": {}},
        )
        api.content.transition(self.competition, transition="decide")
        transaction.commit()
        response = self.rest(
            "POST",
            self.kat_b.absolute_url() + "/@jury-reopen",
            "siteadmin",
            {"reason": "Neue Erkenntnisse."},
        )
        self.assertEqual(response.status_code, 200, response.text)
        transaction.begin()
        self.assertEqual(api.content.get_state(self.competition), "judging")


class TestCountersign(DecisionTestCase):
    def test_jurors_countersign(self):
        self.score_kat_b()
        url = self.kat_b.absolute_url() + "/@jury-countersign"
        response = self.rest("POST", url, "juror3", {})
        self.assertEqual(response.status_code, 409)  # nothing signed yet
        self.assertIn("nicht unterzeichnet", self.message(response))
        self.assertEqual(self.sign(self.kat_b, "chair", self.body()).status_code, 200)
        for user, status, words in (
            ("juror1", 403, "Nur die Jurymitglieder dieser Kategorie"),
            ("chair", 409, "übrigen Jurymitglieder"),
            ("editor", 403, "Nur die Jurymitglieder dieser Kategorie"),
        ):
            response = self.rest("POST", url, user, {})
            self.assertEqual(response.status_code, status, user)
            self.assertIn(words, self.message(response))
        self.assertIn(self.rest("POST", url, "member", {}).status_code, (401, 403))
        response = self.rest("POST", url, "juror3", {})
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(response.json()["juror"], "juror3")
        response = self.rest("POST", url, "juror3", {})
        self.assertEqual(response.status_code, 409)
        transaction.begin()
        (signature,) = decision.get(self.kat_b)["countersignatures"]
        self.assertEqual(signature["juror"], "juror3")
        (entry,) = audit.entries(self.competition, kind="decision.countersigned")
        self.assertEqual(entry["actor"], "juror3")
        page = text(self.get(self.kat_b.absolute_url() + "/@@jury-decision", "editor"))
        self.assertIn("juror3</strong> ist einverstanden", page)


class TestConflictedJurorDoesNotCountersign(DecisionTestCase):
    def test_refused_with_a_german_message(self):
        """A juror conflicted on an application of the category agrees to
        nothing about it: neither REST nor the page countersigns."""
        s4 = api.content.create(
            container=self.kat_b,
            type="Submission",
            id="s4",
            title="Projekt Vier",
            lead_municipality="Gemeinde Vier",
            privacy_consent=True,
        )
        s4.reference = "LP26-KB-0004"
        s4.reindexObject()
        api.content.transition(s4, transition="admit")
        transaction.commit()
        self.score_kat_b()
        self.declare(s4, "juror3", conflict=True, reason="Mein Heimatkreis")
        self.declare(s4, "chair")
        self.score(s4, "chair", {"benefit": 3, "innovation": 3}, True)
        self.assertEqual(self.sign(self.kat_b, "chair", self.body()).status_code, 200)
        url = self.kat_b.absolute_url() + "/@jury-countersign"
        response = self.rest("POST", url, "juror3", {})
        self.assertEqual(response.status_code, 403, response.text)
        self.assertIn("befangen", self.message(response))
        self.assertIn("zeichnen ihre Entscheidung", self.message(response))
        page_url = self.kat_b.absolute_url() + "/@@jury-countersign"
        session = requests.Session()
        session.auth = ("juror3", PASSWORD)
        page = session.get(page_url)
        self.assertEqual(page.status_code, 200)
        self.assertNotIn('name="_authenticator"', page.text)  # no button
        # a forged post with the juror's token from another page
        other = session.get(
            self.competition.absolute_url() + f"/@@befangen?uid={s4.UID()}"
        )
        token = re.search(r'name="_authenticator" value="([^"]+)"', other.text)
        response = session.post(page_url, data={"_authenticator": token.group(1)})
        self.assertEqual(response.status_code, 403)
        self.assertIn("zeichnen ihre Entscheidung deshalb nicht mit", text(response))
        dashboard = self.get(self.competition.absolute_url() + "/@@jury", "juror3")
        self.assertIn("Entscheidung lesen", text(dashboard))
        self.assertNotIn("mitzeichnen", text(dashboard).lower())
        transaction.begin()
        self.assertEqual(decision.get(self.kat_b)["countersignatures"], [])
        self.assertEqual(
            audit.entries(self.competition, kind="decision.countersigned"), []
        )


class TestInsidersInTheBrowser(DecisionTestCase):
    """The Classic UI: the chair's confirmation step; others cannot sign."""

    def form(self, session, url):
        page = session.get(url)
        token = re.search(r'name="_authenticator" value="([^"]+)"', page.text)
        return page, token.group(1) if token else ""

    def test_chair_previews_then_signs(self):
        self.score_kat_b()
        session = requests.Session()
        session.auth = ("chair", PASSWORD)
        url = self.kat_b.absolute_url() + "/@@jury-decision"
        page, token = self.form(session, url)
        self.assertIn("Vorschau der Entscheidung", text(page))
        uid = self.s3.UID()
        data = {
            "_authenticator": token,
            "winners:list": [uid],
            f"laudatio.{uid}": "Ein Vorbild für das Land.",
            "preview": "1",
        }
        page = session.post(url, data=data)
        self.assertIn("Bitte prüfen Sie, was Sie unterzeichnen", text(page))
        self.assertIn("Ein Vorbild für das Land.", text(page))
        transaction.begin()
        self.assertIsNone(decision.get(self.kat_b))
        fingerprint = re.search(r'name="fingerprint" value="([^"]+)"', page.text)
        data.update(confirm="1", fingerprint=fingerprint.group(1))
        page = session.post(url, data=data)
        self.assertIn("Unterzeichnet von <strong>chair</strong>", text(page))
        transaction.begin()
        self.assertEqual(decision.get(self.kat_b)["signer"], "chair")

    def test_others_cannot_sign_or_reopen(self):
        self.score_kat_b()
        url = self.kat_b.absolute_url() + "/@@jury-decision"
        uid = self.s3.UID()
        for user in ("editor", "juror3", "member", "siteadmin"):
            session = requests.Session()
            session.auth = (user, PASSWORD)
            _page, token = self.form(
                session, self.competition.absolute_url() + "/@@jury"
            )
            response = session.post(
                url,
                data={
                    "_authenticator": token,
                    "winners:list": [uid],
                    f"laudatio.{uid}": "x",
                    "confirm": "1",
                    "reopen": "1" if user != "siteadmin" else "",
                },
                allow_redirects=False,
            )
            self.assertIn(response.status_code, (302, 401, 403, 409), user)
        # and through REST: a German refusal for everyone in the jury area
        for user in ("editor", "juror3", "siteadmin"):
            response = self.rest("POST", self.url, user, self.body(confirm=True))
            self.assertEqual(response.status_code, 403, user)
            self.assertIn("Nur der Juryvorsitz", self.message(response))
        response = self.rest("POST", self.url, "member", self.body(confirm=True))
        self.assertEqual(response.status_code, 401)
        transaction.begin()
        self.assertIsNone(decision.get(self.kat_b))
        self.assertEqual(audit.entries(self.competition, kind="decision."), [])


class TestPreviewWithMissingScores(DecisionTestCase):
    def test_chair_records_the_exception_in_the_browser(self):
        self.score_kat_b(juror_final=False)
        session = requests.Session()
        session.auth = ("chair", PASSWORD)
        url = self.kat_b.absolute_url() + "/@@jury-decision"
        page = session.get(url)
        token = re.search(r'name="_authenticator" value="([^"]+)"', page.text).group(1)
        self.assertIn("juror3", text(page))
        uid = self.s3.UID()
        data = {
            "_authenticator": token,
            "winners:list": [uid],
            f"laudatio.{uid}": "Gut.",
            "reason": "Juror 3 ist ausgeschieden.",
            "preview": "1",
        }
        page = session.post(url, data=data)
        self.assertEqual(page.status_code, 200, page.text[-3000:])
        self.assertIn("Juror 3 ist ausgeschieden.", text(page))


class TestTwoPrizes(DecisionTestCase):
    """A competition with two prizes per category and no nominees: two
    winners are signed and awarded, a third is refused, and nothing the
    decision does not name is nominated (over HTTP)."""

    def setUp(self):
        super().setUp()
        self.competition.prizes_per_category = 2
        self.competition.nominees_per_category = 0
        self.others = []
        for number in (4, 5):
            s = api.content.create(
                container=self.kat_b,
                type="Submission",
                id=f"s{number}",
                title=f"Projekt {number}",
                lead_municipality=f"Gemeinde {number}",
                privacy_consent=True,
            )
            s.reference = f"LP26-KB-000{number}"
            s.reindexObject()
            api.content.transition(s, transition="admit")
            self.others.append(s)
        transaction.commit()
        for s, value in ((self.s3, 9), (self.others[0], 7), (self.others[1], 5)):
            for juror in ("juror3", "chair"):
                self.declare(s, juror)
                response = self.score(
                    s, juror, {"benefit": value, "innovation": value}, True
                )
                self.assertEqual(response.status_code, 200, response.text)

    def test_two_winners_a_third_refused(self):
        s3, s4, s5 = self.s3.UID(), self.others[0].UID(), self.others[1].UID()
        laudatio = {s3: "Vorbildlich.", s4: "Beispielhaft.", s5: "Gut."}
        three = {"winners": [s3, s4, s5], "laudatio": laudatio}
        preview = self.rest("POST", self.url, "chair", three).json()
        self.assertIn("2 Preis(e) je Kategorie", " ".join(preview["problems"]))
        nominee = {"winners": [s3, s4], "nominees": [s5], "laudatio": laudatio}
        preview = self.rest("POST", self.url, "chair", nominee).json()
        self.assertIn("höchstens 0 Nominierte", " ".join(preview["problems"]))
        two = {"winners": [s3, s4], "laudatio": laudatio}
        response = self.sign(self.kat_b, "chair", two)
        self.assertEqual(response.status_code, 200, response.text)
        self.assertTrue(response.json()["frozen"])
        self.assertEqual(decision.get(self.kat_b)["winners"], [s3, s4])
        for s in (self.s3, self.others[0]):
            for transition in ("nominate", "award"):
                response = self.rest(
                    "POST", s.absolute_url() + f"/@workflow/{transition}", "editor", {}
                )
                self.assertEqual(response.status_code, 200, response.text)
        third = self.others[1].absolute_url()
        response = self.rest("POST", third + "/@workflow/nominate", "editor", {})
        self.assertEqual(response.status_code, 400, response.text)
        self.assertIn(
            "weder als Preisträgerin noch als nominiert",
            response.json()["error"]["message"],
        )
        response = self.rest("POST", third + "/@workflow/award", "editor", {})
        self.assertEqual(response.status_code, 400, response.text)
        transaction.begin()
        self.assertEqual(
            [api.content.get_state(s) for s in (self.s3, *self.others)],
            ["awarded", "awarded", "admitted"],
        )
        awards = [
            (e["actor"], e["details"]["transition"], e["details"]["reference"])
            for e in audit.entries(self.competition, kind="award")
        ]
        self.assertEqual(
            awards,
            [
                ("editor", "nominate", "LP26-KA-0001"),
                ("editor", "award", "LP26-KA-0001"),
                ("editor", "nominate", "LP26-KB-0004"),
                ("editor", "award", "LP26-KB-0004"),
            ],
        )
