"""Upload checks by content, not by file name.

``sniff`` looks at the first bytes (and, for ZIP based office formats, at
the archive's members) and returns a type key or ``None``.
"""

from collections.abc import Iterable
from typing import Any
from typing import BinaryIO

import hashlib
import io
import logging
import zipfile


Data = bytes | bytearray | memoryview | BinaryIO


logger = logging.getLogger("ikz.landespreis")


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


CHUNK = 1024 * 1024

# names that make a PDF act on its own: scripts, launching programs,
# embedded files and media, XML forms (compared after pypdf has decoded
# ``#xx`` escapes in names)
PDF_ACTIVE_NAMES = frozenset((
    "/JavaScript",
    "/JS",
    "/Launch",
    "/EmbeddedFile",
    "/EmbeddedFiles",
    "/RichMedia",
    "/XFA",
))
# actions a PDF may run when opened or on an event without harm
PDF_HARMLESS_ACTIONS = frozenset(("/GoTo",))
PDF_MAX_OBJECTS = 200_000


def _as_file(data: Data) -> BinaryIO:
    """A seekable binary file for ``data`` (bytes or a file object)."""
    if isinstance(data, (bytes, bytearray, memoryview)):
        return io.BytesIO(bytes(data))
    return data


def file_size(fileobj: BinaryIO) -> int:
    fileobj.seek(0, io.SEEK_END)
    size = fileobj.tell()
    fileobj.seek(0)
    return size


def sha256_file(data: Data) -> str:
    """The hex SHA-256 of ``data`` (bytes or a file object), read in chunks."""
    fileobj = _as_file(data)
    digest = hashlib.sha256()
    fileobj.seek(0)
    for block in iter(lambda: fileobj.read(CHUNK), b""):
        digest.update(block)
    fileobj.seek(0)
    return digest.hexdigest()


def _zip_type(fileobj: BinaryIO) -> str | None:
    try:
        archive = zipfile.ZipFile(fileobj)
        names = archive.namelist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        return None
    if "mimetype" in names:
        # read a few bytes only: a crafted archive must not unpack in memory
        if archive.getinfo("mimetype").file_size > 100:
            return None
        try:
            with archive.open("mimetype") as member:
                mimetype = member.read(100).strip()
        except (zipfile.BadZipFile, ValueError, OSError, EOFError, RuntimeError):
            return None
        return ODF.get(mimetype)
    if "[Content_Types].xml" in names:
        for prefix, key in OOXML.items():
            if any(n.startswith(prefix) for n in names):
                return key
    return None


def sniff(data: Data) -> str | None:
    """The type key of ``data`` (bytes or a seekable binary file) or ``None``."""
    fileobj = _as_file(data)
    fileobj.seek(0)
    head = fileobj.read(16)
    fileobj.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"PK\x03\x04"):
        kind = _zip_type(fileobj)
        fileobj.seek(0)
        return kind
    return None


def _active_entry(name: str, value: Any) -> bool:
    """Is the dictionary entry ``name: value`` active content?"""
    from pypdf.generic import DictionaryObject

    if name in PDF_ACTIVE_NAMES:
        return True
    if name == "/AA":
        resolved = value.get_object()
        return not isinstance(resolved, DictionaryObject) or len(resolved) > 0
    if name == "/OpenAction":
        action = value.get_object()
        if isinstance(action, DictionaryObject):
            kind = action.get("/S")
            kind = kind.get_object() if kind is not None else None
            return str(kind) not in PDF_HARMLESS_ACTIONS
    if name == "/S":
        return str(value.get_object()) in PDF_ACTIVE_NAMES
    return False


def _pdf_problem(reader: Any) -> str | None:
    """Walk every object reachable from the trailer; ``active_content`` at
    the first active name, action or additional-action dictionary."""
    from pypdf.generic import ArrayObject
    from pypdf.generic import DictionaryObject
    from pypdf.generic import IndirectObject
    from pypdf.generic import NameObject

    seen = set()
    todo = [reader.trailer]
    for _count in range(PDF_MAX_OBJECTS):
        if not todo:
            return None
        obj = todo.pop()
        if isinstance(obj, IndirectObject):
            if (obj.idnum, obj.generation) in seen:
                continue
            seen.add((obj.idnum, obj.generation))
            obj = obj.get_object()
        if isinstance(obj, NameObject) and str(obj) in PDF_ACTIVE_NAMES:
            return "active_content"
        if isinstance(obj, DictionaryObject):
            if any(_active_entry(str(n), v) for n, v in obj.items()):
                return "active_content"
            # the parent is reached from the root anyway
            todo.extend(v for n, v in obj.items() if n != "/Parent")
        elif isinstance(obj, ArrayObject):
            todo.extend(obj)
    return "broken_pdf" if todo else None


def pdf_problem(data: Data) -> str | None:
    """``None`` for a well-formed PDF without active content, else
    ``active_content`` or ``broken_pdf``. ``data`` is bytes or a seekable
    binary file; pypdf reads it object by object."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    fileobj = _as_file(data)
    fileobj.seek(0)
    try:
        reader = PdfReader(fileobj, strict=False)
        if reader.is_encrypted:
            # encrypted PDFs cannot be checked (and the jury could not read them)
            return "broken_pdf"
        if len(reader.pages) < 1:
            return "broken_pdf"
        return _pdf_problem(reader)
    except (PyPdfError, ValueError, TypeError, KeyError, IndexError) as exc:
        logger.info("Refused a PDF that pypdf cannot read: %r", exc)
        return "broken_pdf"
    except (RecursionError, AttributeError, AssertionError, OSError) as exc:
        logger.info("Refused a PDF that pypdf cannot read: %r", exc)
        return "broken_pdf"
    finally:
        fileobj.seek(0)


def pdf_has_javascript(data: Data) -> bool:
    """PDFs with active content (see ``pdf_problem``) are refused."""
    return pdf_problem(data) == "active_content"


def check_upload(data: Data, allowed: Iterable[str], max_bytes: int) -> str | None:
    """``None`` when the upload is acceptable, else a reason key:
    ``too_large``, ``empty``, ``type``, ``active_content`` or ``broken_pdf``.

    ``data`` is bytes or a seekable binary file (a spooled upload, an open
    blob): its size is taken from the file, nothing is read whole."""
    fileobj = _as_file(data)
    size = file_size(fileobj)
    if not size:
        return "empty"
    if size > max_bytes:
        return "too_large"
    kind = sniff(fileobj)
    if kind is None or kind not in allowed:
        return "type"
    if kind == "pdf":
        return pdf_problem(fileobj)
    return None
