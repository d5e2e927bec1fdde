"""Oversized uploads against a real instance (issue 12): what a refused
150 MB body costs the server.

For each case the server's resident memory (RSS, sampled every 20 ms from
/proc) is read before, at its peak during the request(s) and 3 s after
the last answer, and the size of ``Data.fs`` before and after:

* 150 MB announced with ``Content-Length``: one request, then 4 at once;
* 150 MB sent chunked (no length to check): one, then 4 at once;
* 25 MB in one file field (the body is within the server's limit, the
  file above the form's 20 MB): one, then 4 at once.

Targets (issue 12): RSS growth under 30 MB per concurrent request and
returned afterwards; ``Data.fs`` growth 0. Before the fix, one 150 MB post
raised the RSS by about 360 MB, four parallel 190 MB posts took it from
585 MB to 2.3 GB, and a refused 21 MB upload wrote 22 MB into Data.fs.
"""

from concurrent.futures import ThreadPoolExecutor
from tests.browser import Browser
from tests.pdfs import make_pdf
from tests.streaming import MEGABYTE
from tests.streaming import rss
from tests.streaming import RSSSampler
from tests.streaming import stream_post
from tests.test_cluster import application

import common
import html
import time
import urllib.parse


FORM = "/landespreis-2026/bewerbung"


def oversized(site, chunked):
    def send(_number):
        url = urllib.parse.urlsplit(site.url)
        answer = stream_post(
            url.hostname,
            url.port,
            url.path + FORM,
            (20 if common.QUICK else 150) * MEGABYTE,
            chunked=chunked,
        )
        page = html.unescape(answer["body"].decode("utf-8", "replace"))
        if answer["status"] != 413 or "Die Sendung ist zu groß" not in page:
            raise RuntimeError(
                f"not refused in German: {answer['status']} {page[:200]}"
            )
        return answer["sent"]

    return send


def big_file(site):
    pdf = make_pdf(size=25 * MEGABYTE)

    def send(number):
        response = Browser().submit_application(
            site.url + FORM,
            application(number),
            files={"project_file": ("gross.pdf", pdf, "application/pdf")},
        )
        if "ist größer als 20 MB" not in html.unescape(response.text):
            raise RuntimeError(f"25 MB file not refused ({response.status_code})")
        return len(pdf)

    return send


def measure(site, send, parallel):
    data_fs = site.instance / "var" / "filestorage" / "Data.fs"
    pid = site.server.pid
    time.sleep(1)
    before = rss(pid)
    size = data_fs.stat().st_size
    started = time.perf_counter()
    with RSSSampler(pid) as sampler, ThreadPoolExecutor(parallel) as pool:
        sent = list(pool.map(send, range(parallel)))
    seconds = time.perf_counter() - started
    time.sleep(3)
    after = rss(pid)
    return {
        "parallel": parallel,
        "rss_before_mb": round(before / MEGABYTE, 1),
        "rss_peak_growth_mb": round((sampler.peak - before) / MEGABYTE, 1),
        "rss_growth_per_request_mb": round(
            (sampler.peak - before) / MEGABYTE / parallel, 1
        ),
        "rss_after_growth_mb": round((after - before) / MEGABYTE, 1),
        "datafs_growth_bytes": data_fs.stat().st_size - size,
        "client_sent_mb": round(max(sent) / MEGABYTE, 1),
        "seconds": round(seconds, 2),
    }


def run():
    results = {}
    with common.Instance() as site:
        site.start()
        # warm up: the form page and one refused post of each kind
        Browser().open_form(site.url + FORM)
        cases = {
            "150 MB Content-Length": oversized(site, chunked=False),
            "150 MB chunked": oversized(site, chunked=True),
            "25 MB file in the form": big_file(site),
        }
        for send in cases.values():
            send(0)
        for name, send in cases.items():
            for parallel in (1, 4):
                results[f"{name}, {parallel}x"] = measure(site, send, parallel)
        site.stop()
    rows = [
        [
            name,
            r["rss_before_mb"],
            r["rss_peak_growth_mb"],
            r["rss_growth_per_request_mb"],
            r["rss_after_growth_mb"],
            r["datafs_growth_bytes"],
            r["client_sent_mb"],
            r["seconds"],
        ]
        for name, r in results.items()
    ]
    common.table(
        "abuse: refused oversized uploads (RSS of the server in MB; target: growth "
        "< 30 MB per request, returned after; Data.fs growth 0)",
        [
            "case",
            "RSS before",
            "peak growth",
            "per request",
            "after",
            "Data.fs +bytes",
            "client sent MB",
            "s",
        ],
        rows,
    )
    return results
