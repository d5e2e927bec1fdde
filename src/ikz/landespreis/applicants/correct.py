"""``@@meine-bewerbung-korrektur``: the lead corrects a sent application
until the deadline, on a page (the same rules as ``PATCH
@my-application``: :mod:`ikz.landespreis.applicants.corrections`)."""

from ikz.landespreis.applicants import corrections
from ikz.landespreis.applicants.views import MSG_BAD_LINK
from ikz.landespreis.applicants.views import session_application
from ikz.landespreis.domain.files import file_size
from ikz.landespreis.domain.pictures import PICTURE_FIELDS
from ikz.landespreis.intake.mails import german_size
from ikz.landespreis.intake.settings import upload_limits
from ikz.landespreis.intake.store import MSG_UPLOAD
from ikz.landespreis.utils import FILE_FIELDS
from ikz.landespreis.web.headers import IPrivateResponse
from plone.namedfile.file import NamedBlobFile
from plone.namedfile.utils import safe_basename
from plone.protect import CheckAuthenticator
from Products.CMFPlone.utils import safe_text
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from Products.statusmessages.interfaces import IStatusMessage
from zope.i18n import translate
from zope.i18nmessageid import Message
from zope.interface import alsoProvides
from zope.schema.interfaces import IChoice
from zope.schema.interfaces import IText
from zope.schema.interfaces import ITextLine


