"""Small helpers shared by views, services and subscribers."""

from Acquisition import aq_inner
from Acquisition import aq_parent
from ikz.landespreis.interfaces import ICompetitionMarker
from plone.app.textfield.value import RichTextValue
from zope.annotation.interfaces import IAnnotations


def find_competition(context):
    """The competition containing ``context`` (or ``context`` itself)."""
    obj = aq_inner(context)
    while obj is not None:
        if ICompetitionMarker.providedBy(obj):
            return obj
        obj = aq_parent(obj)
    return None


def ensure_annotation(obj, key, factory):
    """The annotation ``key`` of ``obj``, created with ``factory`` when missing."""
    annotations = IAnnotations(obj)
    value = annotations.get(key)
    if value is None:
        value = annotations[key] = factory()
    return value


def html(text):
    """Rich text from trusted HTML (demo texts, form prologues)."""
    return RichTextValue(text.strip(), "text/html", "text/x-html-safe")


FILE_FIELDS = ("project_file", "council_decision_file", "attachment_file")


def uploads(submission):
    """``[(file name, size in bytes)]`` of a submission's uploaded files."""
    result = []
    for name in FILE_FIELDS:
        value = getattr(submission, name, None)
        if value is not None:
            result.append((value.filename, value.getSize()))
    return result
