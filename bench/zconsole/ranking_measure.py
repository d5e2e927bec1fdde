"""Time one way of reading a loaded competition (``zconsole run``), cold
and warm, with the objects it loads from the database.

Environment: BENCH_COMPETITION (id), BENCH_SUBJECT, BENCH_CYCLES (5).

- ``ranking``: ``jury.ranking_data.compute``, the function behind
  ``@@ranking`` and ``@ranking`` (the ledger's compact per-category
  records, ranked by ``domain.ranking.rank``).
- ``shown``: ``compute`` plus what ``@@ranking`` shows of each ranked
  application (reference and title from its brain), with the garbage
  collector paused around both as the page and REST do.
- ``listing``: plain Plone's way to list the same submissions: the same
  catalog query, every brain read with the metadata a folder listing shows.

Each cycle empties the ZODB caches (``cacheMinimize``; the start-up of the
process already read parts of the catalog), runs the subject *cold*, then
once more *warm*. Reported: the first cold run of this fresh process, the
median of the cold runs, the median and the best of the warm runs, and the objects each
kind of run read from the storage (``Connection.getTransferCounts``; the
most of any run). The operating system's file cache stays warm throughout.
"""

from benchsite import open_site
from benchsite import report
from ikz.landespreis.gcpause import collector_paused
from ikz.landespreis.jury import ranking_data
from ikz.landespreis.jury.access import JURY_STATES
from plone import api

import gc
import os
import statistics
import time


class GCClock:
    """Seconds the cyclic garbage collector ran, and its full (generation
    2) collections: in a process that holds a site's objects a full
    collection walks all of them, which a plain-Python timing never sees."""

    def __init__(self):
        self.seconds = 0.0
        self.full = 0
        self._started = None
        gc.callbacks.append(self)

    def __call__(self, phase, info):
        if phase == "start":
            self._started = time.perf_counter()
        elif self._started is not None:
            self.seconds += time.perf_counter() - self._started
            self.full += info["generation"] == 2
            self._started = None


LISTING_FIELDS = (
    "Title",
    "Description",
    "review_state",
    "portal_type",
    "modified",
    "UID",
    "submission_reference",
    "submission_category",
)


def ranking(competition):
    categories, _brains = ranking_data.compute(competition)
    return sum(len(category["rows"]) for category in categories)


def shown(competition):
    # as ``@@ranking`` and ``@ranking`` do, with the garbage collector
    # paused while the rows are built and shown (gcpause.py)
    with collector_paused():
        categories, brains = ranking_data.compute(competition)
        rows = [
            (
                brains[row["submission"]].submission_reference,
                brains[row["submission"]].Title,
            )
            for category in categories
            for row in category["rows"]
        ]
        return len(rows)


def listing(competition):
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(
        portal_type="Submission",
        competition_uid=api.content.get_uuid(competition),
        review_state=list(JURY_STATES),
    )
    rows = [
        dict(
            {name: getattr(brain, name) for name in LISTING_FIELDS}, url=brain.getURL()
        )
        for brain in brains
    ]
    return len(rows)


def timed(subject, competition, connection, clock):
    connection.getTransferCounts(clear=True)
    gc_before = clock.seconds, clock.full
    started = time.perf_counter()
    rows = subject(competition)
    seconds = time.perf_counter() - started
    gc_spent = (clock.seconds - gc_before[0], clock.full - gc_before[1])
    return seconds, connection.getTransferCounts(clear=True)[0], rows, gc_spent


def main(app):
    competition = open_site(app)[os.environ["BENCH_COMPETITION"]]
    subject = {"ranking": ranking, "shown": shown, "listing": listing}[
        os.environ["BENCH_SUBJECT"]
    ]
    connection = app._p_jar
    clock = GCClock()
    cold, warm = [], []
    for _cycle in range(int(os.environ.get("BENCH_CYCLES", "5"))):
        connection.db().cacheMinimize()
        competition.getId()  # the competition itself is not what is measured
        cold.append(timed(subject, competition, connection, clock))
        warm.append(timed(subject, competition, connection, clock))
    report({
        "rows": cold[0][2],
        "first_s": round(cold[0][0], 4),
        "cold_s": round(statistics.median(c[0] for c in cold), 4),
        "cold_loads": max(c[1] for c in cold),
        "warm_s": round(statistics.median(w[0] for w in warm), 4),
        # the least disturbed warm run (timeit's estimator): on a machine
        # that other work shares, the median carries that work's waits
        "warm_best_s": round(min(w[0] for w in warm), 4),
        "warm_loads": max(w[1] for w in warm),
        # of the warm runs: the garbage collector's median seconds and its
        # full collections in all of them
        "warm_gc_s": round(statistics.median(w[3][0] for w in warm), 4),
        "warm_gc_full": sum(w[3][1] for w in warm),
    })


main(app)  # noqa: F821 - zconsole provides ``app``
