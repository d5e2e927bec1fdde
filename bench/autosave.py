"""Drafts that save themselves while the deadline's applications arrive.

The applicants' area (issue 14) promises: 200 applicants whose drafts save
themselves every 30 s, while 50 applications a minute are submitted, cause
no conflict errors and lose no text. This benchmark does exactly that, on
one FileStorage instance (`make start`) and on a ZEO cluster of two
instances (the layers of tests/cluster.py):

1. each of the drafts is started on the form with "Zwischenspeichern", in
   a browser session of its own (which then holds the draft);
2. the intake alone: applications with a PDF of 1 MB, 50 a minute;
3. the same intake while every draft saves itself every 30 s (the page's
   ``@@autosave-draft`` request), each time with a new text;
4. every draft is opened again: its text must be the last one sent.

Prints, per mode, the intake's p50/p95 alone and with the autosaves (their
ratio: what the autosaves cost the applications), the autosaves' p95,
failed requests, texts lost and the conflict errors the instances logged
(retried, so not failures): on the applications, alone and with the
autosaves, and on the autosaves themselves.
"""

from concurrent.futures import ThreadPoolExecutor
from tests.browser import Browser
from tests.cluster import application
from tests.cluster import FileStorageInstance
from tests.cluster import pdf
from tests.cluster import ZEOCluster

import common
import html
import os
import re
import threading
import time


MODES = (("filestorage", FileStorageInstance), ("zeo", ZEOCluster))
FORM = "landespreis-2026/bewerbung"
PER_MINUTE = 50
INTERVAL = 30.0  # seconds between two autosaves of a draft, as the page does
REFERENCE = re.compile(r"LP\d\d-[A-Z0-9]+-\d{4}")


def text(draft, version):
    return f"Entwurf {draft:03d}, Fassung {version}: Zwei Kommunen schreiben zusammen."


class Applicant:
    """One draft in a browser session of its own."""

    def __init__(self, number, form_url):
        self.number = number
        self.form_url = form_url
        self.browser = Browser()
        self.version = 0
        self.values = dict(
            application(number),
            title=f"Entwurf {number:03d}",
            lead_municipality=f"Entwurfsstadt {number:03d}",
            contact_email=f"entwurf-{number:03d}@example.org",
            summary=text(number, 0),
        )
        del self.values["privacy_consent"]

    def start(self):
        data, action = self.browser.form_data(self.form_url, self.values, "save_draft")
        response = self.browser.session.post(action, data=data, timeout=120)
        if response.status_code != 200 or "Entwurf" not in response.text:
            raise AssertionError(f"draft {self.number}: {response.status_code}")
        # the page's own request: the form's fields and its authenticator
        data, _action = self.browser.form_data(self.form_url, self.values, "x")
        self.fields = {
            key: value
            for key, value in data.items()
            if not key.startswith("form.buttons.")
        }

    def autosave(self):
        self.version += 1
        fields = dict(self.fields)
        fields["form.widgets.summary"] = text(self.number, self.version)
        started = time.perf_counter()
        try:
            response = self.browser.session.post(
                f"{self.form_url}/@@autosave-draft",
                data=fields,
                headers={"Accept": "application/json"},
                timeout=120,
            )
            ok = response.status_code == 200 and "saved" in response.json()
        except Exception:
            ok = False
        if not ok:
            self.version -= 1  # not saved: the page would send it again
        return time.perf_counter() - started, ok

    def kept(self):
        """Whether the draft, opened again, shows the last text saved."""
        page = self.browser.session.get(self.form_url, timeout=120).text
        return text(self.number, self.version) in html.unescape(page)


def submit(form_url, number):
    started = time.perf_counter()
    try:
        response = Browser().submit_application(
            form_url,
            application(number),
            files={
                "project_file": (
                    f"antrag-{number:04d}.pdf",
                    pdf(number),
                    "application/pdf",
                )
            },
        )
        ok = response.status_code == 200 and bool(REFERENCE.search(response.text))
    except Exception:
        ok = False
    return time.perf_counter() - started, ok


