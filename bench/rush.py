"""The deadline rush on each deployment mode: posts of 1 MB applications
from 16 concurrent clients, spread over the instances, on FileStorage (one
instance, `make start`), ZEO and RelStorage (two instances each, as
`make start-zeo` and `make start-relstorage` run them).

Side by side on the same cluster: our form ``bewerbung`` (stored as a
Submission with a reference) and a plain collective.easyform form with the
same fields and only saveData (bench/zconsole/post_setup.py). Prints
posts/s, p50, p95 and errors per form, ours against plain, and each mode
against FileStorage. The clusters are the test layers of tests/cluster.py.
"""

from concurrent.futures import ThreadPoolExecutor
from tests.browser import Browser
from tests.cluster import FileStorageInstance
from tests.cluster import RelStorageCluster
from tests.cluster import ZEOCluster
from tests.test_cluster import application
from tests.test_cluster import pdf

import common
import json
import os
import re
import time


CLIENTS = 16
REFERENCE = re.compile(r"LP\d\d-[A-Z0-9]+-\d{4}")
MODES = (
    ("filestorage", FileStorageInstance),
    ("zeo", ZEOCluster),
    ("relstorage", RelStorageCluster),
)


def post(url, number, ours):
    """One applicant: read the form, post it; ``(seconds, ok)``."""
    started = time.perf_counter()
    try:
        response = Browser().submit_application(
            url,
            application(number),
            files={
                "project_file": (
                    f"antrag-{number:04d}.pdf",
                    pdf(number),
                    "application/pdf",
                )
            },
        )
    except Exception:
        return time.perf_counter() - started, False
    ok = (
        response.status_code == 200
        and 'name="form.buttons.submit"' not in response.text
    )
    if ours:
        ok = ok and REFERENCE.search(response.text) is not None
    return time.perf_counter() - started, ok


def rush(urls, numbers, ours):
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        results = list(pool.map(lambda n: post(urls[n % len(urls)], n, ours), numbers))
    seconds = time.perf_counter() - started
    times = [t for t, _ok in results]
    return {
        "posts": len(results),
        "per_s": round(len(results) / seconds, 2),
        "p50_s": round(common.median(times), 2),
        "p95_s": round(common.percentile(times, 0.95), 2),
        "errors": sum(not ok for _t, ok in results),
    }


def measure(mode, layer_class, count):
    layer = layer_class(name=f"bench-{mode}")
    layer.prepare = (common.ZCONSOLE_SCRIPTS / "post_setup.py",)
    layer.setUp()
    try:
        paths = json.loads(
            next(
                line[6:]
                for line in layer.prepared[0].splitlines()
                if line.startswith("BENCH ")
            )
        )
        urls = {
            name: [f"{layer.url(port)}/{path}" for port in layer.ports]
            for name, path in paths.items()
        }
        warm = range(10_000, 10_000 + 2 * CLIENTS)
        for name in ("plain", "ours"):
            rush(urls[name], warm, name == "ours")
        # alternate halves, so the growing database weighs on both alike
        half = count // 2
        figures = {"ours": [], "plain": []}
        for block in (range(half), range(half, count)):
            for name in ("plain", "ours") if block.start == 0 else ("ours", "plain"):
                figures[name].append(rush(urls[name], block, name == "ours"))
        return {name: _merge(parts) for name, parts in figures.items()}
    finally:
        layer.tearDown()


def _merge(parts):
    """Two halves of a rush as one: posts and errors add up; rates and
    percentiles are averaged weighted by posts (close enough for halves)."""
    posts = sum(p["posts"] for p in parts)
    merged = {"posts": posts, "errors": sum(p["errors"] for p in parts)}
    for key in ("per_s", "p50_s", "p95_s"):
        merged[key] = round(sum(p[key] * p["posts"] for p in parts) / posts, 2)
    return merged


def run():
    count = 32 if common.QUICK else 200
    # the clusters take their environment from ours: mails to a sink, and
    # the zconsole helpers of bench/zconsole importable
    os.environ["SMTP_HOST"] = "127.0.0.1"
    os.environ["IKZ_POST_LIMIT"] = "0"  # one client posts the rush
    os.environ["IKZ_MAIL_LIMIT"] = "0"
    os.environ["PYTHONPATH"] = str(common.ZCONSOLE_SCRIPTS)
    with common.SMTPSink() as port:
        os.environ["SMTP_PORT"] = str(port)
        result = {
            mode: measure(mode, layer_class, count) for mode, layer_class in MODES
        }
    rows = []
    base = result["filestorage"]["ours"]
    for mode, figures in result.items():
        ours, plain = figures["ours"], figures["plain"]
        figures["ratio"] = {
            "per_s": common.ratio(ours["per_s"], plain["per_s"]),
            "p95_s": common.ratio(ours["p95_s"], plain["p95_s"]),
        }
        figures["vs_filestorage"] = {
            "per_s": common.ratio(ours["per_s"], base["per_s"]),
            "p95_s": common.ratio(ours["p95_s"], base["p95_s"]),
        }
        for name in ("ours", "plain"):
            f = figures[name]
            rows.append([
                f"{mode} {name}",
                f["posts"],
                f["per_s"],
                f["p50_s"],
                f["p95_s"],
                f["errors"],
            ])
        rows.append([
            f"{mode} ours/plain",
            "",
            figures["ratio"]["per_s"],
            "",
            figures["ratio"]["p95_s"],
            "",
        ])
    common.table(
        f"Deadline rush: {count} posts of 1 MB per form, {CLIENTS} clients",
        ["", "posts", "posts/s", "p50 s", "p95 s", "errors"],
        rows,
    )
    common.table(
        "Ours against FileStorage",
        ["mode", "posts/s", "p95 s"],
        [
            [mode, f["vs_filestorage"]["per_s"], f["vs_filestorage"]["p95_s"]]
            for mode, f in result.items()
        ],
    )
    return result
