"""One row per submission with every field, every additional answer, the
state, the flags and the scoring summary."""

from ikz.landespreis.content.submission import ISubmission
from ikz.landespreis.domain.exports import neutralise
from ikz.landespreis.domain.ranking import weighted_score
from ikz.landespreis.jury.scores import records
from ikz.landespreis.utils import FILE_FIELDS
from plone import api
from zope.i18n import translate
from zope.schema import getFieldsInOrder

import statistics


SKIP = {"additional_answers"} | set(FILE_FIELDS)
EXTRA = [
    "Status",
    "Kategorie",
    "Endgültige Bewertungen",
    "Mittelwert (gewichtet)",
    "Adresse",
]


def _fields():
    return [
        (name, field)
        for name, field in getFieldsInOrder(ISubmission)
        if name not in SKIP
    ]


def submissions(competition):
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog(
        portal_type="Submission",
        competition_uid=api.content.get_uuid(competition),
        sort_on="submission_reference",
    )
    return [b.getObject() for b in brains]


def table(competition):
    """``(header, rows)`` of plain values, every cell neutralised."""
    items = submissions(competition)
    fields = _fields()
    answer_keys = sorted({k for s in items for k in (s.additional_answers or {})})
    header = [translate(f.title, target_language="de") for _n, f in fields]
    header += [
        translate(ISubmission[name].title, target_language="de") + " (Datei)"
        for name in FILE_FIELDS
    ]
    header += answer_keys + EXTRA
    criteria = [(c["id"], float(c["weight"])) for c in competition.criteria or []]
    workflow = api.portal.get_tool("portal_workflow")["ikz_submission_workflow"]
    state_titles = {
        state.getId(): translate(
            state.title, domain="ikz.landespreis", target_language="de"
        )
        for state in workflow.states.objectValues()
    }
    rows = []
    for s in items:
        row = [getattr(s, name, None) for name, _f in fields]
        row += [getattr(getattr(s, name, None), "filename", "") for name in FILE_FIELDS]
        row += [(s.additional_answers or {}).get(k, "") for k in answer_keys]
        finals = []
        for record in records(s).values():
            if record.final and criteria:
                value = weighted_score(dict(record.values), criteria)
                if value is not None:
                    finals.append(value)
        row += [
            state_titles.get(api.content.get_state(s), api.content.get_state(s)),
            s.__parent__.Title(),
            len(finals),
            round(statistics.fmean(finals), 3) if finals else None,
            s.absolute_url(),
        ]
        rows.append([_plain(v) for v in row])
    return [neutralise(h) for h in header], rows


def _plain(value):
    if hasattr(value, "tzinfo") and getattr(value, "tzinfo", None) is not None:
        value = value.replace(tzinfo=None)
    return neutralise(value)


AUDIT_HEADER = ["Zeit", "Art", "Person", "Betrifft", "Begründung", "Einzelheiten"]


def audit_table(entries):
    """``(header, rows)`` of audit entries for XLSX/CSV (formula cells
    neutralised)."""
    from ikz.landespreis.audit import plain_details

    rows = [
        [
            neutralise(v)
            for v in (
                entry["time"],
                entry["label"],
                entry["actor"],
                entry["details"].get("reference") or entry["target"],
                entry["reason"],
                plain_details(entry),
            )
        ]
        for entry in entries
    ]
    return AUDIT_HEADER, rows
