"""Downloads for the office: XLSX/CSV of all submissions, the scores, and a
ZIP of all uploads."""

from collections import Counter
from datetime import datetime
from ikz.landespreis import audit
from ikz.landespreis import ledger
from ikz.landespreis.domain.dates import BERLIN
from ikz.landespreis.domain.exports import neutralise
from ikz.landespreis.domain.formatting import file_stamp
from ikz.landespreis.domain.formatting import german_datetime
from ikz.landespreis.domain.ranking import weighted_score
from ikz.landespreis.exports.table import state_titles
from ikz.landespreis.exports.table import table
from ikz.landespreis.exports.workbook import csv_bytes
from ikz.landespreis.exports.workbook import xlsx
from ikz.landespreis.jury import conflicts
from ikz.landespreis.jury import ranking_data
from ikz.landespreis.jury import scores
from ikz.landespreis.utils import current_user_id
from ikz.landespreis.utils import FILE_FIELDS
from plone import api
from Products.Five.browser import BrowserView
from ZPublisher.Iterators import filestream_iterator

import csv
import hashlib
import io
import os
import re
import tempfile
import zipfile


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: the title of an application the exporting person is conflicted on
CONFLICTED = "befangen"


def _filename(context, suffix):
    """``bewerbungen-2026-12-01-1430`` (Berlin time)."""
    return f"{suffix}-{file_stamp()}"


def _download(request, data, filename, mimetype):
    response = request.response
    response.setHeader("Content-Type", mimetype)
    response.setHeader("Content-Disposition", f'attachment; filename="{filename}"')
    response.setHeader("Content-Length", str(len(data)))
    response.setHeader("Cache-Control", "no-store")
    return data


def summary(data, competition):
    """``(header, rows)``: per category the number of applications, per
    state and with eligibility flags, and a total row."""
    states = list(dict.fromkeys(state_titles().values()))
    state_column = data.keys.index("state")
    flags_column = data.keys.index("eligibility_flags")
    categories = [c.Title() for c in competition.objectValues() if _is_category(c)]
    categories += [c for c in data.categories if c not in categories]
    per_state = Counter()
    totals = Counter()
    flagged = Counter()
    for category, row in zip(data.categories, data.rows, strict=True):
        per_state[category, row[state_column]] += 1
        totals[category] += 1
        flagged[category] += bool(row[flags_column])
    used = [s for s in states if any(per_state[c, s] for c in categories)]
    header = ["Kategorie", "Bewerbungen", *used, "Mit Hinweisen zur Teilnahme"]
    rows = [
        [c, totals[c], *[per_state[c, s] for s in used], flagged[c]] for c in categories
    ]
    rows.append([
        "Gesamt",
        sum(totals.values()),
        *[sum(per_state[c, s] for c in categories) for s in used],
        sum(flagged.values()),
    ])
    return header, rows


def _is_category(obj):
    return getattr(obj, "portal_type", None) == "Category"


class SubmissionsExport(BrowserView):
    """``@@submissions-export?format=xlsx|csv``: a summary sheet, every
    application, and a sheet per category (CSV: every application)."""

    def __call__(self):
        data = table(self.context)
        fmt = "csv" if self.request.form.get("format") == "csv" else "xlsx"
        audit.record_download(self.context, self.request, f"submissions.{fmt}")
        if self.request.form.get("format") == "csv":
            return _download(
                self.request,
                csv_bytes(data.header, data.rows),
                _filename(self.context, "bewerbungen") + ".csv",
                "text/csv; charset=utf-8",
            )
        summary_header, summary_rows = summary(data, self.context)
        sheets = [
            ("Übersicht", summary_header, summary_rows),
            ("Alle Bewerbungen", data.header, data.rows, data.kinds),
        ]
        for category in [row[0] for row in summary_rows[:-1]]:
            rows = [
                row
                for row, cat in zip(data.rows, data.categories, strict=True)
                if cat == category
            ]
            sheets.append((category, data.header, rows, data.kinds))
        return _download(
            self.request,
            xlsx(sheets),
            _filename(self.context, "bewerbungen") + ".xlsx",
            XLSX,
        )


