from ikz.landespreis.interfaces import IIkzLandespreisLayer
from ikz.landespreis.testing import IKZ_LANDESPREIS_INTEGRATION_TESTING
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.browserlayer import utils as browserlayer_utils
from tests.base import PROFILE_VERSION

import unittest


class TestInstall(unittest.TestCase):
    layer = IKZ_LANDESPREIS_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]

    def test_product_installed(self):
        from Products.CMFPlone.utils import get_installer

        installer = get_installer(self.portal, self.layer["request"])
        self.assertTrue(installer.is_product_installed("ikz.landespreis"))
        self.assertEqual(
            api.portal.get_tool("portal_setup").getLastVersionForProfile(
                "ikz.landespreis:default"
            ),
            (PROFILE_VERSION,),
        )

    def test_mailhost_queues(self):
        """Every mail goes through the queue (ikz.landespreis.mail), also
        after the upgrade step on a site that had Plone's MailHost."""
        from Acquisition import aq_base
        from ikz.landespreis.mail import QueuedMailHost
        from ikz.landespreis.upgrades.mail import install_mailhost
        from Products.MailHost.interfaces import IMailHost
        from Products.MailHost.MailHost import MailHost
        from zope.component import getUtility

        self.assertIsInstance(self.portal.MailHost, QueuedMailHost)
        self.portal._delObject("MailHost")
        self.portal._setObject("MailHost", MailHost("MailHost"))
        self.portal.MailHost.smtp_port = 2525
        install_mailhost(self.portal.portal_setup)
        self.assertIsInstance(self.portal.MailHost, QueuedMailHost)
        self.assertEqual(self.portal.MailHost.smtp_port, 2525)
        self.assertIs(aq_base(getUtility(IMailHost)), aq_base(self.portal.MailHost))

    def test_delivery_control_panel(self):
        from zope.interface import alsoProvides

        request = self.layer["request"]
        alsoProvides(request, IIkzLandespreisLayer)
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        page = self.portal.restrictedTraverse("@@landespreis-delivery")()
        for name in (
            "public_url",
            "post_limit",
            "request_limit",
            "mail_limit",
            "trusted_proxies",
        ):
            self.assertIn(f'name="form.widgets.{name}', page)
        configlets = [
            a.getId() for a in api.portal.get_tool("portal_controlpanel").listActions()
        ]
        self.assertIn("landespreis-delivery", configlets)

    def test_dependencies_installed(self):
        from Products.CMFPlone.utils import get_installer

        installer = get_installer(self.portal, self.layer["request"])
        for product in ("plone.restapi", "collective.easyform"):
            self.assertTrue(installer.is_product_installed(product), product)

    def test_browserlayer(self):
        self.assertIn(IIkzLandespreisLayer, browserlayer_utils.registered_layers())

    def test_roles(self):
        roles = self.portal.valid_roles()
        self.assertIn("Juror", roles)
        self.assertIn("Jury Chair", roles)

    def test_jury_roles_not_on_sharing_tab(self):
        """Juror and Jury Chair come only from the jury's records."""
        from plone.app.workflow.interfaces import ISharingPageRole
        from zope.component import getUtilitiesFor

        names = {name for name, _utility in getUtilitiesFor(ISharingPageRole)}
        self.assertIn("Editor", names)
        self.assertFalse({"Juror", "Jury Chair", "Jury Member"} & names)

    def test_catalog_indexes(self):
        catalog = api.portal.get_tool("portal_catalog")
        for name in (
            "submission_reference",
            "submission_category",
            "competition_uid",
            "lead_municipality",
        ):
            self.assertIn(name, catalog.indexes())
            self.assertIn(name, catalog.schema())

    def test_workflow_chains(self):
        wf = api.portal.get_tool("portal_workflow")
        self.assertEqual(
            wf.getChainForPortalType("Competition"), ("ikz_competition_workflow",)
        )
        self.assertEqual(
            wf.getChainForPortalType("Submission"), ("ikz_submission_workflow",)
        )
        self.assertEqual(wf.getChainForPortalType("Category"), ())


class TestUpgrade1005(unittest.TestCase):
    """The upgrade to 1005 on a site that had neither the login throttle
    nor the EasyForm type without plone.allowdiscussion."""

    layer = IKZ_LANDESPREIS_INTEGRATION_TESTING

    def test_upgrade(self):
        from ikz.landespreis.accounts import throttle
        from ikz.landespreis.upgrades import v1005
        from Products.PluggableAuthService.interfaces.plugins import (
            IAuthenticationPlugin,
        )

        portal = self.layer["portal"]
        setRoles(portal, TEST_USER_ID, ["Manager"])
        throttle.uninstall(portal)
        fti = portal.portal_types["EasyForm"]
        fti.behaviors = (*fti.behaviors, "plone.allowdiscussion")
        setup = api.portal.get_tool("portal_setup")
        v1005.harden_web(setup)
        v1005.reindex_searchable_text(setup)
        plugins = portal.acl_users.plugins
        active = [p for p, _ in plugins.listPlugins(IAuthenticationPlugin)]
        self.assertEqual(active[0], throttle.PLUGIN_ID)
        self.assertNotIn("source_users", active)
        self.assertNotIn("plone.allowdiscussion", fti.behaviors)
        # running it again changes nothing
        v1005.harden_web(setup)
        self.assertEqual(
            [p for p, _ in plugins.listPlugins(IAuthenticationPlugin)], active
        )


