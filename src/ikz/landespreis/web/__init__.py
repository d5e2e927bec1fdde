"""The web edge: security headers, caching of non-public responses, CSRF on
REST, error pages without internals, the login cookie behind HTTPS."""

from urllib.parse import urlsplit

import os


def public_url():
    """The portal's configured public URL ("" when none is configured).

    ``ikz.landespreis.publicurl`` (control panel and ``PUBLIC_URL``) is used
    when it exists; the environment alone otherwise."""
    try:
        from ikz.landespreis.publicurl import public_url as configured
    except ImportError:
        configured = None
    if configured is not None:
        try:
            value = configured()
        except Exception:
            value = None
        if value:
            return str(value)
    return os.environ.get("PUBLIC_URL", "")


def origin_of(url):
    """``scheme://host[:port]`` of a URL, lower case; "" for a non-URL."""
    if not url:
        return ""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return ""
    netloc = parts.netloc.lower().rsplit("@", 1)[-1]
    default = {"http": ":80", "https": ":443"}[parts.scheme]
    if netloc.endswith(default):
        netloc = netloc[: -len(default)]
    return f"{parts.scheme}://{netloc}"