class ScoresExport(BrowserView):
    """``@@scores-export?format=xlsx``: the ranking and every juror's scores
    per category."""

    def __call__(self):
        criteria = self.context.criteria or []
        weights = [(c["id"], float(c["weight"])) for c in criteria]
        audit.record_download(self.context, self.request, "scores.xlsx")
        categories, brains = ranking_data.compute(self.context)
        sheets = []
        ranking_header = [
            "Kategorie",
            "Rang",
            "Aktenzeichen",
            "Titel",
            "Punkte",
            "Streuung",
            "Endgültige Bewertungen",
            "Erwartet",
            "Gleichstand",
        ]
        ranking_rows = []
        score_header = ["Kategorie", "Aktenzeichen", "Titel", "Jurymitglied", "Status"]
        score_header += [c["title"] for c in criteria] + [
            "Gewichtet",
            "Anmerkung",
            "Zählt für die Rangfolge",
        ]
        score_rows = []
        viewer = current_user_id()
        for cat in categories:
            for row in cat["rows"]:
                brain = brains[row["submission"]]
                obj = brain._unrestrictedGetObject()
                if conflicts.is_blocked(obj, viewer):
                    # the viewer is conflicted on it: the reference, rank
                    # and mean, nothing of who gave which score (issue 11)
                    ranking_rows.append([
                        neutralise(v)
                        for v in (
                            cat["title"],
                            row["rank"],
                            brain.submission_reference,
                            CONFLICTED,
                            row["score"],
                            None,
                            row["final_scores"],
                            row["expected_scores"],
                            "ja" if row["tie"] else "nein",
                        )
                    ])
                    score_rows.append([
                        cat["title"],
                        brain.submission_reference,
                        CONFLICTED,
                    ])
                    continue
                ranking_rows.append([
                    neutralise(v)
                    for v in (
                        cat["title"],
                        row["rank"],
                        brain.submission_reference,
                        brain.Title,
                        row["score"],
                        row["spread"],
                        row["final_scores"],
                        row["expected_scores"],
                        "ja" if row["tie"] else "nein",
                    )
                ])
                # scores of jurors who lost access (move, panel change,
                # removal, conflict) stay recorded, marked, outside the ranking
                current = set(ledger.jurors(self.context, brain.UID))
                for juror, record in sorted(scores.records(obj).items()):
                    values = dict(record.values)
                    score_rows.append([
                        neutralise(v)
                        for v in (
                            [
                                cat["title"],
                                brain.submission_reference,
                                brain.Title,
                                juror,
                                "endgültig" if record.final else "Entwurf",
                            ]
                            + [values.get(c["id"]) for c in criteria]
                            + [
                                weighted_score(values, weights) if weights else None,
                                record.comment,
                                "ja" if juror in current else "nein (kein Zugang mehr)",
                            ]
                        )
                    ])
        sheets.append(("Rangfolge", ranking_header, ranking_rows))
        sheets.append(("Bewertungen", score_header, score_rows))
        data = xlsx(sheets)
        return _download(
            self.request, data, _filename(self.context, "bewertungen") + ".xlsx", XLSX
        )


def upload_time(submission, value):
    """When the file was stored: the transaction time of its blob object,
    else the submission's receipt, else its last change (Berlin time,
    naive, as ZIP entries carry local time)."""
    moment = None
    mtime = getattr(value, "_p_mtime", None)
    if mtime:
        moment = datetime.fromtimestamp(mtime, BERLIN)
    elif getattr(submission, "submitted_at", None) is not None:
        moment = submission.submitted_at.astimezone(BERLIN)
    else:
        moment = submission.modified().asdatetime().astimezone(BERLIN)
    return moment.replace(tzinfo=None)


MANIFEST = "manifest.csv"
MANIFEST_HEADER = [
    "Aktenzeichen",
    "Datei",
    "Größe (Bytes)",
    "SHA-256",
    "Hochgeladen",
]


class UploadsExport(BrowserView):
    """``@@uploads-export``: a ZIP of every upload as ``<reference>/<file>``
    with its upload time, and ``manifest.csv`` (reference, file, size,
    SHA-256, upload time).

    The archive is written blob by blob into a temporary file and streamed
    from disk, so the uploads are never all in memory.
    """

    def __call__(self):
        audit.record_download(self.context, self.request, "uploads.zip")
        catalog = api.portal.get_tool("portal_catalog")
        brains = catalog(
            portal_type="Submission",
            competition_uid=api.content.get_uuid(self.context),
            sort_on="submission_reference",
        )
        handle, path = tempfile.mkstemp(prefix="ikz-uploads-", suffix=".zip")
        manifest = []
        now = datetime.now(BERLIN).replace(tzinfo=None)
        with (
            os.fdopen(handle, "wb") as target,
            zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive,
        ):
            for brain in brains:
                submission = brain.getObject()
                taken = set()
                for name in FILE_FIELDS:
                    value = getattr(submission, name, None)
                    if value is None:
                        continue
                    filename = _unique(_safe(value.filename or name), taken)
                    arcname = f"{submission.reference}/{filename}"
                    when = upload_time(submission, value)
                    info = zipfile.ZipInfo(arcname, date_time=when.timetuple()[:6])
                    info.compress_type = zipfile.ZIP_DEFLATED
                    digest = hashlib.sha256()
                    size = 0
                    with value.open() as blob, archive.open(info, "w") as entry:
                        while chunk := blob.read(1 << 20):
                            digest.update(chunk)
                            size += len(chunk)
                            entry.write(chunk)
                    manifest.append([
                        submission.reference,
                        filename,
                        size,
                        digest.hexdigest(),
                        german_datetime(when),
                    ])
            buffer = io.StringIO()
            writer = csv.writer(buffer, delimiter=";")
            writer.writerow(MANIFEST_HEADER)
            writer.writerows([neutralise(v) for v in row] for row in manifest)
            info = zipfile.ZipInfo(MANIFEST, date_time=now.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, ("\ufeff" + buffer.getvalue()).encode("utf-8"))
        size = os.path.getsize(path)
        response = self.request.response
        response.setHeader("Content-Type", "application/zip")
        response.setHeader(
            "Content-Disposition",
            f'attachment; filename="{_filename(self.context, "anlagen")}.zip"',
        )
        response.setHeader("Content-Length", str(size))
        response.setHeader("Cache-Control", "no-store")
        iterator = filestream_iterator(path, "rb")
        os.unlink(path)  # the open iterator keeps the file until it is sent
        return iterator


def _unique(filename, taken):
    stem, dot, ext = filename.rpartition(".")
    if not dot:
        stem, ext = filename, ""
    candidate, number = filename, 2
    while candidate.lower() in taken:
        candidate = f"{stem}-{number}{dot}{ext}"
        number += 1
    taken.add(candidate.lower())
    return candidate


def _safe(filename):
    name = os.path.basename(str(filename).replace("\\", "/"))
    return re.sub(r"[^\w.\- ()äöüÄÖÜß]", "_", name) or "datei"
