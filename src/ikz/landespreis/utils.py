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
    """``[(file name, size in bytes)]`` of a submission's uploaded files
    and pictures."""
    from ikz.landespreis.domain.pictures import PICTURE_FIELDS

    result = []
    for name in (*FILE_FIELDS, *(picture for picture, _alt in PICTURE_FIELDS)):
        value = getattr(submission, name, None)
        if value is not None:
            result.append((value.filename, value.getSize()))
    return result


def current_user_id():
    """The id of the logged-in user (``None`` for anonymous visitors)."""
    from plone import api

    user = api.user.get_current()
    return user.getId() if user is not None else None


def show_message(request, message, kind="info"):
    """A status message on the next page, in the request's language."""
    from plone import api
    from zope.i18n import translate

    api.portal.show_message(translate(message, context=request), request, type=kind)


def competition_categories(competition):
    """Catalog brains of ``competition``'s categories in their order, for
    anyone (callers check access)."""
    from plone import api

    catalog = api.portal.get_tool("portal_catalog")
    return catalog.unrestrictedSearchResults(
        portal_type="Category",
        path={"query": "/".join(competition.getPhysicalPath()), "depth": 1},
        sort_on="getObjPositionInParent",
    )


def competition_submissions(competition):
    """Every submission of ``competition`` (objects, for anyone: callers
    check access)."""
    from plone import api

    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(
        portal_type="Submission", competition_uid=api.content.get_uuid(competition)
    )
    return [b._unrestrictedGetObject() for b in brains]
