"""A real Zope instance with the demo site, as `make start` builds it:
scripts/mkinstance.py renders the instance, scripts/create_site.py creates
the site, runwsgi serves it."""

from plone.testing import Layer
from tests.base import free_port

import os
import pathlib
import requests
import shutil
import signal
import subprocess
import sys
import tempfile
import time


REPO = pathlib.Path(__file__).resolve().parent.parent
BIN = pathlib.Path(sys.executable).parent


class ServedSite(Layer):
    """A layer with a real instance of its own (one per layer object)."""

    defaultBases = ()
    admin_password = "geheim-admin"

    def __init__(self, *args, extra_env=None, **kw):
        super().__init__(*args, **kw)
        #: more environment for create_site.py and the server (e.g. DEMO=off)
        self.extra_env = dict(extra_env or {})

    def setUp(self):
        self.tmp = pathlib.Path(tempfile.mkdtemp(prefix="ikz-site-"))
        self.port = free_port()
        self.instance = self.tmp / "instance"
        self.env = dict(
            os.environ,
            SITE_ID="landespreis",
            ADMIN_PASSWORD=self.admin_password,
            SMTP_HOST="127.0.0.1",
            SMTP_PORT=str(getattr(self, "smtp_port", 2525)),
            # one client posts many applications (ratelimit.py)
            IKZ_POST_LIMIT="0",
            IKZ_REQUEST_LIMIT="0",
            IKZ_MAIL_LIMIT="0",
        )
        self.env.update(self.extra_env)
        self.make_instance()
        self.first = self.create_site()
        self.second = self.create_site()
        self.log = open(self.tmp / "server.log", "wb")  # noqa: SIM115 - open for the server process lifetime
        self.server = subprocess.Popen(
            [str(BIN / "runwsgi"), str(self.instance / "etc" / "zope.ini")],
            stdout=self.log,
            stderr=subprocess.STDOUT,
            env=self.env,
            start_new_session=True,
        )
        self.base = f"http://127.0.0.1:{self.port}/landespreis"
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                # the first page compiles its templates: slow on a busy machine
                requests.get(self.base, timeout=30)
                break
            except (requests.ConnectionError, requests.Timeout):
                if self.server.poll() is not None:
                    break
                time.sleep(0.5)

    def make_instance(self):
        """scripts/mkinstance.py: an instance in ``self.instance`` serving
        on ``self.port``, configured from ``self.env``."""
        subprocess.run(
            [
                sys.executable,
                str(REPO / "scripts" / "mkinstance.py"),
                "--dir",
                str(self.instance),
                "--port",
                str(self.port),
            ],
            check=True,
            capture_output=True,
            env=self.env,
        )

    def create_site(self):
        result = subprocess.run(
            [
                str(BIN / "zconsole"),
                "run",
                str(self.instance / "etc" / "zope.conf"),
                str(REPO / "scripts" / "create_site.py"),
            ],
            capture_output=True,
            text=True,
            env=self.env,
            timeout=600,
        )
        if result.returncode:
            raise AssertionError(result.stdout + result.stderr)
        return result.stdout

    def tearDown(self):
        os.killpg(self.server.pid, signal.SIGTERM)
        self.server.wait(timeout=30)
        self.log.close()
        shutil.rmtree(self.tmp, ignore_errors=True)
