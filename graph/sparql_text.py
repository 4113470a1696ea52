"""Reading SPARQL text for its keywords without parsing it: strings, IRIs, comments and variables blanked first,
so a word inside a literal, a name, a comment or a variable (?service, ?from) does not count."""

from __future__ import annotations

import re

_BLANKS = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
                     r"|<[^<>\s]*>|#[^\n]*|[?$]\w+")


def keywords(sparql: str) -> str:
    """The query with its strings, IRIs, comments and variables replaced by spaces."""
    return _BLANKS.sub(" ", sparql)


def has_keyword(sparql: str, word: str) -> bool:
    return re.search(rf"\b{word}\b", keywords(sparql), re.I) is not None


def query_form(sparql: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first of them the query's text uses (SELECT if none)."""
    found = re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", keywords(sparql), re.I)
    return found.group(1).upper() if found else "SELECT"
