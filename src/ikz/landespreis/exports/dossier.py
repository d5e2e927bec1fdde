"""The jury dossier (``@@jury-dossier``): one PDF per competition or per
category with a cover, a table of contents and every admitted (or later)
submission on its own pages.

No contact data, no office notes, no eligibility flags, no scores. The
submissions come from the ordinary catalog search, so the reader sees only
what they may see; fields behind *View Application Details* are left out
where the reader lacks it. Applicant text is untrusted: the Chameleon
template escapes every value, and WeasyPrint gets no base URL and a URL
fetcher that refuses everything but ``data:`` URIs, so no text can make the
server fetch anything.
"""

from AccessControl import getSecurityManager
from Acquisition import aq_inner
from Acquisition import aq_parent
from chameleon import PageTemplateFile
from datetime import datetime
from ikz.landespreis.content.submission import ISubmission
from ikz.landespreis.content.submission import PROJECT_STATUS
from ikz.landespreis.domain.dates import BERLIN
from ikz.landespreis.domain.formatting import file_stamp
from ikz.landespreis.domain.formatting import german_date
from ikz.landespreis.exports.views import _download
from ikz.landespreis.interfaces import ICategoryMarker
from ikz.landespreis.permissions import ViewApplicationDetails
from ikz.landespreis.utils import FILE_FIELDS
from ikz.landespreis.utils import find_competition
from plone import api
from plone.uuid.interfaces import IUUID
from Products.Five.browser import BrowserView
from pypdf import PdfReader
from pypdf import PdfWriter
from pypdf import Transformation
from weasyprint import HTML
from weasyprint.urls import URLFetcher
from zope.i18n import translate

import io
import logging
import os


logger = logging.getLogger(__name__)


ADMITTED_OR_LATER = ("admitted", "nominated", "awarded", "published")

TEMPLATE = PageTemplateFile(
    os.path.join(os.path.dirname(__file__), "templates", "dossier.pt")
)

PROJECT_FIELDS = ("contract_date", "project_status", "legal_form", "funding")
CRITERIA_FIELDS = ("benefit", "innovation", "sustainability")
LABELLED = (
    "lead_municipality",
    "partners",
    "department",
    "summary",
    "additional_answers",
    *PROJECT_FIELDS,
    *CRITERIA_FIELDS,
    *FILE_FIELDS,
)


class RefusingURLFetcher(URLFetcher):
    """Fetches ``data:`` URIs only; every other URL (http, https, ftp, file,
    relative) is refused before any connection is made."""

    def __init__(self):
        super().__init__(timeout=1, allowed_protocols=("data",), allow_redirects=False)

    def fetch(self, url, headers=None):
        if not str(url).lower().startswith("data:"):
            raise ValueError(
                f"Jurymappe: externe Ressource abgelehnt: {str(url)[:100]}"
            )
        return super().fetch(url, headers)


def _de(message):
    return translate(message, target_language="de")


def _labels():
    return {name: _de(ISubmission[name].title) for name in LABELLED}


def _status(value):
    if not value:
        return ""
    try:
        return _de(PROJECT_STATUS.getTerm(value).title)
    except LookupError:
        return str(value)


def _entry(submission, labels):
    """Plain strings only: the template escapes them."""
    category = aq_parent(aq_inner(submission))
    details = bool(
        getSecurityManager().checkPermission(ViewApplicationDetails, submission)
    )
    entry = {
        "anchor": "beitrag-" + (IUUID(submission, None) or submission.getId()),
        "reference": submission.reference or "(ohne Aktenzeichen)",
        "title": submission.title or "",
        "category": category.Title() if ICategoryMarker.providedBy(category) else "",
        "lead_municipality": submission.lead_municipality or "",
        "partners": [p for p in (submission.partners or []) if p],
        "summary": submission.summary or "",
        "details": details,
        "department": "",
        "project": [],
        "criteria": [],
        "files": [],
        "answers": [],
        "attachments": [],
        "first_in_group": False,
    }
    if not details:
        return entry
    entry["department"] = submission.department or ""
    entry["project"] = [
        (labels["contract_date"], german_date(submission.contract_date)),
        (labels["project_status"], _status(submission.project_status)),
        (labels["legal_form"], submission.legal_form or ""),
        (labels["funding"], submission.funding or ""),
    ]
    entry["criteria"] = [
        (labels[name], getattr(submission, name, None) or "")
        for name in CRITERIA_FIELDS
    ]
    for name in FILE_FIELDS:
        value = getattr(submission, name, None)
        if value is None:
            continue
        filename = value.filename or "(ohne Namen)"
        pages = _pdf_pages(value)
        if pages is None:
            note = "" if not _is_pdf(value) else "konnte nicht eingebunden werden"
        else:
            note = f"im Anschluss eingebunden ({_pages_text(len(pages))})"
            entry["attachments"].append({
                "label": labels[name],
                "filename": filename,
                "pages": [
                    {
                        "anchor": f"{entry['anchor']}-{name}-{number}",
                        "number": number,
                        "source": page,
                    }
                    for number, page in enumerate(pages, start=1)
                ],
            })
        entry["files"].append((labels[name], filename, note))
    entry["answers"] = [
        (str(key), "" if value is None else str(value))
        for key, value in sorted((submission.additional_answers or {}).items())
    ]
    return entry


