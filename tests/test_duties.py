"""Separation of duties, reasons for every "no" and the audit trail (issue
11, items 1, 4 and 5), over HTTP against the real WSGI server: each defect
the issue lists is reproduced, and the editor, the chair, a juror, a juror
of another panel and a plain member each try to get past their duty and
fail, with a German message and nothing changed."""

from aiosmtpd.controller import Controller
from ikz.landespreis import audit
from ikz.landespreis.jury import access
from ikz.landespreis.jury import conflicts
from ikz.landespreis.jury import duties
from ikz.landespreis.jury import membership
from plone import api
from tests.base import add_user
from tests.base import free_port
from tests.base import JuryTestCase
from tests.base import name_in_decision
from tests.base import PASSWORD
from tests.base import real_mailhost
from tests.base import SMTPRecorder
from tests.browser import text

import io
import json
import openpyxl
import re
import requests
import time
import transaction
import unittest


class TestRules(unittest.TestCase):
    """The pure rules of jury/duties.py."""

    def test_office_never_jury(self):
        with self.assertRaises(duties.DutyError) as error:
            duties.check_may_join_jury("anna", {"Editor"})
        self.assertIn("Geschäftsstelle", error.exception.message)
        duties.check_may_join_jury("anna", {"Member", "Jury Member"})
        for role in ("Site Administrator", "Manager"):
            with self.assertRaises(duties.DutyError) as error:
                duties.check_may_join_jury("anna", {role, "Member"})
            self.assertIn("Website-Administration", error.exception.message)
        with self.assertRaises(duties.DutyError):
            duties.check_may_get_office("anna", {"Reviewer"}, is_juror=True)
        duties.check_may_get_office("anna", {"Reviewer"}, is_juror=False)

    def test_only_admins_appoint(self):
        for roles in ({"Editor", "Reviewer"}, {"Jury Chair"}, set()):
            with self.assertRaises(duties.DutyError):
                duties.check_may_appoint(roles)
        duties.check_may_appoint({"Site Administrator"})
        duties.check_may_appoint({"Manager"})

    def test_nobody_decides_about_themself(self):
        chairs, deputies = {"chair"}, {"deputy"}
        check = duties.check_conflict_decider
        with self.assertRaises(duties.DutyError) as error:
            check("chair", "chair", chairs, deputies, False)
        self.assertEqual(error.exception.message, duties.MSG_SELF)
        with self.assertRaises(duties.DutyError):
            check("siteadmin", "siteadmin", chairs, deputies, True)
        with self.assertRaises(duties.DutyError) as error:
            check("other", "chair", chairs, deputies, False)
        self.assertEqual(error.exception.message, duties.MSG_CHAIR_CONFLICT)
        check("deputy", "chair", chairs, deputies, False)
        check("siteadmin", "chair", chairs, deputies, True)
        check("chair", "juror", chairs, deputies, False)
        with self.assertRaises(duties.DutyError):
            check("juror2", "juror", chairs, deputies, False)

    def test_deputy_stands_in_where_the_workflow_lets_the_chair_sign(self):
        stand_in = duties.may_stand_in_for_the_chair
        self.assertTrue(stand_in("dep", {"chair"}, {"dep"}, {"chair"}, True))
        self.assertFalse(stand_in("dep", {"chair"}, {"dep"}, {"chair"}, False))
        self.assertFalse(stand_in("dep", {"chair"}, {"dep"}, set(), True))
        self.assertFalse(stand_in("juror", {"chair"}, {"dep"}, {"chair"}, True))

    def test_reasons_and_sharing_roles(self):
        for reason in ("", "   ", None):
            with self.assertRaises(duties.DutyError):
                duties.check_reason(reason)
        self.assertEqual(duties.check_reason(" weil "), "weil")
        for role in ("Juror", "Jury Chair", "Jury Member"):
            with self.assertRaises(duties.DutyError):
                duties.check_sharing_roles({role, "Reader"})
        duties.check_sharing_roles({"Reader", "Editor"})

    def test_global_roles(self):
        jury = {"anna", "chair"}
        for role in ("Juror", "Jury Chair", "Jury Member"):
            with self.assertRaises(duties.DutyError) as error:
                duties.check_global_roles("bert", [], {role}, jury)
            self.assertEqual(error.exception.message, duties.MSG_GLOBAL_JURY_ROLE)
        for role in ("Editor", "Reviewer", "Contributor", "Site Administrator"):
            with self.assertRaises(duties.DutyError):
                duties.check_global_roles("anna", [], {role, "Member"}, jury)
            # a group with a juror among its members
            with self.assertRaises(duties.DutyError) as error:
                duties.check_global_roles("redaktion", ["bert", "chair"], {role}, jury)
            self.assertIn("chair ist Mitglied der Jury", error.exception.message)
            duties.check_global_roles("bert", [], {role}, jury)
        duties.check_global_roles("anna", [], {"Member", "Reader"}, jury)


class DutiesTestCase(JuryTestCase):
    def setUp(self):
        super().setUp()
        add_user("siteadmin", roles=["Site Administrator"])
        add_user("member")
        transaction.commit()

    def session(self, user, url):
        session = requests.Session()
        session.auth = (user, PASSWORD)
        page = session.get(url)
        token = re.search(r'name="_authenticator" value="([^"]+)"', page.text)
        return session, page, token.group(1) if token else None

    def post_form(self, user, url, data, page_url=None, headers=None):
        session, _page, token = self.session(user, page_url or url)
        response = session.post(
            url, data=dict(data, _authenticator=token), headers=headers
        )
        transaction.begin()
        return response

    def state(self):
        """What an insider might try to change."""
        transaction.begin()
        c = self.competition
        return {
            "roles": {
                obj.getId(): sorted(
                    (p, tuple(sorted(r))) for p, r in obj.get_local_roles()
                )
                for obj in (c, self.s1, self.s2, self.s3)
            },
            "jury": membership.members(c),
            "chairs": membership.chairs(c),
            "deputies": membership.deputies(c),
            "panels": membership.panels(c),
            "conflicts": {
                s.getId(): {j: r["status"] for j, r in conflicts.all_records(s).items()}
                for s in (self.s1, self.s2, self.s3)
            },
            "consent": [s.publication_consent for s in (self.s1, self.s2, self.s3)],
            "states": [api.content.get_state(s) for s in (self.s1, self.s2, self.s3)],
            "groups": {
                u: sorted(g.getId() for g in api.group.get_groups(username=u))
                for u in ("editor", "juror1", "chair", "member", "siteadmin")
            },
        }

    def assertGerman(self, response, *words):
        body = response.text
        for word in words:
            self.assertIn(word, body, f"{response.status_code} {body[-800:]}")


