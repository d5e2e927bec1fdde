"""``@@submissions``: the office's cockpit."""

from ikz.landespreis import _
from ikz.landespreis.domain import formatting
from ikz.landespreis.domain.eligibility import EXPLANATIONS
from ikz.landespreis.domain.eligibility import ORDER
from ikz.landespreis.office import decisions
from ikz.landespreis.office import listing
from ikz.landespreis.utils import competition_categories
from ikz.landespreis.utils import show_message
from plone import api
from plone.protect import CheckAuthenticator
from Products.CMFPlone.PloneBatch import Batch
from Products.Five.browser import BrowserView
from zope.i18n import translate
from zope.i18nmessageid import Message


class SubmissionsView(BrowserView):
    def __call__(self):
        if self.request.method == "POST":
            CheckAuthenticator(self.request)
            form = self.request.form
            uids = form.get("uids") or []
            if isinstance(uids, str):
                uids = [uids]
            try:
                done, skipped = decisions.apply(
                    self.context,
                    form.get("action"),
                    uids,
                    reason=form.get("reason", ""),
                    comment=form.get("comment", ""),
                    target=form.get("target"),
                    notify=bool(form.get("notify")),
                )
            except decisions.DecisionError as error:
                self.status(error.message, "error")
            else:
                self.status(
                    Message(
                        _(
                            "msg_bulk_done",
                            default="${done} submissions changed, ${skipped} skipped.",
                        ),
                        mapping={"done": len(done), "skipped": len(skipped)},
                    )
                )
                self.request.response.redirect(
                    self.request["ACTUAL_URL"] + "?" + self.query_string()
                )
                return ""
        return self.index()

    def drafts_count(self):
        """How many drafts exist: all the office learns about them."""
        from ikz.landespreis.applicants.drafts import count

        return count(self.context)

    def status(self, message, kind="info"):
        show_message(self.request, message, kind)

    def failed_mails(self):
        from ikz.landespreis import mail

        return mail.failed_count(self.context)

    def query_string(self):
        from urllib.parse import urlencode

        keys = ("category", "state", "flag", "text", "sort_on", "sort_order")
        return urlencode({
            k: self.request.form[k] for k in keys if self.request.form.get(k)
        })

    def batch(self):
        brains = listing.search(self.context, self.request.form)
        size = int(self.request.form.get("b_size", 50) or 50)
        start = int(self.request.form.get("b_start", 0) or 0)
        return Batch(brains, size, start)

    def rows(self, batch):
        categories = {c["id"]: c["title"] for c in self.categories()}
        result = []
        for brain in batch:
            row = listing.row(brain, self.context)
            row["category_title"] = categories.get(row["category"], row["category"])
            row["flags_text"] = [
                EXPLANATIONS[f] for f in row["eligibility_flags"] if f in EXPLANATIONS
            ]
            row["received"] = formatting.german_datetime(brain.submitted_at)
            row["state_title"] = self.state_titles().get(
                brain.review_state, brain.review_state
            )
            result.append(row)
        return result

    def categories(self):
        if not hasattr(self, "_categories"):
            self._categories = [
                {"id": b.getId, "title": b.Title}
                for b in competition_categories(self.context)
            ]
        return self._categories

    def state_titles(self):
        if not hasattr(self, "_states"):
            wf = api.portal.get_tool("portal_workflow")["ikz_submission_workflow"]
            self._states = {s.getId(): s.title for s in wf.states.objectValues()}
        return self._states

    def states(self):
        return [{"id": s, "title": self.state_titles()[s]} for s in listing.STATES]

    def flags(self):
        return [{"id": f, "title": EXPLANATIONS[f]} for f in ORDER]

    def sort_link(self, key):
        form = dict(self.request.form)
        order = (
            "descending"
            if form.get("sort_on") == key and form.get("sort_order") != "descending"
            else "ascending"
        )
        form.update(sort_on=key, sort_order=order)
        from urllib.parse import urlencode

        keys = ("category", "state", "flag", "text", "sort_on", "sort_order")
        return (
            self.request["ACTUAL_URL"]
            + "?"
            + urlencode({k: form[k] for k in keys if form.get(k)})
        )


class NewEditionView(BrowserView):
    """``@@new-edition``: start the next edition from this competition."""

    def __call__(self):
        self.error = None
        if self.request.method == "POST":
            CheckAuthenticator(self.request)
            title = (self.request.form.get("title") or "").strip()
            if not title:
                self.error = translate(
                    _("msg_title_required", default="Please give a title."),
                    context=self.request,
                )
                self.request.response.setStatus(400)
                return self.index()
            from ikz.landespreis.office.editions import new_edition

            edition = new_edition(self.context, title)
            self.status(
                _(
                    "msg_edition_created",
                    default="The new edition has been created. Please set its dates.",
                )
            )
            self.request.response.redirect(edition.absolute_url() + "/edit")
            return ""
        return self.index()

    def status(self, message, kind="info"):
        show_message(self.request, message, kind)


class ArchiveView(BrowserView):
    """``@@anonymise`` on an archived competition (a confirmed POST)."""

    def __call__(self):
        from ikz.landespreis.office.archive import anonymise_competition

        if self.request.method != "POST":
            return self.index()
        CheckAuthenticator(self.request)
        if self.request.form.get("confirm") != "ANONYMISIEREN":
            api.portal.show_message(
                translate(
                    _(
                        "msg_confirm_anonymise",
                        default="Please type ANONYMISIEREN to confirm.",
                    ),
                    context=self.request,
                ),
                self.request,
                type="error",
            )
            self.request.response.setStatus(400)
            return self.index()
        # a deliberate data-protection step on read-only (archived) records,
        # done with the rights it needs after the permission check of the view
        with api.env.adopt_roles(["Manager"]):
            done = anonymise_competition(self.context, api.user.get_current().getId())
        api.portal.show_message(
            translate(
                Message(
                    _(
                        "msg_anonymised_pack",
                        default="${count} submissions anonymised. The removed data "
                        "disappears from the database and the file store with the "
                        "next pack of the database (make pack, done by the server's "
                        "operators), and from the backups once their older "
                        "generations are deleted.",
                    ),
                    mapping={"count": len(done)},
                ),
                context=self.request,
            ),
            self.request,
        )
        self.request.response.redirect(self.context.absolute_url() + "/@@anonymise")
        return ""

    def candidates(self):
        from ikz.landespreis.office.archive import candidates

        return candidates(self.context)

    def archived(self):
        return api.content.get_state(self.context) == "archived"


class PersonalDataExport(BrowserView):
    """``@@personal-data`` on a submission: everything stored, as JSON."""

    def __call__(self):
        from ikz.landespreis import audit
        from ikz.landespreis.office.archive import personal_data

        import json

        audit.record_download(self.context, self.request, "personal-data.json")
        data = json.dumps(
            personal_data(self.context), ensure_ascii=False, indent=2, default=str
        )
        response = self.request.response
        response.setHeader("Content-Type", "application/json; charset=utf-8")
        response.setHeader(
            "Content-Disposition",
            f'attachment; filename="{self.context.getId()}-daten.json"',
        )
        response.setHeader("Cache-Control", "no-store")
        return data.encode("utf-8")
