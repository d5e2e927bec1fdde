"""The files of a Submission reach the office and the jury only as
downloads, or inline only under a sandboxing Content-Security-Policy.

plone.namedfile's ``@@display-file`` shows PDFs inline in the browser's
viewer, where a PDF's scripts and actions would run in the portal's
origin. On a Submission, ``@@display-file`` shows only images inline,
everything else (PDF, office formats) as an attachment, and both views
send ``Content-Security-Policy: sandbox`` (no scripts, no same origin, no
forms) and ``X-Content-Type-Options: nosniff``.
"""

from plone.namedfile.browser import DisplayFile
from plone.namedfile.browser import Download


SANDBOX = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
INLINE = ("image/png", "image/jpeg")


class _Sandboxed:
    def set_headers(self, file):
        super().set_headers(file)
        response = self.request.response
        response.setHeader("Content-Security-Policy", SANDBOX)
        response.setHeader("X-Content-Type-Options", "nosniff")


class SubmissionDownload(_Sandboxed, Download):
    """``@@download`` of a Submission's file: an attachment, sandboxed."""


class SubmissionDisplayFile(_Sandboxed, DisplayFile):
    """``@@display-file`` of a Submission's file: images inline, the rest
    as an attachment; sandboxed either way."""

    allowed_inline_mimetypes = INLINE
    use_denylist = False
