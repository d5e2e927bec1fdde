"""The portal's public address, for every link that leaves the portal.

Links in mails must not follow the ``Host`` header of the request that
caused the mail: anyone can send any Host. They start with the configured
public address (control panel "Landespreis: Versand und Schutz", or
``PUBLIC_URL`` in the environment, applied at start), followed by the
object's path below the site.
"""

from ikz.landespreis import delivery
from ikz.landespreis import logger
from plone import api

import os


FALLBACK = "http://localhost:8080"

_warned = []


def base():
    """The configured public address of the site, without a trailing slash."""
    url = (delivery.get("public_url") or os.environ.get("PUBLIC_URL") or "").strip()
    if url:
        return url.rstrip("/")
    if not _warned:
        _warned.append(True)
        logger.warning(
            "No public address configured (PUBLIC_URL or the control panel); "
            "links in mails use %s",
            FALLBACK,
        )
    try:
        site_path = api.portal.get().getPhysicalPath()
    except Exception:
        site_path = ("",)
    return FALLBACK + "/".join(site_path)


def public_url(obj=None, *suffix):
    """The public address of ``obj`` (the site when ``None``), plus
    ``suffix`` path elements or a query."""
    url = base()
    if obj is not None:
        site_path = api.portal.get().getPhysicalPath()
        path = obj.getPhysicalPath()
        url = "/".join([url, *path[len(site_path) :]])
    for part in suffix:
        url = url + part if part.startswith("?") else f"{url}/{part.lstrip('/')}"
    return url
