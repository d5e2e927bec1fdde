"""Upgrade 1050 → 1054: the receipt's sentence about the PDF copy becomes
the placeholder ``${pdf}`` in texts the office has saved. The copy is
attached only when the applicant proved the address (issue 12's
anti-relay rule), so the fixed sentence "liegt dieser E-Mail bei" would
no longer always be true."""

from ikz.landespreis import mailtemplates
from ikz.landespreis.intake.mails import PDF_ATTACHED
from plone import api


def receipt_pdf_placeholder(context):
    catalog = api.portal.get_tool("portal_catalog")
    for brain in catalog.unrestrictedSearchResults(portal_type="Competition"):
        store = mailtemplates._store(brain._unrestrictedGetObject())
        own = store.get("receipt") if store is not None else None
        if own is not None and PDF_ATTACHED in (own.get("body") or ""):
            own["body"] = own["body"].replace(PDF_ATTACHED, "${pdf}")
