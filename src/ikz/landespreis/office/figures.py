"""The competition's figures for the office box and the cockpit: counts
from the catalog and the ledger (no submission is woken), drawn as
accessible SVG charts with jury/svg.py."""

from collections import Counter
from datetime import timedelta
from ikz.landespreis import ledger
from ikz.landespreis.domain.dates import BERLIN
from ikz.landespreis.domain.eligibility import EXPLANATIONS
from ikz.landespreis.domain.eligibility import ORDER
from ikz.landespreis.domain.formatting import german_number
from ikz.landespreis.domain.municipalities import lookup
from ikz.landespreis.domain.municipalities import REGIERUNGSBEZIRKE
from ikz.landespreis.jury import decision
from ikz.landespreis.jury.access import JURY_STATES
from ikz.landespreis.jury.svg import bar_chart
from ikz.landespreis.jury.svg import column_chart
from ikz.landespreis.jury.svg import nice_max
from ikz.landespreis.utils import competition_categories
from plone import api
from zope.annotation.interfaces import IAnnotations
from zope.i18n import translate


#: states after the jury's work whose scores still count for the progress
AFTER_JURY = ("published", "archived_published", "archived")
COUNT = "Anzahl Bewerbungen"
NOT_IN_TABLE = "nicht in NRW-Gemeindeliste (Verband, Unternehmen u. a.)"


def _de(message, request=None):
    return translate(message, domain="ikz.landespreis", target_language="de")


def _recorded(competition, uid):
    """Every score recorded for a submission, whoever holds a role now."""
    tree = IAnnotations(competition).get(ledger.SCORES) or {}
    return dict(tree.get(uid) or {})


def jury_progress(competition, brains, categories):
    """``{category id: (final, expected)}``: live for submissions the jury
    works on, from the signed decision (else the recorded scores) for those
    past the jury, so the figures do not drop after awarding."""
    frozen = {}
    for category in categories:
        obj = competition.get(category.getId)
        signed = decision.get(obj) if obj is not None else None
        for row in (signed or {}).get("ranking", []):
            frozen[row["submission"]] = (
                int(row.get("final_scores") or 0),
                int(row.get("expected_scores") or 0),
            )
    progress = {c.getId: [0, 0] for c in categories}
    for brain in brains:
        state = brain.review_state
        if state in JURY_STATES:
            scores = ledger.scores(competition, brain.UID)
            final = sum(1 for s in scores.values() if s.get("final"))
            expected = len(ledger.jurors(competition, brain.UID))
        elif state in AFTER_JURY:
            if brain.UID in frozen:
                final, expected = frozen[brain.UID]
            else:
                recorded = _recorded(competition, brain.UID)
                final = sum(1 for s in recorded.values() if s.get("final"))
                expected = len(recorded)
        else:
            continue
        entry = progress.setdefault(brain.submission_category, [0, 0])
        entry[0] += final
        entry[1] += expected
    return {k: tuple(v) for k, v in progress.items()}


def _state_titles():
    workflow = api.portal.get_tool("portal_workflow")["ikz_submission_workflow"]
    return [(s.getId(), _de(s.title)) for s in workflow.states.objectValues()]


def figures(competition, today=None):
    """The numbers behind the charts (plain data, for tests and REST)."""
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(
        portal_type="Submission", competition_uid=api.content.get_uuid(competition)
    )
    categories = list(competition_categories(competition))
    titles = {c.getId: c.Title for c in categories}
    per_category = Counter(b.submission_category for b in brains)
    per_day = Counter(
        b.submitted_at.astimezone(BERLIN).date() for b in brains if b.submitted_at
    )
    per_state = Counter(b.review_state for b in brains)
    per_flag = Counter()
    regions = Counter()
    districts = Counter()
    for brain in brains:
        per_flag.update(ledger.flags(competition, brain.UID))
        place = lookup(getattr(brain, "lead_municipality", None))
        if place is None:
            regions[NOT_IN_TABLE] += 1
        else:
            regions[place.regierungsbezirk] += 1
            districts[place.district_label] += 1
    days = []
    if per_day:
        first, last = min(per_day), max(per_day)
        day = first
        while day <= last:
            days.append((day, per_day.get(day, 0)))
            day += timedelta(days=1)
    progress = jury_progress(competition, brains, categories)
    return {
        "total": len(brains),
        "categories": [
            (c.getId, c.Title, per_category.get(c.getId, 0)) for c in categories
        ]
        + [(k, k, n) for k, n in per_category.items() if k not in titles],
        "days": days,
        "states": [
            (sid, title, per_state[sid])
            for sid, title in _state_titles()
            if per_state[sid]
        ],
        "flags": [(f, _de(EXPLANATIONS[f]), per_flag[f]) for f in ORDER],
        "regions": [(r, regions[r]) for r in REGIERUNGSBEZIRKE]
        + ([(NOT_IN_TABLE, regions[NOT_IN_TABLE])] if regions[NOT_IN_TABLE] else []),
        "districts": sorted(districts.items(), key=lambda item: (-item[1], item[0])),
        "progress": [
            (c.getId, c.Title, *progress.get(c.getId, (0, 0))) for c in categories
        ],
    }


