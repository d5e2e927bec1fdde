"""Load a competition for the ranking benchmark (``zconsole run``).

Environment: BENCH_COMPETITION (id), BENCH_SUBMISSIONS (how many),
BENCH_BATCH (submissions per commit, 200).

The data goes the ways the add-on's own code writes it, so it is like
production: a Competition with the demo's six categories and three
criteria, the demo's five jurors (``vorsitz`` chairs) as its jury; the
competition is moved to ``judging``; then, batch by batch, the submissions
are created with the fields the intake sets, admitted (the workflow
subscriber syncs the jury's local roles and the ledger), every juror
declares "no conflict" (``jury.conflicts.declare``; then one
``access.sync_submission`` grants the five roles, where the gate syncs after
each juror: the same data, a fifth of the PAS lookups), every juror saves a
final score through the jury service (``jury.service.save_score``, as that
juror), and the batch is committed (the cataloguing of all objects of a
batch happens at its commit).

Eligibility flags are computed by the pure rules without the catalog
lookup of other leads that ``intake.eligibility.evaluate_submission`` does
(that lookup reads every submission's brain, so loading N applications
with it is quadratic); every lead here is unique, so the flags are the
same. Prints ``BENCH {...}`` with the competition's UID and the timings.
"""

from benchsite import open_site
from benchsite import report
from datetime import date
from datetime import datetime
from datetime import timedelta
from ikz.landespreis import demo
from ikz.landespreis import demo_texts
from ikz.landespreis import ledger
from ikz.landespreis.domain import eligibility
from ikz.landespreis.domain.dates import BERLIN
from ikz.landespreis.domain.references import edition_prefix
from ikz.landespreis.domain.references import format_reference
from ikz.landespreis.jury import access
from ikz.landespreis.jury import conflicts
from ikz.landespreis.jury import membership
from ikz.landespreis.jury import service
from plone import api

import os
import random
import sys
import time
import transaction


JURORS = (demo.CHAIR, *demo.JURORS)
SUMMARY = (
    "Die Partner betreiben seit {year} gemeinsam {what}. Die Zusammenarbeit "
    "spart Personal und Sachkosten, verkürzt Bearbeitungszeiten und schafft "
    "eine neue Qualität der Leistungen für Bürgerinnen, Bürger und Unternehmen."
)
WHAT = (
    "ein Bürgerbüro",
    "eine Vergabestelle",
    "ein Rechenzentrum",
    "einen Bauhof",
    "ein Standesamt",
    "eine Wirtschaftsförderung",
    "ein Klimaschutzmanagement",
)


def make_competition(site, competition_id):
    now = datetime.now(BERLIN).replace(microsecond=0)
    competition = api.content.create(
        container=site,
        type="Competition",
        id=competition_id,
        title=f"Benchmark {competition_id}",
        submission_start=now - timedelta(weeks=10),
        submission_end=now - timedelta(days=1),
        cutoff_date=date(2016, 9, 1),
        jury_deadline=now + timedelta(weeks=6),
        prize_amount=10000,
        score_min=0,
        score_max=10,
        criteria=[dict(c) for c in demo_texts.CRITERIA],
    )
    for cid, title, code, special, description in demo_texts.CATEGORIES:
        api.content.create(
            container=competition,
            type="Category",
            id=cid,
            title=title,
            description=description,
            short_code=code,
            special_category=special,
        )
    for user_id in JURORS:
        membership.add_member(competition, user_id, chair=user_id == demo.CHAIR)
    for transition in ("announce", "open", "close"):
        api.content.transition(competition, transition=transition)
    return competition


def add_submission(competition, category, number):
    """A submission with the fields ``intake.store.store_application`` sets."""
    reference = format_reference(
        edition_prefix(competition.submission_end), category.short_code, number
    )
    submission = api.content.create(
        container=category,
        type="Submission",
        id=reference.lower(),
        title=f"Kooperationsprojekt {number:05d}",
        safe_id=False,
    )
    submission.reference = reference
    submission.submitted_at = competition.submission_start + timedelta(minutes=number)
    submission.lead_municipality = f"Stadt Nummer {number:05d}"
    submission.department = "Fachbereich Organisation"
    submission.contact_name = "Erika Mustermann"
    submission.contact_email = f"projekt{number:05d}@example.org"
    submission.contact_phone = "0211 12345"
    submission.partners = [
        f"Gemeinde Partner {number:05d}",
        f"Kreis Partner {number % 31:02d}",
    ]
    submission.contract_date = date(2019, 5, 1)
    submission.project_status = "running"
    submission.no_lead = False
    submission.privacy_consent = True
    submission.publication_consent = number % 2 == 0
    submission.summary = SUMMARY.format(
        year=2017 + number % 8, what=WHAT[number % len(WHAT)]
    )
    submission.benefit = "Weniger Aufwand und kürzere Wege."
    submission.innovation = "Eine gemeinsame digitale Plattform."
    submission.sustainability = "Vertraglich auf Dauer angelegt."
    submission.additional_answers = {}
    flags = eligibility.evaluate(
        eligibility.Application(
            lead=submission.lead_municipality,
            partners=list(submission.partners),
            contract_date=submission.contract_date,
        ),
        cutoff=competition.cutoff_date,
    )
    submission.eligibility_flags = flags
    ledger.set_flags(competition, api.content.get_uuid(submission), flags)
    submission.reindexObject()
    return submission


def judge(competition, batch, rng):
    """Admit the batch; every juror declares "no conflict" and gives a
    final score."""
    for submission in batch:
        api.content.transition(submission, transition="admit")
        # the five declarations, then one sync of the local roles (as
        # tests/base.py's declare_no_conflict; the gate syncs after each)
        for juror in JURORS:
            conflicts.declare(submission, juror, False)
        access.sync_submission(submission, competition)
    criteria = [c["id"] for c in competition.criteria]
    for juror in JURORS:
        with api.env.adopt_user(username=juror):
            for submission in batch:
                values = {
                    cid: rng.randint(competition.score_min, competition.score_max)
                    for cid in criteria
                }
                service.save_score(submission, juror, values, comment="", final=True)


def main(app):
    site = open_site(app)
    competition_id = os.environ["BENCH_COMPETITION"]
    total = int(os.environ["BENCH_SUBMISSIONS"])
    size = int(os.environ.get("BENCH_BATCH", "200"))
    started = time.time()
    competition = make_competition(site, competition_id)
    transaction.commit()
    categories = [competition[c[0]] for c in demo_texts.CATEGORIES]
    rng = random.Random(total)  # noqa: S311 - seeded test data, not a secret
    for first in range(1, total + 1, size):
        numbers = range(first, min(first + size, total + 1))
        batch = [
            add_submission(competition, categories[n % len(categories)], n)
            for n in numbers
        ]
        judge(competition, batch, rng)
        transaction.commit()
        app._p_jar.cacheGC()
        print(
            f"{numbers[-1]} of {total} after {time.time() - started:.0f} s",
            file=sys.stderr,
            flush=True,
        )
    seconds = time.time() - started
    report({
        "uid": api.content.get_uuid(competition),
        "submissions": total,
        "seconds": round(seconds, 1),
    })
    app._p_jar.db().close()  # writes the FileStorage index for the next process


main(app)  # noqa: F821 - zconsole provides ``app``
