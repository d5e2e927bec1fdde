"""The file widget of the application form: no temporary upload store, no
upload read into memory.

plone.formwidget.namedfile keeps every upload of a form that is shown again
with errors in a ``PersistentMapping`` in the site's annotations (its
"temporary upload store", ``file_upload_id``): a refused 21 MB upload wrote
22 MB into ``Data.fs``, and a forged ``file_upload_id`` fetched an upload
of someone else's form. Its converter reads the whole upload into memory.

On the application form (a context providing ``IApplicationForm``) this
widget does neither: the size is taken from ZPublisher's spooled temporary
file and an upload above the limit is refused before it is read; an
accepted upload is copied into the blob in chunks by plone.namedfile's
storage for ``FileUpload``. Every other form keeps the standard behaviour.
"""

from ikz.landespreis.domain.files import file_size
from ikz.landespreis.intake.form import IApplicationForm
from ikz.landespreis.interfaces import IIkzLandespreisLayer
from plone.formwidget.namedfile import utils
from plone.formwidget.namedfile.converter import NamedDataConverter
from plone.formwidget.namedfile.interfaces import INamedFileWidget
from plone.formwidget.namedfile.widget import NamedFileWidget
from plone.namedfile.interfaces import INamed
from plone.namedfile.interfaces import INamedBlobFileField
from plone.namedfile.utils import safe_basename
from z3c.form.browser.file import FileWidget
from z3c.form.converter import FormatterValidationError
from z3c.form.interfaces import IFieldWidget
from z3c.form.interfaces import NOVALUE
from z3c.form.widget import FieldWidget
from zope.component import adapter
from zope.i18n import translate
from zope.i18nmessageid import Message
from zope.interface import implementer


class IApplicationFileWidget(INamedFileWidget):
    """A file widget that knows whether it serves the application form."""


@implementer(IApplicationFileWidget)
class ApplicationFileWidget(NamedFileWidget):
    @property
    def for_application(self):
        context = getattr(self.form, "context", None)
        return context is not None and IApplicationForm.providedBy(context)

    @property
    def file_upload_id(self):
        if self.for_application:
            return ""  # no copy of the upload in the ZODB
        return super().file_upload_id

    @property
    def reupload_filename(self):
        """The name of a file posted with a form that is shown again with
        errors: it was not kept, the applicant has to choose it again."""
        if not self.for_application or self.request.method != "POST":
            return None
        if utils.is_file_upload(self.value) or INamed.providedBy(self.value):
            name = safe_basename(getattr(self.value, "filename", "") or "") or None
            if name is not None and self._kept_with_draft(name):
                return None
            return name
        return None

    def _kept_with_draft(self, name):
        """The file ``name`` is saved with the applicant's draft (just now
        with "Zwischenspeichern", or before): it goes along on sending."""
        from ikz.landespreis.applicants.draftform import current_draft

        draft = getattr(self.form, "draft", None) or current_draft(
            self.form.context, self.request
        )
        kept = (getattr(draft, "files", None) or {}).get(self.field.__name__)
        return kept is not None and safe_basename(kept.filename or "") == name

    @property
    def allow_nochange(self):
        # nothing is kept between two posts: no "keep the file" choice
        return False if self.for_application else super().allow_nochange

    def extract(self, default=NOVALUE):
        if not self.for_application:
            return super().extract(default)
        # a fresh upload or nothing: "keep" and the upload store do not
        # exist on this form (an applicant has no stored file to keep)
        if self.request.get(f"{self.name}.action") in ("nochange", "remove"):
            return default
        value = FileWidget.extract(self, default)
        empty = utils.is_file_upload(value) and not file_size(value)
        if empty and not value.filename:
            return default
        return value


@adapter(INamedBlobFileField, IIkzLandespreisLayer)
@implementer(IFieldWidget)
def ApplicationFileFieldWidget(field, request):
    return FieldWidget(field, ApplicationFileWidget(request))


@adapter(INamedBlobFileField, IApplicationFileWidget)
class ApplicationFileConverter(NamedDataConverter):
    def toFieldValue(self, value):
        if not (self.widget.for_application and utils.is_file_upload(value)):
            return super().toFieldValue(value)
        from ikz.landespreis.intake.settings import upload_limits
        from ikz.landespreis.intake.store import MSG_UPLOAD

        filename = safe_basename(value.filename) if value.filename else None
        size = file_size(value)
        if not size and not filename:
            return self.field.missing_value
        _allowed, max_bytes = upload_limits()
        if size > max_bytes:
            message = Message(
                MSG_UPLOAD["too_large"],
                mapping={
                    "name": filename or self.widget.label,
                    "limit": max_bytes // (1024 * 1024),
                },
            )
            raise FormatterValidationError(
                translate(message, context=self.widget.request), value
            )
        # plone.namedfile copies a FileUpload into the blob in chunks
        return self.field._type(data=value, filename=filename)
