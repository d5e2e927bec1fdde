"""The security proof: every role against every resource, in every state
where it matters. Expected outcomes: tests/security_matrix.py (also the
source of the table in SECURITY.rst)."""

from ikz.landespreis.jury import decision
from ikz.landespreis.jury import membership
from ikz.landespreis.testing import IKZ_LANDESPREIS_FUNCTIONAL_TESTING
from plone import api
from plone.namedfile.file import NamedBlobFile
from tests import security_matrix as table
from tests.base import add_user
from tests.base import declare_no_conflict
from tests.base import JSON
from tests.base import make_competition
from tests.base import make_jury
from tests.base import make_submission
from tests.base import name_in_decision
from tests.base import PASSWORD

import contextlib
import gzip
import html
import pathlib
import requests
import transaction
import unittest


SECRET_MARKERS = (
    "erika@example.org",
    "0211 12345",
    "Ratsbeschluss fehlt noch",
    "lead_duplicate",
)
TITLES = {
    "received": "Alphaprojekt",
    "admitted": "Betaprojekt",
    "published": "Gammaprojekt",
}
DENIED = (401, 403, 404)


class SecurityFixture(unittest.TestCase):
    """Every role, a competition in judging and applications in three states."""

    layer = IKZ_LANDESPREIS_FUNCTIONAL_TESTING

    def setUp(self):
        portal = self.portal = self.layer["portal"]
        api.portal.set_registry_record("plone.enable_sitemap", True)
        self.competition = c = make_competition(portal)
        users = {
            "member": [],
            "juror": [],
            "conflicted": [],
            "other_panel": [],
            "chair": [],
            "editor": [],
            "siteadmin": ["Site Administrator"],
        }
        for user, roles in users.items():
            add_user(user, roles=roles)
        api.user.grant_roles(username="editor", obj=c, roles=["Editor", "Reviewer"])
        make_jury(
            c,
            jurors=["juror", "conflicted", "other_panel"],
            chair="chair",
            panels={
                "kat-a": ["juror", "conflicted", "chair"],
                "kat-b": ["other_panel"],
            },
        )
        area = api.content.create(
            container=c, type="Folder", id="jury-bereich", title="Jury-Bereich"
        )
        api.content.create(
            container=area, type="Document", id="willkommen", title="Willkommen Jury"
        )
        # the jury area is shared with the jury group (as the demo does); the
        # group's role on the competition itself opens no private page
        api.group.grant_roles(
            groupname=membership.jury_group_id(c), obj=area, roles=["Reader"]
        )
        self.items = {}
        for number, (state, title) in enumerate(TITLES.items(), start=1):
            s = make_submission(
                c["kat-a"], id=state, title=title, publication_consent=True
            )
            s.reference = f"LP26-KA-{number:04d}"
            s.project_file = NamedBlobFile(
                b"%PDF-1.4 geheim", filename="p.pdf", contentType="application/pdf"
            )
            s.reindexObject()
            self.items[state] = s
        for t in ("announce", "open", "close"):
            api.content.transition(c, transition=t)
        declare_no_conflict(self.items["admitted"], "juror", "chair")
        from ikz.landespreis.jury import conflicts

        conflicts.declare(self.items["admitted"], "conflicted", True, "befangen")
        api.content.transition(self.items["admitted"], transition="admit")
        name_in_decision(c["kat-a"], winners=[self.items["published"]])
        for t in ("admit", "nominate", "award", "publish"):
            api.content.transition(self.items["published"], transition=t)
        # kat-a's decision stays unsigned for the probes (voided, kept)
        decision.void(c["kat-a"], "test", "fixture")
        transaction.commit()

    # -- probes: True when the role gets the resource -------------------

    def get(self, url, role, rest=False, **kw):
        auth = None if role == "anonymous" else (role, PASSWORD)
        headers = {"Accept": "application/json"} if rest else {}
        return requests.get(
            url,
            auth=auth,
            headers=headers,
            timeout=60,
            allow_redirects=kw.pop("allow_redirects", False),
            **kw,
        )

    def ok(self, response, role):
        if response.status_code != 200:
            self.assertTrue(
                response.status_code in DENIED
                or response.status_code in (301, 302, 303),
                (response.status_code, response.url),
            )
            return False
        if role not in table.CONTACT_READERS:
            body = (
                html.unescape(response.text)
                if "text" in response.headers.get("Content-Type", "")
                or "json" in response.headers.get("Content-Type", "")
                else ""
            )
            for marker in SECRET_MARKERS:
                self.assertNotIn(marker, body, (role, response.url))
        return True

    def submission_probe(self, resource, state, role):  # noqa: C901 - one probe per resource kind
        s = self.items[state]
        url = s.absolute_url()
        title = TITLES[state]
        if resource == "view":
            return self.ok(self.get(url, role), role)
        if resource == "edit (Modify portal content)":
            if role == "anonymous":
                return False
            return bool(
                api.user.has_permission("Modify portal content", username=role, obj=s)
            )
        if resource in (
            "@@download/project_file",
            "@@display-file/project_file",
            "@@pdf-frame?field=project_file",
        ):
            response = self.get(f"{url}/{resource}", role)
            return (
                response.status_code == 200 and response.content == b"%PDF-1.4 geheim"
            )
        if resource == "REST GET":
            return self.ok(self.get(url, role, rest=True), role)
        if resource.startswith("REST @"):
            return self.ok(self.get(url + "/" + resource[5:], role, rest=True), role)
        if resource == "@@conflict gate":
            response = self.get(url + "/@@conflict", role, allow_redirects=True)
            return (self.ok(response, role) and "/@@conflict" in response.url) or (
                response.status_code == 200 and response.url.endswith("/@@workspace")
            )
        if resource == "@@score":
            return self.ok(self.get(url + "/@@score", role), role)
        if resource == "@@workspace":
            return self.ok(self.get(url + "/@@workspace", role), role)
        if resource == "@@personal-data":
            return self.ok(self.get(url + "/@@personal-data", role), role)
        if resource == "found by @@search":
            response = self.get(
                self.portal.absolute_url() + f"/@@search?SearchableText={title}", role
            )
            return response.status_code == 200 and f'href="{url}"' in response.text
        if resource == "found by REST @search":
            response = self.get(
                self.portal.absolute_url()
                + f"/@search?SearchableText={title}&fullobjects=1",
                role,
                rest=True,
            )
            self.ok(response, role)
            return any(i["title"] == title for i in response.json().get("items", []))
        if resource == "in search RSS":
            response = self.get(
                self.portal.absolute_url() + f"/@@search_rss?SearchableText={title}",
                role,
            )
            return response.status_code == 200 and title in response.text
        if resource == "in sitemap.xml.gz":
            response = self.get(self.portal.absolute_url() + "/sitemap.xml.gz", role)
            if response.status_code != 200:
                return False
            return url in gzip.decompress(response.content).decode()
        raise AssertionError(resource)

    def competition_probe(self, resource, role):
        c = self.competition.absolute_url()
        paths = {
            "@@jury": "/@@jury",
            "@@ranking": "/@@ranking",
            "@@ranking-print": "/@@ranking-print",
            "@@jurysitzung": "/@@jurysitzung",
            "@@vertraulichkeit": "/@@vertraulichkeit",
            "@@jury-conflicts": "/@@jury-conflicts",
            "@@jury-members": "/@@jury-members",
            "category @@jury-decision": "/kat-a/@@jury-decision",
            "@@submissions": "/@@submissions",
            "@@submissions-export": "/@@submissions-export",
            "@@scores-export": "/@@scores-export",
            "@@uploads-export": "/@@uploads-export",
            "@@jury-dossier": "/@@jury-dossier",
            "@@verlauf": "/@@verlauf",
            "Jury-Bereich page": "/jury-bereich/willkommen",
            "form @@actions (easyform)": "/bewerbung/actions",
            "form @@fields (easyform)": "/bewerbung/fields",
            "form actions @@modeleditor": "/bewerbung/actions/@@modeleditor",
        }
        rest = {
            "REST @ranking": "/@ranking",
            "REST @jury-session": "/@jury-session",
            "REST @submissions": "/@submissions",
            "category REST @jury-decision": "/kat-a/@jury-decision",
            "REST @audit": "/@audit",
        }
        if resource in rest:
            return self.ok(self.get(c + rest[resource], role, rest=True), role)
        response = self.get(c + paths[resource], role)
        if resource in (
            "@@submissions-export",
            "@@scores-export",
            "@@uploads-export",
            "@@jury-dossier",
        ):
            return response.status_code == 200
        return self.ok(response, role)


