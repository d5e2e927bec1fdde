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
from ikz.landespreis.domain.formatting import german_date
from ikz.landespreis.exports.views import _download
from ikz.landespreis.interfaces import ICategoryMarker
from ikz.landespreis.permissions import ViewApplicationDetails
from ikz.landespreis.utils import FILE_FIELDS
from ikz.landespreis.utils import find_competition
from plone import api
from plone.uuid.interfaces import IUUID
from Products.Five.browser import BrowserView
from weasyprint import HTML
from weasyprint.urls import URLFetcher
from zope.i18n import translate

import os


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
        if value is not None:
            entry["files"].append((labels[name], value.filename or "(ohne Namen)"))
    entry["answers"] = [
        (str(key), "" if value is None else str(value))
        for key, value in sorted((submission.additional_answers or {}).items())
    ]
    return entry


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


def dossier_html(competition, category=None, today=None):
    """The dossier as an HTML document (a string)."""
    labels = _labels()
    entries = [_entry(s, labels) for s in submissions(competition, category)]
    groups = []
    for entry in entries:
        if not groups or groups[-1]["title"] != entry["category"]:
            groups.append({"title": entry["category"], "entries": []})
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


def render_pdf(html):
    """``html`` as PDF bytes; nothing outside the document is fetched."""
    return HTML(
        string=html, base_url=None, url_fetcher=RefusingURLFetcher()
    ).write_pdf()


class JuryDossierView(BrowserView):
    """``@@jury-dossier`` on a competition or on one of its categories."""

    def __call__(self):
        context = aq_inner(self.context)
        if ICategoryMarker.providedBy(context):
            competition, category = find_competition(context), context
        else:
            competition, category = context, None
        data = render_pdf(dossier_html(competition, category))
        return _download(
            self.request, data, f"{context.getId()}-jurymappe.pdf", "application/pdf"
        )
