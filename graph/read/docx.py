"""Word documents (.docx): paragraphs and tables in document order; heading styles become Markdown headings and
list styles list items, so the layout parser sees the outline the author made."""

from __future__ import annotations

import itertools
import re
from io import BytesIO

from ..errors import ReportError
from .tables import markdown_row

# Built-in heading styles are named "Heading N" whatever the interface language; some templates say 标题 N.
_HEADING_STYLE = re.compile(r"^(?:Heading|标题)\s*(\d)$", re.I)


def read_docx(data: bytes, name: str) -> str:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(BytesIO(data))
    except Exception as exc:  # python-docx raises a variety of zip, XML and key errors on damaged files
        raise ReportError(f"{name}: not a readable Word document ({type(exc).__name__}).") from None
    blocks: list[str] = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = Paragraph(child, document)
            text = paragraph.text.strip()
            if text:
                blocks.append(_styled(text, paragraph.style.name if paragraph.style is not None else ""))
        elif tag == "tbl":
            blocks.extend(_rows(Table(child, document)))
    if not blocks:
        raise ReportError(f"{name}: the Word document holds no text.")
    return _join(blocks) + "\n"


def _join(blocks: list[str]) -> str:
    """Paragraphs apart by a blank line, as in Markdown, except a run of one-word paragraphs (仪器/共享/服务):
    Word has no other way to stack a label, so those lines stay together and read as one heading."""
    text = blocks[0]
    for previous, block in itertools.pairwise(blocks):
        text += ("\n" if _tiny(previous) and _tiny(block) else "\n\n") + block
    return text


def _tiny(block: str) -> bool:
    return len(block) <= 4 and not re.search(r"[\W\d]", block)


def _styled(text: str, style: str) -> str:
    heading = _HEADING_STYLE.match(style)
    if heading:
        return "#" * int(heading.group(1)) + " " + text
    if style.lower().startswith(("list", "列表")):
        return "- " + text
    return text


def _rows(table) -> list[str]:
    rows = []
    for row in table.rows:
        cells, seen = [], []
        for cell in row.cells:  # a merged cell appears once per grid column it spans
            if not any(cell._tc is tc for tc in seen):
                seen.append(cell._tc)
                cells.append(cell.text)
        if any(c.strip() for c in cells):
            rows.append(markdown_row(cells))
    return rows