def intake(urls, first, seconds, applicants=()):
    """Applications at PER_MINUTE for ``seconds`` (and, when given, every
    applicant's autosave each INTERVAL seconds, spread evenly); the
    latencies and failures of both."""
    posts, saves = [], []
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def record(target, result):
        with lock:
            target.append(result)

    def post_loop(pool):
        number = first
        while time.perf_counter() < stop:
            url = urls[number % len(urls)]
            pool.submit(lambda u=url, n=number: record(posts, submit(u, n)))
            number += 1
            time.sleep(60.0 / PER_MINUTE)

    def save_loop(pool):
        if not applicants:
            return
        gap = INTERVAL / len(applicants)
        index = 0
        while time.perf_counter() < stop:
            applicant = applicants[index % len(applicants)]
            pool.submit(lambda a=applicant: record(saves, a.autosave()))
            index += 1
            time.sleep(gap)

    with (
        ThreadPoolExecutor(max_workers=8) as post_pool,
        ThreadPoolExecutor(max_workers=16) as save_pool,
    ):
        threads = [
            threading.Thread(target=post_loop, args=(post_pool,)),
            threading.Thread(target=save_loop, args=(save_pool,)),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    return posts, saves


def figures(results):
    times = [t for t, _ok in results]
    return {
        "count": len(results),
        "p50_s": round(common.median(times), 2) if times else None,
        "p95_s": round(common.percentile(times, 0.95), 2) if times else None,
        "failed": sum(not ok for _t, ok in results),
    }


def conflicts(layer):
    """The conflict errors the instances logged so far: ``(on autosaves,
    on anything else)``; each was retried by the instance."""
    autosave = other = 0
    for directory in layer.dirs:
        log = directory / "var" / "log" / "event.log"
        if not log.exists():
            continue
        for line in log.read_text(errors="replace").splitlines():
            if "ConflictError at" in line:
                if "autosave-draft" in line:
                    autosave += 1
                else:
                    other += 1
    return autosave, other


def measure(mode, layer_class, drafts, seconds):
    layer = layer_class(name=f"bench-autosave-{mode}")
    layer.setUp()
    try:
        urls = [f"{layer.url(port)}/{FORM}" for port in layer.ports]
        applicants = [Applicant(n, urls[n % len(urls)]) for n in range(drafts)]
        with ThreadPoolExecutor(max_workers=8) as pool:
            list(pool.map(Applicant.start, applicants))
        # warm: a few applications before measuring
        intake(urls, 90_000, 10)
        before = conflicts(layer)
        alone, _none = intake(urls, 10_000, seconds)
        between = conflicts(layer)
        posts, saves = intake(urls, 20_000, seconds, applicants)
        after = conflicts(layer)
        lost = sum(not applicant.kept() for applicant in applicants)
        return {
            "drafts": drafts,
            "alone": figures(alone),
            "with_autosaves": figures(posts),
            "autosaves": figures(saves),
            "texts_lost": lost,
            "conflicts_alone": between[1] - before[1],
            "conflicts_with_autosaves": after[1] - between[1],
            "conflicts_on_autosaves": after[0] - before[0],
        }
    finally:
        layer.tearDown()


def run():
    drafts = 20 if common.QUICK else 200
    seconds = 20 if common.QUICK else 120
    os.environ["SMTP_HOST"] = "127.0.0.1"
    # one client stands for all applicants: no rate limits (ratelimit.py)
    os.environ["IKZ_POST_LIMIT"] = "0"
    os.environ["IKZ_MAIL_LIMIT"] = "0"
    os.environ["IKZ_REQUEST_LIMIT"] = "0"
    with common.SMTPSink() as port:
        os.environ["SMTP_PORT"] = str(port)
        result = {
            mode: measure(mode, layer_class, drafts, seconds)
            for mode, layer_class in MODES
        }
    rows = []
    for mode, f in result.items():
        alone, busy, saves = f["alone"], f["with_autosaves"], f["autosaves"]
        f["ratio_p95"] = common.ratio(busy["p95_s"], alone["p95_s"])
        rows.append([
            mode,
            f"{alone['count']} / {alone['failed']}",
            alone["p50_s"],
            alone["p95_s"],
            f"{busy['count']} / {busy['failed']}",
            busy["p50_s"],
            busy["p95_s"],
            f["ratio_p95"],
            f"{saves['count']} / {saves['failed']}",
            saves["p95_s"],
            f["texts_lost"],
            f"{f['conflicts_alone']} / {f['conflicts_with_autosaves']}",
            f["conflicts_on_autosaves"],
        ])
    common.table(
        f"Autosave: {drafts} drafts saving every {INTERVAL:.0f} s while "
        f"{PER_MINUTE} applications a minute arrive ({seconds} s each phase)",
        [
            "mode",
            "posts alone / failed",
            "p50 s",
            "p95 s",
            "posts with autosaves / failed",
            "p50 s",
            "p95 s",
            "p95 ratio",
            "autosaves / failed",
            "p95 s",
            "texts lost",
            "intake conflicts alone / with",
            "autosave conflicts",
        ],
        rows,
    )
    return result
