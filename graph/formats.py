"""Writing query results for people and programs: a terminal table, CSV, TSV or JSON."""

from __future__ import annotations

import csv
import io
import json

from .query import Result

FORMATS = ("table", "csv", "tsv", "json")


def render(result: Result, fmt: str = "table", console=None) -> str | None:
    """Return the result as text in `fmt`; for "table", print it to `console` (a rich Console) and return None."""
    if result.kind == "ask":
        return json.dumps({"boolean": result.boolean}) if fmt == "json" else ("yes" if result.boolean else "no")
    if result.kind == "graph":
        return "\n".join(f"{t.subject} {t.predicate} {t.object} ." for t in result.triples)
    rows = result.values()
    if fmt == "json":
        return json.dumps([dict(zip(result.columns, r, strict=True)) for r in rows], ensure_ascii=False, indent=2)
    if fmt in ("csv", "tsv"):
        out = io.StringIO()
        writer = csv.writer(out, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(result.columns)
        writer.writerows(rows)
        return out.getvalue().rstrip("\n")
    from rich.console import Console  # only tables need rich: CSV and JSON output start faster without it
    from rich.table import Table

    table = Table(show_lines=False, header_style="bold")
    for column in result.columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(_short(v) for v in row))
    (console or Console()).print(table)
    if not rows:
        (console or Console()).print("(no rows)")
    return None


def _short(value: str) -> str:
    """IRIs of this project print as their last segment in tables; other values as they are."""
    if value.startswith("https://w3id.org/shanghai-innovation-kg/"):
        return value.rsplit("/", 1)[-1].rsplit("#", 1)[-1]
    return value
