"""Every transition, and the permission map per state and role."""

from AccessControl import Unauthorized
from ikz.landespreis.testing import IKZ_LANDESPREIS_INTEGRATION_TESTING
from plone import api
from plone.app.testing import login
from plone.app.testing import logout
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.app.testing import TEST_USER_NAME
from tests.base import add_user
from tests.base import declare_no_conflict
from tests.base import make_competition
from tests.base import make_jury
from tests.base import make_submission
from tests.base import name_in_decision

import unittest


VIEW = "View"
EDIT = "Modify portal content"
SCORE = "ikz.landespreis: Score Submission"
CONTACT = "ikz.landespreis: View Contact Data"
INTERNAL = "ikz.landespreis: View Internal Data"

# Who holds which permission on a submission in each state.
# anonymous / editor (Editor+Reviewer on the competition) /
# juror (on the category's panel: local role Juror on the submission while
# admitted, nominated, awarded) / juror_no_role (on the jury, another panel:
# no local role) / chair (Jury Chair on the competition, another panel)
SUBMISSION_MATRIX = {
    "received": {
        VIEW: {"editor"},
        EDIT: {"editor"},
        SCORE: set(),
        CONTACT: {"editor"},
        INTERNAL: {"editor"},
    },
    "admitted": {
        VIEW: {"editor", "juror"},
        EDIT: {"editor"},
        SCORE: {"juror"},
        CONTACT: {"editor"},
        INTERNAL: {"editor"},
    },
    "rejected": {
        VIEW: {"editor"},
        EDIT: {"editor"},
        SCORE: set(),
        CONTACT: {"editor"},
        INTERNAL: {"editor"},
    },
    "nominated": {
        VIEW: {"editor", "juror"},
        EDIT: {"editor"},
        SCORE: {"juror"},
        CONTACT: {"editor"},
        INTERNAL: {"editor"},
    },
    "awarded": {
        VIEW: {"editor", "juror"},
        EDIT: {"editor"},
        SCORE: set(),
        CONTACT: {"editor"},
        INTERNAL: {"editor"},
    },
    "published": {
        VIEW: {"anonymous", "editor", "juror", "juror_no_role", "chair"},
        EDIT: {"editor"},
        SCORE: set(),
        CONTACT: {"editor"},
        INTERNAL: {"editor"},
    },
    "withdrawn": {
        VIEW: {"editor"},
        EDIT: set(),
        SCORE: set(),
        CONTACT: {"editor"},
        INTERNAL: {"editor"},
    },
    "archived": {
        VIEW: {"editor"},
        EDIT: set(),
        SCORE: set(),
        CONTACT: {"editor"},
        INTERNAL: {"editor"},
    },
    "archived_published": {
        VIEW: {"anonymous", "editor", "juror", "juror_no_role", "chair"},
        EDIT: set(),
        SCORE: set(),
        CONTACT: {"editor"},
        INTERNAL: {"editor"},
    },
}

# path of transitions from "received" to reach each state
SUBMISSION_PATHS = {
    "received": [],
    "admitted": ["admit"],
    "rejected": ["reject"],
    "nominated": ["admit", "nominate"],
    "awarded": ["admit", "nominate", "award"],
    "published": ["admit", "nominate", "award", "publish"],
    "withdrawn": ["withdraw"],
    "archived": ["admit", "archive"],
    "archived_published": [
        "admit",
        "nominate",
        "award",
        "publish",
        "archive_published",
    ],
}

COMPETITION_PATHS = {
    "preparation": [],
    "announced": ["announce"],
    "open": ["announce", "open"],
    "judging": ["announce", "open", "close"],
    "decided": ["announce", "open", "close", "decide"],
    "results_published": ["announce", "open", "close", "decide", "publish_results"],
    "archived": ["announce", "open", "close", "decide", "publish_results", "archive"],
}


