"""The jury's ranking of 1,000 and 10,000 admitted submissions (5 jurors,
3 criteria, every score final) against plain Plone listing the same
submissions from the catalog.

For each size a zconsole script loads a competition (bench/zconsole/
ranking_load.py), then two fresh processes measure, cold and warm, the
server time and the objects loaded from the database: our
``ranking_data.compute`` (behind ``@@ranking`` and ``@ranking``) and the
plain catalog listing (bench/zconsole/ranking_measure.py). Then the
instance serves and both are fetched over HTTP as the admin, warm: our
REST ``@ranking`` against plone.restapi's ``@search`` for the same
submissions with two metadata columns.
"""

from urllib.parse import urlencode

import common
import requests
import time


SUBJECTS = ("ranking", "shown", "listing")
HTTP_RUNS = 5
MEASURES = (  # label, key, scale
    ("first call, ms", "first_s", 1000),
    ("cold, ms", "cold_s", 1000),
    ("cold, objects loaded", "cold_loads", 1),
    ("warm, ms", "warm_s", 1000),
    ("warm, best of 5, ms", "warm_best_s", 1000),
    ("warm, of it garbage collection, ms", "warm_gc_s", 1000),
    ("HTTP warm, ms", "http_warm_s", 1000),
)


def fetch(url, rows_of):
    """Median seconds of HTTP_RUNS GETs of ``url`` (after one to warm up)
    as the admin, and the rows of the last answer."""
    seconds = []
    for run in range(HTTP_RUNS + 1):
        started = time.perf_counter()
        response = requests.get(
            url, auth=common.ADMIN, timeout=600, headers={"Accept": "application/json"}
        )
        if run:
            seconds.append(time.perf_counter() - started)
        response.raise_for_status()
    return common.median(seconds), rows_of(response.json())


def over_http(site, competition, loaded):
    ranking = f"{site.url}/{competition}/@ranking"
    search = f"{site.url}/@search?" + urlencode(
        {
            "portal_type": "Submission",
            "competition_uid": loaded["uid"],
            "review_state": "admitted",
            "b_size": loaded["submissions"],
            "metadata_fields": ["submission_reference", "submission_category"],
        },
        doseq=True,
    )
    return {
        "ranking": fetch(
            ranking, lambda data: sum(len(c["ranking"]) for c in data["categories"])
        ),
        "listing": fetch(search, lambda data: len(data["items"])),
    }


def measure(site, size):
    competition = f"ranking-{size}"
    print(f"  ranking: loading {size} submissions, then measuring ...", flush=True)
    loaded = site.zconsole(
        "ranking_load.py", BENCH_COMPETITION=competition, BENCH_SUBMISSIONS=size
    )
    figures = {
        subject: site.zconsole(
            "ranking_measure.py", BENCH_COMPETITION=competition, BENCH_SUBJECT=subject
        )
        for subject in SUBJECTS
    }
    site.start()
    try:
        http = over_http(site, competition, loaded)
    finally:
        site.stop()
    figures["shown"]["http_warm_s"] = None
    for subject in ("ranking", "listing"):
        seconds, rows = http[subject]
        figures[subject]["http_warm_s"] = round(seconds, 4)
        if not figures[subject]["rows"] == rows == size:
            raise RuntimeError(
                f"{subject} of {size}: {figures[subject]['rows']}, {rows} rows"
            )
    if figures["shown"]["rows"] != size:
        raise RuntimeError(f"shown of {size}: {figures['shown']['rows']} rows")
    ours, plain = figures["ranking"], figures["listing"]
    figures["ratio"] = {
        key: common.ratio(ours[key], plain[key])
        for key in (
            "first_s",
            "cold_s",
            "cold_loads",
            "warm_s",
            "warm_best_s",
            "http_warm_s",
        )
    }
    figures["ratio_shown"] = {
        key: common.ratio(figures["shown"][key], plain[key])
        for key in ("first_s", "cold_s", "cold_loads", "warm_s", "warm_best_s")
    }
    figures["load_seconds"] = loaded["seconds"]
    return figures


def run():
    sizes = (200, 600) if common.QUICK else (1000, 10000)
    results = {}
    with common.Instance() as site:
        for size in sizes:
            results[size] = measure(site, size)
    rows = []
    for size, f in results.items():
        ours, plain, ratio = f["ranking"], f["listing"], f["ratio"]
        rows += [
            [size, label, ours[key] * scale, plain[key] * scale, ratio.get(key)]
            for label, key, scale in MEASURES
        ]
        shown = f["shown"]
        rows += [
            [
                size,
                label + " (+ titles)",
                shown[key] * scale,
                plain[key] * scale,
                f["ratio_shown"].get(key),
            ]
            for label, key, scale in MEASURES
            if key != "http_warm_s"
        ]
        rows.append([
            size,
            "warm, full garbage collections (5 runs)",
            ours["warm_gc_full"],
            plain["warm_gc_full"],
            None,
        ])
    common.table(
        "ranking: 5 jurors x 3 criteria, final scores; ours = ranking_data.compute "
        "from the per-category records / @ranking, (+ titles) = compute and each "
        "row's reference and title from its brain; plain = catalog listing / @search",
        ["submissions", "measure", "ranking", "listing", "ratio"],
        rows,
    )
    print(
        "  cold: ZODB caches emptied (first: the first call in a fresh process); "
        "warm runs loaded {} objects".format(
            max(f[s]["warm_loads"] for f in results.values() for s in SUBJECTS)
        )
    )
    print(
        "  loading the data took "
        + ", ".join(
            f"{f['load_seconds']:.0f} s for {size}" for size, f in results.items()
        )
    )
    return results
