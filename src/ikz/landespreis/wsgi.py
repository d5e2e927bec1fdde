"""The request body limit, refused in German before the body is read.

No request may carry more than the application form legitimately needs:
the per-file limit (``IKZ_UPLOAD_MAX_MB``, default 20 MB) times the file
fields of the form plus a margin for the text fields and the multipart
framing. Two places enforce it, both with the same German 413 page:

* waitress, through ``max_request_body_size`` (etc/zope.ini, rendered by
  scripts/mkinstance.py from the same setting): a request whose
  ``Content-Length`` is too large is answered at once, its body never
  read; a chunked body is counted while it arrives and cut off at the
  limit. ``server_factory`` starts waitress with the German page in place
  of its English plain-text answer.
* ``UploadLimit``, the first filter of the pipeline, for any other WSGI
  server: it checks ``Content-Length`` before anything reads the body and
  counts a body without one, spooled to disk, up to the limit.
"""

from html import escape

import os
import tempfile


MEGABYTE = 1024 * 1024
FILE_FIELDS = 3  # project_file, council_decision_file, attachment_file
# three pictures of at most 5 MB (domain/pictures.py), the text fields
# (about 30,000 characters) and the framing
MARGIN_MB = 3 * 5 + 1
DEFAULT_UPLOAD_MAX_MB = 20
CHUNK = 64 * 1024


def upload_max_mb(environ=os.environ):
    """The per-file limit in MB configured for this instance."""
    try:
        value = int(environ.get("IKZ_UPLOAD_MAX_MB") or DEFAULT_UPLOAD_MAX_MB)
    except ValueError:
        return DEFAULT_UPLOAD_MAX_MB
    return max(1, value)


def body_limit(max_file_mb, file_fields=FILE_FIELDS, margin_mb=MARGIN_MB):
    """The largest request body in bytes the form can legitimately carry."""
    return (int(max_file_mb) * int(file_fields) + int(margin_mb)) * MEGABYTE


def too_large_page(max_file_mb, limit):
    per_file = escape(str(max_file_mb))
    total = escape(str(limit // MEGABYTE))
    return f"""<!DOCTYPE html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Die Sendung ist zu groß</title>
</head>
<body>
<main>
<h1>Die Sendung ist zu groß</h1>
<p>Ihre Anfrage ist größer, als der Server annimmt:
höchstens {per_file}&nbsp;MB je Datei und {total}&nbsp;MB insgesamt.
Sie wurde nicht gespeichert.</p>
<p>Bitte gehen Sie im Browser zurück zum Formular, verkleinern Sie die
Anlagen (zum Beispiel als PDF mit geringerer Bildauflösung) und senden Sie
es noch einmal.</p>
</main>
</body>
</html>
""".encode()


def _refuse(start_response, body):
    start_response(
        "413 Request Entity Too Large",
        [
            ("Content-Type", "text/html; charset=utf-8"),
            ("Content-Length", str(len(body))),
            ("Content-Language", "de"),
            ("Cache-Control", "no-store"),
            ("Connection", "close"),
        ],
    )
    return [body]


class UploadLimit:
    """WSGI middleware: refuse bodies above ``limit`` bytes with the German
    413 page, before the application reads them."""

    def __init__(self, app, max_file_mb, file_fields=FILE_FIELDS, margin_mb=MARGIN_MB):
        self.app = app
        self.max_file_mb = int(max_file_mb)
        self.limit = body_limit(max_file_mb, file_fields, margin_mb)
        self.page = too_large_page(self.max_file_mb, self.limit)

    def __call__(self, environ, start_response):
        length = environ.get("CONTENT_LENGTH")
        if length:
            try:
                too_large = int(length) > self.limit
            except ValueError:
                too_large = False
            if too_large:
                return _refuse(start_response, self.page)
        elif "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower():
            spooled = self._spool(environ["wsgi.input"])
            if spooled is None:
                return _refuse(start_response, self.page)
            environ["wsgi.input"] = spooled
            environ["CONTENT_LENGTH"] = str(spooled.size)
        return self.app(environ, start_response)

    def _spool(self, stream):
        """The body in a temporary file, or ``None`` above the limit."""
        spooled = tempfile.SpooledTemporaryFile(max_size=MEGABYTE)  # noqa: SIM115
        size = 0
        while True:
            block = stream.read(CHUNK)
            if not block:
                break
            size += len(block)
            if size > self.limit:
                spooled.close()
                return None
            spooled.write(block)
        spooled.seek(0)
        spooled.size = size
        return spooled


def filter_factory(
    global_conf, max_file_mb=None, file_fields=FILE_FIELDS, margin_mb=MARGIN_MB
):
    """``[filter:upload_limit] use = call:ikz.landespreis.wsgi:filter_factory``"""
    max_file_mb = int(max_file_mb or upload_max_mb())

    def make(app):
        return UploadLimit(app, max_file_mb, file_fields, margin_mb)

    return make


def german_waitress_errors(max_file_mb, limit):
    """Make waitress answer a too large body with the German page."""
    from waitress import parser
    from waitress.utilities import RequestEntityTooLarge

    page = too_large_page(max_file_mb, limit)

    class GermanRequestEntityTooLarge(RequestEntityTooLarge):
        def to_response(self, ident=None):
            status = f"{self.code} {self.reason}"
            headers = [
                ("Content-Type", "text/html; charset=utf-8"),
                ("Content-Language", "de"),
                ("Cache-Control", "no-store"),
            ]
            return status, headers, page

    parser.RequestEntityTooLarge = GermanRequestEntityTooLarge


#: file descriptors besides the connections: the storage, blobs, logs,
#: the mail queue and spooled uploads
FILES_BESIDES = 256


def enough_files(connections):
    """Raise the process's soft limit of open files so that
    ``connections`` connections fit besides its other files (a server
    that runs out accepts nothing more); returns the soft limit. The hard
    limit is the system's: above it, a warning says what to change."""
    import logging
    import resource

    wanted = connections + FILES_BESIDES
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        raised = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        if raised > soft:
            resource.setrlimit(resource.RLIMIT_NOFILE, (raised, hard))
            soft = raised
        if soft < wanted:
            logging.getLogger("ikz.landespreis").warning(
                "Only %d open files allowed (ulimit -n); connection_limit %d "
                "needs %d: raise the hard limit or lower IKZ_CONNECTION_LIMIT",
                soft,
                connections,
                wanted,
            )
    return soft


def server_factory(global_conf, max_file_mb=None, **settings):
    """``[server:main] use = call:ikz.landespreis.wsgi:server_factory``:
    waitress with the German 413 page. ``max_request_body_size`` (rendered
    by scripts/mkinstance.py as the body limit plus one byte, as waitress
    refuses bodies of that size and more) defaults to the upload limit;
    every other setting goes to waitress unchanged."""
    import waitress

    max_file_mb = int(max_file_mb or upload_max_mb())
    if not settings.get("max_request_body_size"):
        settings["max_request_body_size"] = str(body_limit(max_file_mb) + 1)
    limit = int(settings["max_request_body_size"]) - 1
    german_waitress_errors(max_file_mb, limit)
    if settings.get("connection_limit"):
        enough_files(int(settings["connection_limit"]))

    def serve(app):
        waitress.serve(app, **settings)

    return serve
