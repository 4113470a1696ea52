"""A report: a file's text (see `read/`) with a stable document id, its year, title and pages.

Offsets everywhere else are Python string indices into `Report.text`: for a text or Markdown file the decoded text
exactly as it is in the file (a byte-order mark is dropped; line endings are kept), for a PDF, web page or Word
document the text its reader made of it.
"""

from __future__ import annotations

import bisect
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .errors import ReportError
from .read import MARKDOWN, read_bytes

BUNDLED_NAME = "shanghai-st-progress-report-2020-excerpt.md"

_CJK = re.compile(r"[\u4e00-\u9fff]")
_YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20[0-9]\d)(?!\d)")


@dataclass(frozen=True)
class Report:
    """One decoded report. `doc_id` is derived from the file name, so re-loading the same file replaces it."""

    doc_id: str
    path: Path
    text: str
    encoding: str
    sha256: str
    year: int | None
    title: str
    media_type: str = MARKDOWN
    pages: tuple[int, ...] = ()  # offset at which each page starts (PDF); empty for formats without pages
    place: str = ""  # the province or city the report speaks for, as the person loading it says (kg load --place)

    def page_at(self, offset: int) -> int | None:
        """The 1-based page that holds `offset`, or None when the format has no pages."""
        return bisect.bisect_right(self.pages, offset) if self.pages else None


def bundled_report_path() -> Path:
    """The path of the 2020 Shanghai S&T progress report excerpt shipped inside the package."""
    return Path(str(resources.files("graph") / "data" / BUNDLED_NAME))


def doc_id_for(path: Path) -> str:
    """A readable, IRI-safe id from the file name: lower case, runs of other characters become '-'."""
    stem = unicodedata.normalize("NFKC", path.stem).lower()
    slug = re.sub(r"[^0-9a-z\u4e00-\u9fff]+", "-", stem).strip("-")
    return slug or "report"


def _guess_year(text: str, path: Path) -> int | None:
    """The report year: a year in the file name, else the most frequent year in the text (ties: the latest)."""
    match = _YEAR.search(path.stem)
    if match:
        return int(match.group(1))
    years = _YEAR.findall(text)
    if not years:
        return None
    return int(max(sorted(set(years)), key=years.count))


def _guess_title(text: str, path: Path) -> str:
    """A Markdown title (`# …`) on the first non-blank line, else the file name."""
    for line in text.splitlines():
        if line.strip():
            if line.startswith("# "):
                return line[2:].strip()[:120]
            break
    return path.stem


def read_report(path: str | Path) -> Report:
    """Read and decode one report file; raises ReportError with a one-line reason naming the file."""
    path = Path(path)
    if not path.exists():
        raise ReportError(f"{path}: no such file.")
    if path.is_dir():
        raise ReportError(f"{path}: is a folder, not a report file.")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReportError(f"{path}: cannot be read ({exc.strerror}).") from None
    read = read_bytes(data, str(path))
    text = read.text
    if not _CJK.search(text):
        raise ReportError(f"{path}: holds no Chinese text; is this a report of the right kind?")
    return Report(
        doc_id=doc_id_for(path),
        path=path,
        text=text,
        encoding=read.encoding,
        sha256=hashlib.sha256(data).hexdigest(),
        year=_guess_year(text, path),
        title=_guess_title(text, path),
        media_type=read.media_type,
        pages=read.pages,
    )
