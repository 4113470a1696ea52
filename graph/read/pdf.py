"""PDF: the text layer, page by page, with paragraphs rebuilt from lines and tables as rows.

A PDF holds positioned lines, not paragraphs. A line joins the one before it when that one ran to the right margin
(it wrapped) and the gap between them is an ordinary line gap; a short line, an indented line, a change of font size
or a wider gap starts a new paragraph. Running heads and feet (the same text at the top or bottom of most pages,
page numbers) are dropped. Tables that pdfplumber finds become rows; their characters are not read twice.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass
from io import BytesIO

from ..errors import ReportError
from .tables import markdown_row

_PAGE_NUMBER = re.compile(r"^[-—–\s]*(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*/\s*(?:共\s*)?\d{1,4}\s*页?)?[-—–\s]*$")
_CJK_SPACE = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef])\s+(?=[\u3000-\u9fff\uff00-\uffef])")
_MARGIN = 0.08  # share of the page height at the top and bottom where running heads and feet live


@dataclass
class _Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bullet: bool = False  # a small drawn mark (not a character) just left of the line: a list item


def read_pdf(data: bytes, name: str) -> tuple[str, tuple[int, ...]]:
    """The document's text and the offset at which each page starts."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfplumber.utils.exceptions import PdfminerException

    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # font warnings are not the user's business
    try:
        with pdfplumber.open(BytesIO(data)) as pdf:
            pages = [_page_items(page) for page in pdf.pages]
    except (PDFPasswordIncorrect, PdfminerException, PDFSyntaxError, ValueError, KeyError, TypeError) as exc:
        cause = exc.args[0] if isinstance(exc, PdfminerException) and exc.args else exc
        if isinstance(cause, PDFPasswordIncorrect):
            raise ReportError(f"{name}: the PDF is encrypted; save an unprotected copy and load that.") from None
        raise ReportError(f"{name}: not a readable PDF ({_one_line(cause)}).") from None
    chars = sum(len(line.text) for items in pages for kind, line in items if kind == "line")
    if not chars:
        raise ReportError(f"{name}: a scanned PDF without a text layer; run OCR on it (e.g. ocrmypdf -l chi_sim) "
                          "and load the result.")
    if sum(line.text.count("(cid:") for items in pages for kind, line in items if kind == "line") * 20 > chars:
        raise ReportError(f"{name}: the PDF's fonts do not map their glyphs to characters, so its text cannot be "
                          "read; export it again with embedded Unicode fonts or run OCR on it.")
    return _assemble(_without_running_lines(pages))


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:80] or type(exc).__name__


def _page_items(page) -> list[tuple[str, object]]:
    """The page's lines and tables, top to bottom: ("line", _Line) or ("table", rows)."""
    tables = page.find_tables()
    boxes = [table.bbox for table in tables]

    def outside(obj) -> bool:
        if obj.get("object_type") != "char":
            return True
        x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)

    body = page.filter(outside) if boxes else page
    marks = [m for m in page.curves + page.rects if 1 <= m["width"] <= 8 and 1 <= m["height"] <= 8]
    items: list[tuple[float, str, object]] = []
    for line in body.extract_text_lines(return_chars=True, strip=True):
        text = _CJK_SPACE.sub("", line["text"]).strip()  # a gap between two Chinese characters is layout
        if not text:
            continue
        size = Counter(round(c["size"], 1) for c in line["chars"]).most_common(1)[0][0]
        bullet = any(line["x0"] - 2 * size <= m["x0"] and m["x1"] <= line["x0"]
                     and line["top"] <= (m["top"] + m["bottom"]) / 2 <= line["bottom"] for m in marks)
        items.append((line["top"], "line", _Line(text, line["x0"], line["x1"], line["top"], line["bottom"], size,
                                                 bullet)))
    for table in tables:
        rows = [row for row in table.extract() if any(cell and cell.strip() for cell in row)]
        items.append((table.bbox[1], "table", rows))
    items.sort(key=lambda item: item[0])
    height = page.height
    return [(kind, obj) for _, kind, obj in items] + [("height", height)]


