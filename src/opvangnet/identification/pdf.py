"""A small PDF writer for letters and reports: paragraphs of plain text on A4 pages in Helvetica.

Pure: no Django, plain values in, bytes out, and the same input always gives the same bytes (no dates or
identifiers of its own), so a document can be checked against the record it was made from. Text is encoded
in WinAnsi (Windows-1252), which covers Dutch and the other Western European languages; any other
character is written as "?".
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

PAGE_WIDTH, PAGE_HEIGHT = 595, 842  # A4 in points
MARGIN = 56
FONT_SIZE = 10.5
LEADING = 14
TITLE_SIZE = 15
WRAP = 92  # characters per line at this size and width
LINES_PER_PAGE = int((PAGE_HEIGHT - 2 * MARGIN - 2 * LEADING) // LEADING)


def _escape(text: str) -> bytes:
    raw = text.encode("cp1252", errors="replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _wrap(paragraphs: Sequence[str]) -> list[str]:
    lines: list[str] = []
    for paragraph in paragraphs:
        if paragraph == "":
            lines.append("")
            continue
        for part in paragraph.splitlines() or [""]:
            lines.extend(textwrap.wrap(part, WRAP, break_long_words=True, replace_whitespace=False) or [""])
    return lines


def _page_stream(title: str | None, lines: Sequence[str], page: int, pages: int) -> bytes:
    out = [b"BT"]
    y = PAGE_HEIGHT - MARGIN
    if title is not None:
        out.append(b"/F2 %d Tf %d %d Td (%s) Tj" % (TITLE_SIZE, MARGIN, y, _escape(title)))
        out.append(b"/F1 %.1f Tf 0 -%d Td" % (FONT_SIZE, 2 * LEADING))
    else:
        out.append(b"/F1 %.1f Tf %d %d Td" % (FONT_SIZE, MARGIN, y))
    for line in lines:
        out.append(b"(%s) Tj 0 -%d Td" % (_escape(line), LEADING))
    out.append(b"ET")
    out.append(b"BT /F1 8 Tf %d %d Td (%d / %d) Tj ET" % (PAGE_WIDTH - MARGIN - 30, MARGIN // 2, page, pages))
    return b"\n".join(out)


def render_pdf(title: str, paragraphs: Sequence[str]) -> bytes:
    """A PDF with `title` on top of the first page and the paragraphs below it, wrapped and paginated."""
    lines = _wrap(paragraphs)
    first = LINES_PER_PAGE - 2
    chunks = [lines[:first]] + [
        lines[i : i + LINES_PER_PAGE] for i in range(first, len(lines), LINES_PER_PAGE)
    ]
    pages = len(chunks)
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",  # pages, filled in below
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
    ]
    kids = []
    for number, chunk in enumerate(chunks, start=1):
        stream = _page_stream(title if number == 1 else None, chunk, number, pages)
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        content_ref = len(objects)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Contents %d 0 R "
            b"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> >>" % (PAGE_WIDTH, PAGE_HEIGHT, content_ref)
        )
        kids.append(b"%d 0 R" % len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), pages)
    body = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, content in enumerate(objects, start=1):
        offsets.append(len(body))
        body += b"%d 0 obj\n%s\nendobj\n" % (number, content)
    xref = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    body += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    body += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(body)
