"""The applicant's pictures on the winner pages, the gallery and in the
sharing data: scales of plone.namedfile, never the original; in public
only with the publication consent and once the application is published."""

from ikz.landespreis.domain.pictures import PICTURE_FIELDS
from ikz.landespreis.domain.pictures import visible_pictures
from plone import api


PUBLISHED = frozenset({"published", "archived_published"})


def _pairs(submission):
    return [
        (picture, getattr(submission, alt, None) or "")
        for picture, alt in PICTURE_FIELDS
        if getattr(submission, picture, None) is not None
    ]


def public_pictures(submission):
    """``[(field, alt)]`` a public page may show."""
    published = api.content.get_state(submission, default=None) in PUBLISHED
    consent = bool(getattr(submission, "publication_consent", False))
    return visible_pictures(_pairs(submission), consent, published)


def shown_pictures(submission):
    """``[(field, alt)]`` for the person looking: all pictures for those who
    read the whole application (office, jury), else the public ones."""
    from ikz.landespreis.permissions import ViewApplicationDetails

    if api.user.has_permission(ViewApplicationDetails, obj=submission):
        return _pairs(submission)
    return public_pictures(submission)


def scaled(submission, field, alt, scale="large"):
    """``{"url", "width", "height", "alt"}`` of a scale of the picture in
    ``field`` (``None`` when it cannot be scaled)."""
    images = submission.restrictedTraverse("@@images", None)
    found = images.scale(field, scale=scale) if images is not None else None
    if found is None:
        return None
    return {
        "url": found.url,
        "width": found.width,
        "height": found.height,
        "alt": alt,
    }


def pictures_of(submission, scale="large", public=True):
    pairs = public_pictures(submission) if public else shown_pictures(submission)
    found = (scaled(submission, field, alt, scale) for field, alt in pairs)
    return [p for p in found if p is not None]
