"""Text files: bytes → str in any common Chinese encoding, chosen by content.

A byte-order mark decides first (UTF-8, UTF-16, UTF-32). Then strict UTF-8, which almost never decodes text in
another encoding. Anything else goes to charset-normalizer, limited to the Chinese encodings (GB18030, which covers
GB2312 and GBK, and Big5 with its Hong Kong extension), which scores each candidate by how plausible its characters
are as language; a result holding control characters is a wrong guess.
"""

from __future__ import annotations

import codecs
import re

from ..errors import ReportError

_BOMS = [(codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")]
_CHINESE = ["gb18030", "big5", "big5hkscs"]
# Characters that never appear in a text report; a decode that yields them is a wrong guess.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def decode(data: bytes, name: str) -> tuple[str, str]:
    """The text and the name of its encoding; raises ReportError naming the file when no encoding fits."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _nonempty(data.decode(encoding), name), encoding
            except UnicodeDecodeError:
                break
    if b"\x00" in data:
        raise ReportError(f"{name}: this is a binary file, not a text report (UTF-8 or GB18030 expected).")
    try:
        # Valid UTF-8 is the file's encoding; stray form feeds from PDF conversion do not make it binary.
        return _nonempty(data.decode("utf-8"), name), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=_CHINESE).best()
    if best is not None:
        text = str(best)
        if not _CONTROL.search(text):
            return _nonempty(text, name), _label(best.encoding)
    raise ReportError(f"{name}: cannot decode the file as UTF-8, GB18030 or Big5; save it as UTF-8 and load it again.")


def _label(encoding: str) -> str:
    return {"big5hkscs": "big5-hkscs"}.get(encoding, encoding.replace("_", "-"))


def _nonempty(text: str, name: str) -> str:
    if not text.strip():
        raise ReportError(f"{name}: the file is empty.")
    return text
