"""Escalation through the application form (issue: security proof).

An Editor may change the form's questions, but must not be able to put code
that runs with more rights into it: a custom script with a proxy role, or
TALES run by whoever views the form.
"""

from ikz.landespreis.intake.clock import FixedClock
from ikz.landespreis.intake.clock import IClock
from ikz.landespreis.testing import IKZ_LANDESPREIS_FUNCTIONAL_TESTING
from ikz.landespreis.testing import IKZ_LANDESPREIS_INTEGRATION_TESTING
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from tests.base import add_user
from tests.base import END
from tests.base import INSIDE
from tests.base import make_competition
from tests.base import PASSWORD
from tests.base import START
from tests.base import valid_values
from tests.browser import Browser
from zope.component import getGlobalSiteManager

import re
import requests
import transaction
import unittest


EVIL_ACTIONS = """<?xml version="1.0" encoding="utf-8"?>
<model xmlns="http://namespaces.plone.org/supermodel/schema"
       xmlns:easyform="http://namespaces.plone.org/supermodel/easyform">
  <schema>
    <field name="pwn" type="collective.easyform.actions.CustomScript"
           easyform:execCondition="">
      <title>pwn</title>
      <ProxyRole>Manager</ProxyRole>
      <ScriptBody>context.portal_url.getPortalObject().invokeFactory("Document", "pwned")
return None</ScriptBody>
      <required>True</required>
    </field>
  </schema>
</model>
"""


class TestFormEscalation(unittest.TestCase):
    layer = IKZ_LANDESPREIS_FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        getGlobalSiteManager().registerUtility(FixedClock(INSIDE), IClock)
        self.competition = c = make_competition(
            self.portal, submission_start=START, submission_end=END
        )
        for t in ("announce", "open"):
            api.content.transition(c, transition=t)
        add_user("editor")
        api.user.grant_roles(
            username="editor", obj=c, roles=["Editor", "Reviewer", "Contributor"]
        )
        transaction.commit()
        self.form = c["bewerbung"]

    def tearDown(self):
        getGlobalSiteManager().unregisterUtility(provided=IClock)

    def pwned(self):
        transaction.begin()
        return "pwned" in self.portal

    def test_rest_patch_of_models_refused(self):
        before = (self.form.fields_model, self.form.actions_model)
        for field in ("actions_model", "fields_model"):
            # plone.restapi skips fields the user may not write
            requests.patch(
                self.form.absolute_url(),
                json={field: EVIL_ACTIONS},
                headers={"Accept": "application/json"},
                auth=("editor", PASSWORD),
                timeout=30,
            )
        transaction.begin()
        self.assertEqual((self.form.fields_model, self.form.actions_model), before)
        self.assertNotIn("pwn", self.form.actions_model)
        Browser().submit_application(self.form.absolute_url(), valid_values())
        self.assertFalse(self.pwned())

    def test_model_editor_refused(self):
        session = requests.Session()
        session.auth = ("editor", PASSWORD)
        page = session.get(
            self.form.absolute_url() + "/actions/@@modeleditor", allow_redirects=False
        )
        self.assertNotEqual(page.status_code, 200)
        token_page = session.get(self.competition.absolute_url() + "/@@jury-members")
        token = re.search(r'name="_authenticator" value="([^"]+)"', token_page.text)
        response = session.post(
            self.form.absolute_url() + "/actions/@@modeleditor",
            data={
                "form.button.save": "1",
                "source": EVIL_ACTIONS,
                "_authenticator": token.group(1) if token else "",
            },
            allow_redirects=False,
        )
        self.assertNotEqual(response.status_code, 200)
        transaction.begin()
        self.assertNotIn("pwn", self.form.actions_model)

    def test_editor_still_edits_questions(self):
        # the field editor (what editors use to change labels) stays open
        session = requests.Session()
        session.auth = ("editor", PASSWORD)
        response = session.get(self.form.absolute_url() + "/fields/title")
        self.assertEqual(response.status_code, 200)
        response = requests.patch(
            self.form.absolute_url(),
            json={"formPrologue": "<p>Neu</p>"},
            headers={"Accept": "application/json"},
            auth=("editor", PASSWORD),
            timeout=30,
        )
        self.assertLess(response.status_code, 300, response.text)

    def test_site_administrator_may_edit_models(self):
        add_user("siteadmin", roles=["Site Administrator"])
        transaction.commit()
        response = requests.patch(
            self.form.absolute_url(),
            json={"formEpilogue": "<p>x</p>", "fields_model": self.form.fields_model},
            headers={"Accept": "application/json"},
            auth=("siteadmin", PASSWORD),
            timeout=30,
        )
        self.assertLess(response.status_code, 300, response.text)


class TestSubmissionActionPermission(unittest.TestCase):
    """The action that turns posts into applications has its own add
    permission (Manager, Site Administrator), not the jury's."""

    layer = IKZ_LANDESPREIS_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.competition = make_competition(self.portal)
        self.form = self.competition["bewerbung"]

    def available(self, *roles):
        from collective.easyform.interfaces import IActionFactory
        from zope.component import getUtility

        factory = getUtility(
            IActionFactory, name="ikz.landespreis.intake.action.CreateSubmission"
        )
        setRoles(self.portal, TEST_USER_ID, list(roles))
        return factory.available(self.form)

    def test_only_site_administrators_add_the_action(self):
        self.assertEqual(factory_permission(), "ikz.landespreis.AddSubmissionAction")
        self.assertTrue(self.available("Manager"))
        self.assertTrue(self.available("Site Administrator"))
        for role in ("Editor", "Reviewer", "Contributor", "Juror", "Jury Chair"):
            with self.subTest(role=role):
                self.assertFalse(self.available("Member", role))


def factory_permission():
    from ikz.landespreis.intake.action import CreateSubmissionAction

    return CreateSubmissionAction.permission
