"""Bringing jurors in and out: the office invites by e-mail from
``@@jury-members`` (account, password link of Plone's reset tool,
confidentiality statement before any application), an unknown user name
gets one German message, the archive ends the jury's access."""

from aiosmtpd.controller import Controller
from ikz.landespreis import audit
from ikz.landespreis.jury import confidentiality
from ikz.landespreis.jury import membership
from plone import api
from tests.base import free_port
from tests.base import JuryTestCase
from tests.base import PASSWORD
from tests.base import real_mailhost
from tests.base import SMTPRecorder
from tests.browser import text as raw_text

import re
import requests
import time
import transaction


def text(response):
    """The page's text with tags and runs of white space collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", raw_text(response)))


class InviteTestCase(JuryTestCase):
    def session(self, user):
        session = requests.Session()
        session.auth = (user, PASSWORD)
        return session

    def token(self, page):
        return re.search(r'name="_authenticator" value="([^"]+)"', page.text).group(1)

    def members_post(self, data, user="editor"):
        session = self.session(user)
        url = self.competition.absolute_url() + "/@@jury-members"
        page = session.get(url, timeout=30)
        response = session.post(
            url, data=dict(data, _authenticator=self.token(page)), timeout=60
        )
        transaction.begin()
        return response


class TestInvite(InviteTestCase):
    def test_invited_juror_sets_password_accepts_then_sees(self):
        smtp = SMTPRecorder()
        controller = Controller(smtp, hostname="127.0.0.1", port=free_port())
        controller.start()
        try:
            real_mailhost(self.portal, controller.port)
            # links in mails start with the public address, here the test server
            api.portal.set_registry_record(
                "ikz.landespreis.delivery.public_url", self.portal.absolute_url()
            )
            transaction.commit()
            response = self.members_post({
                "fullname": "Dr. Jürgen Prüfer",
                "email": "pruefer@example.org",
                "organisation": "NRW.BANK",
                "invite_panels:list": ["kat-a"],
                "invite": "1",
            })
            self.assertEqual(response.status_code, 200)
            self.assertIn("per E-Mail eingeladen", text(response))
            user = api.user.get(userid="pruefer")
            self.assertIsNotNone(user)
            self.assertEqual(user.getProperty("fullname"), "Dr. Jürgen Prüfer")
            self.assertEqual(user.getProperty("home_organisation"), "NRW.BANK")
            self.assertIn("pruefer", membership.members(self.competition))
            self.assertIn("pruefer", membership.panels(self.competition)["kat-a"])
            self.assertTrue(confidentiality.pending(self.competition, "pruefer"))
            # the mail with Plone's reset link
            deadline = time.time() + 10
            while not smtp.messages and time.time() < deadline:
                time.sleep(0.05)
            rcpts, message = smtp.messages[0]
            self.assertEqual(set(rcpts), {"pruefer@example.org"})
            self.assertIn("Einladung in die Jury", message["Subject"])
            body = message.get_content()
            link = re.search(r"(http\S+/passwordreset/(\w+)\?userid=pruefer)", body)
            self.assertIsNotNone(link, body)
        finally:
            controller.stop()
        # the invitee sets a password through Plone's own reset form
        reset = requests.Session()
        page = reset.get(link.group(1), timeout=30)
        self.assertEqual(page.status_code, 200)
        form = {
            "userid": "pruefer",
            "password": "Geheim-2026-Jury!",
            "password2": "Geheim-2026-Jury!",
            "form.submitted": "1",
            "form.buttons.reset": "Passwort setzen",
        }
        token = re.search(r'name="_authenticator" value="([^"]+)"', page.text)
        if token:
            form["_authenticator"] = token.group(1)
        response = reset.post(page.url, data=form, timeout=30)
        self.assertEqual(response.status_code, 200)
        transaction.begin()
        juror = requests.Session()
        juror.auth = ("pruefer", "Geheim-2026-Jury!")
        # before the statement: no application, no title, the statement page
        page = juror.get(self.competition.absolute_url() + "/@@jury", timeout=30)
        self.assertEqual(page.status_code, 200)
        self.assertTrue(page.url.endswith("/@@vertraulichkeit"), page.url)
        self.assertNotIn("Projekt Eins", page.text)
        self.assertIn("vertraulich", text(page))
        self.assertNotIn("pruefer", dict(self.s1.get_local_roles()))
        response = juror.get(self.s1.absolute_url() + "/@@conflict", timeout=30)
        self.assertNotIn("Projekt Eins", response.text)
        self.assertFalse(response.url.endswith("/@@conflict"), response.url)
        # without ticking the box: a German message, nothing recorded
        response = juror.post(
            self.competition.absolute_url() + "/@@vertraulichkeit",
            data={"_authenticator": self.token(page)},
            timeout=30,
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("Bitte bestätigen Sie", text(response))
        transaction.begin()
        self.assertTrue(confidentiality.pending(self.competition, "pruefer"))
        response = juror.post(
            self.competition.absolute_url() + "/@@vertraulichkeit",
            data={"_authenticator": self.token(page), "accept": "1"},
            timeout=30,
        )
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.url.endswith("/@@jury"), response.url)
        self.assertIn("Projekt Eins", text(response))
        self.assertNotIn("Projekt Drei", text(response))
        transaction.begin()
        self.assertFalse(confidentiality.pending(self.competition, "pruefer"))
        found = audit.entries(self.competition, kind="jury.confidentiality")
        self.assertEqual([e["target"] for e in found], ["pruefer"])
        self.assertEqual(
            [e["target"] for e in audit.entries(self.competition, kind="jury.invited")],
            ["pruefer"],
        )
        # the gate opens now
        response = juror.get(self.s1.absolute_url() + "/@@conflict", timeout=30)
        self.assertEqual(response.status_code, 200)
        self.assertIn("Projekt Eins", response.text)

    def test_bad_invitations_change_nothing(self):
        before = len(api.user.get_users())
        for data, message in (
            ({"fullname": "", "email": "x@example.org"}, "vollständigen Namen"),
            ({"fullname": "X", "email": "keine-adresse"}, "gültige E-Mail"),
            (
                {"fullname": "Doppelt", "email": "juror1@example.org"},
                "bereits ein Konto",
            ),
        ):
            response = self.members_post(dict(data, invite="1"))
            self.assertEqual(response.status_code, 400, data)
            body = text(response)
            self.assertIn(message, body)
            self.assertNotIn("aktualisiert", body)
        self.assertEqual(len(api.user.get_users()), before)

    def test_unknown_user_one_clear_message(self):
        response = self.members_post({"user_id": "niemand", "add": "1"})
        self.assertEqual(response.status_code, 400)
        body = text(response)
        self.assertIn("Es gibt kein Konto „niemand“", body)
        self.assertNotIn("aktualisiert", body)
        self.assertNotIn("niemand", membership.members(self.competition))

    def test_juror_cannot_invite(self):
        self.assert_denied(
            self.competition.absolute_url() + "/@@jury-members", "juror1"
        )
        response = requests.post(
            self.competition.absolute_url() + "/@@jury-members",
            data={"fullname": "X", "email": "x@example.org", "invite": "1"},
            auth=("juror1", PASSWORD),
            timeout=30,
            allow_redirects=False,
        )
        self.assertIn(response.status_code, (302, 401, 403))
        transaction.begin()
        self.assertIsNone(api.user.get(userid="x"))


class TestArchive(InviteTestCase):
    def test_archive_ends_jury_access(self):
        self.declare(self.s1, "juror1")
        self.assertIn("juror1", dict(self.s1.get_local_roles()))
        url = self.competition.absolute_url() + "/@@jury"
        self.assertEqual(self.get(url, "juror1").status_code, 200)
        # the results are out (set directly: signing both categories is
        # tested elsewhere); the office archives the competition
        from DateTime import DateTime

        wf = api.portal.get_tool("portal_workflow")
        status = dict(wf.getStatusOf("ikz_competition_workflow", self.competition))
        status.update(review_state="results_published", time=DateTime())
        wf.setStatusOf("ikz_competition_workflow", self.competition, status)
        wf.getWorkflowById("ikz_competition_workflow").updateRoleMappingsFor(
            self.competition
        )
        api.content.transition(self.competition, transition="archive")
        transaction.commit()
        self.assertEqual(api.content.get_state(self.competition), "archived")
        self.assertNotIn("juror1", dict(self.s1.get_local_roles()))
        self.assert_denied(url, "juror1")
        self.assert_denied(url, "chair")
        self.assert_denied(self.s1.absolute_url(), "juror1")
        self.assertTrue(audit.entries(self.competition, kind="jury.closed"))