def _count_chart(title, rows, label_title, desc):
    top = nice_max(max([n for _l, n in rows] + [1]))
    return bar_chart(
        rows,
        0,
        top,
        title=title,
        axis_title=COUNT,
        label_title=label_title,
        desc=desc,
    )


def charts(competition):
    """``{"total", "final", "expected", "percent", "charts": [html]}``."""
    data = figures(competition)
    total = data["total"]
    charts = [
        _count_chart(
            "Bewerbungen je Kategorie",
            [(title, n) for _id, title, n in data["categories"]],
            "Kategorie",
            f"{total} Bewerbungen, aufgeteilt nach Kategorie",
        )
    ]
    if data["days"]:
        charts.append(
            column_chart(
                [(f"{day:%d.%m.}", n) for day, n in data["days"]],
                title="Bewerbungen je Tag",
                axis_title=COUNT,
                x_title="Eingangstag (Berliner Zeit)",
                desc="Eingegangene Bewerbungen je Kalendertag vom ersten bis "
                "zum letzten Eingang",
            )
        )
    if data["states"]:
        charts.append(
            _count_chart(
                "Bewerbungen je Status",
                [(title, n) for _id, title, n in data["states"]],
                "Status",
                "Wie viele Bewerbungen in welchem Status sind",
            )
        )
    charts.append(
        _count_chart(
            "Hinweise zur Teilnahmeberechtigung",
            [(title, n) for _id, title, n in data["flags"]],
            "Hinweis",
            "Wie viele Bewerbungen den jeweiligen Hinweis der Prüfung tragen "
            "(eine Bewerbung kann mehrere tragen)",
        )
    )
    rows = []
    for _id, title, final, expected in data["progress"]:
        percent = round(100 * final / expected) if expected else 0
        rows.append((
            title,
            percent,
            f"{final} von {expected} ({percent} %)" if expected else "keine erwartet",
        ))
    charts.append(
        bar_chart(
            rows,
            0,
            100,
            title="Fortschritt der Jury je Kategorie",
            axis_title="Endgültige Bewertungen in % der erwarteten",
            label_title="Kategorie",
            desc="Endgültige Bewertungen im Verhältnis zu den erwarteten "
            "Bewertungen (Jurymitglieder je Bewerbung), je Kategorie",
        )
    )
    charts.append(
        _count_chart(
            "Herkunft nach Regierungsbezirk",
            data["regions"],
            "Regierungsbezirk der federführenden Kommune",
            "Bewerbungen nach dem Regierungsbezirk der federführenden Kommune",
        )
    )
    if data["districts"]:
        charts.append(
            _count_chart(
                "Herkunft nach Kreis / kreisfreier Stadt",
                data["districts"],
                "Kreis oder kreisfreie Stadt der federführenden Kommune",
                "Bewerbungen nach dem Kreis oder der kreisfreien Stadt der "
                "federführenden Kommune (nur Kommunen aus der NRW-Gemeindeliste)",
            )
        )
    final = sum(p[2] for p in data["progress"])
    expected = sum(p[3] for p in data["progress"])
    return {
        "total": total,
        "total_text": german_number(total),
        "final": final,
        "expected": expected,
        "percent": round(100 * final / expected) if expected else 0,
        "charts": charts,
    }