class TestUninstall(unittest.TestCase):
    layer = IKZ_LANDESPREIS_INTEGRATION_TESTING

    def setUp(self):
        from Products.CMFPlone.utils import get_installer

        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        self.installer = get_installer(self.portal, self.layer["request"])
        self.portal.MailHost.smtp_host = "mail.example.org"
        self.installer.uninstall_product("ikz.landespreis")

    def test_product_uninstalled(self):
        self.assertFalse(self.installer.is_product_installed("ikz.landespreis"))

    def test_browserlayer_removed(self):
        self.assertNotIn(IIkzLandespreisLayer, browserlayer_utils.registered_layers())

    def test_types_workflows_indexes_roles_removed(self):
        types = api.portal.get_tool("portal_types")
        for name in ("Competition", "Category", "Submission"):
            self.assertNotIn(name, types.objectIds())
        wf = api.portal.get_tool("portal_workflow")
        self.assertNotIn("ikz_competition_workflow", wf.objectIds())
        self.assertNotIn("ikz_submission_workflow", wf.objectIds())
        catalog = api.portal.get_tool("portal_catalog")
        self.assertNotIn("submission_reference", catalog.indexes())
        self.assertNotIn("submission_reference", catalog.schema())
        self.assertNotIn("Juror", self.portal.valid_roles())
        self.assertNotIn("Jury Chair", self.portal.valid_roles())

    def test_login_throttle_removed(self):
        from Products.PluggableAuthService.interfaces.plugins import (
            IAuthenticationPlugin,
        )

        self.assertNotIn("ikz_login_throttle", self.portal.acl_users.objectIds())
        plugins = self.portal.acl_users.plugins
        active = [p for p, _ in plugins.listPlugins(IAuthenticationPlugin)]
        self.assertIn("source_users", active)

    def test_plain_mailhost_with_its_settings(self):
        from Acquisition import aq_base
        from Products.MailHost.MailHost import MailHost

        mailhost = aq_base(self.portal.MailHost)
        self.assertIs(type(mailhost), MailHost)
        self.assertIs(aq_base(api.portal.get_tool("MailHost")), mailhost)
        self.assertEqual(mailhost.smtp_host, "mail.example.org")

    def test_site_still_works(self):
        page = api.content.create(
            container=self.portal, type="Document", id="seite", title="Seite"
        )
        self.assertIn("Seite", page())
        self.assertTrue(self.portal())


class TestUpgrade1001(unittest.TestCase):
    """1000 -> 1001: a site whose workflows do not manage the phase rules
    yet gets them, and existing competitions their role mappings."""

    layer = IKZ_LANDESPREIS_INTEGRATION_TESTING

    def test_upgrade_imports_workflows_and_updates_role_mappings(self):
        from tests.base import make_competition

        portal = self.layer["portal"]
        setRoles(portal, TEST_USER_ID, ["Manager"])
        competition = make_competition(portal)
        sign = "ikz.landespreis: Sign Jury Decision"
        wf = api.portal.get_tool("portal_workflow")["ikz_competition_workflow"]
        # as on a site at 1000: the workflow does not manage signing and the
        # competition (in preparation) inherits the site's mapping
        wf.permissions = tuple(p for p in wf.permissions if p != sign)
        competition.manage_permission(sign, roles=["Jury Chair"], acquire=True)
        setup = api.portal.get_tool("portal_setup")
        setup.setLastVersionForProfile("ikz.landespreis:default", "1000")
        self.assertIn(
            "Jury Chair",
            [r["name"] for r in competition.rolesOfPermission(sign) if r["selected"]],
        )
        setup.upgradeProfile("ikz.landespreis:default")
        self.assertEqual(
            setup.getLastVersionForProfile("ikz.landespreis:default"),
            (PROFILE_VERSION,),
        )
        self.assertIn(sign, wf.permissions)
        self.assertEqual(
            [r["name"] for r in competition.rolesOfPermission(sign) if r["selected"]],
            [],
        )
        self.assertFalse(competition.acquiredRolesAreUsedBy(sign))


