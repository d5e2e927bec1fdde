"""Pictures of an application for the winners showcase.

An applicant may provide up to ``MAX_PICTURES`` pictures, JPEG or PNG
(checked by content, not by name), each no larger than the upload limit,
each with an alternative text. Pure rules: no Zope needed.
"""

from collections.abc import Mapping
from ikz.landespreis.domain.files import _as_file
from ikz.landespreis.domain.files import check_upload
from ikz.landespreis.domain.files import Data

import re


MAX_PICTURES = 3
#: (picture field, alternative text field) of the Submission, in order
PICTURE_FIELDS: tuple[tuple[str, str], ...] = tuple(
    (f"picture_{n}", f"picture_{n}_alt") for n in range(1, MAX_PICTURES + 1)
)
PICTURE_TYPES = ("png", "jpeg")
#: per picture (the request body limit in wsgi.py counts three of them);
#: the upload limit of the control panel lowers it further
PICTURE_MAX_MB = 5
#: more pixels than a camera of today takes: a small file that unpacks
#: into gigabytes ("decompression bomb") is refused before it is scaled
MAX_PIXELS = 50_000_000
ALT_MIN = 5
ALT_MAX = 250

#: an alternative text that is only a file name says nothing
FILENAME = re.compile(r"^[\w\-. ]+\.(jpe?g|png|gif|webp|heic|tiff?)$", re.IGNORECASE)


def picture_limit(upload_max_bytes: int) -> int:
    """The largest picture in bytes: 5 MB, or the upload limit if lower."""
    return min(PICTURE_MAX_MB * 1024 * 1024, upload_max_bytes)


def picture_problem(data: Data, max_bytes: int) -> str | None:
    """``None`` for an acceptable picture of at most ``max_bytes``, else a
    reason key: those of ``check_upload`` (``too_large``, ``empty``,
    ``type``), ``too_many_pixels`` or ``broken_image``."""
    reason = check_upload(data, PICTURE_TYPES, max_bytes)
    if reason is not None:
        return reason
    from PIL import Image

    fileobj = _as_file(data)
    fileobj.seek(0)
    try:
        with Image.open(fileobj) as image:
            width, height = image.size
            if width * height > MAX_PIXELS:
                return "too_many_pixels"
            image.verify()
    except Image.DecompressionBombError:
        return "too_many_pixels"
    except (OSError, SyntaxError, ValueError, TypeError, EOFError):
        return "broken_image"
    finally:
        fileobj.seek(0)
    return None


def alt_problem(alt: str | None) -> str | None:
    """``None`` for a usable alternative text, else ``alt_missing``,
    ``alt_too_short``, ``alt_too_long`` or ``alt_filename``."""
    text = " ".join((alt or "").split())
    if not text:
        return "alt_missing"
    if len(text) < ALT_MIN:
        return "alt_too_short"
    if len(text) > ALT_MAX:
        return "alt_too_long"
    if FILENAME.match(text):
        return "alt_filename"
    return None


def clean_alt(alt: str | None) -> str:
    """The alternative text as stored: whitespace collapsed."""
    return " ".join((alt or "").split())


def pictures_problems(
    values: Mapping[str, object], has_picture: Mapping[str, bool]
) -> dict[str, str]:
    """The alternative-text problems of a post: ``{alt field: reason}`` for
    each picture sent (``has_picture[picture field]``) without a usable
    alternative text. Pictures themselves are checked by ``picture_problem``."""
    problems = {}
    for picture, alt in PICTURE_FIELDS:
        if not has_picture.get(picture):
            continue
        value = values.get(alt)
        reason = alt_problem(value if isinstance(value, str) else None)
        if reason is not None:
            problems[alt] = reason
    return problems


def visible_pictures(
    pictures: list[tuple[str, str]], consent: bool, published: bool
) -> list[tuple[str, str]]:
    """Which pictures ``[(field, alt)]`` a public page may show: all with an
    alternative text, only with the publication consent and only once the
    application is published."""
    if not (consent and published):
        return []
    return [(field, alt) for field, alt in pictures if alt_problem(alt) is None]
