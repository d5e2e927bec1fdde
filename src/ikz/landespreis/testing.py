"""plone.app.testing layers of ikz.landespreis."""

from plone.app.contenttypes.testing import PLONE_APP_CONTENTTYPES_FIXTURE
from plone.app.testing import applyProfile
from plone.app.testing import FunctionalTesting
from plone.app.testing import IntegrationTesting
from plone.app.testing import PloneSandboxLayer
from plone.testing import Layer
from plone.testing import zope as zope_testing

import os


# Compile the German catalog when Zope reads it (as the instances do).
os.environ.setdefault("zope_i18n_compile_mo_files", "true")


# as in etc/zope.conf.in: max-conflict-retries
MAX_CONFLICT_RETRIES = 6


class ConflictRetriesLayer(Layer):
    """The test WSGI server retries conflicting requests as our instances do."""

    def setUp(self):
        from ZPublisher.HTTPRequest import HTTPRequest

        self._retries = HTTPRequest.retry_max_count
        HTTPRequest.retry_max_count = MAX_CONFLICT_RETRIES

    def tearDown(self):
        from ZPublisher.HTTPRequest import HTTPRequest

        HTTPRequest.retry_max_count = self._retries

    def testSetUp(self):
        # the login throttle's counts of unknown logins live in the
        # process' memory: each test starts without them, as with the
        # throttle's records in the test's own database
        from ikz.landespreis.accounts.throttle import MEMORY

        MEMORY.clear()


CONFLICT_RETRIES = ConflictRetriesLayer(
    bases=(zope_testing.WSGI_SERVER_FIXTURE,), name="ConflictRetries"
)


class LandespreisLayer(PloneSandboxLayer):
    defaultBases = (PLONE_APP_CONTENTTYPES_FIXTURE,)

    def setUpZope(self, app, configurationContext):
        import collective.easyform
        import collective.z3cform.datagridfield
        import ikz.landespreis
        import plone.distribution
        import plone.restapi

        self.loadZCML(package=plone.restapi)
        self.loadZCML(package=collective.easyform)
        self.loadZCML(package=collective.z3cform.datagridfield)
        self.loadZCML(package=plone.distribution)
        self.loadZCML(package=ikz.landespreis)
        # an instance loads overrides.zcml through Plone's
        # autoIncludePluginsOverrides (our z3c.autoinclude entry point);
        # plone.app.testing switches autoinclude off, so the layer does it
        from zope.configuration import xmlconfig

        xmlconfig.includeOverrides(
            configurationContext, "overrides.zcml", package=ikz.landespreis
        )
        configurationContext.execute_actions()
        zope_testing.installProduct(app, "plone.restapi")

    def setUpPloneSite(self, portal):
        applyProfile(portal, "ikz.landespreis:default")
        # the tests post from one address, as load tests do; the tests of
        # the limits switch them on (tests/test_mail.py)
        from plone import api

        for name in ("post_limit", "request_limit", "mail_limit"):
            api.portal.set_registry_record(f"ikz.landespreis.delivery.{name}", 0)


IKZ_LANDESPREIS_FIXTURE = LandespreisLayer()


class DemoLayer(PloneSandboxLayer):
    """The add-on plus the demo edition and accounts."""

    defaultBases = (IKZ_LANDESPREIS_FIXTURE,)

    def setUpPloneSite(self, portal):
        from ikz.landespreis.demo import create_demo_content

        portal.portal_workflow.setDefaultChain("simple_publication_workflow")
        create_demo_content(portal)


IKZ_DEMO_FIXTURE = DemoLayer()

IKZ_LANDESPREIS_INTEGRATION_TESTING = IntegrationTesting(
    bases=(IKZ_LANDESPREIS_FIXTURE,), name="Landespreis:Integration"
)
IKZ_LANDESPREIS_FUNCTIONAL_TESTING = FunctionalTesting(
    bases=(IKZ_LANDESPREIS_FIXTURE, CONFLICT_RETRIES),
    name="Landespreis:Functional",
)
IKZ_DEMO_INTEGRATION_TESTING = IntegrationTesting(
    bases=(IKZ_DEMO_FIXTURE,), name="LandespreisDemo:Integration"
)
IKZ_DEMO_FUNCTIONAL_TESTING = FunctionalTesting(
    bases=(IKZ_DEMO_FIXTURE, CONFLICT_RETRIES),
    name="LandespreisDemo:Functional",
)