class CorrectionView(BrowserView):
    index = ViewPageTemplateFile("templates/my_correction.pt")

    error = None
    errors = None
    posted = None

    def __call__(self):
        alsoProvides(self.request, IPrivateResponse)
        self.errors = {}
        self.submission, role = session_application(self.context, self.request)
        if (
            self.submission is None
            or getattr(self.submission, "portal_type", "") != "Submission"
            or role != "lead"
        ):
            self.request.response.setStatus(403)
            self.error = translate(MSG_BAD_LINK, context=self.request)
            self.submission = None
            return self.index()
        closed = corrections.problem(self.submission)
        if closed is not None:
            if self.request.method == "POST":
                self.request.response.setStatus(409)
            self.error = translate(closed, context=self.request)
            return self.index()
        if self.request.method == "POST" and self.request.form.get(
            "form.buttons.correct"
        ):
            CheckAuthenticator(self.request)
            return self.correct()
        return self.index()

    def my_url(self):
        return f"{self.context.absolute_url()}/@@meine-bewerbung"

    def _posted(self):
        form = self.request.form
        data = {}
        for name in corrections.CORRECTABLE:
            if name == "no_lead":
                data[name] = bool(form.get("field.no_lead"))
            elif f"field.{name}" in form:
                data[name] = safe_text(form.get(f"field.{name}") or "")
        files, too_large = {}, {}
        _allowed, max_bytes = upload_limits()
        for name in corrections.BLOB_FIELDS:
            upload = form.get(f"file.{name}")
            filename = getattr(upload, "filename", None)
            if not filename:
                if form.get(f"remove.{name}"):
                    # "Datei entfernen" / "Bild entfernen" (a new file wins)
                    data[name] = None
                continue
            # the size from the spooled file: a too large upload is never
            # read; an accepted one is copied to the blob in chunks
            if file_size(upload) > max_bytes:
                too_large[name] = Message(
                    MSG_UPLOAD["too_large"],
                    mapping={"name": filename, "limit": max_bytes // (1024 * 1024)},
                )
                continue
            upload.seek(0)
            files[name] = NamedBlobFile(data=upload, filename=safe_basename(filename))
        for name in corrections.ALTS:
            if f"field.{name}" in form:
                data[name] = safe_text(form.get(f"field.{name}") or "")
        return data, files, too_large

    def correct(self):
        data, files, too_large = self._posted()
        self.posted = data
        try:
            if too_large:
                # every other problem named at once; nothing is changed
                try:
                    corrections.parse(self.submission, data, files)
                except corrections.CorrectionRefused as refusal:
                    too_large = {**refusal.errors, **too_large}
                raise corrections.CorrectionRefused(too_large)
            version, changed = corrections.correct(
                self.submission, data, self.request, files=files
            )
        except corrections.CorrectionRefused as refusal:
            self.request.response.setStatus(400)
            self.errors = {
                (name or ""): translate(message, context=self.request)
                for name, message in refusal.errors.items()
            }
            self.error = self.errors.pop("", None)
            return self.index()
        mapping = {"version": version, "reference": self.submission.reference}
        message = corrections.MSG_CORRECTED if changed else corrections.MSG_UNCHANGED
        IStatusMessage(self.request).add(
            translate(Message(message, mapping=mapping), context=self.request)
        )
        self.request.response.redirect(self.my_url(), status=303)
        return ""

    # -- the page ----------------------------------------------------------

    def fields(self):
        """The correctable answers with the form's labels and the values
        (as posted after a refusal, else as stored)."""
        schema = corrections._schema(self.submission)
        result = []
        for name in corrections.CORRECTABLE:
            field = schema.get(name)
            if self.posted is not None and name in self.posted:
                value = self.posted[name]
            else:
                value = getattr(self.submission, name, None)
                if isinstance(value, (list, tuple)):
                    value = "\n".join(value)
                elif hasattr(value, "isoformat"):
                    value = value.isoformat()
            kind = "text"
            options = []
            if name == "no_lead":
                kind = "bool"
            elif name == "contract_date":
                kind = "date"
            elif field is not None and IChoice.providedBy(field):
                kind = "choice"
                vocabulary = field.bind(self.context).vocabulary
                options = [(t.value, t.title or t.value) for t in vocabulary]
            elif (
                field is not None
                and IText.providedBy(field)
                and not ITextLine.providedBy(field)
            ):
                kind = "textarea"
            result.append({
                "name": name,
                "id": f"ikz-correct-{name}",
                "label": str(getattr(field, "title", None) or name),
                "description": str(getattr(field, "description", None) or ""),
                "required": bool(getattr(field, "required", False)),
                "max_length": getattr(field, "max_length", None),
                "kind": kind,
                "value": value if value is not None else "",
                "options": options,
                "error": self.errors.get(name),
            })
        return result

    def files(self):
        label_of = dict(corrections.LABELS)
        result = []
        for name in FILE_FIELDS:
            blob = getattr(self.submission, name, None)
            result.append({
                "name": name,
                "id": f"ikz-correct-{name}",
                "label": label_of.get(name, name),
                "current": (
                    f"{blob.filename} ({german_size(blob.getSize())})" if blob else ""
                ),
                "error": self.errors.get(name),
            })
        return result

    def pictures(self):
        """The pictures with their alternative texts (as posted after a
        refusal, else as stored)."""
        label_of = dict(corrections.LABELS)
        result = []
        for picture, alt in PICTURE_FIELDS:
            blob = getattr(self.submission, picture, None)
            if self.posted is not None and alt in self.posted:
                text = self.posted[alt]
            else:
                text = getattr(self.submission, alt, None) or ""
            result.append({
                "name": picture,
                "id": f"ikz-correct-{picture}",
                "label": label_of[picture],
                "current": (
                    f"{blob.filename} ({german_size(blob.getSize())})" if blob else ""
                ),
                "error": self.errors.get(picture),
                "alt_name": alt,
                "alt_id": f"ikz-correct-{alt}",
                "alt_label": label_of[alt],
                "alt_value": text,
                "alt_error": self.errors.get(alt),
            })
        return result

    def error_summary(self):
        labels = {f["name"]: (f["label"], f["id"]) for f in self.fields()}
        labels.update({f["name"]: (f["label"], f["id"]) for f in self.files()})
        for p in self.pictures():
            labels[p["name"]] = (p["label"], p["id"])
            labels[p["alt_name"]] = (p["alt_label"], p["alt_id"])
        return [
            {
                "label": labels.get(name, (name, ""))[0],
                "target": labels.get(name, (name, ""))[1],
                "message": message,
            }
            for name, message in self.errors.items()
        ]

    def version(self):
        return corrections.current_version(self.submission)
