"""The juror's scoring workspace (``@@workspace``) and its PDF frame,
through a real WSGI server: rubric, running total, autosaved drafts, the
summary before "Endgültig abgeben", the read-only view afterwards, the
way through the juror's own applications, and insiders trying to bend it."""

from ikz.landespreis.jury import scores
from tests.base import JuryTestCase
from tests.base import PASSWORD
from tests.browser import text as raw_text

import re
import requests
import transaction


def text(response):
    """The page's text with tags and runs of white space collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", raw_text(response)))


RUBRIC = "0-3: kaum Mehrwert\n4-7: deutlicher Mehrwert\n8-10: herausragend"


class WorkspaceTestCase(JuryTestCase):
    def setUp(self):
        super().setUp()
        criteria = [dict(c) for c in self.competition.criteria]
        criteria[0]["rubric"] = RUBRIC
        self.competition.criteria = criteria
        transaction.commit()

    def session(self, user):
        session = requests.Session()
        session.auth = (user, PASSWORD)
        return session

    def token(self, page):
        return re.search(r'name="_authenticator" value="([^"]+)"', page.text).group(1)

    def open(self, session, submission):
        page = session.get(submission.absolute_url() + "/@@workspace", timeout=30)
        self.assertEqual(page.status_code, 200, page.url)
        return page

    def post(self, session, submission, data, token):
        response = session.post(
            submission.absolute_url() + "/@@workspace",
            data=dict(data, _authenticator=token),
            timeout=30,
        )
        transaction.begin()
        return response


class TestWorkspace(WorkspaceTestCase):
    def test_page_shows_application_rubric_and_way(self):
        self.declare(self.s1, "juror1")
        self.declare(self.s2, "juror1")
        page = self.open(self.session("juror1"), self.s1)
        body = text(page)
        # the application on the left
        self.assertIn("Geheime Details von Projekt Eins", body)
        self.assertIn(
            f'src="{self.s1.absolute_url()}/@@pdf-frame?field=project_file"', page.text
        )
        self.assertIn("eins.pdf", body)
        # the rubric of the criterion and the weight
        self.assertIn("deutlicher Mehrwert", body)
        self.assertIn("8–10", body)
        self.assertIn("Gewichtung 2,00", body)
        # nächste, the position and the progress per category
        self.assertIn(f'href="{self.s2.absolute_url()}/@@workspace"', page.text)
        self.assertIn("Bewerbung 1 von 2", body)
        self.assertIn("0 von 2 endgültig abgegeben", body)
        self.assertNotIn(self.s3.absolute_url(), page.text)

    def test_autosave_keeps_a_draft_and_refuses_bad_values(self):
        self.declare(self.s1, "juror1")
        session = self.session("juror1")
        token = self.token(self.open(session, self.s1))
        response = self.post(
            session,
            self.s1,
            {"autosave": "1", "score.benefit": "5", "comment": "läuft"},
            token,
        )
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.json()["saved"])
        self.assertIn("Entwurf gespeichert", response.json()["message"])
        record = scores.record(self.s1, "juror1")
        self.assertEqual(dict(record.values), {"benefit": 5})
        self.assertFalse(record.final)
        # the page shows the draft, its band and the running total
        page = self.open(session, self.s1)
        self.assertIn('aria-current="true"', page.text)
        self.assertRegex(
            page.text, r'<li[^>]*aria-current="true"[^>]*>\s*<strong>4–7</strong>'
        )
        self.assertIn(">5,00</output>", page.text)
        # a score off the scale: a German message, the draft unchanged
        response = self.post(
            session, self.s1, {"autosave": "1", "score.benefit": "11"}, token
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("von 0 bis 10", response.json()["message"])
        self.assertEqual(dict(scores.record(self.s1, "juror1").values), {"benefit": 5})
        # without the CSRF token nothing is stored
        response = session.post(
            self.s1.absolute_url() + "/@@workspace",
            data={"autosave": "1", "score.benefit": "2"},
            timeout=30,
        )
        self.assertEqual(response.status_code, 403)
        transaction.begin()
        self.assertEqual(dict(scores.record(self.s1, "juror1").values), {"benefit": 5})

    def test_summary_then_final_then_read_only(self):
        self.declare(self.s1, "juror1")
        session = self.session("juror1")
        token = self.token(self.open(session, self.s1))
        # incomplete: the summary is refused, the draft kept
        response = self.post(
            session, self.s1, {"score.benefit": "9", "review": "1"}, token
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("Bitte bewerten Sie jedes Kriterium", text(response))
        self.assertFalse(scores.record(self.s1, "juror1").final)
        # complete: the summary, nothing final yet
        response = self.post(
            session,
            self.s1,
            {
                "score.benefit": "9",
                "score.innovation": "6",
                "comment.benefit": "stark",
                "comment": "überzeugend",
                "review": "1",
            },
            token,
        )
        self.assertEqual(response.status_code, 200)
        body = text(response)
        self.assertIn("Zusammenfassung Ihrer Bewertung", body)
        self.assertIn("herausragend", body)
        self.assertIn("8,00", body)  # (2 * 9 + 6) / 3
        self.assertFalse(scores.record(self.s1, "juror1").final)
        draft_at = re.search(r'name="draft_at" value="([^"]+)"', response.text)[1]
        # a summary that is no longer what is stored is not confirmed
        stale = self.post(
            session,
            self.s1,
            {"confirm_final": "1", "draft_at": "2026-01-01T00:00:00+01:00"},
            token,
        )
        self.assertEqual(stale.status_code, 400)
        self.assertIn("Zusammenfassung erneut", text(stale))
        self.assertFalse(scores.record(self.s1, "juror1").final)
        final = self.post(
            session, self.s1, {"confirm_final": "1", "draft_at": draft_at}, token
        )
        self.assertEqual(final.status_code, 200)
        record = scores.record(self.s1, "juror1")
        self.assertTrue(record.final)
        self.assertEqual(dict(record.values), {"benefit": 9, "innovation": 6})
        self.assertEqual(record.comment, "überzeugend")
        # afterwards: read only, the juror's own values
        page = self.open(session, self.s1)
        body = text(page)
        self.assertIn("endgültig abgegeben am", body)
        self.assertIn("stark", body)
        self.assertNotIn('id="ikz-score-form"', page.text)
        self.assertIn("1 von 2 endgültig abgegeben", body)
        # and a later autosave changes nothing
        response = self.post(
            session, self.s1, {"autosave": "1", "score.benefit": "1"}, token
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(scores.record(self.s1, "juror1").values["benefit"], 9)

    def test_pdf_frame_is_sandboxed(self):
        self.declare(self.s1, "juror1")
        response = self.get(
            self.s1.absolute_url() + "/@@pdf-frame?field=project_file", "juror1"
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, b"%PDF-1.4 eins")
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        self.assertTrue(
            response.headers["Content-Security-Policy"].startswith("sandbox")
        )
        self.assertEqual(response.headers["X-Content-Type-Options"], "nosniff")
        # no file or no PDF: a German message, no content
        missing = self.get(
            self.s1.absolute_url() + "/@@pdf-frame?field=attachment_file", "juror1"
        )
        self.assertEqual(missing.status_code, 404)
        self.assertIn("herunter", missing.text)
        self.s1.attachment_file = type(self.s1.project_file)(
            b"<html><script>alert(1)</script>",
            filename="falsch.pdf",
            contentType="application/pdf",
        )
        transaction.commit()
        fake = self.get(
            self.s1.absolute_url() + "/@@pdf-frame?field=attachment_file", "juror1"
        )
        self.assertEqual(fake.status_code, 404)
        self.assertNotIn("script", fake.text)


class TestWorkspaceInsiders(WorkspaceTestCase):
    def test_other_panel_reaches_nothing(self):
        """juror3 sits on kat-b: neither the workspace nor the PDF of kat-a,
        and its own workspace leads only through kat-b."""
        self.declare(self.s3, "juror3")
        for url in (
            self.s1.absolute_url() + "/@@workspace",
            self.s1.absolute_url() + "/@@pdf-frame?field=project_file",
        ):
            self.assert_denied(url, "juror3")
        page = self.open(self.session("juror3"), self.s3)
        self.assertNotIn(self.s1.absolute_url(), page.text)
        self.assertNotIn(self.s2.absolute_url(), page.text)
        self.assertIn("Bewerbung 1 von 1", text(page))
        # posting a score to another panel's application stores nothing
        response = self.session("juror3").post(
            self.s1.absolute_url() + "/@@workspace",
            data={
                "autosave": "1",
                "score.benefit": "10",
                "_authenticator": self.token(page),
            },
            timeout=30,
            allow_redirects=False,
        )
        self.assertIn(response.status_code, (302, 401, 403))
        transaction.begin()
        self.assertIsNone(scores.record(self.s1, "juror3"))

    def test_conflict_leaves_the_way(self):
        """juror2's home organisation leads s1: a detected conflict. s1 is
        neither reachable nor named in juror2's links."""
        self.declare(self.s2, "juror2")
        page = self.open(self.session("juror2"), self.s2)
        self.assertNotIn(self.s1.absolute_url(), page.text)
        self.assertIn("Bewerbung 1 von 1", text(page))
        self.assert_denied(self.s1.absolute_url() + "/@@workspace", "juror2")

    def test_office_and_chair_of_other_panel_cannot_score(self):
        for user in ("editor", "chair"):
            self.assert_denied(self.s1.absolute_url() + "/@@workspace", user)
        self.assert_denied(
            self.s1.absolute_url() + "/@@pdf-frame?field=project_file", "chair"
        )

    def test_undeclared_sees_nothing_before_the_gate(self):
        self.assert_denied(self.s1.absolute_url() + "/@@workspace", "juror1")
        self.assert_denied(
            self.s1.absolute_url() + "/@@pdf-frame?field=project_file", "juror1"
        )
