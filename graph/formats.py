"""Writing query results for people and programs.

For people: a terminal `table`, and `csv`, `tsv`, `json` of plain values (IRIs and literal values as text).
For programs, the W3C formats, with every term's kind, language and datatype kept:

    sparql-json  sparql-xml  sparql-csv  sparql-tsv     SELECT and ASK answers (SPARQL 1.1 Query Results)
    turtle  ntriples  jsonld  rdfxml                    CONSTRUCT and DESCRIBE answers

`serialize` writes any of them as bytes; the endpoint uses it with the media types in `MEDIA_TYPES`.
"""

from __future__ import annotations

import csv
import io
import json
from html import escape

import pyoxigraph as ox

from .errors import QueryError
from .namespaces import PREFIXES
from .query import Result, term_text

PLAIN = ("table", "csv", "tsv", "json")
TABULAR = ("sparql-json", "sparql-xml", "sparql-csv", "sparql-tsv")
GRAPH = ("turtle", "ntriples", "jsonld", "rdfxml")
FORMATS = PLAIN + TABULAR + GRAPH

MEDIA_TYPES = {
    "sparql-json": "application/sparql-results+json",
    "sparql-xml": "application/sparql-results+xml",
    "sparql-csv": "text/csv",
    "sparql-tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
    "json": "application/json",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
_RDF_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD,
                "rdfxml": ox.RdfFormat.RDF_XML}
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def serialize(result: Result, fmt: str) -> bytes:
    """The result in `fmt` (any of FORMATS but "table"). A graph answer asked for in a tabular format comes as
    Turtle (or N-Triples for the plain ones); a table asked for in an RDF format is an error."""
    if result.kind == "graph":
        fmt = fmt if fmt in GRAPH else "turtle" if fmt.startswith("sparql") or fmt == "json" else "ntriples"
        prefixes = PREFIXES if fmt in ("turtle", "jsonld", "rdfxml") else None
        return ox.serialize(result.triples, format=_RDF_FORMATS[fmt], prefixes=prefixes)
    if fmt in GRAPH:
        raise QueryError(f"A {result.kind.upper()} answer cannot be written as {fmt}; choose one of "
                         f"{', '.join(PLAIN[1:] + TABULAR)}.")
    writer = {"sparql-json": _sparql_json, "sparql-xml": _sparql_xml, "sparql-csv": _sparql_csv,
              "sparql-tsv": _sparql_tsv}.get(fmt, _plain)
    return writer(result, fmt).encode("utf-8")


def render(result: Result, fmt: str = "table", console=None) -> str | None:
    """Return the result as text in `fmt`; for "table", print it to `console` (a rich Console) and return None."""
    if fmt != "table" or result.kind != "select":
        if result.kind == "ask" and fmt == "table":
            return "yes" if result.boolean else "no"
        return serialize(result, "ntriples" if result.kind == "graph" and fmt == "table" else fmt).decode("utf-8")
    from rich.console import Console  # only tables need rich: CSV and JSON output start faster without it
    from rich.table import Table

    table = Table(show_lines=False, header_style="bold")
    for column in result.columns:
        table.add_column(column, overflow="fold")
    for row in result.values():
        table.add_row(*(_short(v) for v in row))
    (console or Console()).print(table)
    if not result.rows:
        (console or Console()).print("(no rows)")
    return None


