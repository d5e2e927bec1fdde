"""``@@verlauf`` on a competition: the audit trail for the office, with
filters by kind, person and date, and its export as XLSX or CSV. Read only:
no view or service edits or deletes an entry."""

from datetime import datetime
from ikz.landespreis import audit
from ikz.landespreis.domain import formatting
from ikz.landespreis.exports.table import audit_table
from Products.Five.browser import BrowserView
from urllib.parse import urlencode


def german_time(iso):
    return formatting.german_datetime(datetime.fromisoformat(iso))


def rows(entries):
    return [
        {
            "time": german_time(e["time"]),
            "label": e["label"],
            "actor": audit.actor_label(e["actor"]),
            "target": e["details"].get("reference") or e["target"],
            "reason": e["reason"],
            "details": audit.plain_details(e),
        }
        for e in entries
    ]


class AuditView(BrowserView):
    FILTERS = ("kind", "actor", "since", "until")

    def __call__(self):
        self.entries = audit.filtered(self.context, self.request.form)
        fmt = self.request.form.get("format")
        if fmt in ("xlsx", "csv"):
            return self.export(fmt)
        return self.index()

    def export(self, fmt):
        from ikz.landespreis.exports.views import _download
        from ikz.landespreis.exports.views import _filename
        from ikz.landespreis.exports.views import XLSX
        from ikz.landespreis.exports.workbook import csv_bytes
        from ikz.landespreis.exports.workbook import xlsx

        header, data = audit_table(self.entries)
        name = _filename(self.context, "verlauf")
        if fmt == "csv":
            return _download(
                self.request,
                csv_bytes(header, data),
                name + ".csv",
                "text/csv; charset=utf-8",
            )
        return _download(
            self.request, xlsx([("Verlauf", header, data)]), name + ".xlsx", XLSX
        )

    def rows(self):
        return rows(self.entries)

    def kinds(self):
        return sorted(audit.KIND_LABELS.items(), key=lambda item: item[1])

    def actors(self):
        return sorted({e["actor"] for e in audit.entries(self.context)})

    def export_url(self, fmt):
        query = {
            k: self.request.form[k] for k in self.FILTERS if self.request.form.get(k)
        }
        query["format"] = fmt
        return f"{self.context.absolute_url()}/@@verlauf?{urlencode(query)}"
