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


class TestConnectionLimit(unittest.TestCase):
    """waitress stops accepting at ``connection_limit`` open connections
    (its default is 100): each applicant's browser keeps one open between
    the autosaves of a draft, so the hundred-and-first waited unanswered."""

    def setUp(self):
        self.tmp = pathlib.Path(tempfile.mkdtemp(prefix="ikz-mkinstance-"))
        self.addCleanup(shutil.rmtree, self.tmp, True)
        self.module = mkinstance()
        self.old = os.environ.pop("IKZ_CONNECTION_LIMIT", None)
        self.addCleanup(self.restore)

    def restore(self):
        os.environ.pop("IKZ_CONNECTION_LIMIT", None)
        if self.old is not None:
            os.environ["IKZ_CONNECTION_LIMIT"] = self.old

    def server_settings(self, **kw):
        import configparser

        instance = self.module.make_instance(self.tmp / "instance", **kw)
        parser = configparser.ConfigParser(interpolation=None)
        parser.read(instance / "etc" / "zope.ini")
        return parser["server:main"]

    def test_default_and_setting(self):
        settings = self.server_settings()
        self.assertEqual(settings["connection_limit"], "1000")
        self.assertEqual(settings["asyncore_use_poll"], "true")
        os.environ["IKZ_CONNECTION_LIMIT"] = "2500"
        self.assertEqual(self.server_settings()["connection_limit"], "2500")
        self.assertEqual(
            self.server_settings(connection_limit=300)["connection_limit"], "300"
        )

    def test_waitress_takes_the_settings(self):
        from waitress.adjustments import Adjustments

        settings = self.server_settings()
        adjusted = Adjustments(
            connection_limit=settings["connection_limit"],
            asyncore_use_poll=settings["asyncore_use_poll"],
        )
        self.assertEqual(adjusted.connection_limit, 1000)
        self.assertTrue(adjusted.asyncore_use_poll)


class TestOpenFiles(unittest.TestCase):
    """``wsgi.enough_files`` raises the soft limit of open files so that
    the connections fit (in a process of its own: the limit is the
    process's)."""

    def run_with_limits(self, soft, hard, connections):
        import subprocess
        import sys

        code = (
            "import resource, sys\n"
            f"resource.setrlimit(resource.RLIMIT_NOFILE, ({soft}, {hard}))\n"
            "from ikz.landespreis.wsgi import enough_files\n"
            f"print(enough_files({connections}))\n"
            "print(resource.getrlimit(resource.RLIMIT_NOFILE)[0])\n"
        )
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        return [int(line) for line in result.stdout.split()], result.stderr

    def test_raised_up_to_the_hard_limit(self):
        import resource

        _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        if hard != resource.RLIM_INFINITY and hard < 1256:
            self.skipTest(f"hard limit of open files {hard}")
        (returned, now), _err = self.run_with_limits(300, hard, 1000)
        self.assertEqual(returned, 1256)
        self.assertEqual(now, 1256)

    def test_warns_when_the_hard_limit_is_lower(self):
        (returned, now), err = self.run_with_limits(300, 400, 1000)
        self.assertEqual((returned, now), (400, 400))
        self.assertIn("IKZ_CONNECTION_LIMIT", err)

    def test_left_alone_when_enough(self):
        import resource

        _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        if hard != resource.RLIM_INFINITY and hard < 5000:
            self.skipTest(f"hard limit of open files {hard}")
        (returned, now), err = self.run_with_limits(5000, hard, 1000)
        self.assertEqual((returned, now), (5000, 5000))
        self.assertEqual(err, "")
