"""The office's figures as charts that read on their own."""

from datetime import datetime
from datetime import timedelta
from ikz.landespreis import audit
from ikz.landespreis import ledger
from ikz.landespreis.domain.dates import BERLIN
from ikz.landespreis.domain.dates import to_berlin
from ikz.landespreis.domain.decisions import snapshot
from ikz.landespreis.jury import decision
from ikz.landespreis.office.figures import charts
from ikz.landespreis.office.figures import figures
from ikz.landespreis.testing import IKZ_LANDESPREIS_FUNCTIONAL_TESTING
from ikz.landespreis.testing import IKZ_LANDESPREIS_INTEGRATION_TESTING
from plone import api
from tests.base import add_user
from tests.base import german
from tests.base import make_competition
from tests.base import make_submission
from tests.base import PASSWORD
from xml.etree import ElementTree
from zope.component import getMultiAdapter

import pathlib
import re
import requests
import transaction
import unittest


SVG = "{http://www.w3.org/2000/svg}"
PACKAGE = pathlib.Path(__file__).resolve().parent.parent / "src" / "ikz" / "landespreis"
LONG = "Sonderkategorie Shared Service Center"


class TestCharts(unittest.TestCase):
    layer = IKZ_LANDESPREIS_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.competition = c = make_competition(self.portal)
        c["kat-a"].title = LONG
        c["kat-a"].reindexObject()
        leads = ["Stadt Köln", "Attendorn", "Kreis Olpe", "Zweckverband Wasser"]
        self.items = []
        for i, lead in enumerate(leads):
            s = make_submission(
                c["kat-a"] if i < 3 else c["kat-b"],
                id=f"s{i}",
                lead_municipality=lead,
                eligibility_flags=["savings_bank"] if i == 0 else [],
                submitted_at=to_berlin(datetime(2026, 1, 5 + 2 * (i // 2), 10, 0)),
            )
            self.items.append(s)
        for s in self.items[:3]:
            api.content.transition(s, transition="admit")
        # two jurors on the three admitted ones; five of six scores final
        for index, s in enumerate(self.items[:3]):
            uid = api.content.get_uuid(s)
            ledger.set_jurors(c, uid, ["j1", "j2"])
            ledger.set_score(c, uid, "j1", {"benefit": 5}, True)
            ledger.set_score(c, uid, "j2", {"benefit": 4}, index != 2)

    def svg_texts(self, html):
        svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
        root = ElementTree.fromstring(svg)  # noqa: S314 - our own output
        return root, [t.text or "" for t in root.iter(SVG + "text")]

    def test_figures(self):
        data = figures(self.competition)
        self.assertEqual(data["total"], 4)
        self.assertEqual(
            [(t, n) for _i, t, n in data["categories"]], [(LONG, 3), ("kat-b", 1)]
        )
        self.assertEqual([n for _d, n in data["days"]], [2, 0, 2])
        self.assertEqual(
            dict(data["regions"]),
            {
                "Düsseldorf": 0,
                "Köln": 1,
                "Münster": 0,
                "Detmold": 0,
                "Arnsberg": 2,
                "nicht in NRW-Gemeindeliste (Verband, Unternehmen u. a.)": 1,
            },
        )
        self.assertEqual(
            data["districts"], [("Kreis Olpe", 2), ("Köln (kreisfreie Stadt)", 1)]
        )
        self.assertEqual({f: n for f, _t, n in data["flags"]}["savings_bank"], 1)
        self.assertEqual(data["progress"][0][2:], (5, 6))

    def test_charts_read_on_their_own(self):
        result = charts(self.competition)
        self.assertEqual(result["total_text"], "4")
        html = "".join(result["charts"])
        self.assertEqual(html.count("<svg"), 7)
        self.assertNotIn("1,00", html)
        self.assertNotIn("3,00", html)
        root, texts = self.svg_texts(result["charts"][0])
        # role, title and description referenced for assistive technology
        self.assertEqual(root.get("role"), "img")
        title_id, desc_id = root.get("aria-labelledby").split()
        self.assertEqual(root.find(SVG + "title").get("id"), title_id)
        self.assertEqual(root.find(SVG + "title").text, "Bewerbungen je Kategorie")
        self.assertEqual(root.find(SVG + "desc").get("id"), desc_id)
        # the full label, integers as integers, an axis title
        self.assertIn(LONG, " ".join(texts))
        self.assertIn("3", texts)
        self.assertIn("1", texts)
        self.assertIn("Anzahl Bewerbungen", texts)
        for text in texts:
            self.assertNotRegex(text, r"^\d+,\d+$")
        # the data table alternative with the same figures
        self.assertIn(f'<th scope="row">{LONG}</th><td class="text-end">3</td>', html)
        self.assertIn("Zahlen als Tabelle", html)
        # every chart has an axis title
        for chart in result["charts"]:
            self.assertIn('class="ikz-axis-title"', chart)

    def test_jury_progress_does_not_drop_after_awarding(self):
        before = figures(self.competition)["progress"][0][2:]
        self.assertEqual(before, (5, 6))
        category = self.competition["kat-a"]
        rows = [
            {
                "submission": api.content.get_uuid(s),
                "final_scores": 2 if i != 2 else 1,
                "expected_scores": 2,
            }
            for i, s in enumerate(self.items[:3])
        ]
        winner_uid = api.content.get_uuid(self.items[0])
        decision.freeze(
            category,
            "chair",
            snapshot(rows, 1, [winner_uid], [], {winner_uid: "Laudatio"}, [], ""),
        )
        winner = self.items[0]
        winner.publication_consent = True
        for transition in ("nominate", "award", "publish"):
            api.content.transition(winner, transition=transition)
        # the jury's roles and live scores on the winner are gone ...
        uid = api.content.get_uuid(winner)
        self.assertEqual(ledger.scores(self.competition, uid), {})
        # ... the progress stays
        self.assertEqual(figures(self.competition)["progress"][0][2:], (5, 6))
        result = charts(self.competition)
        self.assertEqual((result["final"], result["expected"]), (5, 6))
        self.assertIn("5 von 6 (83 %)", "".join(result["charts"]))


class TestChartOnThePage(unittest.TestCase):
    layer = IKZ_LANDESPREIS_INTEGRATION_TESTING

    def test_office_sees_the_charts_anonymous_does_not(self):
        portal = self.layer["portal"]
        competition = make_competition(portal)
        make_submission(competition["kat-a"], lead_municipality="Stadt Olpe")
        view = competition.restrictedTraverse("@@view")
        html = view()
        self.assertIn("Fortschritt der Jury je Kategorie", html)
        self.assertIn("Herkunft nach Regierungsbezirk", html)
        from plone.app.testing import logout

        logout()
        view = getMultiAdapter((competition, self.layer["request"]), name="view")
        self.assertIsNone(view.statistics())


class TestBigStepsConfirm(unittest.TestCase):
    """Closing early, publishing results and archiving show what will happen
    and need a confirmation (Classic UI, over HTTP)."""

    layer = IKZ_LANDESPREIS_FUNCTIONAL_TESTING

    def setUp(self):
        portal = self.layer["portal"]
        german()
        end = datetime.now(BERLIN).replace(microsecond=0) + timedelta(days=89)
        self.competition = c = make_competition(
            portal,
            submission_start=to_berlin(datetime(2026, 1, 5)),
            submission_end=end,
        )
        add_user("editor")
        api.user.grant_roles(username="editor", obj=c, roles=["Editor", "Reviewer"])
        for i in range(3):
            make_submission(c["kat-a"], id=f"s{i}", lead_municipality=f"Stadt {i}")
        for transition in ("announce", "open"):
            api.content.transition(c, transition=transition)
        transaction.commit()
        self.url = c.absolute_url()
        self.session = requests.Session()
        self.session.auth = ("editor", PASSWORD)

    def state(self):
        transaction.begin()
        return api.content.get_state(self.competition)

    def token(self, page):
        return re.search(r'name="_authenticator" value="([^"]+)"', page).group(1)

    def test_closing_early_confirms(self):
        page = self.session.get(self.url, timeout=30).text
        # the toolbar's state menu leads to the confirmation, not the step
        link = re.search(r'id="workflow-transition-close"[^>]*href="([^"]+)"', page)
        link = link or re.search(
            r'href="([^"]+)"[^>]*id="workflow-transition-close"', page
        )
        self.assertIsNotNone(link, "no close action in the state menu")
        self.assertIn("@@confirm-step?workflow_action=close", link.group(1))
        confirm = self.session.get(link.group(1).replace("&amp;", "&"), timeout=30)
        self.assertEqual(confirm.status_code, 200)
        text = confirm.text
        self.assertIn("Bestätigen: Bewerbungsphase beenden", text)
        self.assertIn("89 Tage früher", text)
        self.assertIn("3 Bewerbungen sind eingegangen, davon 3 noch ungeprüft", text)
        self.assertIn("Wer benachrichtigt wird", text)
        self.assertEqual(self.state(), "open")
        # without the tick: a German message, nothing changed
        form = {
            "_authenticator": self.token(text),
            "workflow_action": "close",
        }
        response = self.session.post(
            self.url + "/@@confirm-step", data=form, timeout=30
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("Bitte bestätigen Sie", response.text)
        self.assertEqual(self.state(), "open")
        # without the token: refused, nothing changed
        response = self.session.post(
            self.url + "/@@confirm-step",
            data={"workflow_action": "close", "confirmed": "1"},
            timeout=30,
        )
        self.assertNotEqual(response.status_code, 200)
        self.assertEqual(self.state(), "open")
        # confirmed: the step runs, and the audit trail keeps what was shown
        form["confirmed"] = "1"
        form["comment"] = "Frühzeitig beendet, Ministerium informiert"
        response = self.session.post(
            self.url + "/@@confirm-step", data=form, timeout=30
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("Erledigt: Bewerbungsphase beenden", response.text)
        self.assertEqual(self.state(), "judging")
        entries = audit.entries(self.competition, kind="step.confirmed")
        self.assertEqual(len(entries), 1)
        self.assertEqual(entries[0]["actor"], "editor")
        self.assertIn("89 Tage früher", str(entries[0]))

    def test_unavailable_step_and_other_roles(self):
        page = self.session.get(
            self.url + "/@@confirm-step?workflow_action=archive", timeout=30
        )
        self.assertIn("in der aktuellen Phase nicht möglich", page.text)
        self.assertEqual(self.state(), "open")
        add_user("someone")
        transaction.commit()
        response = requests.post(
            self.url + "/@@confirm-step",
            data={"workflow_action": "close", "confirmed": "1"},
            auth=("someone", PASSWORD),
            allow_redirects=False,
            timeout=30,
        )
        self.assertNotEqual(response.status_code, 200)
        self.assertEqual(self.state(), "open")

    def test_publishing_and_archiving_confirm(self):
        transaction.begin()
        for transition in ("close", "decide"):
            api.content.transition(self.competition, transition=transition)
        transaction.commit()
        page = self.session.get(
            self.url + "/@@confirm-step?workflow_action=publish_results", timeout=30
        ).text
        self.assertIn("0 ausgezeichnete Beiträge erscheinen", page)
        form = {
            "_authenticator": self.token(page),
            "workflow_action": "publish_results",
            "confirmed": "1",
        }
        self.session.post(self.url + "/@@confirm-step", data=form, timeout=30)
        self.assertEqual(self.state(), "results_published")
        page = self.session.get(
            self.url + "/@@confirm-step?workflow_action=archive", timeout=30
        ).text
        self.assertIn("3 Bewerbungen werden archiviert und schreibgeschützt", page)
        self.assertEqual(self.state(), "results_published")

    def test_rest_workflow_is_the_expert_path(self):
        """Documented in README: scripts run the step directly."""
        response = requests.post(
            self.url + "/@workflow/close",
            auth=("editor", PASSWORD),
            headers={"Accept": "application/json"},
            timeout=30,
        )
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(self.state(), "judging")


class TestMunicipalitySuggestions(unittest.TestCase):
    """The application form suggests NRW's municipalities; free text stays."""

    layer = IKZ_LANDESPREIS_FUNCTIONAL_TESTING

    def test_datalist_on_the_form(self):
        portal = self.layer["portal"]
        competition = make_competition(
            portal,
            submission_start=to_berlin(datetime(2026, 1, 5)),
            submission_end=datetime.now(BERLIN) + timedelta(days=30),
        )
        for transition in ("announce", "open"):
            api.content.transition(competition, transition=transition)
        transaction.commit()
        page = requests.get(competition["bewerbung"].absolute_url(), timeout=30).text
        datalist = re.search(
            r'<datalist id="ikz-kommunen">(.*?)</datalist>', page, re.S
        ).group(1)
        options = re.findall(r'<option value="([^"]+)"', datalist)
        self.assertEqual(len(options), 396 + 31)
        for name in ("Attendorn", "Kreis Olpe", "Köln", "Mülheim an der Ruhr"):
            self.assertIn(name, options)
        # the script that connects it to the lead and partner fields
        self.assertIn('id="form-widgets-lead_municipality"', page)
        self.assertIn('id="form-widgets-partners"', page)
        script = (PACKAGE / "browser" / "static" / "landespreis.js").read_text(
            encoding="utf-8"
        )
        self.assertIn('lead.setAttribute("list", "ikz-kommunen")', script)


class TestPartnersAsAList(unittest.TestCase):
    layer = IKZ_LANDESPREIS_INTEGRATION_TESTING

    def test_submission_page_lists_partners(self):
        competition = make_competition(self.layer["portal"])
        submission = make_submission(
            competition["kat-a"],
            partners=["Stadt Attendorn", "Stadt Drolshagen", "Kreis Olpe"],
        )
        html = submission.restrictedTraverse("@@view")()
        items = re.search(r'<ul class="ikz-partners[^"]*">(.*?)</ul>', html, re.S)
        self.assertEqual(
            re.findall(r"<li>([^<]+)</li>", items.group(1)),
            ["Stadt Attendorn", "Stadt Drolshagen", "Kreis Olpe"],
        )
        self.assertNotIn("Stadt Attendorn Stadt Drolshagen", html)
