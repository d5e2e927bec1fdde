"""Small, valid PDFs for the tests: one page, optional extra objects,
optionally padded to a given size (in a page content stream comment, so
the file stays a well-formed PDF that pypdf parses)."""


def make_pdf(text="Antrag", size=None, catalog_extra="", objects=(), page_extra=""):
    """Bytes of a one-page PDF.

    ``catalog_extra`` and ``page_extra`` are raw PDF source put into the
    catalog and page dictionaries; ``objects`` are the sources of further
    objects numbered from 5 on; ``size`` pads the content stream so the
    file has exactly that many bytes (when it is large enough).
    """
    content = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET\n".encode("latin-1")

    def build(content):
        bodies = [
            f"<< /Type /Catalog /Pages 2 0 R {catalog_extra} >>".encode("latin-1"),
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            (
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                f"/Contents 4 0 R {page_extra} >>"
            ).encode("latin-1"),
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        ] + [o.encode("latin-1") if isinstance(o, str) else o for o in objects]
        out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for number, body in enumerate(bodies, 1):
            offsets.append(len(out))
            out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
        xref = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(bodies) + 1)
        for offset in offsets:
            out += b"%010d 00000 n \n" % offset
        out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
            len(bodies) + 1,
            xref,
        )
        return bytes(out)

    data = build(content)
    if size and size > len(data) + 4:
        # "%" and the newline of the comment add two bytes, the /Length
        # digits may grow: pad, then trim to the exact size
        padding = size - len(data) - 2
        data = build(content + b"%" + b"0" * padding + b"\n")
        excess = len(data) - size
        if excess > 0:
            data = build(content + b"%" + b"0" * (padding - excess) + b"\n")
    return data
