"""Anonymous public pages with and without the cache (issue 18): the
winners page and the competition page of the demo site, 16 clients,
requests per second and p95 latency,

- uncached: plone.app.caching switched off (every request renders);
- RAM cache: plone.app.caching on, served by the instance;
- Varnish: Debian's varnishd with etc/varnish.vcl in front of the same
  instance (scripts/varnish.py).

All three in the same run on the same instance; ratios against uncached.
The clients are 4 processes with 4 threads each, every thread on one
keep-alive HTTP connection (http.client), so that the client is not what
limits the cached figures.
"""

from concurrent.futures import ThreadPoolExecutor
from multiprocessing import get_context
from urllib.parse import urlsplit

import common
import http.client
import pathlib
import sys
import tempfile
import time


sys.path.insert(0, str(common.REPO / "scripts"))
import varnish


PAGES = {
    "winners": "/@@preistraeger",
    "competition": "/landespreis-2026",
}
PROCESSES = 4
THREADS = 4  # 16 clients


def _client(url, count):
    """One client thread: ``count`` GETs on one connection; latencies."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
    latencies = []
    for _ in range(count):
        started = time.perf_counter()
        connection.request("GET", parts.path, headers={"Accept": "text/html"})
        response = connection.getresponse()
        body = response.read()
        latencies.append(time.perf_counter() - started)
        if response.status != 200 or not body:
            raise RuntimeError(f"{url}: {response.status}")
    connection.close()
    return latencies


def _process(url, count):
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        parts = list(pool.map(_client, [url] * THREADS, [count] * THREADS))
    return [x for part in parts for x in part]


def hammer(url, per_client):
    """16 clients, ``per_client`` requests each: (req/s, p95 ms)."""
    context = get_context("fork")
    with context.Pool(PROCESSES) as pool:
        started = time.perf_counter()
        parts = pool.starmap(_process, [(url, per_client)] * PROCESSES)
        seconds = time.perf_counter() - started
    latencies = [x for part in parts for x in part]
    return {
        "requests": len(latencies),
        "rps": round(len(latencies) / seconds, 1),
        "p95_ms": round(common.percentile(latencies, 0.95) * 1000, 1),
    }


def measure(base, per_client):
    results = {}
    for name, path in PAGES.items():
        _process(base + path, 3)  # warm up: templates, RAM cache, Varnish
        results[name] = hammer(base + path, per_client)
    return results


def run():
    uncached_n, cached_n = (5, 50) if common.QUICK else (20, 250)
    figures = {}
    with common.Instance() as site:
        site.zconsole("caching_switch.py", BENCH_CACHING="off")
        site.start()
        try:
            figures["uncached"] = measure(site.url, uncached_n)
        finally:
            site.stop()
        state = pathlib.Path(tempfile.mkdtemp(prefix="ikz-bench-varnish-"))
        port = common.free_port()
        site.zconsole(
            "caching_switch.py",
            BENCH_CACHING="on",
            BENCH_PROXY=f"http://127.0.0.1:{port}",
        )
        site.start()
        try:
            figures["ram cache"] = measure(site.url, cached_n)
            varnish.start(f"127.0.0.1:{site.port}", port, state)
            try:
                front = f"http://127.0.0.1:{port}/landespreis"
                figures["varnish"] = measure(front, cached_n * 4)
            finally:
                varnish.stop(state)
        finally:
            site.stop()
    rows = []
    for page in PAGES:
        plain = figures["uncached"][page]
        for mode, by_page in figures.items():
            f = by_page[page]
            rows.append([
                page,
                mode,
                f["requests"],
                f["rps"],
                f["p95_ms"],
                common.ratio(f["rps"], plain["rps"]),
                common.ratio(f["p95_ms"], plain["p95_ms"]),
            ])
    common.table(
        f"caching: anonymous GET, {PROCESSES * THREADS} clients; ratios against "
        "uncached (plone.app.caching off) in the same run",
        ["page", "mode", "requests", "req/s", "p95 ms", "req/s ratio", "p95 ratio"],
        rows,
    )
    return figures
