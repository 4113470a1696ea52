"""Reading a report file: bytes → decoded text with a stable document id.

Offsets everywhere else are Python string indices into `Report.text`, the decoded text exactly as it is in the
file (a UTF-8 byte-order mark is dropped; line endings are kept).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .errors import ReportError

BUNDLED_NAME = "shanghai-st-progress-report-2020-excerpt.md"

# Characters that never appear in a text report; a decode that yields them is a wrong guess.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
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


def bundled_report_path() -> Path:
    """The path of the 2020 Shanghai S&T progress report excerpt shipped inside the package."""
    return Path(str(resources.files("graph") / "data" / BUNDLED_NAME))


def doc_id_for(path: Path) -> str:
    """A readable, IRI-safe id from the file name: lower case, runs of other characters become '-'."""
    stem = unicodedata.normalize("NFKC", path.stem).lower()
    slug = re.sub(r"[^0-9a-z\u4e00-\u9fff]+", "-", stem).strip("-")
    return slug or "report"


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Decode UTF-8 (with or without BOM) or GB18030/GBK; anything else raises ReportError naming the file."""
    if not data.strip():
        raise ReportError(f"{name}: the file is empty.")
    if b"\x00" in data:
        raise ReportError(f"{name}: this is a binary file, not a text report (UTF-8 or GB18030 expected).")
    try:
        text = data.decode("utf-8-sig")
        if not text.strip():
            raise ReportError(f"{name}: the file is empty.")
        # Valid UTF-8 is the file's encoding; stray form feeds from PDF conversion do not make it binary.
        return text, "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = ""
    # GB18030 decodes many byte strings; control characters show the guess was wrong.
    if text and not _CONTROL.search(text.replace("\f", "").replace("\v", "")):
        return text, "gb18030"
    raise ReportError(f"{name}: cannot decode the file as UTF-8 or GB18030; save it as UTF-8 and load it again.")


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
    text, encoding = decode(data, str(path))
    if not _CJK.search(text):
        raise ReportError(f"{path}: holds no Chinese text; is this a report of the right kind?")
    return Report(
        doc_id=doc_id_for(path),
        path=path,
        text=text,
        encoding=encoding,
        sha256=hashlib.sha256(data).hexdigest(),
        year=_guess_year(text, path),
        title=_guess_title(text, path),
    )
