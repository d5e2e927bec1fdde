"""The office's communication: ``@@mail-templates`` (edit, preview with a
real application, test send to oneself), ``@@mail-release`` (outcome mails
released per kind after reviewing the recipients and a sample) and
``@@mail-log`` (every mail of the competition, resend of failed ones).
All three need "Manage Eligibility" on the competition (the office)."""

from ikz.landespreis import mail
from ikz.landespreis import mailtemplates
from ikz.landespreis.domain import mailtext
from ikz.landespreis.domain.formatting import german_datetime
from ikz.landespreis.office import release
from plone import api
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView

import re


def _body_of(html):
    """The paragraphs of a generated HTML part (for showing it in a page)."""
    match = re.search(r"<body[^>]*>(.*)</body>", html, re.S)
    return match.group(1) if match else ""


class _OfficeView(BrowserView):
    def message(self, text, kind="info"):
        api.portal.show_message(text, self.request, type=kind)

    def refuse(self, text):
        """A German error; the request's changes are dropped."""
        import transaction

        transaction.doom()
        self.error = text
        self.request.response.setStatus(400)
        return self.index()

    def redirect(self, query=""):
        url = f"{self.context.absolute_url()}/@@{self.__name__}"
        self.request.response.redirect(url + (f"?{query}" if query else ""))
        return ""


class MailTemplatesView(_OfficeView):
    """``@@mail-templates``"""

    error = None
    preview = None

    def __call__(self):
        self.kind = self.request.form.get("kind") or ""
        if self.kind and self.kind not in mailtemplates.DEFAULTS:
            self.kind = ""
            return self.refuse("Diese Vorlage gibt es nicht.")
        if self.request.method == "POST" and self.kind:
            CheckAuthenticator(self.request)
            form = self.request.form
            if "save" in form:
                return self.save()
            if "reset" in form:
                mailtemplates.restore(self.context, self.kind)
                self.message("Die Vorlage ist wieder der vorgegebene Text.")
                return self.redirect(f"kind={self.kind}")
            if "preview" in form or "test" in form:
                return self.try_out(send="test" in form)
        return self.index()

    def save(self):
        form = self.request.form
        try:
            mailtemplates.edit(
                self.context,
                self.kind,
                form.get("subject") or "",
                form.get("body") or "",
            )
        except mailtext.TemplateError as error:
            return self.refuse(error.message)
        self.message("Die Vorlage ist gespeichert.")
        return self.redirect(f"kind={self.kind}")

    def try_out(self, send=False):
        """Preview (or send to oneself) the text in the form, saved or not,
        with the chosen application (the first when none is chosen)."""
        form = self.request.form
        uid = form.get("submission") or ""
        submission = mailtemplates.preview_submission(self.context, uid=uid)
        try:
            subject, text, html = mailtemplates.preview(
                self.context,
                self.kind,
                submission,
                subject=form.get("subject") or "",
                body=form.get("body") or "",
            )
        except mailtext.TemplateError as error:
            return self.refuse(error.message)
        self.preview = {"subject": subject, "text": text, "html": _body_of(html)}
        if send:
            user = api.user.get_current()
            address = user.getProperty("email", "") if user else ""
            if not address:
                return self.refuse(
                    "Ihr Konto hat keine E-Mail-Adresse für den Testversand."
                )
            mail.send(
                self.context,
                "test",
                address,
                f"[Test] {subject}",
                text,
                html=html,
            )
            self.message(f"Die Testmail geht an {address}.")
        return self.index()

    def templates(self):
        return [
            dict(mailtemplates.get(self.context, kind), kind=kind)
            for kind in mailtemplates.DEFAULTS
        ]

    def current(self):
        template = mailtemplates.get(self.context, self.kind)
        form = self.request.form
        if "subject" in form:  # what the office typed (after an error)
            template = dict(template, subject=form["subject"], body=form.get("body"))
        return template

    def placeholders(self):
        return [
            {"name": "${" + k + "}", "text": v}
            for k, v in mailtext.PLACEHOLDERS.items()
        ]

    def submissions(self):
        brains = mailtemplates.preview_submissions(self.context)
        return [
            {
                "uid": b.UID,
                "label": f"{b.submission_reference or b.getId} – {b.Title}",
                "selected": self.request.form.get("submission") == b.UID,
            }
            for b in brains
        ]


class MailReleaseView(_OfficeView):
    """``@@mail-release``"""

    error = None

    def __call__(self):
        self.kind = self.request.form.get("kind") or ""
        if self.kind and self.kind not in release.STATES:
            self.kind = ""
            return self.refuse(release.MSG_UNKNOWN_KIND)
        if self.request.method == "POST" and self.kind:
            CheckAuthenticator(self.request)
            uids = self.request.form.get("uids") or []
            if isinstance(uids, str):
                uids = [uids]
            try:
                mailed = release.release(
                    self.context,
                    self.kind,
                    uids=uids,
                    confirmed=bool(self.request.form.get("confirmed")),
                )
            except release.ReleaseError as error:
                return self.refuse(error.message)
            self.message(
                f"{len(mailed)} Mails „{self.title(self.kind)}“ sind freigegeben "
                "und in der Warteschlange."
            )
            return self.redirect()
        return self.index()

    def title(self, kind):
        return mailtemplates.DEFAULTS[kind]["title"]

    def kinds(self):
        return release.overview(self.context)

    def locked(self):
        return release.locked(self.context, self.kind)

    def reason(self):
        return release.lock_reason(self.context, self.kind)

    def items(self):
        if not hasattr(self, "_items"):
            self._items = release.pending(self.context, self.kind)
        return self._items

    def sample(self):
        found = release.sample(self.context, self.kind, self.items())
        if found is None:
            return None
        subject, text, html = found
        return {"subject": subject, "text": text, "html": _body_of(html)}

    def sendable(self):
        return len([i for i in self.items() if i["to"]])


class MailLogView(_OfficeView):
    """``@@mail-log``"""

    error = None

    def __call__(self):
        if self.request.method == "POST":
            CheckAuthenticator(self.request)
            form = self.request.form
            if "resend_all" in form:
                again = mail.resend_failed(self.context)
                self.message(
                    f"{len(again)} fehlgeschlagene Mails werden erneut gesendet."
                )
                return self.redirect()
            entry = mail.resend_entry(self.context, form.get("entry", ""))
            if entry is None:
                return self.refuse("Diese Mail steht nicht im Protokoll.")
            self.message(f"Die Mail an {entry['to']} ist wieder in der Warteschlange.")
            return self.redirect()
        return self.index()

    def entries(self):
        form = self.request.form
        return [
            dict(e, time=german_datetime(e["time"]), kind=e["kind_label"])
            for e in release.log(
                self.context,
                state=form.get("state") or None,
                reference=(form.get("reference") or "").strip() or None,
            )
        ]

    def failed(self):
        return mail.failed_count(self.context)

    def states(self):
        return [{"id": k, "title": v} for k, v in mail.STATE_LABELS.items()]
