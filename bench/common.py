"""What the benchmarks share: a throwaway instance with the demo site, the
zconsole scripts that load and measure data, and the printing of figures.

The instance is built as ``make start`` builds it (scripts/mkinstance.py,
scripts/create_site.py, runwsgi), on FileStorage in a temporary directory,
on a free port, with an SMTP sink for the intake mails. FileStorage admits
one process at a time, so zconsole scripts run while the server is stopped.
"""

from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Sink

import contextlib
import json
import os
import pathlib
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time


REPO = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # tests.served, tests.browser, tests.test_cluster

from tests.served import BIN  # noqa: E402
from tests.served import free_port  # noqa: E402

import requests  # noqa: E402


ZCONSOLE_SCRIPTS = REPO / "bench" / "zconsole"
ADMIN = ("admin", "bench-admin")
QUICK = False  # set by run.py --quick: smaller sizes, the same code paths


class SMTPSink:
    """``with SMTPSink() as port:`` an SMTP server on a free port that
    accepts every mail and drops it."""

    def __enter__(self):
        self.controller = Controller(Sink(), hostname="127.0.0.1", port=free_port())
        self.controller.start()
        return self.controller.port

    def __exit__(self, *exc):
        self.controller.stop()


class Instance:
    """A Zope instance with the demo site ``landespreis`` in a tempdir.

    ``with Instance() as site:`` builds it; ``site.zconsole(...)`` runs a
    script of bench/zconsole; ``site.start()``/``site.stop()`` serve it on
    ``site.url``; leaving the block stops everything and removes the files.
    """

    def __init__(self):
        self.tmp = pathlib.Path(tempfile.mkdtemp(prefix="ikz-bench-"))
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/landespreis"
        self.server = None
        self.resources = contextlib.ExitStack()
        smtp_port = self.resources.enter_context(SMTPSink())
        self.env = dict(
            os.environ,
            SITE_ID="landespreis",
            ADMIN_USER=ADMIN[0],
            ADMIN_PASSWORD=ADMIN[1],
            SMTP_HOST="127.0.0.1",
            SMTP_PORT=str(smtp_port),
            # the benchmarks post from one address (ratelimit.py)
            IKZ_POST_LIMIT="0",
            IKZ_MAIL_LIMIT="0",
        )
        self.instance = self.tmp / "instance"
        try:
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
            self.zconsole(REPO / "scripts" / "create_site.py")
        except BaseException:
            self.close()
            raise

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def zconsole(self, script, **env):
        """Run ``script`` (a name in bench/zconsole or a path) with ``env``
        added to the environment; returns the dict it printed last on a
        line ``BENCH {...}`` (or None)."""
        assert self.server is None, "FileStorage: stop the server first"
        script = pathlib.Path(script)
        if not script.is_absolute():
            script = ZCONSOLE_SCRIPTS / script
        result = subprocess.run(
            [
                str(BIN / "zconsole"),
                "run",
                str(self.instance / "etc" / "zope.conf"),
                str(script),
            ],
            capture_output=True,
            text=True,
            timeout=7200,
            env=dict(
                self.env,
                PYTHONPATH=str(ZCONSOLE_SCRIPTS),
                **{k: str(v) for k, v in env.items()},
            ),
        )
        if result.returncode:
            raise RuntimeError(
                f"{script.name} failed:\n{result.stdout}\n{result.stderr}"
            )
        found = [
            line[6:] for line in result.stdout.splitlines() if line.startswith("BENCH ")
        ]
        return json.loads(found[-1]) if found else None

    def start(self, timeout=180):
        self.log = open(self.tmp / "server.log", "ab")  # noqa: SIM115 - open for the server process lifetime
        self.server = subprocess.Popen(
            [str(BIN / "runwsgi"), str(self.instance / "etc" / "zope.ini")],
            stdout=self.log,
            stderr=subprocess.STDOUT,
            env=self.env,
            start_new_session=True,
        )
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                if requests.get(self.url, timeout=60).status_code == 200:
                    return
            except requests.RequestException:  # not up yet, or busy compiling
                if self.server.poll() is not None:
                    break
            time.sleep(0.3)
        self.stop()
        raise RuntimeError(
            f"the instance did not come up; see {self.tmp / 'server.log'}"
        )

    def stop(self):
        if self.server is not None:
            if self.server.poll() is None:
                os.killpg(self.server.pid, signal.SIGTERM)
                self.server.wait(timeout=60)
            self.log.close()
            self.server = None

    def close(self):
        self.stop()
        self.resources.close()
        shutil.rmtree(self.tmp, ignore_errors=True)


def percentile(values, share):
    """The value below which ``share`` (0..1) of ``values`` lie (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def median(values):
    return statistics.median(values)


def ratio(ours, plain):
    return round(ours / plain, 2) if plain else None


def table(title, header, rows):
    """Print a compact, aligned table."""
    cells = [[str(c) for c in header]] + [[_cell(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    print(f"\n{title}")
    for number, row in enumerate(cells):
        print(
            "  "
            + "  ".join(
                c.ljust(w) if i == 0 or not _numeric(c) else c.rjust(w)
                for i, (c, w) in enumerate(zip(row, widths, strict=False))
            )
        )
        if number == 0:
            print("  " + "  ".join("-" * w for w in widths))


def _numeric(text):
    return text == "-" or text.replace(".", "", 1).isdigit()


def _cell(value):
    if isinstance(value, float):
        return f"{value:.2f}" if abs(value) < 10 else f"{value:.1f}"
    return "-" if value is None else str(value)