class TestUpgrade1040(unittest.TestCase):
    """The competitions' mail index takes the mails logged before it."""

    layer = IKZ_LANDESPREIS_INTEGRATION_TESTING

    def test_index_from_the_applications_logs(self):
        from datetime import datetime
        from ikz.landespreis import mail
        from ikz.landespreis.office import release
        from persistent.list import PersistentList
        from persistent.mapping import PersistentMapping
        from tests.base import make_competition
        from tests.base import make_submission
        from zope.annotation.interfaces import IAnnotations

        portal = self.layer["portal"]
        competition = make_competition(portal)
        submission = make_submission(competition["kat-a"])
        api.content.transition(submission, transition="reject", comment="Zu spät.")
        # as on a site at 1008: the rejection was mailed, logged on the
        # application only
        IAnnotations(submission)[mail.LOG_KEY] = PersistentList([
            PersistentMapping(
                id="old",
                kind="rejection",
                to="erika@example.org",
                time=datetime(2026, 3, 1, 12, 0),
                state="sent",
                reason="",
            )
        ])
        self.assertEqual(len(release.pending(competition, "rejection")), 1)
        setup = api.portal.get_tool("portal_setup")
        setup.setLastVersionForProfile("ikz.landespreis:default", "1008")
        setup.upgradeProfile("ikz.landespreis:default")
        self.assertEqual(
            setup.getLastVersionForProfile("ikz.landespreis:default"),
            (PROFILE_VERSION,),
        )
        (entry,) = mail.competition_log(competition)
        self.assertEqual((entry["id"], entry["reference"]), ("old", "LP26-KA-0001"))
        # released before: not offered again
        self.assertEqual(release.pending(competition, "rejection"), [])
        from ikz.landespreis.upgrades.mail import index_mail_logs

        index_mail_logs(setup)  # again: nothing doubles
        self.assertEqual(len(mail.competition_log(competition)), 1)


class TestUpgrade1054(unittest.TestCase):
    """A receipt text the office saved says ``${pdf}`` instead of the fixed
    sentence that the copy is attached (it is attached only for a proven
    address now)."""

    layer = IKZ_LANDESPREIS_INTEGRATION_TESTING

    def test_saved_receipt_gets_the_placeholder(self):
        from ikz.landespreis import mailtemplates
        from ikz.landespreis.intake.mails import PDF_ATTACHED
        from tests.base import make_competition

        portal = self.layer["portal"]
        competition = make_competition(portal)
        other = make_competition(portal, "andere")
        old = f"Guten Tag,\n\n{PDF_ATTACHED}\n\n${{link}}\n"
        mailtemplates.save(competition, "receipt", "Eingang ${reference}", old)
        mailtemplates.save(other, "receipt", "Eingang", "Eigener Text ohne Satz.")
        setup = api.portal.get_tool("portal_setup")
        setup.setLastVersionForProfile("ikz.landespreis:default", "1050")
        setup.upgradeProfile("ikz.landespreis:default")
        self.assertEqual(
            setup.getLastVersionForProfile("ikz.landespreis:default"),
            (PROFILE_VERSION,),
        )
        receipt = mailtemplates.get(competition, "receipt")
        self.assertEqual(receipt["body"], "Guten Tag,\n\n${pdf}\n\n${link}\n")
        self.assertEqual(receipt["subject"], "Eingang ${reference}")
        self.assertEqual(
            mailtemplates.get(other, "receipt")["body"], "Eigener Text ohne Satz.\n"
        )


class TestUpgrade1051(unittest.TestCase):
    """The ledger learns the conflicts recorded before it kept them."""

    layer = IKZ_LANDESPREIS_INTEGRATION_TESTING

    def test_conflicts_into_the_ledger(self):
        from ikz.landespreis import ledger
        from ikz.landespreis.jury import conflicts
        from tests.base import make_competition
        from tests.base import make_submission
        from zope.annotation.interfaces import IAnnotations

        competition = make_competition(self.layer["portal"])
        submission = make_submission(competition["kat-a"])
        conflicts.declare(submission, "anna", True, "Beraterin")
        conflicts.declare(submission, "bert", False)
        IAnnotations(competition).pop(ledger.BLOCKED, None)
        uid = submission.UID()
        self.assertEqual(ledger.blocked_among(competition, "anna", [uid]), set())
        setup = api.portal.get_tool("portal_setup")
        setup.setLastVersionForProfile("ikz.landespreis:default", "1050")
        setup.upgradeProfile("ikz.landespreis:default")
        self.assertEqual(
            setup.getLastVersionForProfile("ikz.landespreis:default"),
            (PROFILE_VERSION,),
        )
        self.assertEqual(ledger.blocked_among(competition, "anna", [uid]), {uid})
        self.assertEqual(ledger.blocked_among(competition, "bert", [uid]), set())