class WorkflowBase(unittest.TestCase):
    layer = IKZ_LANDESPREIS_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.competition = make_competition(self.portal)
        self.category = self.competition["kat-a"]
        self.submission = make_submission(self.category, publication_consent=True)
        add_user("editor")
        add_user("juror")
        add_user("juror_no_role")
        add_user("chair")
        api.user.grant_roles(
            username="editor", obj=self.competition, roles=["Editor", "Reviewer"]
        )
        # juror_no_role is on the jury but on another category's panel
        make_jury(
            self.competition,
            jurors=["juror", "juror_no_role"],
            chair="chair",
            panels={"kat-a": ["juror"], "kat-b": ["juror_no_role", "chair"]},
        )
        # the juror declared no conflict: the role comes with each admission
        declare_no_conflict(self.submission, "juror")
        # award and nominate need the signed decision naming the submission
        name_in_decision(self.category, winners=[self.submission])

    def walk(self, obj, path):
        for transition in path:
            # every "no" carries a reason
            api.content.transition(obj, transition=transition, comment="Grund")

    def holders(self, obj, permission):
        result = set()
        for who in ("anonymous", "editor", "juror", "juror_no_role", "chair"):
            if who == "anonymous":
                logout()
            else:
                login(self.portal, who)
            if api.user.has_permission(permission, obj=obj):
                result.add(who)
        login(self.portal, TEST_USER_NAME)
        return result


class TestSubmissionWorkflow(WorkflowBase):
    def test_initial_state(self):
        self.assertEqual(api.content.get_state(self.submission), "received")

    def test_permission_matrix(self):
        # the jury scores while the competition is judging
        self.walk(self.competition, ["announce", "open", "close"])
        checked = 0
        for state, path in SUBMISSION_PATHS.items():
            self.walk(self.submission, path)
            self.assertEqual(api.content.get_state(self.submission), state)
            for permission, expected in SUBMISSION_MATRIX[state].items():
                self.assertEqual(
                    self.holders(self.submission, permission),
                    expected,
                    f"{permission} in {state}",
                )
                checked += 1
            if path and not state.startswith("archived"):
                api.content.transition(self.submission, transition="reset")
            elif state.startswith("archived"):
                # archived is final: continue with a fresh submission
                self.submission = make_submission(
                    self.category, id=f"next-{state}", publication_consent=True
                )
                declare_no_conflict(self.submission, "juror")
                name_in_decision(self.category, winners=[self.submission])
        self.assertEqual(checked, 45)

    def test_scoring_only_while_judging(self):
        """Score Submission comes from the competition's phase (acquired by
        the category and the admitted submission)."""
        self.walk(self.submission, ["admit"])
        for permission in (SCORE,):
            self.assertTrue(self.category.acquiredRolesAreUsedBy(permission))
        holders = {}
        for phase, path in (
            ("preparation", []),
            ("announced", ["announce"]),
            ("open", ["open"]),
            ("judging", ["close"]),
            ("decided", ["decide"]),
            ("results_published", ["publish_results"]),
        ):
            self.walk(self.competition, path)
            self.assertEqual(api.content.get_state(self.competition), phase)
            holders[phase] = self.holders(self.submission, SCORE)
        self.assertEqual(
            holders,
            {
                "preparation": set(),
                "announced": set(),
                "open": set(),
                "judging": {"juror"},
                "decided": set(),
                "results_published": set(),
            },
        )

    def test_juror_sees_only_through_local_role_in_catalog(self):
        self.walk(self.submission, ["admit"])
        for who, expected in (
            ("juror", 1),
            ("juror_no_role", 0),
            ("chair", 0),
            ("editor", 1),
        ):
            login(self.portal, who)
            found = api.content.find(portal_type="Submission")
            self.assertEqual(len(found), expected, who)
        logout()
        self.assertEqual(len(api.content.find(portal_type="Submission")), 0)

    def test_removing_local_role_removes_access(self):
        self.walk(self.submission, ["admit"])
        api.user.revoke_roles(username="juror", obj=self.submission, roles=["Juror"])
        self.submission.reindexObjectSecurity()
        self.assertEqual(self.holders(self.submission, VIEW), {"editor"})
        login(self.portal, "juror")
        self.assertEqual(len(api.content.find(portal_type="Submission")), 0)

    def test_all_transitions(self):
        edges = [
            ("received", "admit", "admitted"),
            ("admitted", "nominate", "nominated"),
            ("nominated", "award", "awarded"),
            ("awarded", "publish", "published"),
            ("published", "reset", "received"),
            ("received", "reject", "rejected"),
            ("rejected", "reset", "received"),
            ("received", "withdraw", "withdrawn"),
            ("withdrawn", "reset", "received"),
            ("received", "admit", "admitted"),
            ("admitted", "award", "awarded"),
            ("awarded", "reset", "received"),
            ("received", "admit", "admitted"),
            ("admitted", "reject", "rejected"),
        ]
        for before, transition, after in edges:
            self.assertEqual(api.content.get_state(self.submission), before)
            api.content.transition(
                self.submission, transition=transition, comment=transition
            )
            self.assertEqual(api.content.get_state(self.submission), after)
        history = self.submission.workflow_history["ikz_submission_workflow"]
        self.assertEqual(history[-1]["comments"], "reject")

    def test_publish_needs_consent(self):
        self.submission.publication_consent = False
        self.walk(self.submission, ["admit", "nominate", "award"])
        with self.assertRaises(api.exc.InvalidParameterError):
            api.content.transition(self.submission, transition="publish")
        self.assertEqual(api.content.get_state(self.submission), "awarded")

    def test_juror_cannot_change_state(self):
        self.walk(self.submission, ["admit"])
        login(self.portal, "juror")
        with self.assertRaises((api.exc.InvalidParameterError, Unauthorized)):
            api.content.transition(self.submission, transition="award")
        login(self.portal, "editor")
        api.content.transition(self.submission, transition="award")
        self.assertEqual(api.content.get_state(self.submission), "awarded")

    def test_not_owned_by_anonymous(self):
        owner = self.submission.getOwner()
        self.assertNotEqual(owner.getId(), "Anonymous User")