# -- plain values ----------------------------------------------------------------------------------------------
def _plain(result: Result, fmt: str) -> str:
    if result.kind == "ask":
        return json.dumps({"boolean": result.boolean}) if fmt == "json" else ("true" if result.boolean else "false")
    if fmt == "json":
        return json.dumps(result.records(), ensure_ascii=False, indent=2)
    out = io.StringIO()
    writer = csv.writer(out, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
    writer.writerow(result.columns)
    writer.writerows(result.values())
    return out.getvalue().rstrip("\n")


def _short(value: str) -> str:
    """IRIs of this project print as their last segment in tables; other values as they are."""
    if value.startswith("https://w3id.org/shanghai-innovation-kg/"):
        return value.rsplit("/", 1)[-1].rsplit("#", 1)[-1]
    return value


# -- SPARQL 1.1 Query Results: JSON, XML, CSV, TSV --------------------------------------------------------------
def _json_term(term) -> dict[str, str]:
    if isinstance(term, str):  # rows a command made itself (kg series, kg check): plain literals
        return {"type": "literal", "value": term}
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != _XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": {k: _json_term(getattr(term, k)) for k in ("subject", "predicate", "object")}}


def _sparql_json(result: Result, _fmt: str) -> str:
    if result.kind == "ask":
        return json.dumps({"head": {}, "boolean": result.boolean})
    bindings = [{c: _json_term(t) for c, t in zip(result.columns, row, strict=True) if t is not None}
                for row in result.rows]
    return json.dumps({"head": {"vars": result.columns}, "results": {"bindings": bindings}}, ensure_ascii=False)


def _attribute(value: str) -> str:
    """An XML attribute value in double quotes. (xml.sax.saxutils would do, but it imports urllib.request, and
    every `kg` command would pay for that.)"""
    return f'"{escape(value)}"'


def _xml_term(term) -> str:
    if isinstance(term, str):
        return f"<literal>{escape(term, quote=False)}</literal>"
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value, quote=False)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value, quote=False)}</bnode>"
    if term.language:
        return f"<literal xml:lang={_attribute(term.language)}>{escape(term.value, quote=False)}</literal>"
    if term.datatype.value != _XSD_STRING:
        return f"<literal datatype={_attribute(term.datatype.value)}>{escape(term.value, quote=False)}</literal>"
    return f"<literal>{escape(term.value, quote=False)}</literal>"


def _sparql_xml(result: Result, _fmt: str) -> str:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">']
    if result.kind == "ask":
        lines += ["<head/>", f"<boolean>{'true' if result.boolean else 'false'}</boolean>", "</sparql>"]
        return "\n".join(lines)
    lines.append("<head>" + "".join(f"<variable name={_attribute(c)}/>" for c in result.columns) + "</head>")
    lines.append("<results>")
    for row in result.rows:
        cells = "".join(f"<binding name={_attribute(c)}>{_xml_term(t)}</binding>"
                        for c, t in zip(result.columns, row, strict=True) if t is not None)
        lines.append(f"<result>{cells}</result>")
    lines += ["</results>", "</sparql>"]
    return "\n".join(lines)


def _sparql_csv(result: Result, _fmt: str) -> str:
    """Values only, blank nodes as _:b, CRLF line ends (RFC 4180), as the CSV results format says."""
    if result.kind == "ask":
        return "_askResult\r\n" + ("true" if result.boolean else "false") + "\r\n"
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(result.columns)
    writer.writerows([["" if t is None else f"_:{t.value}" if isinstance(t, ox.BlankNode) else term_text(t)
                       for t in row] for row in result.rows])
    return out.getvalue()


def _sparql_tsv(result: Result, _fmt: str) -> str:
    """Terms in their SPARQL/Turtle syntax, variables with '?', as the TSV results format says."""
    if result.kind == "ask":
        return "?_askResult\n" + ("true" if result.boolean else "false") + "\n"
    lines = ["\t".join(f"?{c}" for c in result.columns)]
    lines += ["\t".join("" if t is None else _tsv_term(t) for t in row) for row in result.rows]
    return "\n".join(lines) + "\n"


def _tsv_term(term) -> str:
    text = str(ox.Literal(term) if isinstance(term, str) else term)
    if isinstance(term, ox.Literal) and term.datatype.value == _XSD_STRING and not term.language:
        text = text.removesuffix(f"^^<{_XSD_STRING}>")
    return text.replace("\t", "\\t")
