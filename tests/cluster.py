"""Clusters for the scale-out tests: a ZEO server with two Zope instances
(and, in a later step, RelStorage on PostgreSQL)."""

from plone.testing import Layer
from tests.served import BIN
from tests.served import free_port
from tests.served import REPO

import json
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


def wait_for_port(port, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise AssertionError(f"nothing listens on {port}")


class ZEOCluster(Layer):
    """A ZEO server and two instances sharing it (blobs in the server's
    directory, shared)."""

    defaultBases = ()
    instances = 2

    def setUp(self):
        self.tmp = pathlib.Path(tempfile.mkdtemp(prefix="ikz-zeo-"))
        self.zeo_port = free_port()
        self.zeo_dir = self.tmp / "zeo"
        self.env = dict(os.environ, SITE_ID="landespreis", ADMIN_PASSWORD="admin")
        self.run([sys.executable, str(REPO / "scripts" / "mkinstance.py"),
                  "--zeo-server", str(self.zeo_dir), "--zeo-address", f"127.0.0.1:{self.zeo_port}"])
        self.zeo = self.spawn([str(BIN / "runzeo"), "-C", str(self.zeo_dir / "etc" / "zeo.conf")],
                              "zeo.log")
        wait_for_port(self.zeo_port)
        self.ports, self.dirs, self.servers = [], [], []
        for number in range(self.instances):
            port = free_port()
            directory = self.tmp / f"instance{number + 1}"
            self.run([sys.executable, str(REPO / "scripts" / "mkinstance.py"),
                      "--dir", str(directory), "--port", str(port), "--storage", "zeo",
                      "--zeo-address", f"127.0.0.1:{self.zeo_port}",
                      "--zeo-blobs", str(self.zeo_dir / "var" / "blobstorage")])
            self.ports.append(port)
            self.dirs.append(directory)
        self.zconsole("create_site.py")
        for number in range(self.instances):
            self.servers.append(self.start_instance(number))
        for port in self.ports:
            self.wait_for_site(port)

    def run(self, command):
        subprocess.run(command, check=True, capture_output=True, env=self.env, timeout=600)

    def spawn(self, command, log):
        with open(self.tmp / log, "ab") as handle:
            return subprocess.Popen(command, stdout=handle, stderr=subprocess.STDOUT,
                                    env=self.env, start_new_session=True)

    def zconsole(self, script):
        result = subprocess.run(
            [str(BIN / "zconsole"), "run", str(self.dirs[0] / "etc" / "zope.conf"),
             str(REPO / "scripts" / script)],
            capture_output=True, text=True, env=self.env, timeout=600)
        if result.returncode:
            raise AssertionError(result.stdout + result.stderr)
        return result.stdout

    def start_instance(self, number):
        return self.spawn([str(BIN / "runwsgi"), str(self.dirs[number] / "etc" / "zope.ini")],
                          f"instance{number + 1}.log")

    def wait_for_site(self, port, timeout=120):
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                if requests.get(self.url(port), timeout=5).status_code == 200:
                    return
            except requests.ConnectionError:
                pass
            time.sleep(0.5)
        raise AssertionError(f"instance on {port} did not come up")

    def url(self, port):
        return f"http://127.0.0.1:{port}/landespreis"

    def kill(self, number):
        os.killpg(self.servers[number].pid, signal.SIGKILL)
        self.servers[number].wait(timeout=30)

    def restart(self, number):
        self.servers[number] = self.start_instance(number)
        self.wait_for_site(self.ports[number])

    def stored(self):
        """Every stored submission, read through the storage, and the
        totals (``total``, ``uncatalogued``)."""
        lines = [json.loads(line) for line in self.zconsole("check_submissions.py").splitlines()
                 if line.startswith("{")]
        return [line for line in lines if "reference" in line], lines[-1]

    def stop_storage(self):
        os.killpg(self.zeo.pid, signal.SIGTERM)
        self.zeo.wait(timeout=60)

    def tearDown(self):
        for server in self.servers:
            if server.poll() is None:
                os.killpg(server.pid, signal.SIGTERM)
                server.wait(timeout=30)
        if self.zeo.poll() is None:
            self.stop_storage()
        if not os.environ.get("IKZ_KEEP_CLUSTER"):
            shutil.rmtree(self.tmp, ignore_errors=True)


ZEO_CLUSTER = ZEOCluster(name="ZEOCluster")
