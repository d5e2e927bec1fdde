"""scripts/mkinstance.py renders Zope's ``trusted-proxy`` from
``IKZ_TRUSTED_PROXIES``: the rate limits read that variable, the login
throttle Zope's own setting; behind HAProxy without it every visitor would
share the proxy's address (and 50 bad attempts would lock every login)."""

from tests.served import REPO

import importlib.util
import os
import pathlib
import shutil
import tempfile
import unittest


def mkinstance():
    spec = importlib.util.spec_from_file_location(
        "mkinstance", REPO / "scripts" / "mkinstance.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class TestTrustedProxy(unittest.TestCase):
    def setUp(self):
        self.tmp = pathlib.Path(tempfile.mkdtemp(prefix="ikz-mkinstance-"))
        self.addCleanup(shutil.rmtree, self.tmp, True)
        self.module = mkinstance()

    def zope_conf(self, environ):
        old = os.environ.get("IKZ_TRUSTED_PROXIES")
        os.environ.pop("IKZ_TRUSTED_PROXIES", None)
        os.environ.update(environ)
        try:
            instance = self.module.make_instance(self.tmp / "instance")
        finally:
            os.environ.pop("IKZ_TRUSTED_PROXIES", None)
            if old is not None:
                os.environ["IKZ_TRUSTED_PROXIES"] = old
        return instance / "etc" / "zope.conf"

    def parsed(self, path):
        """The configuration as Zope reads it at start."""
        from Zope2.Startup.options import ZopeWSGIOptions

        options = ZopeWSGIOptions(str(path))
        options.load_schema()
        options.load_configfile()
        return options.configroot

    def test_rendered_from_the_environment(self):
        conf = self.zope_conf({"IKZ_TRUSTED_PROXIES": "127.0.0.1, 10.0.0.5"})
        text = conf.read_text()
        self.assertIn("trusted-proxy 127.0.0.1\ntrusted-proxy 10.0.0.5\n", text)
        self.assertEqual(
            list(self.parsed(conf).trusted_proxies), ["127.0.0.1", "10.0.0.5"]
        )

    def test_none_without_the_variable_and_no_networks(self):
        conf = self.zope_conf({})
        self.assertNotIn("\ntrusted-proxy", conf.read_text())
        self.assertFalse(self.parsed(conf).trusted_proxies)
        # Zope takes single addresses only: a network is left out, not fatal
        conf = self.zope_conf({"IKZ_TRUSTED_PROXIES": "10.0.0.0/8,proxy.intern"})
        self.assertNotIn("10.0.0.0/8", conf.read_text())
        self.assertEqual(list(self.parsed(conf).trusted_proxies), ["proxy.intern"])
