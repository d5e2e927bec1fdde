"""Clusters for the scale-out tests: two Zope instances sharing a ZEO server,
or sharing a PostgreSQL database through RelStorage (blobs in the database).

Each layer renders its instances with scripts/mkinstance.py into a
temporary directory, creates the site once with scripts/create_site.py and
serves both with runwsgi. IKZ_KEEP_CLUSTER=1 keeps the directory (and the
PostgreSQL databases) for a look afterwards.
"""

from plone.testing import Layer
from tests.pdfs import make_pdf
from tests.served import BIN
from tests.served import free_port
from tests.served import REPO

import json
import os
import pathlib
import re
import requests
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time


sys.path.insert(0, str(REPO / "scripts"))
import postgres


def wait_for_port(port, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise AssertionError(f"nothing listens on {port}")


class Cluster(Layer):
    """Two instances on one shared storage; subclasses start the storage."""

    defaultBases = ()
    instances = 2
    storage = None
    #: zconsole scripts run after the site is made, before the instances start
    prepare = ()

    def setUp(self):
        self.tmp = pathlib.Path(tempfile.mkdtemp(prefix=f"ikz-{self.storage}-"))
        # the rush posts from one address: no rate limits (ratelimit.py)
        self.env = dict(
            os.environ,
            SITE_ID="landespreis",
            ADMIN_PASSWORD="admin",
            IKZ_POST_LIMIT="0",
            IKZ_MAIL_LIMIT="0",
        )
        # zconsole (create_site, the checks) sees the storage as it is; only
        # the instances catalogue what a crash left out when they start
        self.console_env = dict(self.env, IKZ_RECONCILE="off")
        storage_args = self.start_storage()
        self.ports, self.dirs, self.servers = [], [], []
        for number in range(self.instances):
            port = free_port()
            directory = self.tmp / f"instance{number + 1}"
            self.mkinstance(
                "--dir",
                directory,
                "--port",
                port,
                "--storage",
                self.storage,
                *storage_args,
            )
            self.ports.append(port)
            self.dirs.append(directory)
        self.zconsole("create_site.py")
        self.prepared = [self.zconsole(script) for script in self.prepare]
        for number in range(self.instances):
            self.servers.append(self.start_instance(number))
        for port in self.ports:
            self.wait_for_site(port)
            self.warm_up(port)

    def warm_up(self, port):
        """The rush meets a running portal, as on the last day of a call:
        each instance has shown the competition and its form once (their
        templates compiled), so the first posts don't all wait for that."""
        for path in ("/landespreis-2026", "/landespreis-2026/bewerbung"):
            for _attempt in range(3):
                try:
                    if requests.get(self.url(port) + path, timeout=60).ok:
                        break
                except requests.RequestException:
                    time.sleep(1)

    def start_storage(self):
        """Start the shared storage; returns the instances' mkinstance args."""
        raise NotImplementedError

    def stop_storage(self):
        raise NotImplementedError

    def run(self, *command):
        return subprocess.run(
            [str(c) for c in command],
            check=True,
            capture_output=True,
            text=True,
            env=self.env,
            timeout=600,
            cwd=REPO,
        )

    def mkinstance(self, *args):
        self.run(sys.executable, REPO / "scripts" / "mkinstance.py", *args)

    def spawn(self, command, log):
        with open(self.tmp / log, "ab") as handle:
            return subprocess.Popen(
                command,
                stdout=handle,
                stderr=subprocess.STDOUT,
                env=self.env,
                start_new_session=True,
            )

    def zconsole(self, script, instance=None):
        """Run ``script`` (a path, or a name in scripts/) with zconsole on an
        instance (default: the first); returns its output and raises with
        it when it fails."""
        instance = instance or self.dirs[0]
        result = subprocess.run(
            [
                str(BIN / "zconsole"),
                "run",
                str(instance / "etc" / "zope.conf"),
                str(REPO / "scripts" / script),
            ],
            capture_output=True,
            text=True,
            env=self.console_env,
            timeout=600,
        )
        if result.returncode:
            raise AssertionError(result.stdout + result.stderr)
        return result.stdout

    def start_instance(self, number):
        return self.spawn(
            [str(BIN / "runwsgi"), str(self.dirs[number] / "etc" / "zope.ini")],
            f"instance{number + 1}.log",
        )

    def wait_for_site(self, port, timeout=120):
        deadline = time.time() + timeout
        while time.time() < deadline:
            # the first page of a cold instance may take longer than a
            # read timeout on a slow machine: any failure means "not yet"
            try:
                if requests.get(self.url(port), timeout=30).status_code == 200:
                    return
            except requests.RequestException:
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

    def errors(self, lines=60):
        """The tail of the instances' error reports (for a failure message:
        CI keeps no files)."""
        found = []
        for directory in self.dirs:
            log = directory / "var" / "log" / "event.log"
            if not log.exists():
                continue
            text = log.read_text(errors="replace").splitlines()
            conflicts = 0
            for number, line in enumerate(text):
                if " ERROR " in line and "mailqueue" not in line:
                    found.extend(text[number : number + 25])
                elif "ConflictError at" in line:
                    conflicts += 1
            # a request that still conflicts after its retries is logged
            # as INFO, like the retried ones: name the count and the last
            found.append(f"{directory.name}: {conflicts} conflicts logged")
            found.extend(line for line in text[-400:] if "ConflictError at" in line)
        return "\n".join(found[-lines * 5 :])

    def stored(self, instance=None):
        """Every stored submission, read through the storage (of
        ``instance``, default the cluster's), and the totals (``total``,
        ``uncatalogued``)."""
        lines = [
            json.loads(line)
            for line in self.zconsole("check_submissions.py", instance).splitlines()
            if line.startswith("{")
        ]
        return [line for line in lines if "reference" in line], lines[-1]

    def check_storage(self):
        """scripts/check_storage.py's figures; fails on any problem."""
        return json.loads(self.zconsole("check_storage.py").splitlines()[-1])

    def backup(self):
        """`make backup` into the cluster's backups; its time stamp."""
        output = self.make(
            "backup", f"BACKUPS={self.tmp / 'backups'}", *self.backup_args()
        ).stdout
        return re.search(r"\d{4}(-\d\d){5}", output).group(0)

    def restore(self, date=None):
        """`make restore` of the latest backup (or of the state at
        ``date``) into a fresh place; the restored instance's directory."""
        self.restores = getattr(self, "restores", 0) + 1
        restored = self.tmp / f"restored{self.restores}"
        self.make(
            "restore",
            f"BACKUPS={self.tmp / 'backups'}",
            f"RESTORE_DIR={restored}",
            f"RESTORE_PORT={free_port()}",
            *self.restore_args(),
            *([f"DATE={date}"] if date else []),
        )
        return restored

    def backup_args(self):
        raise NotImplementedError

    def restore_args(self):
        return []

    def make(self, *args):
        return self.run("make", "-s", "-C", REPO, *args)

    def stop_instances(self):
        for server in self.servers:
            if server.poll() is None:
                os.killpg(server.pid, signal.SIGTERM)
                server.wait(timeout=30)

    def tearDown(self):
        self.stop_instances()
        self.stop_storage()
        if not os.environ.get("IKZ_KEEP_CLUSTER"):
            shutil.rmtree(self.tmp, ignore_errors=True)


class FileStorageInstance(Cluster):
    """One instance on FileStorage, as `make start` serves (for the
    benchmarks' comparison; FileStorage admits one process)."""

    storage = "filestorage"
    instances = 1

    def start_storage(self):
        return []

    def stop_storage(self):
        pass


class ZEOCluster(Cluster):
    """A ZEO server; its blob directory is shared by the instances."""

    storage = "zeo"

    def start_storage(self):
        self.zeo_port = free_port()
        self.zeo_dir = self.tmp / "zeo"
        address = f"127.0.0.1:{self.zeo_port}"
        self.mkinstance("--zeo-server", self.zeo_dir, "--zeo-address", address)
        self.zeo = self.spawn(
            [str(BIN / "runzeo"), "-C", str(self.zeo_dir / "etc" / "zeo.conf")],
            "zeo.log",
        )
        wait_for_port(self.zeo_port)
        return [
            "--zeo-address",
            address,
            "--zeo-blobs",
            self.zeo_dir / "var" / "blobstorage",
        ]

    def stop_storage(self):
        if self.zeo.poll() is None:
            os.killpg(self.zeo.pid, signal.SIGTERM)
            self.zeo.wait(timeout=60)

    def backup_args(self):
        return [f"BACKUP_SOURCE={self.zeo_dir}"]


class RelStorageCluster(Cluster):
    """RelStorage on the local PostgreSQL server (started if it is not
    running), in a database of its own that is dropped afterwards."""

    storage = "relstorage"

    def start_storage(self):
        self.database = f"ikz_cluster_{os.getpid()}"
        self.restored_databases = []
        postgres.start()
        postgres.drop(self.database)  # left over from a run with IKZ_KEEP_CLUSTER
        self.dsn = postgres.ensure(self.database)
        self.env["RELSTORAGE_DSN"] = self.dsn
        return ["--dsn", self.dsn]

    def stop_storage(self):
        if not os.environ.get("IKZ_KEEP_CLUSTER"):
            for name in [self.database, *self.restored_databases]:
                postgres.drop(name)

    def backup_args(self):
        return ["STORAGE=relstorage"]

    def restore_args(self):
        """A fresh, empty database to restore into."""
        name = f"ikz_restored_{os.getpid()}_{len(self.restored_databases) + 1}"
        postgres.drop(name)
        self.restored_databases.append(name)
        self.env["RESTORE_DSN"] = postgres.ensure(name)
        return ["STORAGE=relstorage"]


ZEO_CLUSTER = ZEOCluster(name="ZEOCluster")
RELSTORAGE_CLUSTER = RelStorageCluster(name="RelStorageCluster")


# -- what the rush posts ----------------------------------------------------

MEGABYTE = 1024 * 1024


def application(number):
    return {
        "title": f"Eilantrag {number:03d}",
        "category": "shared-service-center",
        "lead_municipality": f"Stadt Nummer {number:03d}",
        "contact_name": "Erika Mustermann",
        "contact_email": "erika@example.org",
        "contact_phone": "0211 12345",
        "partners": "Gemeinde Beispieldorf",
        "contract_date": "2019-05-01",
        "project_status": "running",
        "summary": "Zwei Kommunen arbeiten zusammen.",
        "benefit": "Weniger Aufwand.",
        "innovation": "Gemeinsame Plattform.",
        "sustainability": "Auf Dauer angelegt.",
        "privacy_consent": True,
    }


def pdf(number):
    return make_pdf(f"Eilantrag {number:03d}", size=MEGABYTE)