class TestOfficeIsNeverJury(DutiesTestCase):
    def test_editor_cannot_appoint_a_chair(self):
        """Defect: an Editor made themself (or anyone) Jury Chair."""
        before = self.state()
        url = self.competition.absolute_url() + "/@@jury-members"
        response = self.post_form("editor", url, {"user_id": "juror1", "chair": "1"})
        self.assertEqual(response.status_code, 400)
        self.assertGerman(response, "nur die Website-Administration")
        response = self.post_form(
            "editor", url, {"user_id": "editor", "add": "1", "chair": "1"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.state(), before)
        self.assertNotIn("chair=", self.session("editor", url)[1].text.replace(" ", ""))

    def test_office_person_cannot_join_the_jury(self):
        before = self.state()
        url = self.competition.absolute_url() + "/@@jury-members"
        for user in ("editor", "siteadmin"):
            response = self.post_form(user, url, {"user_id": "editor", "add": "1"})
            self.assertEqual(response.status_code, 400)
            self.assertGerman(response, "Rolle der Geschäftsstelle")
        self.assertEqual(self.state(), before)
        # through @groups too (the jury is a Plone group)
        response = self.rest(
            "PATCH",
            self.portal.absolute_url() + "/@groups/jury-wettbewerb",
            "siteadmin",
            {"users": {"editor": True}},
        )
        self.assertEqual(response.status_code, 400, response.text)
        self.assertIn("Rolle der Geschäftsstelle", response.json()["message"])
        self.assertEqual(self.state(), before)

    def test_site_administration_never_jury(self):
        """Defect: a Site Administrator (or Manager) joined the jury and
        appointed themself chair."""
        add_user("manager", roles=["Manager"])
        transaction.commit()
        before = self.state()
        url = self.competition.absolute_url() + "/@@jury-members"
        for user, data in (
            ("siteadmin", {"user_id": "siteadmin", "add": "1"}),
            ("siteadmin", {"user_id": "siteadmin", "add": "1", "chair": "1"}),
            ("siteadmin", {"user_id": "manager", "add": "1"}),
            ("editor", {"user_id": "siteadmin", "add": "1"}),
        ):
            response = self.post_form(user, url, data)
            self.assertEqual(response.status_code, 400, data)
            self.assertGerman(response, "gehört zur Website-Administration")
        self.assertEqual(self.state(), before)
        groups = self.portal.absolute_url() + "/@groups/"
        response = self.rest(
            "PATCH",
            groups + "jury-wettbewerb",
            "siteadmin",
            {"users": {"siteadmin": True}},
        )
        self.assertEqual(response.status_code, 400, response.text)
        self.assertIn("gehört zur Website-Administration", response.json()["message"])
        # nor a juror into the site administration's group
        response = self.rest(
            "PATCH",
            groups + "Site Administrators",
            "siteadmin",
            {"users": {"juror1": True}},
        )
        self.assertEqual(response.status_code, 400, response.text)
        self.assertIn("juror1 ist Mitglied der Jury", response.json()["message"])
        self.assertEqual(self.state(), before)
        transaction.begin()
        self.assertNotIn(
            "juror1", api.group.get("Site Administrators").getGroupMemberIds()
        )

    def test_juror_never_gets_an_office_role(self):
        api.group.create(groupname="redaktion")
        api.group.grant_roles(
            groupname="redaktion", obj=self.competition, roles=["Reviewer"]
        )
        transaction.commit()
        before = self.state()
        for user in ("editor", "siteadmin"):
            response = self.rest(
                "POST",
                self.competition.absolute_url() + "/@sharing",
                user,
                {
                    "entries": [
                        {"id": "juror1", "type": "user", "roles": {"Editor": True}}
                    ]
                },
            )
            self.assertEqual(response.status_code, 400, response.text)
            self.assertIn("Mitglied der Jury", response.json()["error"]["message"])
        # through a group with an office role on the competition
        response = self.rest(
            "PATCH",
            self.portal.absolute_url() + "/@groups/redaktion",
            "siteadmin",
            {"users": {"juror1": True}},
        )
        self.assertEqual(response.status_code, 400, response.text)
        self.assertIn("Mitglied der Jury", response.text)
        transaction.begin()
        self.assertNotIn("juror1", api.group.get("redaktion").getGroupMemberIds())
        # the classic Sharing tab refuses it as well
        url = self.competition.absolute_url() + "/@@sharing"
        response = self.post_form(
            "editor",
            url,
            {
                "form.submitted": "1",
                "form.button.Save": "Speichern",
                "entries.id:records": "juror1",
                "entries.type:records": "user",
                "entries.role_Editor:records": "True",
            },
        )
        self.assertEqual(response.status_code, 400)
        self.assertGerman(response, "Mitglied der Jury")
        self.assertEqual(self.state(), before)

    def test_no_duty_crossed_by_site_wide_roles(self):
        """Defect: @users and the users control panel gave a juror a global
        office role, or anyone the Juror role for every competition."""

        def global_roles():
            transaction.begin()
            manager = self.portal.acl_users.portal_role_manager
            return {p: tuple(r) for p, r in manager._principal_roles.items()}

        before = self.state(), global_roles()
        users = self.portal.absolute_url() + "/@users/"
        for user, roles in (
            ("juror1", {"Editor": True}),
            ("juror1", {"Site Administrator": True}),
            ("chair", {"Reviewer": True}),
            ("member", {"Juror": True}),
            ("member", {"Jury Chair": True}),
        ):
            response = self.rest("PATCH", users + user, "siteadmin", {"roles": roles})
            self.assertEqual(response.status_code, 400, response.text)
            self.assertIn("Jury", response.json()["message"])
        # the jury's group with a site-wide office role
        response = self.rest(
            "PATCH",
            self.portal.absolute_url() + "/@groups/jury-wettbewerb",
            "siteadmin",
            {"roles": {"Reviewer": True}},
        )
        self.assertEqual(response.status_code, 400, response.text)
        self.assertIn("Mitglied der Jury", response.json()["message"])
        # the users control panel
        url = self.portal.absolute_url() + "/@@usergroup-userprefs"
        response = self.post_form(
            "siteadmin",
            url,
            {
                "form.submitted": "1",
                "form.button.Modify": "Speichern",
                "users.id:records": "juror1",
                "users.roles:list:records": ["Member", "Editor"],
            },
            headers={"Accept": "text/html"},
        )
        self.assertEqual(response.status_code, 400)
        self.assertGerman(response, "Mitglied der Jury", "Es wurde nichts geändert")
        self.assertEqual((self.state(), global_roles()), before)
        # a person outside the jury gets an office role site-wide as before
        response = self.rest(
            "PATCH", users + "member", "siteadmin", {"roles": {"Reviewer": True}}
        )
        self.assertEqual(response.status_code, 204, response.text)
        self.assertIn("Reviewer", global_roles()["member"])

    def test_jury_roles_not_on_the_sharing_tab(self):
        """Defect: Juror/Jury Chair were granted on the Sharing tab and @sharing."""
        before = self.state()
        page = self.session("editor", self.competition.absolute_url() + "/@@sharing")[1]
        self.assertEqual(page.status_code, 200)
        self.assertNotIn("role_Juror", page.text)
        self.assertNotIn("role_Jury Chair", page.text)
        listing = self.rest("GET", self.s1.absolute_url() + "/@sharing", "editor")
        ids = {r["id"] for r in listing.json()["available_roles"]}
        self.assertIn("Editor", ids)
        self.assertFalse({"Juror", "Jury Chair", "Jury Member"} & ids)
        for obj, role in ((self.competition, "Jury Chair"), (self.s1, "Juror")):
            response = self.rest(
                "POST",
                obj.absolute_url() + "/@sharing",
                "editor",
                {"entries": [{"id": "member", "type": "user", "roles": {role: True}}]},
            )
            self.assertEqual(response.status_code, 400, response.text)
            self.assertIn(
                "nur über die Jury-Seite", response.json()["error"]["message"]
            )
        self.assertEqual(self.state(), before)

    def test_site_admin_appoints_chair_and_deputy(self):
        url = self.competition.absolute_url() + "/@@jury-members"
        page = self.session("siteadmin", url)[1]
        self.assertIn("Zur Stellvertretung bestimmen", page.text)
        self.assertNotIn(
            "Zur Stellvertretung bestimmen", self.session("editor", url)[1].text
        )
        response = self.post_form(
            "siteadmin", url, {"user_id": "juror3", "deputy": "1"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(membership.deputies(self.competition), ["juror3"])
        # chair and deputy are two persons
        response = self.post_form("siteadmin", url, {"user_id": "chair", "deputy": "1"})
        self.assertEqual(response.status_code, 400)
        self.assertGerman(response, "verschiedene Personen")
        kinds = [e["kind"] for e in audit.entries(self.competition, actor="siteadmin")]
        self.assertEqual(kinds, ["jury.deputy"])


class TestNobodyDecidesAboutThemself(DutiesTestCase):
    def setUp(self):
        super().setUp()
        # the chair works for the lead of s3: a detected conflict
        api.user.get(username="chair").setMemberProperties({
            "home_organisation": "Kreis Drei"
        })
        access.sync_submission(self.s3)
        transaction.commit()

    def test_chair_cannot_clear_own_conflict(self):
        """Defect: the chair cleared the conflict detected for the chair."""
        self.assertEqual(conflicts.status(self.s3, "chair"), conflicts.FLAGGED)
        before = self.state()
        url = self.competition.absolute_url() + "/@@jury-conflicts"
        data = {
            "juror": "chair",
            "uid": api.content.get_uuid(self.s3),
            "reason": "Ich arbeite dort nicht mehr.",
        }
        response = self.post_form("chair", url, data)
        self.assertEqual(response.status_code, 400)
        self.assertGerman(response, "Niemand entscheidet über die eigene Befangenheit")
        response = self.rest(
            "POST",
            self.s3.absolute_url() + "/@conflict",
            "chair",
            {"action": "clear", "juror": "chair", "reason": "x"},
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("eigene Befangenheit", response.json()["error"]["message"])
        self.assertEqual(self.state(), before)
        self.assert_denied(self.s3.absolute_url(), "chair")
        # a juror decides nothing about another juror
        response = self.rest(
            "POST",
            self.s3.absolute_url() + "/@conflict",
            "juror3",
            {"action": "clear", "juror": "chair", "reason": "x"},
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("Stellvertretung", response.json()["error"]["message"])
        self.assertEqual(self.state(), before)

    def test_conflicted_chair_reads_no_scores_of_that_application(self):
        """Defect: View All Scores on the competition showed the chair every
        juror's scores and comments on the application the chair is
        conflicted on (@jury-scores, @ranking, @@ranking, @@scores-export)."""
        self.declare(self.s3, "juror3")
        response = self.score(
            self.s3, "juror3", {"benefit": 6, "innovation": 3}, True, "Geheimes Urteil"
        )
        self.assertEqual(response.status_code, 200, response.text)
        self.declare(self.s1, "juror1")
        self.score(self.s1, "juror1", {"benefit": 8, "innovation": 8}, True)
        c = self.competition.absolute_url()
        scores_url = self.s3.absolute_url() + "/@jury-scores"
        response = self.rest("GET", scores_url, "chair")
        self.assertEqual(response.status_code, 403, response.text)
        self.assertIn("befangen", response.json()["error"]["message"])
        self.assertEqual(self.rest("GET", scores_url, "siteadmin").status_code, 200)
        # REST @ranking: reference, rank and mean; no title, link or spread
        rows = {
            row["title"]: row
            for cat in self.rest("GET", c + "/@ranking", "chair").json()["categories"]
            for row in cat["ranking"]
        }
        self.assertNotIn("Projekt Drei", rows)
        mine = rows["befangen"]
        self.assertEqual((mine["conflict"], mine["@id"]), (True, None))
        self.assertIsNone(mine["spread"])
        self.assertEqual(mine["rank"], 1)
        self.assertFalse(rows["Projekt Eins"]["conflict"])
        # the pages and the export: nothing of juror3's scoring of s3
        for path in ("/@@ranking", "/@@ranking-print"):
            page = text(self.get(c + path, "chair"))
            self.assertIn("Projekt Eins", page)
            self.assertIn("befangen", page)
            for secret in ("Projekt Drei", "juror3", "Geheimes Urteil"):
                self.assertNotIn(secret, page, path)
            self.assertIn("Projekt Drei", text(self.get(c + path, "siteadmin")))
            self.assertIn("juror3", text(self.get(c + path, "siteadmin")))

        def export(user):
            response = self.get(c + "/@@scores-export", user)
            self.assertEqual(response.status_code, 200)
            book = openpyxl.load_workbook(io.BytesIO(response.content))
            return [
                [list(r) for r in book[name].iter_rows(values_only=True)]
                for name in ("Rangfolge", "Bewertungen")
            ]

        ranking, scorings = export("chair")
        self.assertIn("befangen", [r[3] for r in ranking])
        self.assertNotIn("Projekt Drei", [r[3] for r in ranking])
        flat = repr(scorings)
        for secret in ("juror3", "Geheimes Urteil", "Projekt Drei"):
            self.assertNotIn(secret, flat)
        self.assertIn("juror1", flat)
        self.assertIn("Geheimes Urteil", repr(export("siteadmin")[1]))
        # cleared by the site administration (with a reason): the chair
        # reads the scores again
        response = self.rest(
            "POST",
            self.s3.absolute_url() + "/@conflict",
            "siteadmin",
            {"action": "clear", "juror": "chair", "reason": "Seit 2019 nicht dort."},
        )
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(self.rest("GET", scores_url, "chair").status_code, 200)
        self.assertIn("Projekt Drei", text(self.get(c + "/@@ranking", "chair")))

    def test_deputy_decides_with_a_reason(self):
        with api.env.adopt_user(username="siteadmin"):
            membership.set_deputy(self.competition, "juror3")
        transaction.commit()
        url = self.competition.absolute_url() + "/@@jury-conflicts"
        data = {"juror": "chair", "uid": api.content.get_uuid(self.s3)}
        page = self.session("juror3", url)[1]
        self.assertEqual(page.status_code, 200)
        response = self.post_form("juror3", url, dict(data, reason="  "))
        self.assertEqual(response.status_code, 400)
        self.assertGerman(response, "Begründung")
        self.assertEqual(conflicts.status(self.s3, "chair"), conflicts.FLAGGED)
        response = self.post_form(
            "juror3", url, dict(data, reason="Seit 2019 nicht mehr beim Kreis.")
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(conflicts.status(self.s3, "chair"), conflicts.CLEARED)
        self.assertIn("Jury Chair", dict(self.s3.get_local_roles())["chair"])
        (entry,) = audit.entries(self.competition, kind="conflict.cleared")
        self.assertEqual(entry["actor"], "juror3")
        self.assertEqual(entry["reason"], "Seit 2019 nicht mehr beim Kreis.")
        self.assertEqual(entry["details"]["juror"], "chair")

    def test_editor_decides_no_conflicts(self):
        self.assert_denied(
            self.competition.absolute_url() + "/@@jury-conflicts", "editor"
        )
        response = self.rest(
            "POST",
            self.s3.absolute_url() + "/@conflict",
            "editor",
            {"action": "clear", "juror": "chair", "reason": "x"},
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(conflicts.status(self.s3, "chair"), conflicts.FLAGGED)


class TestConflictGate(DutiesTestCase):
    def test_no_preselected_answer_and_a_reason_for_a_conflict(self):
        """Defect: "kein Interessenkonflikt" preselected, conflict without reason."""
        url = self.s1.absolute_url() + "/@@conflict"
        page = self.session("juror1", url)[1]
        radios = re.findall(r'<input[^>]*name="conflict"[^>]*>', page.text)
        self.assertEqual(len(radios), 2)
        self.assertFalse(any("checked" in r for r in radios))
        for data, word in (
            ({}, "Bitte wählen Sie aus"),
            ({"conflict": "yes"}, "Bitte begründen Sie die Befangenheit"),
            ({"conflict": "yes", "reason": "  "}, "Bitte begründen Sie"),
        ):
            response = self.post_form("juror1", url, data)
            self.assertEqual(response.status_code, 400)
            self.assertGerman(response, word)
            self.assertIsNone(conflicts.status(self.s1, "juror1"))
        response = self.declare(self.s1, "juror1", conflict=True, reason="")
        self.assertEqual(response.status_code, 400)
        self.assertIn("begründen", response.json()["error"]["message"])
        self.assertIsNone(conflicts.status(self.s1, "juror1"))
        self.assertEqual(audit.entries(self.competition, kind="conflict."), [])

    def test_after_a_conflict_only_reference_and_befangen(self):
        """Defect: title, lead and partners stayed visible after a conflict."""
        response = self.declare(self.s1, "juror1", conflict=True, reason="Berater")
        self.assertEqual(response.status_code, 200)
        gate = self.get(self.s1.absolute_url() + "/@@conflict", "juror1")
        dashboard = self.get(self.competition.absolute_url() + "/@@jury", "juror1")
        for page in (gate, dashboard):
            self.assertEqual(page.status_code, 200)
            content = text(page)
            self.assertIn("LP26-KA-0001", content)
            self.assertIn("befangen", content)
            for secret in ("Projekt Eins", "Stadt Musterstadt", "Beispieldorf"):
                self.assertNotIn(secret, content)
        (entry,) = audit.entries(self.competition, kind="conflict.declared")
        self.assertEqual((entry["actor"], entry["reason"]), ("juror1", "Berater"))

    def test_mistaken_declaration_corrected_by_the_chair(self):
        self.declare(self.s1, "juror1", conflict=True, reason="Verwechselt")
        url = self.competition.absolute_url() + "/@@befangen"
        page_url = f"{url}?uid={api.content.get_uuid(self.s1)}"
        uid = api.content.get_uuid(self.s1)
        response = self.post_form("juror1", url, {"uid": uid, "reason": ""}, page_url)
        self.assertEqual(response.status_code, 400)
        self.assertGerman(response, "Begründung")
        self.assertIsNone(conflicts.correction(self.s1, "juror1"))
        # another juror cannot ask in juror1's name, nor see the page
        self.assert_denied(page_url, "juror3")
        response = self.post_form(
            "juror1",
            url,
            {"uid": uid, "reason": "Ich habe die Gemeinde verwechselt."},
            page_url,
        )
        self.assertEqual(response.status_code, 200)
        self.assertTrue(conflicts.correction(self.s1, "juror1"))
        self.assert_denied(self.s1.absolute_url(), "juror1")
        # the juror cannot decide it; the chair does, with a reason
        response = self.rest(
            "POST",
            self.s1.absolute_url() + "/@conflict",
            "juror1",
            {"action": "accept_correction", "juror": "juror1", "reason": "ja"},
        )
        self.assertEqual(response.status_code, 400)
        page_url = self.competition.absolute_url() + "/@@jury-conflicts"
        data = {
            "juror": "juror1",
            "uid": api.content.get_uuid(self.s1),
            "correction": "accept",
        }
        self.assertIn("verwechselt", self.session("chair", page_url)[1].text)
        self.assertEqual(self.post_form("chair", page_url, data).status_code, 400)
        response = self.post_form(
            "chair", page_url, dict(data, reason="Nachvollziehbarer Irrtum.")
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(conflicts.status(self.s1, "juror1"), conflicts.CORRECTED)
        self.assertEqual(self.get(self.s1.absolute_url(), "juror1").status_code, 200)
        kinds = [e["kind"] for e in audit.entries(self.competition, kind="conflict.")]
        self.assertEqual(
            kinds,
            [
                "conflict.declared",
                "conflict.correction_requested",
                "conflict.corrected",
            ],
        )

    def test_chairs_own_correction_is_for_the_deputy(self):
        with api.env.adopt_user(username="siteadmin"):
            membership.set_deputy(self.competition, "juror3")
        transaction.commit()
        self.declare(self.s3, "chair", conflict=True, reason="Irrtum")
        response = self.rest(
            "POST",
            self.s3.absolute_url() + "/@conflict",
            "chair",
            {"action": "request_correction", "reason": "Irrtum, kein Bezug"},
        )
        self.assertEqual(response.status_code, 200, response.text)
        body = {"action": "accept_correction", "juror": "chair", "reason": "gut"}
        for user, words in (
            ("chair", "eigene Befangenheit"),
            ("editor", "Stellvertretung"),
        ):
            response = self.rest(
                "POST", self.s3.absolute_url() + "/@conflict", user, body
            )
            self.assertEqual(response.status_code, 400, user)
            self.assertIn(words, response.json()["error"]["message"])
        transaction.begin()
        self.assertEqual(conflicts.status(self.s3, "chair"), conflicts.CONFLICT)
        # the deputy decides it on the conflicts page, with a reason
        url = self.competition.absolute_url() + "/@@jury-conflicts"
        page = self.session("juror3", url)[1]
        self.assertIn("kein Bezug", page.text)
        data = {
            "juror": "chair",
            "uid": api.content.get_uuid(self.s3),
            "correction": "accept",
        }
        response = self.post_form("juror3", url, data)
        self.assertEqual(response.status_code, 400)
        self.assertGerman(response, "Begründung")
        response = self.post_form(
            "juror3", url, dict(data, reason="Die Verwechslung ist belegt.")
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(conflicts.status(self.s3, "chair"), conflicts.CORRECTED)
        self.assertIn("Jury Chair", dict(self.s3.get_local_roles())["chair"])
        entry = audit.entries(self.competition, kind="conflict.corrected")[-1]
        self.assertEqual(entry["actor"], "juror3")
        self.assertEqual(entry["reason"], "Die Verwechslung ist belegt.")
        self.assertEqual(entry["details"]["juror"], "chair")
        self.assertTrue(entry["details"]["accepted"])


class TestAccessFollowsTheApplication(DutiesTestCase):
    def test_move_takes_the_old_panel_out(self):
        """Defect: after a move the old panel kept its roles and its scores
        counted in the new category."""
        self.declare(self.s2, "juror1")
        response = self.score(self.s2, "juror1", {"benefit": 9, "innovation": 9}, True)
        self.assertEqual(response.status_code, 200)
        response = self.rest(
            "POST",
            self.competition.absolute_url() + "/@submissions-bulk",
            "editor",
            {
                "action": "move",
                "uids": [api.content.get_uuid(self.s2)],
                "target": "kat-b",
            },
        )
        self.assertEqual(response.status_code, 200, response.text)
        transaction.begin()
        moved = self.competition["kat-b"]["s2"]
        self.assertNotIn("juror1", dict(moved.get_local_roles()))
        self.assert_denied(moved.absolute_url(), "juror1")
        # the new panel is asked (the gate), the chair has it
        self.assertEqual(
            self.get(moved.absolute_url() + "/@@conflict", "juror3").status_code, 200
        )
        ranking = self.rest(
            "GET", self.competition.absolute_url() + "/@ranking", "siteadmin"
        )
        rows = {
            r["reference"]: r
            for cat in ranking.json()["categories"]
            for r in cat["ranking"]
        }
        self.assertEqual(rows[moved.reference]["final_scores"], 0)
        self.assertIsNone(rows[moved.reference]["score"])
        # the score stays recorded, marked in the export
        export = self.get(
            self.competition.absolute_url() + "/@@scores-export", "editor"
        )
        self.assertEqual(export.status_code, 200)
        book = openpyxl.load_workbook(io.BytesIO(export.content))
        sheet = book["Bewertungen"]
        header = [c.value for c in sheet[1]]
        rows = [
            dict(zip(header, [c.value for c in row], strict=True))
            for row in sheet.iter_rows(2)
        ]
        (mine,) = [r for r in rows if r["Jurymitglied"] == "juror1"]
        self.assertEqual(mine["Zählt für die Rangfolge"], "nein (kein Zugang mehr)")
        self.assertEqual(mine["Status"], "endgültig")
        (move,) = audit.entries(self.competition, kind="move")
        self.assertEqual(move["actor"], "editor")
        self.assertEqual(move["details"]["destination"], "kat-b")

    def test_panel_change_and_removal(self):
        self.declare(self.s2, "juror1")
        self.assertEqual(self.get(self.s2.absolute_url(), "juror1").status_code, 200)
        url = self.competition.absolute_url() + "/@@jury-members"
        response = self.post_form(
            "editor",
            url,
            {"panel": "1", "category": "kat-a", "panel_members": "juror2"},
        )
        self.assertEqual(response.status_code, 200)
        self.assert_denied(self.s2.absolute_url(), "juror1")
        entry = audit.entries(self.competition, kind="jury.panel")[-1]
        self.assertEqual(entry["actor"], "editor")
        self.assertEqual(entry["details"]["members"], ("juror2",))
        response = self.post_form("editor", url, {"user_id": "juror3", "remove": "1"})
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("juror3", dict(self.s3.get_local_roles()))
        self.assertEqual(
            [
                e["target"]
                for e in audit.entries(self.competition, kind="jury.member_removed")
            ],
            ["juror3"],
        )


class TestConsents(DutiesTestCase):
    def test_office_cannot_change_consents(self):
        """Defect: the office PATCHed publication_consent and published."""
        before = self.state()
        for body in ({"publication_consent": True}, {"privacy_consent": False}):
            response = self.rest("PATCH", self.s1.absolute_url(), "editor", body)
            self.assertEqual(response.status_code, 400, response.text)
            self.assertIn("Einwilligungen", response.json()["error"]["message"])
        response = self.rest(
            "PATCH", self.s1.absolute_url(), "siteadmin", {"publication_consent": True}
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.state(), before)
        # the edit form shows the consent, but offers no input for it
        page = self.get(self.s1.absolute_url() + "/@@edit", "editor")
        self.assertEqual(page.status_code, 200)
        self.assertNotIn('name="form.widgets.publication_consent:list"', page.text)
        self.assertNotIn('name="form.widgets.privacy_consent:list"', page.text)

    def test_no_publication_without_consent(self):
        name_in_decision(self.s1.__parent__, winners=[self.s1])
        for t in ("nominate", "award"):
            api.content.transition(self.s1, transition=t)
        transaction.commit()
        response = self.rest(
            "POST", self.s1.absolute_url() + "/@workflow/publish", "editor", {}
        )
        self.assertEqual(response.status_code, 400)
        transaction.begin()
        self.assertEqual(api.content.get_state(self.s1), "awarded")


class TestEveryNoHasAReason(DutiesTestCase):
    def test_rest_reject_needs_a_reason_and_mails(self):
        smtp = SMTPRecorder()
        controller = Controller(smtp, hostname="127.0.0.1", port=free_port())
        controller.start()
        try:
            real_mailhost(self.portal, controller.port)
            transaction.commit()
            for transition in ("reject", "withdraw"):
                response = self.rest(
                    "POST",
                    self.s1.absolute_url() + f"/@workflow/{transition}",
                    "editor",
                    {"comment": " "},
                )
                self.assertEqual(response.status_code, 400, response.text)
                self.assertIn("Bitte geben Sie einen Grund", response.text)
            transaction.begin()
            self.assertEqual(api.content.get_state(self.s1), "admitted")
            response = self.rest(
                "POST",
                self.s1.absolute_url() + "/@workflow/reject",
                "editor",
                {"comment": "Nur ein kommunaler Partner.", "notify": True},
            )
            self.assertEqual(response.status_code, 200, response.text)
            transaction.begin()
            self.assertEqual(api.content.get_state(self.s1), "rejected")
            self.assertEqual(self.s1.rejection_reason, "Nur ein kommunaler Partner.")
            deadline = time.time() + 10
            while not smtp.messages and time.time() < deadline:
                time.sleep(0.05)
            ((rcpts, message),) = smtp.messages
            self.assertEqual(rcpts, ["erika@example.org"])
            text = message.get_body(("plain",)).get_content()
            self.assertIn("Nur ein kommunaler Partner.", text)
            self.assertIn("Guten Tag", text)
        finally:
            controller.stop()
        (entry,) = audit.entries(
            self.competition, kind="transition", target=api.content.get_uuid(self.s1)
        )[-1:]
        self.assertEqual(entry["actor"], "editor")
        self.assertEqual(entry["reason"], "Nur ein kommunaler Partner.")
        self.assertEqual(entry["details"]["transition"], "reject")

    def test_toolbar_reject_asks_for_the_reason(self):
        """Defect: the toolbar's state menu rejected without a reason."""
        page = self.get(self.s2.absolute_url(), "editor")
        link = re.search(
            r'id="workflow-transition-reject"[^>]*href="([^"]+)"', page.text
        )
        link = link or re.search(
            r'href="([^"]+)"[^>]*id="workflow-transition-reject"', page.text
        )
        self.assertIn("@@say-no?transition=reject", link.group(1))
        url = self.s2.absolute_url() + "/@@say-no"
        session, form, token = self.session("editor", url + "?transition=reject")
        self.assertIn("Bewerbung ablehnen", text(form))
        self.assertIn('name="notify"', form.text)
        response = session.post(
            url, data={"_authenticator": token, "transition": "reject", "reason": ""}
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn(
            "Bitte geben Sie einen Grund für die Ablehnung an.", text(response)
        )
        transaction.begin()
        self.assertEqual(api.content.get_state(self.s2), "admitted")
        # the old link without a comment changes nothing either
        session.get(
            self.s2.absolute_url() + "/content_status_modify?workflow_action=reject"
        )
        transaction.begin()
        self.assertEqual(api.content.get_state(self.s2), "admitted")
        response = session.post(
            url,
            data={
                "_authenticator": token,
                "transition": "reject",
                "reason": "Kooperation vor dem Stichtag.",
            },
        )
        self.assertEqual(response.status_code, 200)
        transaction.begin()
        self.assertEqual(api.content.get_state(self.s2), "rejected")
        self.assertEqual(self.s2.rejection_reason, "Kooperation vor dem Stichtag.")

    def test_reopening_a_final_score_needs_a_reason(self):
        self.declare(self.s3, "juror3")
        self.score(self.s3, "juror3", {"benefit": 6, "innovation": 6}, final=True)
        self.declare(self.s3, "chair")
        url = self.s3.absolute_url() + "/@@score"
        response = self.post_form("chair", url, {"reopen": "juror3"})
        self.assertEqual(response.status_code, 400)
        self.assertGerman(response, "Begründung")
        self.assertTrue(self.s3_final("juror3"))
        response = self.post_form(
            "chair", url, {"reopen": "juror3", "reopen_reason": "Rechenfehler"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertFalse(self.s3_final("juror3"))
        kinds = [
            (e["kind"], e["reason"])
            for e in audit.entries(self.competition, kind="score.")
        ]
        self.assertEqual(
            kinds, [("score.final", ""), ("score.reopened", "Rechenfehler")]
        )

    def s3_final(self, juror):
        from ikz.landespreis.jury import scores

        transaction.begin()
        return scores.record(self.s3, juror).final


class TestJuryAreaOnly(DutiesTestCase):
    def test_private_drafts_stay_private(self):
        """Defect: the jury group's Reader role opened the office's drafts."""
        page = api.content.create(
            container=self.competition,
            type="Document",
            id="entwurf",
            title="ENTWURF: Gewinner",
        )
        self.assertEqual(api.content.get_state(page), "private")
        transaction.commit()
        for user in ("juror1", "juror3", "chair"):
            self.assert_denied(page.absolute_url(), user)
            self.assertNotIn("entwurf", self.search(user, SearchableText="ENTWURF"))
            self.assertEqual(
                self.get(self.competition.absolute_url() + "/@@jury", user).status_code,
                200,
            )
        self.assertEqual(self.get(page.absolute_url(), "editor").status_code, 200)
        roles = dict(self.competition.get_local_roles())["jury-wettbewerb"]
        self.assertEqual(roles, ("Jury Member",))

    def test_jury_scores_need_jury_access(self):
        """Defect: GET @jury-scores was open to anyone who could view."""
        name_in_decision(self.s3.__parent__, winners=[self.s3])
        for t in ("nominate", "award", "publish"):
            api.content.transition(self.s3, transition=t)
        transaction.commit()
        url = self.s3.absolute_url() + "/@jury-scores"
        self.assertEqual(self.get(self.s3.absolute_url()).status_code, 200)
        for user in (None, "member"):
            response = requests.get(
                url,
                headers={"Accept": "application/json"},
                auth=(user, PASSWORD) if user else None,
                timeout=30,
            )
            self.assertIn(response.status_code, (401, 403))
        for user in ("juror1", "editor"):
            response = self.rest("GET", url, user)
            self.assertEqual(response.status_code, 403)
            self.assertIn("keinen Jury-Zugang", response.json()["error"]["message"])
        self.assertEqual(self.rest("GET", url, "siteadmin").status_code, 200)


class TestAuditTrail(DutiesTestCase):
    def test_rest_audit_for_the_office_only_and_read_only(self):
        url = self.competition.absolute_url() + "/@audit"
        response = self.rest("GET", url, "editor")
        self.assertEqual(response.status_code, 200, response.text)
        items = response.json()["items"]
        admits = [
            i
            for i in items
            if i["kind"] == "transition" and i["details"]["transition"] == "admit"
        ]
        self.assertEqual(len(admits), 3)
        self.assertEqual(
            len(self.rest("GET", url, "siteadmin").json()["items"]), len(items)
        )
        for user in ("juror1", "chair", "member"):
            self.assertIn(self.rest("GET", url, user).status_code, (401, 403))
        for method in ("POST", "PATCH", "DELETE", "PUT"):
            response = self.rest(method, url, "siteadmin", {"kind": "x"})
            self.assertGreaterEqual(response.status_code, 400)
        transaction.begin()
        self.assertEqual(len(audit.entries(self.competition)), len(items))
        one = self.rest(
            "GET", self.s1.absolute_url() + "/@audit?kind=transition", "editor"
        )
        self.assertEqual(
            {i["target"] for i in one.json()["items"]}, {api.content.get_uuid(self.s1)}
        )
        self.assertIn(
            self.rest("GET", self.s1.absolute_url() + "/@audit", "juror1").status_code,
            (401, 403),
        )

    def test_verlauf_view_filters_and_exports(self):
        self.rest("PATCH", self.s1.absolute_url(), "editor", {"internal_notes": "neu"})
        self.get(self.competition.absolute_url() + "/@@submissions-export", "editor")
        base = self.competition.absolute_url() + "/@@verlauf"
        page = self.get(base, "editor")
        self.assertEqual(page.status_code, 200)
        content = text(page)
        for label in ("Statuswechsel", "Geschütztes Feld geändert", "Download"):
            self.assertIn(label, content)
        filtered = text(self.get(base + "?kind=download&actor=editor", "editor"))
        self.assertIn("submissions.xlsx", filtered)
        self.assertNotIn(
            "Statuswechsel", filtered.split("Filter", 1)[-1].split("Als CSV")[-1]
        )
        self.assertIn(
            "Keine Einträge", text(self.get(base + "?since=2099-01-01", "editor"))
        )
        export = self.get(base + "?format=xlsx&kind=field.changed", "editor")
        book = openpyxl.load_workbook(io.BytesIO(export.content))
        rows = list(book.active.iter_rows(values_only=True))
        self.assertEqual(rows[0][:3], ("Zeit", "Art", "Person"))
        self.assertEqual(
            [(r[1], r[2], r[3]) for r in rows[1:]],
            [("Geschütztes Feld geändert", "editor", "LP26-KA-0001")],
        )
        csv_export = self.get(base + "?format=csv", "editor")
        self.assertIn("Zeit;Art;Person", csv_export.content.decode("utf-8-sig"))
        for user in ("juror1", "chair", "member"):
            self.assert_denied(base, user)

    def test_every_download_of_personal_data_is_recorded(self):
        c = self.competition.absolute_url()
        for user, path in (
            ("editor", "/@@scores-export"),
            ("editor", "/@@uploads-export"),
            ("editor", "/@@jury-dossier"),
            ("editor", "/kat-a/@@jury-dossier"),
            ("chair", "/@@scores-export"),
        ):
            response = self.get(c + path, user)
            self.assertEqual(response.status_code, 200, path)
            self.assertTrue(response.content)
        transaction.begin()
        downloads = [
            (e["actor"], e["details"]["export"], e["details"].get("scope"))
            for e in audit.entries(self.competition, kind="download")
        ]
        self.assertEqual(
            downloads,
            [
                ("editor", "scores.xlsx", None),
                ("editor", "uploads.zip", None),
                ("editor", "dossier.pdf", "wettbewerb"),
                ("editor", "dossier.pdf", "kat-a"),
                ("chair", "scores.xlsx", None),
            ],
        )
        # refused downloads record nothing
        for user, path in (
            ("juror1", "/@@scores-export"),
            ("chair", "/@@uploads-export"),
        ):
            self.assert_denied(c + path, user)
        transaction.begin()
        self.assertEqual(len(audit.entries(self.competition, kind="download")), 5)

    def test_verlauf_section_for_the_office_only(self):
        page = self.get(self.s1.absolute_url(), "editor")
        self.assertIn("ikz-verlauf", page.text)
        self.assertIn("Statuswechsel", text(page))
        self.declare(self.s2, "juror1")
        page = self.get(self.s2.absolute_url(), "juror1")
        self.assertEqual(page.status_code, 200)
        self.assertNotIn("ikz-verlauf", page.text)


class TestInsiders(DutiesTestCase):
    """Each insider tries to get past their duty through views and REST
    (the table ``DUTIES`` in tests/security_matrix.py, also rendered into
    SECURITY.rst)."""

    def test_each_insider_fails_and_nothing_changes(self):
        from tests.security_matrix import DUTIES

        doors = {
            "{portal}": self.portal.absolute_url(),
            "{c}": self.competition.absolute_url(),
            "{s1}": self.s1.absolute_url(),
            "{s3}": self.s3.absolute_url(),
        }
        self.declare(self.s3, "juror3")
        before = self.state()
        audit_before = len(audit.entries(self.competition))
        for user, _duty, method, door, body, expected in DUTIES:
            url = door
            for name, value in doors.items():
                url = url.replace(name, value)
            label = f"{user} {method} {url}"
            if method == "GET page":
                self.assert_denied(url, user)
                continue
            response = self.rest(method, url, user, body)
            if expected is None:
                self.assertIn(response.status_code, (401, 403), label)
                # a German message, in plone.rest's format or ours
                answer = response.json()
                self.assertIsInstance(answer, dict, f"{label}: {response.text}")
                message = answer.get("message") or answer["error"]["message"]
                self.assertRegex(message, r"\b(Sie|Ihnen|Ihre?)\b", label)
                self.assertNotRegex(message, r"\bYou\b|not allowed|authori", label)
            else:
                self.assertIn(response.status_code, (400, 401, 403), label)
                message = json.dumps(response.json(), ensure_ascii=False)
                self.assertIn(expected, message, label)
        self.assertEqual(self.state(), before)
        transaction.begin()
        self.assertEqual(len(audit.entries(self.competition)), audit_before)


class TestRemovalByAnyDoor(DutiesTestCase):
    """Defect: a juror (or the chair) taken out of the jury group outside
    the jury page (``@groups``, the control panel, deleting the account)
    kept the local roles ``Juror`` and ``Jury Chair``."""

    def setUp(self):
        super().setUp()
        with api.env.adopt_user(username="siteadmin"):
            membership.set_deputy(self.competition, "juror3")
        transaction.commit()
        self.declare(self.s1, "juror1")
        self.declare(self.s3, "chair")
        self.assertIn("Juror", dict(self.s1.get_local_roles())["juror1"])
        self.assertIn("Jury Chair", dict(self.s3.get_local_roles())["chair"])

    def assert_gone(self, user_id, actor):
        transaction.begin()
        c = self.competition
        self.assertNotIn(user_id, membership.members(c))
        self.assertNotIn(user_id, membership.chairs(c))
        self.assertNotIn(user_id, membership.deputies(c))
        for users in membership.panels(c).values():
            self.assertNotIn(user_id, users)
        for obj in (c, self.s1, self.s2, self.s3):
            roles = dict(obj.get_local_roles()).get(user_id, ())
            self.assertFalse(set(roles) & {"Juror", "Jury Chair"}, obj.getId())
        entries = audit.entries(c, kind="jury.member_removed", target=user_id)
        self.assertEqual([e["actor"] for e in entries], [actor])

    def test_removed_through_groups(self):
        url = self.portal.absolute_url() + "/@groups/jury-wettbewerb"
        body = {"users": {"juror1": False, "chair": False, "juror3": False}}
        response = self.rest("PATCH", url, "siteadmin", body)
        self.assertEqual(response.status_code, 204, response.text)
        for user_id in ("juror1", "chair", "juror3"):
            self.assert_gone(user_id, "siteadmin")
        self.assert_denied(self.s1.absolute_url(), "juror1")
        self.assert_denied(self.s3.absolute_url(), "chair")
        for path in ("/@@ranking", "/@@scores-export", "/@@jury-conflicts"):
            self.assert_denied(self.competition.absolute_url() + path, "chair")
        response = self.rest(
            "GET", self.competition.absolute_url() + "/@ranking", "chair"
        )
        self.assertIn(response.status_code, (401, 403))
        self.assertEqual(membership.members(self.competition), ["juror2"])

    def test_deleted_account(self):
        for local_roles in ("0", "1"):
            user_id = "chair" if local_roles == "0" else "juror1"
            url = self.portal.absolute_url() + f"/@users/{user_id}"
            response = self.rest(
                "DELETE", f"{url}?delete_localroles={local_roles}", "siteadmin"
            )
            self.assertEqual(response.status_code, 204, response.text)
            self.assert_gone(user_id, "siteadmin")
        # a new account of the same id inherits nothing
        add_user("chair")
        transaction.commit()
        self.assertNotIn("chair", membership.members(self.competition))
        self.assert_denied(self.competition.absolute_url() + "/@@ranking", "chair")
        self.assert_denied(self.s3.absolute_url(), "chair")

    def test_only_the_site_administration_removes_the_chair(self):
        url = self.competition.absolute_url() + "/@@jury-members"
        before = self.state()
        for user_id in ("chair", "juror3"):
            response = self.post_form(
                "editor", url, {"user_id": user_id, "remove": "1"}
            )
            self.assertEqual(response.status_code, 400)
            self.assertGerman(response, "nur die Website-Administration")
        self.assertEqual(self.state(), before)
        response = self.post_form("siteadmin", url, {"user_id": "chair", "remove": "1"})
        self.assertEqual(response.status_code, 200)
        self.assert_gone("chair", "siteadmin")
