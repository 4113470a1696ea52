"""Queries: the one place SPARQL runs. The CLI, the endpoint, the notebooks and the views all call `run`.

Named queries are the `.rq` files of the `queries/` folder; each starts with comment lines
`# title:`, `# title_zh:` and `# description:`, which `kg queries` lists.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .errors import QueryError
from .namespaces import SPARQL_PREFIXES
from .store import Store


@dataclass
class Result:
    """A query's answer: a table for SELECT, a boolean for ASK, triples for CONSTRUCT/DESCRIBE."""

    kind: str  # "select" | "ask" | "graph"
    columns: list[str] = field(default_factory=list)
    rows: list[list[ox.NamedNode | ox.Literal | ox.BlankNode | None]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[ox.Triple] = field(default_factory=list)

    def values(self) -> list[list[str]]:
        """Rows as plain strings (IRIs and literal values; '' for unbound)."""
        return [[term_text(t) for t in row] for row in self.rows]

    def records(self) -> list[dict[str, str]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.values()]


def term_text(term) -> str:
    if term is None:
        return ""
    return term.value if hasattr(term, "value") else str(term)


@dataclass(frozen=True)
class NamedQuery:
    name: str
    path: Path
    title: str
    title_zh: str
    description: str

    @functools.cached_property
    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")


def queries_dir() -> Path:
    here = Path(__file__).resolve().parent
    for candidate in (here / "_resources" / "queries", here.parent / "queries"):
        if candidate.is_dir():
            return candidate
    raise QueryError("The queries folder is missing from this installation; reinstall the package.")


@functools.cache
def named_queries() -> dict[str, NamedQuery]:
    found = {}
    for path in sorted(queries_dir().glob("*.rq")):
        header = dict(re.findall(r"^#\s*(\w+):\s*(.+)$", path.read_text(encoding="utf-8"), flags=re.M))
        found[path.stem] = NamedQuery(path.stem, path, header.get("title", path.stem), header.get("title_zh", ""),
                                      header.get("description", ""))
    return found


def resolve(text: str) -> str:
    """A named query, a path to a .rq file, or SPARQL text → SPARQL text (the project's prefixes are
    predeclared by the store; `with_prefixes` writes them out for other engines)."""
    text = text.strip()
    queries = named_queries()
    if text in queries:
        sparql = queries[text].text
    elif text.endswith((".rq", ".sparql")) and "\n" not in text and not re.search(r"\bSELECT\b|\bASK\b", text, re.I):
        path = Path(text)
        if not path.is_file():
            raise QueryError(f"{text}: no such query file.")
        sparql = path.read_text(encoding="utf-8")
    elif re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", text, re.I):
        sparql = text
    else:
        names = ", ".join(sorted(queries))
        raise QueryError(f"'{text}' is not a named query, a .rq file or SPARQL text. Named queries: {names}.")
    return sparql


def with_prefixes(sparql: str) -> str:
    """Add the project's PREFIX lines unless the query declares its own prefixes already."""
    declared = set(re.findall(r"PREFIX\s+(\w*):", sparql, re.I))
    extra = "".join(line + "\n" for line in SPARQL_PREFIXES.splitlines() if line.split()[1][:-1] not in declared)
    return extra + sparql


def bind(sparql: str, bindings: dict[str, str]) -> str:
    """Substitute each bound variable by its value as an RDF term, everywhere in the query (as Jena's
    ParameterizedSparqlString does), so a parameter reaches subqueries and UNION branches alike and the engine
    sees a constant it can look up. A parameter named `iri` or `…_iri` is an IRI, any other a string literal.
    Optional parameters are written `COALESCE(?p, "") = ""` for "not given"."""
    for name, value in bindings.items():
        if not re.fullmatch(r"[A-Za-z_]\w*", name):
            raise QueryError(f"{name!r} is not a variable name.")
        term = _iri(name, value) if name == "iri" or name.endswith("_iri") else _literal(value)
        sparql = re.sub(rf"[?$]{name}(?!\w)", lambda _, t=term: t, sparql)
    return sparql


def _iri(name: str, value: str) -> str:
    value = value.strip().removeprefix("<").removesuffix(">")
    if not re.fullmatch(r"[A-Za-z][\w+.-]*:[^\s<>\"{}|^`\\]+", value):
        raise QueryError(f"{name}={value!r} is not an IRI.")
    return f"<{value}>"


def _literal(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


def run(store: Store, query: str, bindings: dict[str, str] | None = None) -> Result:
    """Run a named query, a .rq file or SPARQL text. `bindings` bind variables to RDF terms (see `bind`)."""
    answer = store.query(bind(resolve(query), bindings or {}))
    if isinstance(answer, ox.QueryBoolean):
        return Result("ask", boolean=bool(answer))
    if isinstance(answer, ox.QuerySolutions):
        columns = [v.value for v in answer.variables]
        rows = [[solution[c] for c in columns] for solution in answer]
        return Result("select", columns=columns, rows=rows)
    return Result("graph", triples=list(answer))
