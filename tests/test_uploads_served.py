"""Uploads and data at rest against a real instance (`make start` in
miniature, FileStorage): too large bodies are refused in German before
they are read, a refused upload leaves ``Data.fs`` unchanged, and after
anonymisation and ``make pack``'s script an e-mail address occurs nowhere
in ``Data.fs`` or the blob directory; backups keep ``--keep`` generations.
"""

from tests.served import BIN
from tests.served import free_port
from tests.served import REPO
from tests.served import ServedSite
from tests.streaming import MEGABYTE
from tests.streaming import rss
from tests.streaming import RSSSampler
from tests.streaming import stream_post

import html
import os
import pathlib
import requests
import signal
import subprocess
import sys
import tempfile
import time
import unittest


PROBE = "datenschutz-probe-4711@example.org"


class UploadSite(ServedSite):
    """One site (created once), a server that the tests can stop and start."""

    def setUp(self):
        self.tmp = pathlib.Path(tempfile.mkdtemp(prefix="ikz-uploads-"))
        self.port = free_port()
        self.instance = self.tmp / "instance"
        self.env = dict(
            os.environ,
            SITE_ID="landespreis",
            ADMIN_PASSWORD=self.admin_password,
            SMTP_HOST="127.0.0.1",
            SMTP_PORT="2525",
        )
        self.env.pop("IKZ_UPLOAD_MAX_MB", None)  # the default: 20 MB per file
        self.make_instance()
        self.zconsole(REPO / "scripts" / "create_site.py")
        self.log = open(self.tmp / "server.log", "wb")  # noqa: SIM115
        self.base = f"http://127.0.0.1:{self.port}/landespreis"
        self.server = None
        self.start_server()

    def tearDown(self):
        self.stop_server()
        self.log.close()
        import shutil

        shutil.rmtree(self.tmp, ignore_errors=True)

    def stop_server(self):
        if self.server is not None and self.server.poll() is None:
            os.killpg(self.server.pid, signal.SIGTERM)
            self.server.wait(timeout=60)

    def start_server(self):
        self.server = subprocess.Popen(
            [str(BIN / "runwsgi"), str(self.instance / "etc" / "zope.ini")],
            stdout=self.log,
            stderr=subprocess.STDOUT,
            env=self.env,
            start_new_session=True,
        )
        deadline = time.time() + 180
        while time.time() < deadline:
            try:
                requests.get(self.base, timeout=60)
                return
            except requests.RequestException:
                if self.server.poll() is not None:
                    break
                time.sleep(0.3)
        raise AssertionError(f"the instance did not start; see {self.tmp}")

    def zconsole(self, script):
        result = subprocess.run(
            [
                str(BIN / "zconsole"),
                "run",
                str(self.instance / "etc" / "zope.conf"),
                str(script),
            ],
            capture_output=True,
            text=True,
            env=self.env,
            timeout=600,
        )
        if result.returncode:
            raise AssertionError(result.stdout + result.stderr)
        return result.stdout


UPLOAD_SITE = UploadSite(name="UploadSite")


def data_fs(layer):
    return layer.instance / "var" / "filestorage" / "Data.fs"


