"""The applicant's copy of the submitted application as an accessible PDF
(WeasyPrint's PDF/UA-1, through the dossier's renderer that fetches nothing
from outside): every answer, the files with size and SHA-256 checksum, the
time of receipt, the reference and the version."""

from html import escape
from ikz.landespreis.domain.files import sha256_file
from ikz.landespreis.domain.formatting import german_date
from ikz.landespreis.domain.formatting import german_datetime
from ikz.landespreis.domain.pictures import PICTURE_FIELDS
from ikz.landespreis.intake.mails import german_size
from ikz.landespreis.utils import FILE_FIELDS
from ikz.landespreis.utils import find_competition


ANSWERS = (
    ("title", "Titel des Projekts"),
    ("lead_municipality", "Kommune bzw. Verband"),
    ("department", "Fachbereich / Organisationseinheit"),
    ("contact_name", "Ansprechperson"),
    ("contact_email", "E-Mail-Adresse"),
    ("contact_phone", "Telefonnummer"),
    ("partners", "Kommunale Partner"),
    ("contract_date", "Datum der vertraglichen Vereinbarung"),
    ("project_status", "Stand des Projekts"),
    ("legal_form", "Rechtsform der Zusammenarbeit"),
    ("funding", "Bisherige Förderung durch Land oder Bund"),
    ("summary", "Kurzbeschreibung des Projekts"),
    ("benefit", "Gewinn der Kooperation"),
    ("innovation", "Grad der Innovation"),
    ("sustainability", "Zukunftsfähigkeit, Nutzbarkeit und Nachhaltigkeit"),
    ("no_lead", "Keine federführende Kommune benannt"),
    ("privacy_consent", "Einwilligung in die Datenverarbeitung"),
    ("publication_consent", "Einwilligung in die Veröffentlichung"),
)
STATUS = {
    "running": "Die Zusammenarbeit läuft bereits",
    "implementation": "Die Zusammenarbeit wird umgesetzt",
}


def _value(submission, name):
    value = getattr(submission, name, None)
    if name == "project_status":
        return STATUS.get(value, value or "")
    if name == "contract_date":
        return german_date(value) if value else ""
    if isinstance(value, bool) or name in ("no_lead",):
        return "ja" if value else "nein"
    if isinstance(value, (list, tuple)):
        return "\n".join(str(v) for v in value)
    return str(value or "")


def _block(text):
    return "<br/>".join(escape(line) for line in str(text).splitlines()) or "–"


def application_html(submission):
    competition = find_competition(submission)
    rows = [
        f"<tr><th scope='row'>{escape(label)}</th>"
        f"<td>{_block(_value(submission, name))}</td></tr>"
        for name, label in ANSWERS
    ]
    for question, answer in (
        getattr(submission, "additional_answers", {}) or {}
    ).items():
        rows.append(
            f"<tr><th scope='row'>{escape(question)}</th><td>{_block(answer)}</td></tr>"
        )
    files = []
    alts = dict(PICTURE_FIELDS)
    for name in (*FILE_FIELDS, *alts):
        blob = getattr(submission, name, None)
        if blob is None:
            continue
        with blob.open() as stream:
            checksum = sha256_file(stream)
        label = blob.filename or name
        if name in alts:
            alt = getattr(submission, alts[name], None) or ""
            label = f"{label} (Bildbeschreibung: {alt})"
        files.append(
            f"<tr><td>{escape(label)}</td>"
            f"<td>{escape(german_size(blob.getSize()))}</td>"
            f"<td class='hash'>{checksum}</td></tr>"
        )
    files_html = (
        "<table><caption>Hochgeladene Dateien</caption><thead><tr>"
        "<th scope='col'>Datei</th><th scope='col'>Größe</th>"
        "<th scope='col'>SHA-256-Prüfsumme</th></tr></thead><tbody>"
        + "".join(files)
        + "</tbody></table>"
        if files
        else "<p>Keine Dateien hochgeladen.</p>"
    )
    title = f"Bewerbung {submission.reference}"
    version = getattr(submission, "version", 1) or 1
    return f"""<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8"/><title>{escape(title)}</title>
<style>
@page {{ size: A4; margin: 2cm; @bottom-right {{ content: "Seite " counter(page)
  " von " counter(pages); font-size: 9pt; }} }}
body {{ font-family: sans-serif; font-size: 10.5pt; line-height: 1.4; }}
h1 {{ font-size: 16pt; }}
table {{ border-collapse: collapse; width: 100%; margin-bottom: 1em; }}
th, td {{ border: 1px solid #999; padding: 4px 6px; text-align: left;
  vertical-align: top; }}
th[scope=row] {{ width: 32%; }}
caption {{ text-align: left; font-weight: bold; margin: .5em 0; }}
.hash {{ font-family: monospace; font-size: 8pt; word-break: break-all; }}
</style></head><body>
<h1>{escape(title)}</h1>
<p>{escape(competition.Title() if competition is not None else "")}</p>
<table><caption>Eingang</caption><tbody>
<tr><th scope='row'>Aktenzeichen</th><td>{escape(submission.reference or "")}</td></tr>
<tr><th scope='row'>Kategorie</th><td>{escape(submission.__parent__.Title())}</td></tr>
<tr><th scope='row'>Eingegangen am</th>
<td>{escape(german_datetime(submission.submitted_at))}</td></tr>
<tr><th scope='row'>Fassung</th><td>{version}</td></tr>
</tbody></table>
<table><caption>Ihre Angaben</caption><tbody>{"".join(rows)}</tbody></table>
{files_html}
</body></html>"""


def application_pdf(submission):
    from ikz.landespreis.exports.dossier import render_pdf

    return render_pdf(application_html(submission))


def download(submission, request):
    """The PDF of ``submission`` for its applicant, the download recorded
    (the page's "PDF herunterladen" and ``GET @my-application/pdf``)."""
    from ikz.landespreis import audit
    from plone import api
    from plone.protect.interfaces import IDisableCSRFProtection
    from zope.interface import alsoProvides

    data = application_pdf(submission)
    # the audit entry is the only write of this GET
    alsoProvides(request, IDisableCSRFProtection)
    audit.record(
        submission,
        "download",
        target=api.content.get_uuid(submission),
        actor="Bewerbung (persönlicher Link)",
        export="Bewerbung als PDF",
    )
    return data


class MyApplicationPdfView:
    """``@@meine-bewerbung-pdf``: the PDF of the session's application."""

    def __init__(self, context, request):
        self.context = context
        self.request = request

    def __call__(self):
        from ikz.landespreis.applicants.views import session_application
        from ikz.landespreis.web.headers import IPrivateResponse
        from zope.interface import alsoProvides

        alsoProvides(self.request, IPrivateResponse)
        submission, _role = session_application(self.context, self.request)
        if submission is None or getattr(submission, "portal_type", "") != "Submission":
            self.request.response.redirect(
                f"{self.context.absolute_url()}/@@meine-bewerbung"
            )
            return ""
        data = download(submission, self.request)
        response = self.request.response
        response.setHeader("Content-Type", "application/pdf")
        response.setHeader(
            "Content-Disposition",
            f'attachment; filename="{submission.reference}.pdf"',
        )
        response.setHeader("Content-Length", str(len(data)))
        return data
