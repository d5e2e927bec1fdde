"""Downloads for the office: XLSX/CSV of all submissions, the scores, and a
ZIP of all uploads."""

from datetime import datetime
from ikz.landespreis import audit
from ikz.landespreis import ledger
from ikz.landespreis.domain.exports import neutralise
from ikz.landespreis.domain.ranking import weighted_score
from ikz.landespreis.exports.table import table
from ikz.landespreis.jury import ranking_data
from ikz.landespreis.jury import scores
from ikz.landespreis.utils import FILE_FIELDS
from plone import api
from Products.Five.browser import BrowserView
from ZPublisher.Iterators import filestream_iterator

import csv
import io
import openpyxl
import os
import re
import tempfile
import zipfile


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filename(context, suffix):
    stamp = datetime.now().strftime("%Y%m%d-%H%M")
    return f"{context.getId()}-{suffix}-{stamp}"


def _download(request, data, filename, mimetype):
    response = request.response
    response.setHeader("Content-Type", mimetype)
    response.setHeader("Content-Disposition", f'attachment; filename="{filename}"')
    response.setHeader("Content-Length", str(len(data)))
    response.setHeader("Cache-Control", "no-store")
    return data


def _xlsx(sheets):
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, header, rows in sheets:
        sheet = book.create_sheet(re.sub(r"[\[\]:*?/\\]", " ", title)[:31] or "Tabelle")
        sheet.append(header)
        for row in rows:
            sheet.append(row)
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


class SubmissionsExport(BrowserView):
    """``@@submissions-export?format=xlsx|csv``"""

    def __call__(self):
        header, rows = table(self.context)
        fmt = "csv" if self.request.form.get("format") == "csv" else "xlsx"
        audit.record_download(self.context, self.request, f"submissions.{fmt}")
        if self.request.form.get("format") == "csv":
            buffer = io.StringIO()
            writer = csv.writer(buffer, delimiter=";")
            writer.writerow(header)
            writer.writerows(rows)
            data = ("\ufeff" + buffer.getvalue()).encode("utf-8")
            return _download(
                self.request,
                data,
                _filename(self.context, "bewerbungen") + ".csv",
                "text/csv; charset=utf-8",
            )
        data = _xlsx([("Bewerbungen", header, rows)])
        return _download(
            self.request, data, _filename(self.context, "bewerbungen") + ".xlsx", XLSX
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
        for cat in categories:
            for row in cat["rows"]:
                brain = brains[row["submission"]]
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
                        "ja" if row["tie"] else "",
                    )
                ])
                obj = brain._unrestrictedGetObject()
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
        data = _xlsx(sheets)
        return _download(
            self.request, data, _filename(self.context, "bewertungen") + ".xlsx", XLSX
        )


class UploadsExport(BrowserView):
    """``@@uploads-export``: a ZIP of every upload as ``<reference>/<file>``.

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
        with (
            os.fdopen(handle, "wb") as target,
            zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive,
        ):
            for brain in brains:
                submission = brain.getObject()
                for name in FILE_FIELDS:
                    value = getattr(submission, name, None)
                    if value is None:
                        continue
                    arcname = f"{submission.reference}/{_safe(value.filename or name)}"
                    with value.open() as blob, archive.open(arcname, "w") as entry:
                        while chunk := blob.read(1 << 20):
                            entry.write(chunk)
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


def _safe(filename):
    name = os.path.basename(str(filename).replace("\\", "/"))
    return re.sub(r"[^\w.\- ()äöüÄÖÜß]", "_", name) or "datei"