class TestBodyLimit(unittest.TestCase):
    layer = UPLOAD_SITE

    def setUp(self):
        self.form_path = "/landespreis/landespreis-2026/bewerbung"

    def assert_german_413(self, answer):
        self.assertEqual(answer["status"], 413, answer)
        self.assertTrue(answer["headers"]["content-type"].startswith("text/html"))
        page = html.unescape(answer["body"].decode("utf-8"))
        self.assertIn("Die Sendung ist zu groß", page)
        self.assertIn("höchstens 20\xa0MB je Datei und 76\xa0MB", page)
        self.assertNotIn("waitress", page)

    def test_rendered_limit(self):
        ini = (self.layer.instance / "etc" / "zope.ini").read_text()
        # 20 MB x 3 file fields + 3 pictures x 5 MB + 1 MB, plus the byte waitress refuses at
        self.assertIn(f"max_request_body_size = {76 * MEGABYTE + 1}", ini)
        conf = (self.layer.instance / "etc" / "zope.conf").read_text()
        self.assertIn("IKZ_UPLOAD_MAX_MB 20", conf)
        self.assertIn("form-disk-limit 76MB", conf)

    def test_content_length_refused_before_the_body_is_read(self):
        """150 MB announced: the German answer comes after the first
        megabytes, and the server's memory does not grow with the body."""
        size = data_fs(self.layer).stat().st_size
        pid = self.layer.server.pid
        before = rss(pid)
        with RSSSampler(pid) as sampler:
            answer = stream_post(
                "127.0.0.1", self.layer.port, self.form_path, 150 * MEGABYTE
            )
        self.assert_german_413(answer)
        self.assertLess(answer["sent"], 20 * MEGABYTE)
        self.assertLess(sampler.peak - before, 30 * MEGABYTE)
        self.assertEqual(data_fs(self.layer).stat().st_size, size)

    def test_chunked_body_cut_off(self):
        """A chunked body has no length to check: it is counted while it
        arrives (spooled to disk) and cut off at the limit."""
        size = data_fs(self.layer).stat().st_size
        pid = self.layer.server.pid
        before = rss(pid)
        with RSSSampler(pid) as sampler:
            answer = stream_post(
                "127.0.0.1",
                self.layer.port,
                self.form_path,
                150 * MEGABYTE,
                chunked=True,
            )
        self.assert_german_413(answer)
        self.assertLess(answer["sent"], 100 * MEGABYTE)
        self.assertLess(sampler.peak - before, 30 * MEGABYTE)
        self.assertEqual(data_fs(self.layer).stat().st_size, size)

    def test_oversized_file_in_an_allowed_body(self):
        """25 MB in one field (the body is within the server's limit): the
        form refuses the file from its size on disk, without reading it
        into memory, and nothing reaches the ZODB."""
        from tests.browser import Browser
        from tests.cluster import application
        from tests.pdfs import make_pdf

        big = make_pdf(size=25 * MEGABYTE)
        url = self.layer.base + "/landespreis-2026/bewerbung"
        files = {"project_file": ("gross.pdf", big, "application/pdf")}
        # the first post may warm caches; the second one is measured
        Browser().submit_application(url, application(1), files=files)
        size = data_fs(self.layer).stat().st_size
        pid = self.layer.server.pid
        before = rss(pid)
        with RSSSampler(pid) as sampler:
            response = Browser().submit_application(url, application(2), files=files)
        page = html.unescape(response.text)
        self.assertIn("Die Datei gross.pdf ist größer als 20 MB", page)
        self.assertNotIn("file_upload_id", page)
        self.assertEqual(data_fs(self.layer).stat().st_size, size)
        # ZPublisher spools the upload to disk; nothing reads it whole
        self.assertLess(sampler.peak - before, 30 * MEGABYTE)


