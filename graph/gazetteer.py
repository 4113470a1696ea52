"""The curated gazetteer (`data/gazetteer.tsv`): well-known names, their English labels and short forms; and
China's administrative divisions (`data/divisions.tsv`), a place lexicon."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources


@dataclass(frozen=True)
class Entry:
    id: str
    cls: str
    label_zh: str
    label_en: str
    aliases: tuple[str, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return (self.label_zh, *self.aliases)


_QUOTES_AND_SPACES = re.compile(r"[\s“”\"'‘’「」『』]")


@lru_cache(maxsize=1 << 16)
def normalize_name(name: str) -> str:
    """The comparison key of a name: NFKC (full-width brackets → half), no quotes or spaces, Latin lower-cased."""
    return _QUOTES_AND_SPACES.sub("", unicodedata.normalize("NFKC", name)).lower()


@cache
def entries() -> tuple[Entry, ...]:
    text = (resources.files("graph") / "data" / "gazetteer.tsv").read_text(encoding="utf-8")
    rows = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        parts += [""] * (5 - len(parts))
        id_, cls, zh, en, aliases = parts[:5]
        rows.append(Entry(id_, cls, zh, en, tuple(a for a in aliases.split("|") if a)))
    return tuple(rows)


@cache
def by_name() -> dict[str, Entry]:
    """Normalized label or alias → entry."""
    index: dict[str, Entry] = {}
    for entry in entries():
        for name in entry.names:
            index.setdefault(normalize_name(name), entry)
    return index


def lookup(name: str) -> Entry | None:
    return by_name().get(normalize_name(name))


@dataclass(frozen=True)
class Division:
    """One of China's administrative divisions (data/divisions.tsv): its full name, level and parent."""

    name: str
    level: str  # province | city (the four municipalities) | prefecture | county
    parent: str


# The shortest name of two or more characters, then the level (with the peoples of an autonomous one: 壮族自治区).
_DIVISION_SPLIT = re.compile(r"(?P<short>.{2,}?)(?:(?:[\u4e00-\u9fff]{1,4}?族|维吾尔)*(?:自治区|自治州|自治县|自治旗)"
                             r"|特别行政区|地区|省|市|盟|县|区|旗)")


@cache
def divisions() -> dict[str, Division]:
    """Division names as reports write them → the division: full names (合肥市, 洞头区) and the short forms
    (合肥, 广西, 湘西, 常熟) left when the level word is dropped and two or more characters remain. Many
    county short forms are also plain words (和平, 朝阳); callers decide by context which forms they trust."""
    text = (resources.files("graph") / "data" / "divisions.tsv").read_text(encoding="utf-8")
    index: dict[str, Division] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, level, parent = [*line.split("\t"), "", ""][:3]
        division = Division(name, level, parent)
        index.setdefault(name, division)
        short = divisions_short(name)
        if short != name:
            # A province or prefecture keeps its short form over a county's (吉林 is the province).
            if short not in index or (index[short].level == "county" and level != "county"):
                index[short] = division
    return index


def divisions_short(name: str) -> str:
    """A division's name as people say it, without its level (贵州省 → 贵州, 广西壮族自治区 → 广西)."""
    split = _DIVISION_SPLIT.fullmatch(name)
    return split.group("short") if split else name