class TestSecurityMatrix(SecurityFixture):
    def test_matrix(self):
        cells = 0
        wrong = []
        for resource, states in table.SUBMISSION.items():
            for state, allowed in states.items():
                for role in table.ROLES:
                    got = self.submission_probe(resource, state, role)
                    cells += 1
                    if got != (role in allowed):
                        wrong.append(f"{resource} [{state}] {role}: got {got}")
        for resource, allowed in table.COMPETITION.items():
            for role in table.ROLES:
                got = self.competition_probe(resource, role)
                cells += 1
                if got != (role in allowed):
                    wrong.append(f"{resource} {role}: got {got}")
        print(f"\nSecurity matrix: {cells} cells checked, {len(wrong)} wrong")
        self.maxDiff = None
        self.assertEqual(wrong, [], "\n".join(wrong))
        self.assertGreater(cells, 400)


class TestPhaseMatrix(SecurityFixture):
    """The phase as a dimension: each phase rule in every phase, every role."""

    def set_phase(self, phase):
        # the phase's role mappings, without the transitions' side effects
        wf = api.portal.get_tool("portal_workflow")
        status = dict(wf.getStatusOf("ikz_competition_workflow", self.competition))
        status["review_state"] = phase
        wf.setStatusOf("ikz_competition_workflow", self.competition, status)
        wf["ikz_competition_workflow"].updateRoleMappingsFor(self.competition)
        self.competition.reindexObjectSecurity()
        transaction.commit()

    def phase_probe(self, resource, role):
        s = self.items["admitted"].absolute_url()
        category = self.competition["kat-a"].absolute_url()
        auth = None if role == "anonymous" else (role, PASSWORD)

        def post(url, body):
            return requests.post(url, json=body, headers=JSON, auth=auth, timeout=60)

        if resource == "@@score form":
            return self.ok(self.get(s + "/@@score", role), role)
        if resource == "@@workspace form":
            return self.ok(self.get(s + "/@@workspace", role), role)
        if resource == "save a score (REST POST @jury-scores)":
            # permitted: the out-of-range value is refused (400), nothing saved
            return (
                post(s + "/@jury-scores", {"scores": {"benefit": 99}}).status_code
                == 400
            )
        if resource == "every juror's scores (REST @jury-scores)":
            response = self.get(s + "/@jury-scores", role, rest=True)
            return response.status_code == 200 and any(
                item["juror"] != role for item in response.json()["items"]
            )
        if resource == "@@scores-export":
            return (
                self.get(
                    self.competition.absolute_url() + "/@@scores-export", role
                ).status_code
                == 200
            )
        if resource == "sign the decision (REST POST @jury-decision)":
            # permitted: the preview (changes nothing)
            return post(category + "/@jury-decision", {}).status_code == 200
        if resource == "the deputy (3) signs for a conflicted chair":
            with self.chair_conflicted_and_deputy("juror"):
                return post(category + "/@jury-decision", {}).status_code == 200
        if resource == "reopen a signed decision (REST POST @jury-reopen)":
            # permitted: refused for the missing reason (400), nothing changed
            return post(category + "/@jury-reopen", {"reason": ""}).status_code == 400
        raise AssertionError(resource)

    @contextlib.contextmanager
    def chair_conflicted_and_deputy(self, deputy):
        from ikz.landespreis.jury import conflicts
        from zope.annotation.interfaces import IAnnotations

        transaction.begin()
        entry = conflicts.record(self.items["admitted"], "chair")
        status = entry["status"]
        entry["status"] = conflicts.CONFLICT
        IAnnotations(self.competition)[membership.DEPUTIES] = (deputy,)
        transaction.commit()
        try:
            yield
        finally:
            transaction.begin()
            entry = conflicts.record(self.items["admitted"], "chair")
            entry["status"] = status
            IAnnotations(self.competition)[membership.DEPUTIES] = ()
            transaction.commit()

    def test_phase_matrix(self):
        from ikz.landespreis import ledger
        from ikz.landespreis.jury import scores

        admitted = self.items["admitted"]
        for juror, value in (("juror", 7), ("chair", 9)):
            entry = scores.save(admitted, self.competition, juror, {"benefit": value})
            ledger.set_score(
                self.competition, admitted.UID(), juror, entry.values, False
            )
        transaction.commit()
        cells, wrong = 0, []
        for phase in table.PHASES:
            self.set_phase(phase)
            for resource, phases in table.PHASE.items():
                allowed = phases.get(phase, set())
                for role in table.ROLES:
                    got = self.phase_probe(resource, role)
                    cells += 1
                    if got != (role in allowed):
                        wrong.append(f"{resource} [{phase}] {role}: got {got}")
        transaction.begin()
        print(f"\nPhase matrix: {cells} cells checked, {len(wrong)} wrong")
        self.assertEqual(wrong, [], "\n".join(wrong))
        self.assertEqual(cells, len(table.PHASES) * len(table.PHASE) * len(table.ROLES))
        # nothing was signed, saved or reopened by the probes
        self.assertIsNone(decision.get(self.competition["kat-a"]))
        self.assertEqual(scores.record(admitted, "juror").values["benefit"], 7)


