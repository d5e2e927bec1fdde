"""One row per submission with every field, every additional answer, the
state, the flags and the scoring summary, as typed values: texts, numbers,
dates (Berlin time), lists (partners, flags). The writers in
``exports/workbook.py`` turn them into XLSX and CSV cells."""

from dataclasses import dataclass
from dataclasses import field
from ikz.landespreis.content.submission import ISubmission
from ikz.landespreis.content.submission import PROJECT_STATUS
from ikz.landespreis.domain.eligibility import EXPLANATIONS
from ikz.landespreis.domain.exports import neutralise
from ikz.landespreis.domain.formatting import spreadsheet_datetime
from ikz.landespreis.domain.municipalities import lookup
from ikz.landespreis.domain.ranking import weighted_score
from ikz.landespreis.jury.scores import records
from ikz.landespreis.utils import FILE_FIELDS
from plone import api
from zope.i18n import translate
from zope.schema import getFieldsInOrder
from zope.schema.interfaces import IBool
from zope.schema.interfaces import IDate
from zope.schema.interfaces import IDatetime
from zope.schema.interfaces import IList

import statistics


SKIP = {"additional_answers"} | set(FILE_FIELDS)


@dataclass
class Table:
    header: list[str]
    kinds: list[str]  # text, list, date, datetime, int, float
    keys: list[str] = field(default_factory=list)  # field names etc.
    rows: list[list] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)  # per row


def _de(message):
    return translate(message, domain="ikz.landespreis", target_language="de")


def _fields():
    return [(name, f) for name, f in getFieldsInOrder(ISubmission) if name not in SKIP]


def _kind(schema_field):
    if IDatetime.providedBy(schema_field):
        return "datetime"
    if IDate.providedBy(schema_field):
        return "date"
    if IList.providedBy(schema_field):
        return "list"
    return "text"


def submissions(competition):
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog(
        portal_type="Submission",
        competition_uid=api.content.get_uuid(competition),
        sort_on="submission_reference",
    )
    return [b.getObject() for b in brains]


def state_titles():
    workflow = api.portal.get_tool("portal_workflow")["ikz_submission_workflow"]
    return {state.getId(): _de(state.title) for state in workflow.states.objectValues()}


def _value(submission, name, schema_field):
    value = getattr(submission, name, None)
    if name == "project_status":
        try:
            return _de(PROJECT_STATUS.getTerm(value).title) if value else ""
        except LookupError:
            return str(value)
    if name == "eligibility_flags":
        return [_de(EXPLANATIONS.get(f, f)) for f in value or []]
    if IBool.providedBy(schema_field):
        return "ja" if value else "nein"
    if IDatetime.providedBy(schema_field) or IDate.providedBy(schema_field):
        return spreadsheet_datetime(value)
    if IList.providedBy(schema_field):
        return [str(v) for v in value or [] if v]
    return value


def table(competition):
    """The competition's submissions as a ``Table``."""
    items = submissions(competition)
    fields = _fields()
    answer_keys = sorted({k for s in items for k in (s.additional_answers or {})})
    header = [_de(f.title) for _n, f in fields]
    kinds = [_kind(f) for _n, f in fields]
    header += [_de(ISubmission[name].title) + " (Datei)" for name in FILE_FIELDS]
    kinds += ["text"] * len(FILE_FIELDS)
    header += answer_keys
    kinds += ["text"] * len(answer_keys)
    header += [
        "Status",
        "Kategorie",
        "Kreis / kreisfreie Stadt",
        "Regierungsbezirk",
        "Endgültige Bewertungen",
        "Mittelwert (gewichtet)",
        "Adresse",
    ]
    kinds += ["text", "text", "text", "text", "int", "float", "text"]
    keys = [name for name, _f in fields] + list(FILE_FIELDS)
    keys += ["answer:" + k for k in answer_keys]
    keys += ["state", "category", "district", "region", "finals", "mean", "url"]
    criteria = [(c["id"], float(c["weight"])) for c in competition.criteria or []]
    states = state_titles()
    result = Table(header=header, kinds=kinds, keys=keys)
    for s in items:
        row = [_value(s, name, f) for name, f in fields]
        row += [getattr(getattr(s, name, None), "filename", "") for name in FILE_FIELDS]
        row += [(s.additional_answers or {}).get(k, "") for k in answer_keys]
        finals = []
        for record in records(s).values():
            if record.final and criteria:
                value = weighted_score(dict(record.values), criteria)
                if value is not None:
                    finals.append(value)
        state = api.content.get_state(s)
        place = lookup(s.lead_municipality)
        row += [
            states.get(state, state),
            s.__parent__.Title(),
            place.kreis_name if place else "",
            place.regierungsbezirk if place else "",
            len(finals),
            round(statistics.fmean(finals), 3) if finals else None,
            s.absolute_url(),
        ]
        result.rows.append(row)
        result.categories.append(s.__parent__.Title())
    return result


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
