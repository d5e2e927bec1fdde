"""Upload checks by content, not by file name.

``sniff`` looks at the first bytes (and, for ZIP based office formats, at
the archive's members) and returns a type key or ``None``.
"""

from collections.abc import Iterable

import io
import zipfile


# key: (title, mime type)
TYPES = {
    "pdf": ("PDF", "application/pdf"),
    "docx": (
        "Word (DOCX)",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "xlsx": (
        "Excel (XLSX)",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    "pptx": (
        "PowerPoint (PPTX)",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ),
    "odt": ("OpenDocument Text", "application/vnd.oasis.opendocument.text"),
    "ods": ("OpenDocument Tabelle", "application/vnd.oasis.opendocument.spreadsheet"),
    "odp": (
        "OpenDocument Präsentation",
        "application/vnd.oasis.opendocument.presentation",
    ),
    "png": ("PNG", "image/png"),
    "jpeg": ("JPEG", "image/jpeg"),
}
DEFAULT_ALLOWED = ("pdf", "docx", "xlsx", "pptx", "odt", "ods", "odp", "png", "jpeg")

OOXML = {"word/": "docx", "xl/": "xlsx", "ppt/": "pptx"}
ODF = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
    b"application/vnd.oasis.opendocument.presentation": "odp",
}


def _zip_type(data: bytes) -> str | None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = archive.namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return None
    if "mimetype" in names:
        # read a few bytes only: a crafted archive must not unpack in memory
        if archive.getinfo("mimetype").file_size > 100:
            return None
        with archive.open("mimetype") as member:
            mimetype = member.read(100).strip()
        return ODF.get(mimetype)
    if "[Content_Types].xml" in names:
        for prefix, key in OOXML.items():
            if any(n.startswith(prefix) for n in names):
                return key
    return None


def sniff(data: bytes) -> str | None:
    """The type key of ``data`` (bytes) or ``None`` when unknown."""
    head = data[:16]
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"PK\x03\x04"):
        return _zip_type(data)
    return None


def pdf_has_javascript(data: bytes) -> bool:
    """PDFs with embedded JavaScript or auto actions are refused."""
    return any(
        marker in data
        for marker in (b"/JavaScript", b"/JS ", b"/JS(", b"/JS<", b"/Launch")
    )


def check_upload(data: bytes, allowed: Iterable[str], max_bytes: int) -> str | None:
    """``None`` when the upload is acceptable, else a reason key:
    ``too_large``, ``empty``, ``type`` or ``active_content``."""
    if not data:
        return "empty"
    if len(data) > max_bytes:
        return "too_large"
    kind = sniff(data)
    if kind is None or kind not in allowed:
        return "type"
    if kind == "pdf" and pdf_has_javascript(data):
        return "active_content"
    return None