class TestSecurityDocument(unittest.TestCase):
    def test_security_rst_shows_the_tested_table(self):
        import sys

        repo = pathlib.Path(__file__).resolve().parent.parent
        sys.path.insert(0, str(repo / "scripts"))
        try:
            import security_doc
        finally:
            sys.path.remove(str(repo / "scripts"))
        text = (repo / "SECURITY.rst").read_text(encoding="utf-8")
        self.assertIn(security_doc.render(), text, "run python scripts/security_doc.py")
        self.assertIn(
            security_doc.render_duties(), text, "run python scripts/security_doc.py"
        )


class TestCSRF(SecurityFixture):
    """Every state-changing view refuses a POST without Plone's CSRF token."""

    def test_posts_without_token_change_nothing(self):
        from ikz.landespreis.jury import conflicts

        c = self.competition.absolute_url()
        admitted = self.items["admitted"].absolute_url()
        posts = [
            (
                c + "/@@befangen",
                "conflicted",
                {"uid": self.items["admitted"].UID(), "reason": "Irrtum"},
            ),
            (admitted + "/@@score", "juror", {"score.benefit": "5", "save_draft": "1"}),
            (
                admitted + "/@@workspace",
                "juror",
                {"score.benefit": "5", "autosave": "1"},
            ),
            (c + "/kat-a/@@jury-decision", "chair", {"justification": "x"}),
            (c + "/@@jury-conflicts", "chair", {"uid": "x", "juror": "conflicted"}),
            (c + "/@@jury-members", "editor", {"user_id": "juror", "remove": "1"}),
            (c + "/@@jury-reminders", "editor", {}),
            (
                c + "/@@submissions",
                "editor",
                {"action": "admit", "uids:list": [self.items["received"].UID()]},
            ),
            (c + "/@@new-edition", "siteadmin", {"title": "Neu"}),
            (c + "/@@anonymise", "editor", {"confirm": "ANONYMISIEREN"}),
        ]
        for url, user, data in posts:
            response = requests.post(
                url, data=data, auth=(user, PASSWORD), timeout=30, allow_redirects=False
            )
            self.assertEqual(response.status_code, 403, url)
        transaction.begin()
        self.assertEqual(
            conflicts.status(self.items["admitted"], "conflicted"), conflicts.CONFLICT
        )
        self.assertIsNone(conflicts.correction(self.items["admitted"], "conflicted"))
        self.assertEqual(api.content.get_state(self.items["received"]), "received")
        from ikz.landespreis.jury.membership import members

        self.assertIsNone(decision.get(self.competition["kat-a"]))
        self.assertIn("juror", members(self.competition))
        self.assertEqual(
            len([
                o for o in self.portal.objectValues() if o.portal_type == "Competition"
            ]),
            1,
        )
