"""Latency of an application post until it is stored: our form
``bewerbung`` (action CreateSubmission: checks, reference number, blob,
eligibility flags, cataloguing after the commit, two mails to an SMTP sink)
against a plain easyform form with the same fields and only the saveData
action. Sequential posts, interleaved, each with a small PDF; the form page
is read before each post (CSRF token, honeypot) but not timed.

Two times per post: *stored* is the POST until its answer (our action
answers after the commit, the cataloguing and the mails, with a redirect);
*shown* adds the thank-you page (ours is a second request after the
redirect, the plain form renders it in the POST's answer).
"""

from tests.browser import Browser
from tests.pdfs import make_pdf
from tests.test_cluster import application

import common
import re
import requests
import time


REFERENCE = re.compile(r"LP\d\d-[A-Z0-9]+-\d{4}")
SUBMIT_BUTTON = 'name="form.buttons.submit"'


def small_pdf(number, size=20 * 1024):
    return make_pdf(f"Antrag {number:04d}", size=size)


class TimedSession(requests.Session):
    """Notes on each answer of ``post`` the seconds until it was complete."""

    def post(self, *args, **kwargs):
        started = time.perf_counter()
        response = super().post(*args, **kwargs)
        response.seconds = time.perf_counter() - started
        return response


def post(browser, url, number, ours):
    values = application(number)
    files = {
        "project_file": (
            f"antrag-{number:04d}.pdf",
            small_pdf(number),
            "application/pdf",
        )
    }
    response = browser.submit_application(url, values, files=files)
    if response.status_code != 200 or SUBMIT_BUTTON in response.text:
        raise RuntimeError(
            f"post {number} to {url} was not accepted ({response.status_code})"
        )
    if ours and not REFERENCE.search(response.text):
        raise RuntimeError(
            f"post {number} to {url}: no reference on the thank-you page"
        )
    # the answer to the POST itself: our redirect, or the plain thank-you page
    answer = response.history[0] if response.history else response
    return answer.elapsed.total_seconds(), response.seconds


def run():
    count, warmup = (10, 2) if common.QUICK else (100, 5)
    with common.Instance() as site:
        paths = site.zconsole("post_setup.py")
        site.start()
        forms = {
            "ours": site.url + "/" + paths["ours"],
            "plain": site.url + "/" + paths["plain"],
        }
        browsers = {name: Browser() for name in forms}
        for browser in browsers.values():
            browser.session = TimedSession()
        times = {name: {"stored": [], "shown": []} for name in forms}
        for number in range(1, warmup + count + 1):
            # interleaved, the order alternating, so drift hits both alike
            order = list(forms) if number % 2 else list(forms)[::-1]
            for name in order:
                stored, shown = post(
                    browsers[name], forms[name], number, name == "ours"
                )
                if number > warmup:
                    times[name]["stored"].append(stored)
                    times[name]["shown"].append(shown)
        site.stop()
        kept = site.zconsole("post_count.py")
    posts = warmup + count
    if kept != {"submissions": posts, "catalogued": posts, "saved_rows": posts}:
        raise RuntimeError(f"not everything was stored: {kept}")
    result = {"posts_each": count, "pdf_bytes": len(small_pdf(0)), "stored": kept}
    rows = []
    for kind in ("stored", "shown"):
        for share in (0.5, 0.95):
            label = f"p{round(share * 100)}"
            ours = common.percentile(times["ours"][kind], share) * 1000
            plain = common.percentile(times["plain"][kind], share) * 1000
            result[f"{kind}_{label}_ms"] = {
                "ours": round(ours, 1),
                "plain": round(plain, 1),
                "ratio": common.ratio(ours, plain),
            }
            rows.append([f"{kind} {label}", ours, plain, common.ratio(ours, plain)])
    common.table(
        f"post: {count} sequential posts each (after {warmup} warm-up), "
        f"PDF of {result['pdf_bytes'] // 1024} KB; all stored: {kept}",
        ["latency (ms)", "bewerbung", "plain easyform", "ratio"],
        rows,
    )
    return result
