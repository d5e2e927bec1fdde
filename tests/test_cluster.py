"""Scale-out proof on a ZEO and a RelStorage cluster: the deadline rush, a
crash during a burst, backup and restore, and clean storages."""

from concurrent.futures import ThreadPoolExecutor
from tests.browser import Browser
from tests.cluster import application
from tests.cluster import MEGABYTE
from tests.cluster import pdf
from tests.cluster import RELSTORAGE_CLUSTER
from tests.cluster import ZEO_CLUSTER
from tests.served import BIN

import hashlib
import re
import requests
import subprocess
import threading
import time
import unittest


class DeadlineRush:
    """The proof on a cluster of two instances; the layer names the storage."""

    def post(self, number, port):
        browser = Browser()
        form = self.layer.url(port) + "/landespreis-2026/bewerbung"
        started = time.time()
        try:
            response = browser.submit_application(
                form,
                application(number),
                files={
                    "project_file": (
                        f"antrag-{number:03d}.pdf",
                        pdf(number),
                        "application/pdf",
                    )
                },
            )
        except Exception as error:
            return {"number": number, "status": None, "error": repr(error)}
        found = re.findall(r"LP\d\d-SSC-\d{4}", response.text)
        failure = {}
        if response.status_code != 200:
            # what the applicant saw: the page's title and its first lines
            failure["page"] = re.sub(r"\s+", " ", response.text)[:600]
        return {
            **failure,
            "number": number,
            "status": response.status_code,
            "reference": found[0] if found else None,
            "seconds": time.time() - started,
        }

    def rush(self, numbers, workers=16):
        ports = self.layer.ports
        with ThreadPoolExecutor(max_workers=workers) as pool:
            return list(
                pool.map(lambda n: self.post(n, ports[n % len(ports)]), numbers)
            )

    def check_stored(self, results, instance=None):
        stored, totals = self.layer.stored(instance)
        total = totals["total"]
        by_reference = {s["reference"]: s for s in stored}
        self.assertEqual(
            len(by_reference), total, "duplicate references in the storage"
        )
        # the office finds every application: the catalog knows them all
        self.assertEqual(
            totals["uncatalogued"],
            0,
            [s["path"] for s in stored if not s["catalogued"]],
        )
        for result in results:
            if not result.get("reference"):
                continue
            entry = by_reference.get(result["reference"])
            self.assertIsNotNone(entry, result)
            number = result["number"]
            self.assertEqual(entry["title"], f"Eilantrag {number:03d}")
            self.assertEqual(entry["size"], MEGABYTE)
            self.assertEqual(entry["sha256"], hashlib.sha256(pdf(number)).hexdigest())
        return stored, total

    def test_0_admin_logs_in_on_a_site_made_once(self):
        for port in self.layer.ports:
            response = requests.get(
                f"{self.layer.url(port)}/@@overview-controlpanel",
                auth=("admin", "admin"),
                timeout=60,
            )
            self.assertEqual(response.status_code, 200)
            self.assertIn("Landespreis: Bewerbungen", response.text)
        anonymous = requests.get(
            f"{self.layer.url(self.layer.ports[0])}/@@overview-controlpanel",
            timeout=60,
            allow_redirects=False,
        )
        self.assertNotEqual(anonymous.status_code, 200)

    def test_1_deadline_rush(self):
        started = time.time()
        results = self.rush(range(200))
        seconds = time.time() - started
        statuses = sorted({r["status"] for r in results})
        references = [r["reference"] for r in results]
        failed = [r for r in results if r["status"] != 200]
        self.assertEqual(
            statuses, [200], f"{failed[:3]}\n{self.layer.errors() if failed else ''}"
        )
        self.assertTrue(all(references))
        self.assertEqual(len(set(references)), 200)
        _stored, total = self.check_stored(results)
        self.assertEqual(total, 200)
        latencies = sorted(r["seconds"] for r in results)
        print(
            f"\n{self.layer.storage} rush: 200 posts of 1 MB in {seconds:.1f} s "
            f"({200 / seconds:.1f}/s), p95 {latencies[189]:.2f} s"
        )

    def test_2_crash_during_a_burst(self):
        def killer():
            time.sleep(3)
            self.layer.kill(1)

        thread = threading.Thread(target=killer)
        thread.start()
        results = self.rush(range(200, 260), workers=8)
        thread.join()
        self.layer.restart(1)
        answered = [r for r in results if r.get("reference")]
        self.assertTrue(answered)
        self.assertEqual(len({r["reference"] for r in answered}), len(answered))
        self.check_stored(results)
        print(
            f"\n{self.layer.storage} crash: {len(answered)} of 60 posts answered with a "
            f"reference while instance 2 was killed; all of them stored"
        )

    def test_3_backup_and_restore(self):
        """While the cluster serves: a backup, more applications, a second
        (incremental) backup; restored into fresh places, the latest and
        the first state have every submission and every file byte-identical."""
        key = lambda entry: entry["reference"]
        first, first_totals = self.layer.stored()
        self.assertGreaterEqual(first_totals["total"], 200)
        stamp = self.layer.backup()
        later = self.rush(range(300, 304), workers=4)
        self.assertTrue(all(r.get("reference") for r in later), later)
        time.sleep(1.1)  # backups are named by the second
        self.assertGreater(self.layer.backup(), stamp)
        latest, latest_totals = self.layer.stored()
        self.assertEqual(latest_totals["total"], first_totals["total"] + 4)
        for date, expected, totals in (
            (None, latest, latest_totals),
            (stamp, first, first_totals),
        ):
            restored, restored_totals = self.layer.stored(self.layer.restore(date))
            self.assertEqual(restored_totals, totals, date)
            self.assertEqual(sorted(restored, key=key), sorted(expected, key=key))
        files = sum(len(entry["files"]) for entry in latest)
        print(
            f"\n{self.layer.storage} backup/restore: {len(latest)} submissions, "
            f"{files} files identical; the earlier backup restores the earlier state"
        )

    def test_3b_pack_while_serving(self):
        """`make pack` on the running cluster: the storage keeps every
        application and file, and the instances keep serving."""
        before, before_totals = self.layer.stored()
        output = self.layer.make(
            "pack", f"PACK_CONF={self.layer.dirs[0] / 'etc' / 'zope.conf'}"
        ).stdout
        sizes = re.search(r"([\d.]+) MB -> ([\d.]+) MB", output)
        self.assertIsNotNone(sizes, output)
        if self.layer.storage == "zeo":
            # a FileStorage shrinks; PostgreSQL keeps the space of deleted
            # rows for reuse until a VACUUM FULL, so its size says nothing
            self.assertLessEqual(float(sizes.group(2)), float(sizes.group(1)))
        after, after_totals = self.layer.stored()
        key = lambda entry: entry["reference"]
        self.assertEqual(after_totals, before_totals)
        self.assertEqual(sorted(after, key=key), sorted(before, key=key))
        for port in self.layer.ports:
            response = requests.get(self.layer.url(port), timeout=60)
            self.assertEqual(response.status_code, 200)
        print(f"\n{self.layer.storage} pack: {sizes.group(0)}, all applications kept")

    def test_4_storage_is_consistent(self):
        figures = self.layer.check_storage()
        self.assertEqual(figures["problems"], [])
        self.assertGreaterEqual(figures["blobs"], 200)


class TestZEOCluster(DeadlineRush, unittest.TestCase):
    layer = ZEO_CLUSTER

    def test_5_filestorage_checks_clean(self):
        self.layer.stop_instances()
        self.layer.stop_storage()
        result = subprocess.run(
            [
                str(BIN / "python"),
                "-m",
                "ZODB.scripts.fstest",
                str(self.layer.zeo_dir / "var" / "filestorage" / "Data.fs"),
            ],
            capture_output=True,
            text=True,
            timeout=600,
        )
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)


class TestRelStorageCluster(DeadlineRush, unittest.TestCase):
    layer = RELSTORAGE_CLUSTER
