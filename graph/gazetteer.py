"""The curated gazetteer (`data/gazetteer.tsv`): well-known names, their English labels and short forms."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
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


def normalize_name(name: str) -> str:
    """The comparison key of a name: NFKC (full-width brackets → half), no quotes or spaces, Latin lower-cased."""
    name = unicodedata.normalize("NFKC", name)
    name = re.sub(r"[\s“”\"'‘’「」『』]", "", name)
    return name.lower()


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
