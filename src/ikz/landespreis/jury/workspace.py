"""The juror's scoring workspace (``@@workspace`` on a submission).

On the left the application's answers and its PDFs (each in a frame that
``@@pdf-frame`` serves under ``Content-Security-Policy: sandbox``: the
browser's own viewer, in an opaque origin); on the right the score panel
with each criterion's rubric, the running weighted total, drafts saved
while the juror types (``autosave``), "Endgültig abgeben" with a summary to
confirm and afterwards the juror's own final score, read only. "vorherige"
and "nächste" lead through the juror's own assigned applications only.

Who may open it is the permission Score Submission (workflow and local
roles); saving goes through ``service.save_score`` like ``@@score`` and
``@jury-scores``.
"""

from AccessControl import Unauthorized
from ikz.landespreis import _
from ikz.landespreis import ledger
from ikz.landespreis.domain import criteria as criteria_rules
from ikz.landespreis.domain import formatting
from ikz.landespreis.jury import conflicts
from ikz.landespreis.jury import membership
from ikz.landespreis.jury import pages
from ikz.landespreis.jury import scores
from ikz.landespreis.jury import service
from ikz.landespreis.jury.access import JURY_STATES
from ikz.landespreis.jury.scoring import ScorePanel
from ikz.landespreis.permissions import ViewApplicationDetails
from ikz.landespreis.utils import competition_categories
from ikz.landespreis.utils import current_user_id
from ikz.landespreis.utils import find_competition
from plone import api
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from zope.i18n import translate

import json
import transaction


FILE_FIELDS = (
    ("project_file", _("Project profile")),
    ("council_decision_file", _("Council decision")),
    ("attachment_file", _("Further attachment")),
)
TEXT_FIELDS = (
    ("summary", _("Short description")),
    ("benefit", _("Gain of the cooperation")),
    ("innovation", _("Degree of innovation")),
    ("sustainability", _("Future viability, usability and sustainability")),
    ("funding", _("Earlier state or federal funding")),
)
PDF = "application/pdf"
#: a PDF in the browser's own viewer, in an opaque origin: no script of the
#: file reaches the portal, nothing loads from elsewhere, only the portal
#: frames it
PDF_POLICY = "sandbox; default-src 'none'; frame-ancestors 'self'"

MSG_CHANGED = _(
    "msg_draft_changed",
    default="Your draft has changed since the summary was shown. Please check "
    "the summary again.",
)


def _num(value):
    if value is None:
        return "–"
    return f"{value:.2f}".replace(".", ",")


def assigned_items(competition, juror):
    """The juror's assigned applications in dashboard order, each with its
    state for this juror: ``[{uid, url, reference, title, category,
    category_title, state}]``. Conflicts are left out (no way leads there)."""
    catalog = api.portal.get_tool("portal_catalog")
    result = []
    for cat in competition_categories(competition):
        if juror not in membership.assigned_jurors(competition, cat.getId):
            continue
        for brain in catalog.unrestrictedSearchResults(
            portal_type="Submission",
            path={"query": cat.getPath(), "depth": 1},
            review_state=list(JURY_STATES),
            sort_on="submission_reference",
        ):
            obj = brain._unrestrictedGetObject()
            status = conflicts.status(obj, juror)
            if status in conflicts.BLOCKING:
                continue
            data = ledger.scores(competition, brain.UID).get(juror)
            if status is None:
                state = "undeclared"
            elif data is None:
                state = "open"
            else:
                state = "final" if data.get("final") else "draft"
            result.append({
                "uid": brain.UID,
                "url": brain.getURL(),
                "reference": brain.submission_reference,
                "title": brain.Title,
                "category": cat.getId,
                "category_title": cat.Title,
                "state": state,
            })
    return result


STATE_TITLES = {
    "undeclared": _("state_undeclared", default="Declare conflicts first"),
    "open": _("state_open", default="Open"),
    "draft": _("state_draft", default="Draft"),
    "final": _("state_final", default="Final"),
}