def _pages_text(count):
    return "1 Seite" if count == 1 else f"{count} Seiten"


def _is_pdf(value):
    with value.open() as blob:
        return blob.read(5) == b"%PDF-"


def _pdf_pages(value):
    """The pages of an uploaded PDF, or ``None`` (not a PDF, encrypted or
    unreadable: then the dossier names it without including it)."""
    if not _is_pdf(value):
        return None
    try:
        with value.open() as blob:
            reader = PdfReader(io.BytesIO(blob.read()), strict=False)
        if reader.is_encrypted:
            return None
        pages = list(reader.pages)
        for page in pages:
            page.mediabox  # noqa: B018 - fails early on a broken page tree
        return pages or None
    except Exception:
        logger.info("Jurymappe: PDF %r nicht lesbar", value.filename, exc_info=True)
        return None


def submissions(competition, category=None):
    """The admitted-or-later submissions the current user may see, by
    category (title) and reference."""
    catalog = api.portal.get_tool("portal_catalog")
    query = {
        "portal_type": "Submission",
        "competition_uid": IUUID(competition),
        "review_state": list(ADMITTED_OR_LATER),
    }
    if category is not None:
        query["submission_category"] = category.getId()
    items = [brain.getObject() for brain in catalog(**query)]

    def key(submission):
        parent = aq_parent(aq_inner(submission))
        return (
            parent.Title(),
            parent.getId(),
            submission.reference or "\uffff",
            submission.title or "",
        )

    return sorted(items, key=key)


def dossier_html(competition, category=None, today=None, entries=None):
    """The dossier as an HTML document (a string)."""
    labels = _labels()
    if entries is None:
        entries = [_entry(s, labels) for s in submissions(competition, category)]
    groups = []
    for entry in entries:
        if not groups or groups[-1]["title"] != entry["category"]:
            groups.append({"title": entry["category"], "entries": []})
            entry["first_in_group"] = True
        groups[-1]["entries"].append(entry)
    today = today or datetime.now(BERLIN).date()
    title = competition.Title()
    category_title = category.Title() if category is not None else ""
    return TEMPLATE(
        document_title=" – ".join(p for p in ("Jurymappe", title, category_title) if p),
        competition_title=title,
        edition=getattr(competition, "edition_label", None) or "",
        category_title=category_title,
        created=german_date(today),
        created_iso=today.isoformat(),
        labels=labels,
        entries=entries,
        groups=groups,
    )


def dossier_pdf(competition, category=None, today=None):
    """The dossier as PDF bytes, the uploaded PDFs included."""
    labels = _labels()
    entries = [_entry(s, labels) for s in submissions(competition, category)]
    html = dossier_html(competition, category, today, entries=entries)
    return render_pdf(html, [a for e in entries for a in e["attachments"]])


def render_pdf(html, attachments=()):
    """``html`` as a tagged PDF (PDF/UA-1: structure tree, language, title)
    with bookmarks per category, application and attachment; nothing
    outside the document is fetched.

    ``attachments``: the entries' attachment records; each page of an
    uploaded PDF is placed, scaled to fit, on the placeholder page the
    template reserved for it right after the application's pages, so the
    page numbers in the contents, headers and footers stay true.
    """
    options = {"pdf_variant": "pdf/ua-1", "pdf_tags": True}
    document = HTML(
        string=html, base_url=None, url_fetcher=RefusingURLFetcher()
    ).render(**options)
    placeholders = {}
    for index, page in enumerate(document.pages):
        for anchor in page.anchors:
            placeholders[anchor] = index
    data = document.write_pdf(**options)
    pages = [p for a in attachments for p in a["pages"]]
    if not pages:
        return data
    writer = PdfWriter(clone_from=io.BytesIO(data))
    for page in pages:
        index = placeholders.get(page["anchor"])
        if index is not None:
            _place(writer.pages[index], page["source"])
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _place(target, source):
    """Scale ``source`` into ``target`` below the attachment's caption."""
    box = target.mediabox
    width, height = float(box.width), float(box.height)
    margin_x, top, bottom = 0.08 * width, 0.14 * height, 0.07 * height
    available_w, available_h = width - 2 * margin_x, height - top - bottom
    source_box = source.mediabox
    sw, sh = float(source_box.width), float(source_box.height)
    scale = min(available_w / sw, available_h / sh, 1.0)
    x = margin_x + (available_w - sw * scale) / 2 - float(source_box.left) * scale
    y = bottom + (available_h - sh * scale) - float(source_box.bottom) * scale
    target.merge_transformed_page(
        source, Transformation().scale(scale).translate(x, y), over=True
    )


class JuryDossierView(BrowserView):
    """``@@jury-dossier`` on a competition or on one of its categories."""

    def __call__(self):
        context = aq_inner(self.context)
        if ICategoryMarker.providedBy(context):
            competition, category = find_competition(context), context
        else:
            competition, category = context, None
        from ikz.landespreis import audit

        audit.record_download(
            context, self.request, "dossier.pdf", scope=context.getId()
        )
        data = dossier_pdf(competition, category)
        return _download(
            self.request,
            data,
            f"jurymappe-{context.getId()}-{file_stamp()}.pdf",
            "application/pdf",
        )