class TestCompetitionWorkflow(WorkflowBase):
    def test_states_and_visibility(self):
        for state, path in COMPETITION_PATHS.items():
            setRoles(self.portal, TEST_USER_ID, ["Manager"])
            if api.content.get_state(self.competition) != "preparation":
                # archived cannot go back; start from a fresh competition
                api.content.delete(self.competition)
                self.competition = make_competition(self.portal)
                api.user.grant_roles(
                    username="editor",
                    obj=self.competition,
                    roles=["Editor", "Reviewer"],
                )
            self.walk(self.competition, path)
            self.assertEqual(api.content.get_state(self.competition), state)
            viewers = self.holders(self.competition, VIEW)
            editors = self.holders(self.competition, EDIT)
            category_viewers = self.holders(self.competition["kat-a"], VIEW)
            if state == "preparation":
                self.assertEqual(viewers, {"editor"})
            else:
                self.assertIn("anonymous", viewers, state)
            # categories follow their competition
            self.assertEqual(category_viewers, viewers, state)
            self.assertEqual(
                editors, set() if state == "archived" else {"editor"}, state
            )

    def test_retract(self):
        self.walk(self.competition, ["announce", "open", "retract"])
        self.assertEqual(api.content.get_state(self.competition), "preparation")

    def test_reopen_from_judging(self):
        self.walk(self.competition, ["announce", "open", "close", "open"])
        self.assertEqual(api.content.get_state(self.competition), "open")

    def test_transition_ids(self):
        wf = api.portal.get_tool("portal_workflow")["ikz_competition_workflow"]
        self.assertEqual(
            set(wf.transitions.objectIds()),
            {
                "announce",
                "open",
                "close",
                "decide",
                "publish_results",
                "archive",
                "retract",
                "resume_judging",
            },
        )
        self.assertEqual(
            set(wf.states.objectIds()),
            set(COMPETITION_PATHS),
        )
        swf = api.portal.get_tool("portal_workflow")["ikz_submission_workflow"]
        self.assertEqual(
            set(swf.transitions.objectIds()),
            {
                "admit",
                "reject",
                "nominate",
                "award",
                "publish",
                "withdraw",
                "reset",
                "archive",
                "archive_published",
                "revoke",
            },
        )
        self.assertEqual(set(swf.states.objectIds()), set(SUBMISSION_PATHS))

    def test_jury_chair_permissions_on_competition(self):
        self.walk(self.competition, ["announce", "open", "close"])
        chair = self.holders(self.competition, "ikz.landespreis: View All Scores")
        self.assertEqual(chair, {"chair"})
        self.assertEqual(
            self.holders(self.competition, "ikz.landespreis: Sign Jury Decision"),
            {"chair"},
        )
        self.assertEqual(
            self.holders(self.competition, "ikz.landespreis: Manage Jury"), {"editor"}
        )
        self.assertEqual(
            self.holders(self.competition, "ikz.landespreis: Export Submissions"),
            {"editor"},
        )
