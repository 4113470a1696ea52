"""Reading files: the bytes of a text file, Markdown, PDF, web page or Word document → one text with offsets.

The format is chosen by content, not by the file's extension: `%PDF-` is a PDF, a ZIP holding `word/document.xml`
a Word document, decoded text that opens like HTML a web page, anything else text (Markdown or plain). Every reader
returns the text the graph stores for the document; offsets everywhere else index that text, so `text[start:end]`
is the surface of whatever was found there. PDF, HTML and Word tables become Markdown table rows (`| a | b |`), the
form the layout parser reads as rows.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from dataclasses import dataclass
from io import BytesIO

from ..errors import ReportError
from .text import decode

MARKDOWN, PLAIN, HTML, PDF = "text/markdown", "text/plain", "text/html", "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

_HTML_START = re.compile(r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b",
                         re.I | re.S)


@dataclass(frozen=True)
class Text:
    """A file's text as the graph stores it."""

    text: str
    media_type: str
    encoding: str = ""  # the character encoding of a text file or web page; "" for PDF and Word
    pages: tuple[int, ...] = ()  # offset at which each page starts (PDF); empty for formats without pages


def read_bytes(data: bytes, name: str) -> Text:
    """The text of a file's bytes, in Unicode NFC (so a name typed with combining accents and the same name typed
    precomposed are the same characters; offsets index this text); `name` (the file's path) names the file in
    errors and tells Markdown from text."""
    read = _read(data, name)
    text = unicodedata.normalize("NFC", read.text)
    pages = read.pages
    if text != read.text:  # composing shortened the text: each page starts where its prefix now ends
        pages = tuple(len(unicodedata.normalize("NFC", read.text[:start])) for start in read.pages)
    return Text(text, read.media_type, read.encoding, pages)


def _read(data: bytes, name: str) -> Text:
    if not data.strip():
        raise ReportError(f"{name}: the file is empty.")
    head = data[:1024]
    if b"%PDF-" in head:
        from .pdf import read_pdf

        text, pages = read_pdf(data, name)
        return Text(text, PDF, pages=pages)
    if data.startswith(b"PK\x03\x04"):
        if not _is_docx(data):
            raise ReportError(f"{name}: a ZIP archive, not a Word (.docx) document or a text report.")
        from .docx import read_docx

        return Text(read_docx(data, name), DOCX)
    text, encoding = decode(data, name)
    if _HTML_START.match(text[:4096]):
        from .html import read_html

        return Text(read_html(text, name), HTML, encoding)
    return Text(text, PLAIN if name.lower().endswith(".txt") else MARKDOWN, encoding)


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False
