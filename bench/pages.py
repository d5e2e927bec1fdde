"""Requests per second of the anonymous competition page against a plain
Plone Document of the same competition (``teilnahmebedingungen``, one of
the demo's portal pages), on one instance, in alternating rounds so that
other work on the machine hits both alike."""

from concurrent.futures import ThreadPoolExecutor

import common
import requests
import threading
import time


PAGES = {
    "competition": "/landespreis-2026",
    "document": "/landespreis-2026/teilnahmebedingungen",
}
CLIENTS = 4  # the instance serves with 4 threads on this 2-core machine


def hammer(url, count, clients=CLIENTS):
    """Fetch ``url`` ``count`` times from ``clients`` threads (one Session
    each); returns the seconds it took. Every answer must be a 200."""
    local = threading.local()

    def fetch(_):
        if not hasattr(local, "session"):
            local.session = requests.Session()
        response = local.session.get(url, timeout=60)
        if response.status_code != 200:
            raise RuntimeError(f"{url}: {response.status_code}")
        return len(response.content)

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        sizes = list(pool.map(fetch, range(count)))
    return time.perf_counter() - started, sizes[0]


def run():
    requests_per_round, rounds, warmup = (40, 2, 10) if common.QUICK else (150, 4, 30)
    with common.Instance() as site:
        site.start()
        seconds = dict.fromkeys(PAGES, 0.0)
        size = {}
        for path in PAGES.values():
            hammer(site.url + path, warmup)
        for number in range(rounds):
            names = list(PAGES) if number % 2 == 0 else list(PAGES)[::-1]
            for name in names:
                path = PAGES[name]
                took, size[name] = hammer(site.url + path, requests_per_round)
                seconds[name] += took
    total = requests_per_round * rounds
    rps = {name: round(total / seconds[name], 1) for name in PAGES}
    result = {
        "requests_each": total,
        "clients": CLIENTS,
        "competition_rps": rps["competition"],
        "document_rps": rps["document"],
        "ratio_competition_to_document": common.ratio(
            rps["competition"], rps["document"]
        ),
        "bytes": size,
    }
    common.table(
        f"pages: anonymous GET, {total} requests each, {CLIENTS} client threads",
        ["page", "path", "bytes", "req/s"],
        [[name, PAGES[name], size[name], rps[name]] for name in PAGES],
    )
    print(
        "  ratio competition/document (req/s): "
        f"{result['ratio_competition_to_document']}"
    )
    return result
