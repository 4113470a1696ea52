"""Queries: the one place SPARQL runs. The CLI, the endpoint, the notebooks and the views all call `run`.

Named queries are the `.rq` files of the `queries/` folder. Each starts with a header of comment lines, which
`kg queries` lists:

    # title: Programmes and their headline figures
    # title_zh: 各计划的主要数字
    # description: what the query answers, in a sentence or two
    # param: program_name = 创新券 | a programme's name or part of it ("" for every programme)

A parameter is a variable of the query. `run` binds each one, to the value given or else to its default, before
the engine sees the query (see `bind`).
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Sequence
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
    # A row is a sequence of terms in the columns' order, None where unbound: the engine's own solution objects,
    # which turn a value into a Python term only when it is read (so a large answer costs what the engine's
    # does), or a list of plain strings for rows a command made itself (kg series, kg check).
    rows: list[Sequence[ox.NamedNode | ox.Literal | ox.BlankNode | str | None]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[ox.Triple] = field(default_factory=list)
    truncated: bool = False  # rows or triples beyond a cap were left out (see `from_answer`)

    def values(self) -> list[list[str]]:
        """Rows as plain strings (IRIs and literal values; '' for unbound)."""
        return [[term_text(t) for t in row] for row in self.rows]

    def records(self) -> list[dict[str, str]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.values()]

    def __len__(self) -> int:
        return len(self.rows) if self.kind == "select" else len(self.triples)

    def __iter__(self):
        """Rows as dicts of plain values (SELECT), or triples (CONSTRUCT, DESCRIBE)."""
        return iter(self.records() if self.kind == "select" else self.triples)

    def to_dataframe(self):
        """The rows as a pandas DataFrame: numbers as numbers, other terms as text, unbound as missing. pandas
        is an optional extra (`pip install 'shanghai-innovation-kg[pandas]'`), imported only here."""
        try:
            import pandas as pd
        except ImportError:
            raise QueryError("to_dataframe needs pandas: pip install 'shanghai-innovation-kg[pandas]'.") from None
        if self.kind == "graph":
            return pd.DataFrame([[t.subject.value, t.predicate.value, term_text(t.object)] for t in self.triples],
                                columns=["subject", "predicate", "object"])
        if self.kind == "ask":
            return pd.DataFrame({"boolean": [self.boolean]})
        return pd.DataFrame([[_python(t) for t in row] for row in self.rows], columns=self.columns)


def term_text(term) -> str:
    if term is None:
        return ""
    return term.value if hasattr(term, "value") else str(term)


_NUMERIC = {f"http://www.w3.org/2001/XMLSchema#{t}": int for t in ("integer", "int", "long", "nonNegativeInteger")}
_NUMERIC |= {f"http://www.w3.org/2001/XMLSchema#{t}": float for t in ("decimal", "double", "float")}


def _python(term):
    """A term as a Python value for tables: numbers as int or float, everything else as its text."""
    if isinstance(term, ox.Literal) and term.datatype.value in _NUMERIC:
        try:
            return _NUMERIC[term.datatype.value](term.value)
        except ValueError:
            return term.value
    return None if term is None else term_text(term)


@dataclass(frozen=True)
class Param:
    name: str
    default: str
    description: str


@dataclass(frozen=True)
class NamedQuery:
    name: str
    path: Path
    title: str
    title_zh: str
    description: str
    params: tuple[Param, ...] = ()

    def bindings(self, given: dict[str, str]) -> dict[str, str]:
        """The defaults overridden by `given`; a name the query does not declare is an error."""
        declared = {p.name: p.default for p in self.params}
        unknown = sorted(set(given) - set(declared))
        if unknown:
            listed = ", ".join(declared) or "none"
            raise QueryError(f"{self.name} has no parameter {', '.join(unknown)}; its parameters: {listed}.")
        return declared | given

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
        text = path.read_text(encoding="utf-8")
        header = dict(re.findall(r"^#\s*(title|title_zh|description):\s*(.+)$", text, flags=re.M))
        params = tuple(Param(name, default.strip(), description.strip()) for name, default, description
                       in re.findall(r"^#\s*param:\s*(\w+)\s*=([^|\n]*)\|(.*)$", text, flags=re.M))
        found[path.stem] = NamedQuery(path.stem, path, header.get("title", path.stem), header.get("title_zh", ""),
                                      header.get("description", ""), params)
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
    sees a constant it can look up.

    A value is written as an RDF term: `<…>` is an IRI, `"…"@zh` or `"…"^^xsd:…` a literal as written, a number a
    number; otherwise a parameter named `iri` or `…_iri` takes it as an IRI and any other as a string literal.
    An empty IRI leaves the variable unbound; queries test an empty string for "not given"."""
    for name, value in bindings.items():
        if not re.fullmatch(r"[A-Za-z_]\w*", name):
            raise QueryError(f"{name!r} is not a variable name.")
        term = _term(name, value)
        if term is not None:
            sparql = re.sub(rf"[?$]{name}(?!\w)", lambda _, t=term: t, sparql)
    return sparql


_TYPED = re.compile(r'"(?:[^"\\\n]|\\.)*"(?:@[A-Za-z]+(?:-[A-Za-z0-9]+)*|\^\^(?:<[^<>\s]+>|\w+:\w+))')


def _term(name: str, value: str) -> str | None:
    if value.startswith("<") and value.endswith(">"):
        return _iri(name, value)
    if _TYPED.fullmatch(value) or re.fullmatch(r"[+-]?\d+(\.\d+)?", value):
        return value
    if name == "iri" or name.endswith("_iri"):
        return _iri(name, value) if value.strip() else None
    return _literal(value)


def _iri(name: str, value: str) -> str:
    value = value.strip().removeprefix("<").removesuffix(">")
    if not re.fullmatch(r"[A-Za-z][\w+.-]*:[^\s<>\"{}|^`\\]+", value):
        raise QueryError(f"{name}={value!r} is not an IRI.")
    return f"<{value}>"


def _literal(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


def prepare(query: str, bindings: dict[str, str] | None = None) -> str:
    """The SPARQL text to run: the query resolved (see `resolve`) with its parameters bound (see `bind`); a named
    query's declared parameters take their defaults when not given."""
    bindings = bindings or {}
    if query.strip() in named_queries():
        bindings = named_queries()[query.strip()].bindings(bindings)
    return bind(resolve(query), bindings)


def from_answer(answer, limit: int | None = None) -> Result:
    """A pyoxigraph answer (solutions, boolean or triples) → Result; with `limit`, at most that many rows or
    triples are read (the engine stops there) and `truncated` says whether there were more."""
    if isinstance(answer, ox.QueryBoolean):
        return Result("ask", boolean=bool(answer))
    wanted = None if limit is None else limit + 1
    if isinstance(answer, ox.QuerySolutions):
        columns = [v.value for v in answer.variables]
        rows = list(itertools.islice(answer, wanted))
        return Result("select", columns=columns, rows=rows[:limit], truncated=limit is not None and len(rows) > limit)
    triples = list(itertools.islice(answer, wanted))
    return Result("graph", triples=triples[:limit], truncated=limit is not None and len(triples) > limit)


def run(store: Store, query: str, bindings: dict[str, str] | None = None) -> Result:
    """Run a named query, a .rq file or SPARQL text. `bindings` bind variables to RDF terms (see `bind`); a named
    query's declared parameters take their defaults when not given."""
    return from_answer(store.query(prepare(query, bindings)))