def _without_running_lines(pages: list[list]) -> list[list]:
    """Drop page numbers, and lines in the top or bottom margin that recur (digits aside) on most pages."""
    def key(line: _Line) -> str:
        return re.sub(r"\d+", "#", line.text.strip())

    def in_margin(line: _Line, height: float) -> bool:
        return line.top < height * _MARGIN or line.bottom > height * (1 - _MARGIN)

    margins: Counter[str] = Counter()
    for items in pages:
        height = items[-1][1]
        margins.update({key(line) for kind, line in items if kind == "line" and in_margin(line, height)})
    recurring = {k for k, n in margins.items() if len(pages) >= 3 and n >= len(pages) / 2}
    kept = []
    for items in pages:
        height = items[-1][1]
        kept.append([(kind, obj) for kind, obj in items[:-1]
                     if kind != "line" or not in_margin(obj, height)
                     or not (_PAGE_NUMBER.match(obj.text) or key(obj) in recurring)])
    return kept


def _assemble(pages: list[list]) -> tuple[str, tuple[int, ...]]:
    """Blocks (paragraphs and table rows) separated by blank lines, and the offset at which each page starts."""
    lines = [line for items in pages for kind, line in items if kind == "line"]
    right = max((line.x1 for line in lines), default=0.0)
    blocks: list[str] = []
    done = 0  # offset at which the next block starts
    paragraph = ""
    starts: list[int | None] = []
    prev: _Line | None = None  # kept across the page break: a paragraph may run on to the next page

    def flush() -> None:
        nonlocal paragraph, done
        if paragraph:
            blocks.append(paragraph)
            done += len(paragraph) + 2
            paragraph = ""

    for items in pages:
        start = None
        for kind, obj in items:
            if kind == "table":
                flush()
                start = done if start is None else start
                for row in obj:
                    blocks.append(markdown_row(row))
                    done += len(blocks[-1]) + 2
                prev = None
                continue
            text = obj.text.strip()
            if prev is not None and paragraph and not obj.bullet and _continues(prev, obj, right):
                paragraph += _joiner(paragraph, text)
            else:
                flush()
                if obj.bullet:
                    paragraph = "- "
            start = done + len(paragraph) if start is None else start
            paragraph += text
            prev = obj
        starts.append(start)
    flush()
    text = "\n\n".join(blocks) + "\n"
    resolved: list[int] = []
    for start in reversed(starts):  # a page with no text starts where the next page's text does
        resolved.append(start if start is not None else (resolved[-1] if resolved else len(text)))
    return text, tuple(reversed(resolved))


def _continues(prev: _Line, line: _Line, right: float) -> bool:
    """Whether `line` carries on the paragraph `prev` ends: prev wrapped at the margin, same size, and `line` does
    not start to the right of prev (a first-line indent, or a list item's marker column)."""
    em = max(prev.size, 1.0)
    # Line breaking may leave a wrapped line a few characters short (a word or number that cannot be split);
    # a line that ends a sentence must reach the margin to count as wrapped.
    ends_sentence = prev.text.rstrip().endswith(("。", "！", "？", "；", ".", "!", "?", ";", "：", ":"))
    wrapped = prev.x1 >= right - (1.5 if ends_sentence else 4.0) * em
    same_size = abs(prev.size - line.size) < 0.5
    indented = line.x0 > prev.x0 + em
    gap = line.top - prev.bottom
    new_page = gap < 0  # the next page's first line sits above the last line of the previous page
    return wrapped and same_size and not indented and (new_page or gap < 0.9 * em)


def _joiner(before: str, after: str) -> str:
    """Nothing between wrapped Chinese text; a space where two Latin words or numbers meet."""
    return " " if before and after and before[-1].isascii() and before[-1].isalnum() and after[0].isascii() \
        and after[0].isalpha() else ""

