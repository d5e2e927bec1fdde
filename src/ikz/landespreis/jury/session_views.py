"""``@@jurysitzung`` and ``@@jurysitzung-protokoll`` on a competition (the
rules are in ``session.py``)."""

from AccessControl import Unauthorized
from datetime import date
from datetime import datetime
from ikz.landespreis import _
from ikz.landespreis.domain import formatting
from ikz.landespreis.jury import conflicts
from ikz.landespreis.jury import membership
from ikz.landespreis.jury import pages
from ikz.landespreis.jury import session
from ikz.landespreis.jury.service import Refused
from plone import api
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from zope.i18n import translate

import transaction


RESULT_CHOICES = (
    ("", _("result_open", default="– no result yet –")),
    ("winner", _("result_winner", default="Winner")),
    ("nominee", _("result_nominee", default="Nominee")),
    ("none", _("result_none", default="Not chosen")),
)


def _as_list(value):
    if not value:
        return []
    return [value] if isinstance(value, str) else list(value)


class SessionView(BrowserView):
    def __call__(self):
        self.error = None
        self.confirmation = None
        if self.request.method == "POST":
            CheckAuthenticator(self.request)
            form = self.request.form
            try:
                if "open" in form:
                    session.open_session(
                        self.context,
                        form.get("date", ""),
                        _as_list(form.get("attendees")),
                        _as_list(form.get("present")),
                    )
                    return self._done(
                        _("msg_session_opened", default="The jury session is open.")
                    )
                if "save" in form:
                    self.save(form)
                    return self._done(
                        _("msg_session_saved", default="The records have been saved.")
                    )
                if "preview_close" in form:
                    self.confirmation = session.previews(self.context)
                    if not self.confirmation:
                        raise Refused(session.MSG_NOTHING, 400)
                    if any(p["problems"] for p in self.confirmation):
                        self.request.response.setStatus(409)
                    return self.index()
                if "close" in form:
                    fingerprints = {
                        key[3:]: value
                        for key, value in form.items()
                        if key.startswith("fp.")
                    }
                    session.close(self.context, fingerprints)
                    return self._done(
                        _(
                            "msg_session_closed",
                            default="The session is closed, the decisions are "
                            "signed and the minutes are ready.",
                        )
                    )
            except Refused as refused:
                transaction.doom()
                if refused.status == 403:
                    raise Unauthorized(
                        translate(refused.message, context=self.request)
                    ) from None
                return pages.refused(self, refused.message, refused.status, doom=False)
        return self.index()

    def _done(self, message):
        return pages.done(self, message, self.context.absolute_url() + "/@@jurysitzung")

    def save(self, form):
        category_id = form.get("save", "")
        entries = {}
        for uid in _as_list(form.get("uids")):
            entries[uid] = {
                "notes": form.get(f"notes.{uid}", ""),
                "result": form.get(f"result.{uid}", ""),
                "vote": form.get(f"vote.{uid}", ""),
                "laudatio": form.get(f"laudatio.{uid}", ""),
            }
        session.save_category(
            self.context, category_id, entries, form.get(f"reason.{category_id}", "")
        )

    # -- for the page ---------------------------------------------------

    def data(self):
        return session.get(self.context)

    def may_run(self):
        return session.may_run(self.context)

    def may_record(self):
        return session.may_record(self.context)

    def jury(self):
        return [
            {"id": u, "name": membership.full_name(u)}
            for u in membership.members(self.context)
        ]

    def today(self):
        return date.today().isoformat()

    def day(self):
        data = self.data()
        return formatting.german_date(date.fromisoformat(data["date"]))

    def attendees(self):
        data = self.data()
        return [
            {"name": membership.full_name(u), "present": u in data["present"]}
            for u in data["attendees"]
        ]

    def result_choices(self):
        return [
            {"value": v, "title": translate(t, context=self.request)}
            for v, t in RESULT_CHOICES
        ]

    def categories(self):
        data = self.data()
        me = api.user.get_current().getId()
        deputy = me in membership.deputies(self.context) and not self.may_run()
        catalog = api.portal.get_tool("portal_catalog")
        result = []
        for cat in session.categories(self.context):
            stored = data["categories"].get(cat["id"]) or {"entries": {}, "reason": ""}
            rows = []
            for row in cat["rows"]:
                entry = stored["entries"].get(row["submission"]) or {}
                brain = catalog.unrestrictedSearchResults(UID=row["submission"])
                obj = brain[0]._unrestrictedGetObject() if brain else None
                blocked = bool(
                    not deputy and obj is not None and conflicts.is_blocked(obj, me)
                )
                rows.append({
                    "uid": row["submission"],
                    "rank": row.get("rank") or "–",
                    "ranked": bool(row.get("rank")),
                    "scored": row.get("score") is not None,
                    "reference": row["reference"],
                    "title": "" if blocked else row["title"],
                    "score": _num(row.get("score")),
                    "blocked": blocked,
                    "notes": entry.get("notes", ""),
                    "result": entry.get("result", ""),
                    "result_title": translate(
                        dict(RESULT_CHOICES).get(entry.get("result", ""), ""),
                        context=self.request,
                    ),
                    "vote": entry.get("vote", ""),
                    "laudatio": entry.get("laudatio", ""),
                })
            result.append({
                "id": cat["id"],
                "title": cat["title"],
                "url": cat["url"],
                "signed": cat["id"] in data.get("signed", []),
                "rows": rows,
                "reason": stored.get("reason", ""),
            })
        return result

    def problems(self, preview):
        return [translate(p, context=self.request) for p in preview["problems"]]

    def closed_at(self):
        data = self.data()
        return formatting.german_datetime(datetime.fromisoformat(data["closed_at"]))

    def minutes_url(self):
        return self.context.absolute_url() + "/@@jurysitzung-protokoll"


def _num(value):
    return "–" if value is None else f"{value:.2f}".replace(".", ",")


class MinutesView(BrowserView):
    """``@@jurysitzung-protokoll``: the minutes PDF, for the office and the
    jury (Access Jury Area)."""

    def __call__(self):
        data = session.get(self.context)
        minutes = data.get("minutes") if data is not None else None
        if minutes is None:
            self.request.response.setStatus(404)
            return "Es gibt noch kein Protokoll der Jurysitzung."
        response = self.request.response
        response.setHeader("Content-Type", "application/pdf")
        response.setHeader(
            "Content-Disposition", f'attachment; filename="{session.FILENAME}"'
        )
        response.setHeader("X-Content-Type-Options", "nosniff")
        response.setHeader("Content-Length", str(minutes.size))
        return minutes.data
