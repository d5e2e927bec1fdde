"""A real Zope instance with the demo site, as `make start` builds it:
scripts/mkinstance.py renders the instance, scripts/create_site.py creates
the site, runwsgi serves it."""

import os
import pathlib
import requests
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time


REPO = pathlib.Path(__file__).resolve().parent.parent
BIN = pathlib.Path(sys.executable).parent


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServedSite:
    """A zope.testrunner layer (class-level setUp/tearDown); subclass it
    with its own ``__name__`` for an instance of its own."""

    __bases__ = ()
    admin_password = "geheim-admin"

    @classmethod
    def setUp(cls):
        cls.tmp = pathlib.Path(tempfile.mkdtemp(prefix="ikz-site-"))
        cls.port = free_port()
        cls.instance = cls.tmp / "instance"
        cls.env = dict(
            os.environ,
            SITE_ID="landespreis",
            ADMIN_PASSWORD=cls.admin_password,
            SMTP_HOST="127.0.0.1",
            SMTP_PORT=str(getattr(cls, "smtp_port", 2525)),
        )
        subprocess.run(
            [sys.executable, str(REPO / "scripts" / "mkinstance.py"),
             "--dir", str(cls.instance), "--port", str(cls.port)],
            check=True, capture_output=True, env=cls.env,
        )
        cls.first = cls.create_site()
        cls.second = cls.create_site()
        cls.log = open(cls.tmp / "server.log", "wb")
        cls.server = subprocess.Popen(
            [str(BIN / "runwsgi"), str(cls.instance / "etc" / "zope.ini")],
            stdout=cls.log, stderr=subprocess.STDOUT, env=cls.env,
            start_new_session=True,
        )
        cls.base = f"http://127.0.0.1:{cls.port}/landespreis"
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                requests.get(cls.base, timeout=5)
                break
            except requests.ConnectionError:
                if cls.server.poll() is not None:
                    break
                time.sleep(0.5)

    @classmethod
    def create_site(cls):
        result = subprocess.run(
            [str(BIN / "zconsole"), "run", str(cls.instance / "etc" / "zope.conf"),
             str(REPO / "scripts" / "create_site.py")],
            capture_output=True, text=True, env=cls.env, timeout=600,
        )
        if result.returncode:
            raise AssertionError(result.stdout + result.stderr)
        return result.stdout

    @classmethod
    def tearDown(cls):
        os.killpg(cls.server.pid, signal.SIGTERM)
        cls.server.wait(timeout=30)
        cls.log.close()
        shutil.rmtree(cls.tmp, ignore_errors=True)