class WorkspaceView(ScorePanel, BrowserView):
    """``@@workspace`` on a submission."""

    mode = "edit"

    def __call__(self):
        self.juror = current_user_id()
        self.competition = find_competition(self.context)
        if not service.may_declare(self.context, self.juror):
            raise Unauthorized("Not assigned to this submission.")
        status = conflicts.status(self.context, self.juror)
        if status is None:
            self.request.response.redirect(self.context.absolute_url() + "/@@conflict")
            return ""
        if status in conflicts.BLOCKING:
            raise Unauthorized("Conflict of interest.")
        self.error = None
        self.errors = {}
        form = self.request.form
        if self.request.method == "POST":
            CheckAuthenticator(self.request)
            if form.get("autosave"):
                return self.autosave(form)
            if "confirm_final" in form:
                return self.confirm(form)
            return self.save(form, review="review" in form)
        if self.locked():
            self.mode = "final"
        return self.index()

    # -- acts -----------------------------------------------------------

    def _values(self, form):
        values = {c["id"]: form.get(f"score.{c['id']}") for c in self.criteria_rows()}
        comments = {
            c["id"]: form.get(f"comment.{c['id']}", "") for c in self.criteria_rows()
        }
        return values, comments, form.get("comment", "")

    def autosave(self, form):
        response = self.request.response
        response.setHeader("Content-Type", "application/json; charset=utf-8")
        values, comments, comment = self._values(form)
        try:
            entry = service.save_score(
                self.context, self.juror, values, comments, comment, False
            )
        except scores.ScoreError as error:
            response.setStatus(400)
            return json.dumps({
                "saved": False,
                "field": error.field,
                "message": translate(error.message, context=self.request),
            })
        except service.Refused as refused:
            response.setStatus(refused.status)
            return json.dumps({
                "saved": False,
                "message": translate(refused.message, context=self.request),
            })
        return json.dumps({
            "saved": True,
            "at": formatting.german_datetime(entry.modified),
            "message": translate(
                _(
                    "msg_draft_autosaved",
                    default="Draft saved at ${time}.",
                    mapping={"time": formatting.german_datetime(entry.modified)},
                ),
                context=self.request,
            ),
        })

    def save(self, form, review=False):
        values, comments, comment = self._values(form)
        try:
            service.save_score(
                self.context, self.juror, values, comments, comment, False
            )
            if review:
                # the summary shows exactly what "confirm" will make final
                scores.validate_values(
                    values,
                    self.criteria_rows(),
                    self.competition.score_min,
                    self.competition.score_max,
                    True,
                )
        except scores.ScoreError as error:
            self.errors[error.field or "form"] = translate(
                error.message, context=self.request
            )
            self.request.response.setStatus(400)
            if not review:
                transaction.doom()
            return self.index()
        except service.Refused as refused:
            return pages.refused(self, refused.message, refused.status, doom=False)
        if review:
            self.mode = "review"
            return self.index()
        return pages.done(
            self,
            _("msg_score_saved_draft", default="Your draft has been saved."),
            self.context.absolute_url() + "/@@workspace",
        )

    def confirm(self, form):
        entry = scores.record(self.context, self.juror)
        if entry is None or entry.modified.isoformat() != form.get("draft_at"):
            self.mode = "edit"
            return pages.refused(self, MSG_CHANGED, doom=False)
        try:
            service.save_score(
                self.context,
                self.juror,
                dict(entry.values),
                dict(entry.comments),
                entry.comment,
                True,
            )
        except scores.ScoreError as error:
            self.errors[error.field or "form"] = translate(
                error.message, context=self.request
            )
            self.request.response.setStatus(400)
            return self.index()
        except service.Refused as refused:
            return pages.refused(self, refused.message, refused.status, doom=False)
        return pages.done(
            self,
            _("msg_score_saved_final", default="Your final score has been saved."),
            self.context.absolute_url() + "/@@workspace",
        )

    # -- the score panel ------------------------------------------------

    def draft_at(self):
        entry = scores.record(self.context, self.juror)
        return entry.modified.isoformat() if entry is not None else ""

    def criteria(self):
        """Each criterion with its rubric, the juror's value, the band the
        value falls in and the comment (a re-shown form keeps the input)."""
        mine = self.mine() or {"scores": {}, "comments": {}, "comment": ""}
        form = self.request.form if self.request.method == "POST" else {}
        result = []
        for row in self.criteria_rows():
            cid = row["id"]
            try:
                bands = criteria_rules.parse_bands(row.get("rubric"))
            except ValueError:
                bands = []
            value = mine["scores"].get(cid)
            raw = form.get(f"score.{cid}", value)
            band = criteria_rules.band_for(value, bands)
            result.append({
                "id": cid,
                "title": row["title"],
                "description": row.get("description") or "",
                "weight": row["weight"],
                "weight_text": _num(float(row["weight"])),
                "value": value,
                "raw": "" if raw is None else str(raw),
                "value_text": "–" if value is None else str(value).replace(".", ","),
                "comment": form.get(f"comment.{cid}", mine["comments"].get(cid, "")),
                "bands": [
                    {
                        "low": _bound(b[0]),
                        "high": _bound(b[1]),
                        "label": _band_label(b),
                        "text": b[2],
                        "current": b == band,
                    }
                    for b in bands
                ],
                "band_text": band[2] if band else "",
                "error": self.errors.get(cid),
            })
        return result

    def overall_comment(self):
        if self.request.method == "POST" and "comment" in self.request.form:
            return self.request.form.get("comment", "")
        mine = self.mine()
        return mine["comment"] if mine else ""

    def total(self):
        mine = self.mine() or {"scores": {}}
        weights = [(c["id"], float(c["weight"])) for c in self.criteria_rows()]
        value, count = criteria_rules.running_total(mine["scores"], weights)
        return {
            "text": _num(value),
            "count": count,
            "of": len(weights),
        }

    def final_at(self):
        entry = scores.record(self.context, self.juror)
        if entry is None or not entry.final:
            return ""
        return formatting.german_datetime(entry.modified)

    # -- the application ------------------------------------------------

    def may_read_details(self):
        return api.user.has_permission(ViewApplicationDetails, obj=self.context)

    def answers(self):
        s = self.context
        result = [
            {
                "label": _("Lead municipality or association"),
                "text": s.lead_municipality,
            },
            {
                "label": _("Partner municipalities"),
                "text": "\n".join(p for p in (s.partners or []) if p),
            },
        ]
        if not self.may_read_details():
            return [r for r in result if r["text"]]
        if s.department:
            result.append({"label": _("Department"), "text": s.department})
        if s.contract_date:
            result.append({
                "label": _("Cooperation contractually agreed on"),
                "text": formatting.german_date(s.contract_date),
            })
        if s.legal_form:
            result.append({"label": _("Legal form"), "text": s.legal_form})
        for name, label in TEXT_FIELDS:
            value = getattr(s, name, None)
            if value:
                result.append({"label": label, "text": value})
        for question, answer in sorted((s.additional_answers or {}).items()):
            result.append({"label": question, "text": answer})
        return [r for r in result if r["text"]]

    def files(self):
        if not self.may_read_details():
            return []
        result = []
        base = self.context.absolute_url()
        for name, label in FILE_FIELDS:
            value = getattr(self.context, name, None)
            if value is None or not getattr(value, "size", 0):
                continue
            is_pdf = is_pdf_file(value)
            result.append({
                "name": name,
                "label": label,
                "filename": value.filename or name,
                "pdf": is_pdf,
                "frame_url": f"{base}/@@pdf-frame?field={name}" if is_pdf else "",
                "download_url": f"{base}/@@download/{name}",
            })
        return result

    # -- where the juror is ---------------------------------------------

    def items(self):
        if not hasattr(self, "_items"):
            self._items = assigned_items(self.competition, self.juror)
        return self._items

    def neighbours(self):
        items = self.items()
        uid = api.content.get_uuid(self.context)
        index = next((i for i, item in enumerate(items) if item["uid"] == uid), None)
        if index is None:
            return {"previous": None, "next": None, "position": 0, "count": len(items)}

        def link(item):
            if item is None:
                return None
            return dict(
                item,
                href=item["url"] + "/@@workspace",
                state_title=STATE_TITLES[item["state"]],
            )

        return {
            "previous": link(items[index - 1] if index > 0 else None),
            "next": link(items[index + 1] if index + 1 < len(items) else None),
            "position": index + 1,
            "count": len(items),
        }

    def progress(self):
        result = []
        by_category = {}
        for item in self.items():
            row = by_category.get(item["category"])
            if row is None:
                row = by_category[item["category"]] = {
                    "title": item["category_title"],
                    "done": 0,
                    "total": 0,
                }
                result.append(row)
            row["total"] += 1
            row["done"] += item["state"] == "final"
        for row in result:
            row["percent"] = round(100 * row["done"] / row["total"])
        return result

    def dashboard_url(self):
        return self.competition.absolute_url() + "/@@jury"