class TestManyConnections(unittest.TestCase):
    """Two hundred applicants' browsers keep their connections open between
    the autosaves of their drafts: the instance still answers everyone
    (waitress's default stopped accepting at 100 open connections, and
    the next request waited unanswered)."""

    layer = UPLOAD_SITE
    idle = 300

    def test_answers_beside_hundreds_of_open_connections(self):
        import socket

        sockets = []
        try:
            for _number in range(self.idle):
                sockets.append(
                    socket.create_connection(("127.0.0.1", self.layer.port), timeout=10)
                )
            # the instance has accepted them all: each gets its answer
            for probe in (sockets[0], sockets[-1]):
                probe.sendall(b"HEAD /landespreis HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                self.assertTrue(probe.recv(64).startswith(b"HTTP/1.1 "))
            answer = requests.get(self.layer.base, timeout=20)
            self.assertEqual(answer.status_code, 200)
        finally:
            for sock in sockets:
                sock.close()


class TestDataAtRest(unittest.TestCase):
    layer = UPLOAD_SITE

    def test_anonymise_and_pack_remove_the_address(self):
        from tests.browser import Browser
        from tests.cluster import application
        from tests.pdfs import make_pdf

        values = dict(application(7), contact_email=PROBE)
        response = Browser().submit_application(
            self.layer.base + "/landespreis-2026/bewerbung",
            values,
            files={
                "project_file": (
                    "steckbrief.pdf",
                    make_pdf(f"Kontakt {PROBE}"),
                    "application/pdf",
                )
            },
        )
        self.assertRegex(html.unescape(response.text), r"LP\d\d-SSC-\d{4}")
        self.layer.stop_server()
        try:
            blobs = self.layer.instance / "var" / "blobstorage"
            self.assertTrue(self.occurs(data_fs(self.layer)))
            self.assertTrue(any(self.occurs(p) for p in files(blobs)))
            # corrected first: the address and the file that named it live
            # on only in the version record (version 1) and its kept blob
            replacement = self.layer.tmp / "neu.pdf"
            replacement.write_bytes(make_pdf(f"Kontakt {OTHER}"))
            script = self.layer.tmp / "correct.py"
            script.write_text(
                CORRECT.replace("REPLACEMENT", str(replacement)), encoding="utf-8"
            )
            self.assertIn("corrected 2", self.layer.zconsole(script))
            script = self.layer.tmp / "anonymise.py"
            script.write_text(ANONYMISE, encoding="utf-8")
            self.assertIn("anonymised 1", self.layer.zconsole(script))
            # anonymised, not packed: the old records still hold it
            self.assertTrue(self.occurs(data_fs(self.layer)))
            out = self.layer.zconsole(REPO / "scripts" / "pack.py")
            self.assertIn("Packed", out)
            self.assertFalse(self.occurs(data_fs(self.layer)))
            # nowhere in the database's files: Data.fs, its index and
            # lock, and the blob directory
            stored = files(data_fs(self.layer).parent) + files(blobs)
            self.assertEqual([p for p in stored if self.occurs(p)], [])
            self.assertFalse((data_fs(self.layer).parent / "Data.fs.old").exists())
        finally:
            self.layer.start_server()

    def occurs(self, path):
        return PROBE.encode() in pathlib.Path(path).read_bytes()

    def test_backup_keeps_generations(self):
        backups = self.layer.tmp / "backups"
        for _number in range(3):
            subprocess.run(
                [
                    sys.executable,
                    str(REPO / "scripts" / "backup.py"),
                    "backup",
                    "--source",
                    str(self.layer.instance),
                    "--to",
                    str(backups),
                    "--keep",
                    "2",
                    "--full",
                ],
                check=True,
                capture_output=True,
            )
            time.sleep(1.1)  # repozo's time stamps have seconds
        fulls = sorted(p.name for p in (backups / "filestorage").glob("*.fsz"))
        snapshots = sorted(p.name for p in (backups / "blobstorage").iterdir())
        self.assertEqual(len(fulls), 2)
        self.assertEqual([f.split(".")[0] for f in fulls], snapshots)


def files(folder):
    return [p for p in pathlib.Path(folder).rglob("*") if p.is_file()]


OTHER = "korrigiert-4711@example.org"
CORRECT = """
from ikz.landespreis.applicants import corrections
from plone.namedfile.file import NamedBlobFile
from zope.component.hooks import setSite
import pathlib
import transaction

site = app.landespreis
setSite(site)
for brain in site.portal_catalog.unrestrictedSearchResults(portal_type="Submission"):
    submission = brain._unrestrictedGetObject()
    if submission.contact_email == "PROBE":
        pdf = pathlib.Path("REPLACEMENT").read_bytes()
        version, changed = corrections.correct(
            submission,
            {"contact_email": "OTHER"},
            files={"project_file": NamedBlobFile(data=pdf, filename="neu.pdf")},
        )
transaction.commit()
print("corrected", version, sorted(changed))
""".replace("PROBE", PROBE).replace("OTHER", OTHER)

ANONYMISE = """
from ikz.landespreis.office.archive import anonymise
from zope.component.hooks import setSite
import transaction

site = app.landespreis
setSite(site)
done = 0
for brain in site.portal_catalog.unrestrictedSearchResults(portal_type="Submission"):
    submission = brain._unrestrictedGetObject()
    if submission.contact_email == "OTHER":
        anonymise(submission, "test")
        done += 1
transaction.commit()
print("anonymised", done)
""".replace("OTHER", OTHER)
