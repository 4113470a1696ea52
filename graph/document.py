"""Parsing a report's layout: headings, paragraphs, list items, table rows, bold spans and sentences.

Nothing here changes the text: every block and sentence is a pair of end-exclusive offsets into `Report.text`.
Extractors work on `Sentence.clean`, a copy without `**` markers and line breaks, with full-width ASCII mapped to
ASCII; `Sentence.span(i, j)` maps a slice of the clean copy back to offsets into the original text.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from .report import Report

# Sentence ends: full stop, exclamation, question mark and semicolon, half- or full-width.
_SENTENCE_END = set("。!?;！？；")
_LIST_MARKER = re.compile(r"^[ \t\u3000]*(?:[-*+•·●▪]|\d{1,2}[.)、)]|[(（]\d{1,2}[)）])[ \t\u3000]+")
_MD_HEADING = re.compile(r"^(#{1,6})[ \t]+")
_NUMBERED_HEADING = re.compile(
    r"^[ \t\u3000]*(?:(\d+(?:\.\d+)*)[ \t\u3000]+|([一二三四五六七八九十]+)、"
    r"|[(（]([一二三四五六七八九十]+)[)）]|第[一二三四五六七八九十\d]+[章节部分篇])"
)
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_HEADING_PUNCT = re.compile(r"[,，。;；:：!！?？]")
_AMOUNT = re.compile(r"\d[\d.,]*\s*(?:[%％万亿千百]|[家个项件名人场次]|平方米|元)")
_HAN_GAP = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")
_HEADING_MAX = 40
_NUMBERED_HEADING_MAX = 60
_FULLWIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


@dataclass(frozen=True)
class Block:
    """A heading, paragraph, list item or table row; `start`/`end` exclude list markers and `#`s."""

    index: int
    kind: str  # "heading" | "paragraph" | "item" | "row"
    start: int
    end: int
    section: int
    level: int = 0
    cells: tuple[tuple[int, int], ...] = ()


@dataclass
class Section:
    """A heading and everything up to the next one; section 0 is the report itself (no heading)."""

    index: int
    title: str
    level: int
    parent: int | None
    start: int
    end: int
    heading: Block | None = None


@dataclass(frozen=True)
class Sentence:
    """A sentence of a block, with its clean copy for extractors."""

    index: int
    start: int
    end: int
    block: int
    section: int
    clean: str
    offsets: tuple[int, ...] = field(repr=False)

    def span(self, i: int, j: int) -> tuple[int, int]:
        """Original-text offsets of `clean[i:j]` (end-exclusive)."""
        if j <= i:
            raise ValueError("empty span")
        return self.offsets[i], self.offsets[j - 1] + 1


@dataclass
class Document:
    """A report with its layout; the one object that flows from the parser through the extractors."""

    report: Report
    blocks: list[Block]
    sections: list[Section]
    sentences: list[Sentence]
    bold: list[tuple[int, int]]

    @property
    def text(self) -> str:
        return self.report.text

    @functools.cached_property
    def _by_block(self) -> dict[int, list[Sentence]]:
        grouped: dict[int, list[Sentence]] = {}
        for sentence in self.sentences:
            grouped.setdefault(sentence.block, []).append(sentence)
        return grouped

    def block_sentences(self, block: int) -> list[Sentence]:
        """The sentences of one block (a heading, paragraph, item or row), in order."""
        return self._by_block.get(block, [])

    def sentence_at(self, offset: int) -> Sentence | None:
        for sentence in self.sentences:
            if sentence.start <= offset < sentence.end:
                return sentence
        return None

    def topic_sections(self, index: int) -> list[int]:
        """Sections whose headings may name what section `index` is about, nearest first: itself, up to three
        earlier sibling headings for a sub-heading, then its ancestors."""
        section = self.sections[index]
        chain = [x.index for x in self.section_chain(index)][1:]
        # Only a heading that reads as a sub-heading (载体建设方面, 仪器共享服务) borrows its topic from the
        # headings before it; a heading that states a topic of its own (科技型企业持续壮大) does not.
        if not (section.title.endswith("方面") or len(section.title) <= 6):
            return [index, *chain]
        earlier = [x.index for x in self.sections[:index] if x.parent == section.parent and x.index]
        return [index, *list(reversed(earlier))[:3], *chain]

    def section_chain(self, index: int) -> Iterator[Section]:
        """The section and its ancestors, innermost first."""
        current: int | None = index
        while current is not None:
            yield self.sections[current]
            current = self.sections[current].parent


def _lines(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    for line in text.splitlines(keepends=True):
        end = start + len(line.rstrip("\r\n"))
        yield start, end
        start += len(line)


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \t\u3000\ufeff":
        start += 1
    while end > start and text[end - 1] in " \t\u3000":
        end -= 1
    return start, end


def _unbold(line: str) -> str:
    """A line that is bold as a whole (**一、科技投入**) is read without its markers."""
    return line[2:-2].strip() if re.fullmatch(r"\*\*[^*]+\*\*", line) else line


def _looks_like_heading(line: str) -> bool:
    """Short lines without punctuation or inner bold are headings in Chinese reports of this kind; a numbered line
    (一、 （一） 4.5 第三章) may hold commas; a line that ends with a full stop is a sentence however short."""
    line = _unbold(line)
    if "**" in line or line.endswith(("。", "！", "？", "；", ";", "!", "?")):
        return False
    if _NUMBERED_HEADING.match(line):
        return len(line) <= _NUMBERED_HEADING_MAX
    # A short line that states an amount (约2万平方米, 32家) reports a figure; headings name topics.
    return len(line) <= _HEADING_MAX and not _HEADING_PUNCT.search(line) and not _AMOUNT.search(line)


def _heading_level(line: str, current: int) -> int:
    md = _MD_HEADING.match(line)
    if md:
        return len(md.group(1))
    numbered = _NUMBERED_HEADING.match(line)
    if numbered:
        if numbered.group(1):
            return numbered.group(1).count(".") + 1
        if numbered.group(2):
            return 1
        return 2
    return current + 1


def _raw_blocks(text: str) -> list[tuple[str, int, int, int, tuple]]:
    """(kind, start, end, level, cells) for each non-blank line; runs of tiny lines are joined into one."""
    raw: list[tuple[str, int, int, int, tuple]] = []
    numbered_level = 0
    for line_start, line_end in _lines(text):
        start, end = _strip(text, line_start, line_end)
        if start == end:
            raw.append(("blank", start, end, 0, ()))
            continue
        line = text[start:end]
        if line.startswith("|") or (line.count("|") >= 2 and not _LIST_MARKER.match(line)):
            if not _TABLE_RULE.match(line):
                raw.append(("row", start, end, 0, _cells(text, start, end)))
            continue
        md = _MD_HEADING.match(line)
        if md:
            level = len(md.group(1))
            numbered_level = level
            raw.append(("heading", start + md.end(), end, level, ()))
            continue
        marker = _LIST_MARKER.match(line)
        if marker and not (_NUMBERED_HEADING.match(_unbold(line)) and _looks_like_heading(line)):
            raw.append(("item", start + marker.end(), end, 0, ()))
            continue
        if _looks_like_heading(line):
            numbered = _NUMBERED_HEADING.match(_unbold(line))
            level = _heading_level(_unbold(line), numbered_level)
            if numbered:
                numbered_level = level
            raw.append(("heading", start, end, level, ()))
            continue
        raw.append(("paragraph", start, end, 0, ()))
    return _join_tiny_lines(text, raw)


def _join_tiny_lines(text: str, raw: list) -> list:
    """Layouts that stack a label one word per line (仪器/共享/服务) become one heading."""
    joined: list = []
    for entry in raw:
        kind, start, end, _level, _cells = entry
        tiny = kind == "heading" and end - start <= 4
        if tiny and joined and joined[-1][0] == "heading" and joined[-1][2] - joined[-1][1] <= 40:
            prev = joined[-1]
            if text[prev[2] : start].strip() == "" and "\n\n" not in text[prev[2] : start].replace("\r", ""):
                joined[-1] = ("heading", prev[1], end, prev[3], ())
                continue
        joined.append(entry)
    return [entry for entry in joined if entry[0] != "blank"]


def _cells(text: str, start: int, end: int) -> tuple[tuple[int, int], ...]:
    cells = []
    cursor = start
    for part in text[start:end].split("|"):
        cell = _strip(text, cursor, cursor + len(part))
        cursor += len(part) + 1
        cells.append(cell)
    if text[start:end].startswith("|"):
        cells = cells[1:]
    if text[start:end].endswith("|"):
        cells = cells[:-1]
    return tuple(cells)


def _clean(text: str, start: int, end: int) -> tuple[str, tuple[int, ...]]:
    """The clean copy of text[start:end] and, for each of its characters, its offset in text."""
    part = text[start:end]
    if "*" not in part and "\r" not in part and "\n" not in part:  # most sentences: only the width changes
        return part.translate(_FULLWIDTH), tuple(range(start, end))
    chars: list[str] = []
    offsets: list[int] = []
    i = start
    while i < end:
        ch = text[i]
        if ch == "*" and i + 1 < end and text[i + 1] == "*":
            i += 2
            continue
        if ch in "\r\n":
            i += 1
            continue
        chars.append(chr(_FULLWIDTH.get(ord(ch), ord(ch))))
        offsets.append(i)
        i += 1
    return "".join(chars), tuple(offsets)


def _sentence_bounds(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    cursor = start
    for i in range(start, end):
        if text[i] in _SENTENCE_END:
            s, e = _strip(text, cursor, i + 1)
            if e > s:
                yield s, e
            cursor = i + 1
    s, e = _strip(text, cursor, end)
    if e > s:
        yield s, e


def parse(report: Report) -> Document:
    """Lay out a report: blocks, sections (a tree by heading level), sentences and bold spans."""
    text = report.text
    sections = [Section(0, report.title, 0, None, 0, len(text))]
    blocks: list[Block] = []
    sentences: list[Sentence] = []
    structural: list[int] = [0]  # sections opened by numbered or Markdown headings: the real outline
    for kind, start, end, level, cells in _raw_blocks(text):
        if kind == "heading":
            line = _unbold(text[start:end])
            line_start = text.rfind("\n", 0, start) + 1
            is_structural = bool(_NUMBERED_HEADING.match(line) or _MD_HEADING.match(text[line_start:end]))
            if is_structural:
                while len(structural) > 1 and sections[structural[-1]].level >= level:
                    structural.pop()
            # An unnumbered heading hangs under the last numbered one; unnumbered headings are siblings.
            parent = structural[-1]
            sections[-1].end = start
            # Stacked (仪器/共享/服务) or spaced-out (仪器 共享 服务) headings: Chinese puts no space between words.
            title = _HAN_GAP.sub("", line)
            sections.append(Section(len(sections), title, level, parent, start, len(text)))
            if is_structural:
                structural.append(len(sections) - 1)
        block = Block(len(blocks), kind, start, end, len(sections) - 1, level, cells)
        if kind == "heading":
            sections[-1].heading = block
        blocks.append(block)
        spans = cells if kind == "row" else tuple(_sentence_bounds(text, start, end))
        for s, e in spans:
            clean, offsets = _clean(text, s, e)
            if clean.strip():
                sentences.append(Sentence(len(sentences), s, e, block.index, block.section, clean, offsets))
    bold = [(m.start(), m.end()) for m in re.finditer(r"\*\*(?!\s)(.+?)(?<!\s)\*\*", text)]
    return Document(report, blocks, sections, sentences, bold)