def _bound(number):
    return int(number) if number == int(number) else number


def _band_label(band):
    low, high = _bound(band[0]), _bound(band[1])
    text = str(low) if low == high else f"{low}–{high}"
    return text.replace(".", ",")


def is_pdf_file(value):
    if (getattr(value, "contentType", "") or "") != PDF:
        return False
    data = value.open().read(5) if hasattr(value, "open") else value.data[:5]
    return data == b"%PDF-"


class PdfFrame(BrowserView):
    """``@@pdf-frame?field=`` on a submission: one of its PDFs inline for
    the browser's viewer, under ``Content-Security-Policy: sandbox`` (an
    opaque origin: the file's scripts never reach the portal). Only real
    PDFs (by type and first bytes) and only for those who may read the
    application's details; everything else stays a download."""

    def __call__(self):
        name = self.request.form.get("field", "")
        if name not in dict(FILE_FIELDS):
            self.request.response.setStatus(404)
            return "Diese Datei gibt es nicht."
        if not api.user.has_permission(ViewApplicationDetails, obj=self.context):
            raise Unauthorized("No access to the files.")
        value = getattr(self.context, name, None)
        if value is None or not is_pdf_file(value):
            self.request.response.setStatus(404)
            return (
                "Diese Datei lässt sich nicht anzeigen; bitte laden Sie sie herunter."
            )
        response = self.request.response
        response.setHeader("Content-Type", PDF)
        response.setHeader("Content-Disposition", "inline")
        response.setHeader("Content-Security-Policy", PDF_POLICY)
        response.setHeader("X-Content-Type-Options", "nosniff")
        response.setHeader("Content-Length", str(value.size))
        return value.data
