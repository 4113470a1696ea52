"""The `kg` command: a thin shell over the library. Every command opens the store, calls one library function
and prints; library errors become one-line messages and exit codes (see errors.py)."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import asdict
from pathlib import Path

import click

from . import formats
from .errors import KGError, QueryError, ReportError
from .query import named_queries, run
from .store import STORE_ENV, Store, default_store_path

# Commands import what only they need (extractors, SHACL, rdflib) inside, so `kg query` starts fast.
_EXPORT_FORMATS = {"ttl": "TURTLE", "nt": "N_TRIPLES", "nq": "N_QUADS", "trig": "TRIG", "jsonld": "JSON_LD"}

_REPORT_SUFFIXES = (".md", ".txt", ".pdf", ".html", ".htm", ".docx")

# The questions `kg build` answers after loading: (heading, named query, bindings).
SAMPLE_QUESTIONS = [
    ("Which universities run science parks, and which are national ones? 哪些高校运营大学科技园？",
     "universities-and-science-parks", {}),
    ("What did the innovation-voucher scheme pay out, and to how many firms? 科技创新券发放情况",
     "program-payouts", {"program_name": "创新券"}),
    ("Who is building what in the Zero Bay (大零号湾) cluster? 谁在大零号湾建设什么？",
     "who-builds-what", {"place_name": "零号湾"}),
    ("How is Medtronic connected to Shanghai Jiao Tong University? 美敦力与上海交通大学有何关联？",
     "connections", {"from_name": "Medtronic", "to_name": "上海交通大学"}),
]


class _Group(click.Group):
    """Turns the library's errors into `error: …` on standard error and the error's exit code."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KGError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(exc.exit_code)
        except BrokenPipeError:
            # `kg metrics | head`: the reader left; stop quietly, as other command-line tools do.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(0)
        except OSError as exc:
            click.echo(f"error: {exc.filename or ''}: {exc.strerror or exc}".lstrip(": "), err=True)
            sys.exit(1)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--store", "store_path", type=click.Path(path_type=Path), envvar=STORE_ENV, default=None,
              help=f"Store folder (default: ${STORE_ENV} or ~/.local/share/shanghai-innovation-kg/store).")
@click.pass_context
def cli(ctx: click.Context, store_path: Path | None) -> None:
    """Shanghai innovation knowledge graph: turn Chinese S&T reports into a sourced RDF graph and query it.

    上海科技创新知识图谱：把科技进步报告变成可溯源、可查询的知识图谱。
    """
    ctx.obj = store_path or default_store_path()


def _reader(ctx: click.Context) -> Store:
    return Store(ctx.obj, read_only=True)


def _print(result, fmt: str) -> None:
    console = None
    if fmt == "table":
        from rich.console import Console

        console = Console(soft_wrap=False)
    text = formats.render(result, fmt, console)
    if text is not None:
        click.echo(text)


def _report_files(paths: tuple[Path, ...]) -> list[Path]:
    """The files to load: each path as given (any format: the content decides), the report files of a folder
    (sorted, by extension), or the bundled report."""
    from .report import bundled_report_path

    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix.lower() in _REPORT_SUFFIXES and p.is_file())
            if not found:
                raise ReportError(f"{path}: the folder holds no report ({', '.join(_REPORT_SUFFIXES)}).")
            files += found
        else:
            files.append(path)
    return files or [bundled_report_path()]


def _load(ctx: click.Context, paths: tuple[Path, ...], quiet: bool = False, place: str = "") -> None:
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeRemainingColumn,
    )

    from .loader import load_reports

    files = _report_files(paths)
    console = Console(stderr=True)
    if len(files) > 1 and not quiet and console.is_terminal:
        columns = (TextColumn("Reading reports"), BarColumn(), MofNCompleteColumn(), TaskProgressColumn(),
                   TextColumn("{task.fields[rate]} files/s"), TimeRemainingColumn())
        with Progress(*columns, console=console, transient=True) as progress:
            task = progress.add_task("load", total=len(files), rate="–")

            def advance() -> None:
                progress.advance(task)
                speed = progress.tasks[0].speed
                progress.update(task, rate=f"{speed:.1f}" if speed else "–")

            summaries = load_reports(Store(ctx.obj), files, on_progress=advance, place=place)
    else:
        summaries = load_reports(Store(ctx.obj), files, place=place)
    if len(summaries) <= 20:
        for s in summaries:
            click.echo(f"loaded {s.doc_id}: {s.triples} triples, {s.observations} observations, "
                       f"{s.entities} entities, {s.relations} relations ({s.path})")
    else:
        click.echo(f"loaded {len(summaries)} reports: {sum(s.triples for s in summaries)} triples, "
                   f"{sum(s.observations for s in summaries)} observations, "
                   f"{sum(s.relations for s in summaries)} relation statements")
    click.echo(f"store: {ctx.obj}")


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--place", default="", metavar="NAME",
              help="The province or city the reports speak for, where their text does not name it (a provincial "
                   "department's news item that says only 我省): e.g. 河南, 武汉.")
@click.pass_context
def load(ctx: click.Context, paths: tuple[Path, ...], place: str) -> None:
    """Load report files or folders of them into the store (no path: the bundled 2020 Shanghai report).

    A report already in the store (same file name) is replaced in one transaction. If any file cannot be read,
    nothing is written.
    """
    _load(ctx, paths, place=place)


@cli.command()
@click.argument("doc_ids", nargs=-1, required=True)
@click.pass_context
def remove(ctx: click.Context, doc_ids: tuple[str, ...]) -> None:
    """Remove reports by id (see `kg query reports`), with the entities and relations only they supported."""
    from .loader import remove_reports

    for doc_id in remove_reports(Store(ctx.obj), doc_ids):
        click.echo(f"removed {doc_id}")


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--views", "views_dir", type=click.Path(path_type=Path), default=Path("kg-views"), show_default=True,
              help="Folder for the HTML views (the whole graph, and the path of the sample question).")
@click.pass_context
def build(ctx: click.Context, paths: tuple[Path, ...], views_dir: Path) -> None:
    """The main job: load (no path: the bundled report), validate, answer the sample questions, write the views."""
    from . import analytics, views
    from .validation import validate

    _load(ctx, paths)
    verdict = validate(_reader(ctx))
    click.echo(f"SHACL validation: {'conforms' if verdict.conforms else 'DOES NOT CONFORM'} "
               f"({len(verdict.violations)} violations; {sum(verdict.checks.values())}/{len(verdict.checks)} "
               "integrity checks pass)")
    store = _reader(ctx)
    for heading, name, bindings in SAMPLE_QUESTIONS:
        click.echo(f"\n== {heading}")
        _print(run(store, name, bindings), "table")
    views_dir.mkdir(parents=True, exist_ok=True)
    g = analytics.project(store)
    written = [views.write_view(g, views_dir / "graph.html", title="上海科技创新知识图谱 · Shanghai innovation "
                                "knowledge graph").path]
    _, _, bindings = next(q for q in SAMPLE_QUESTIONS if q[1] == "connections")
    try:
        a, b = analytics.resolve(g, bindings["from_name"]), analytics.resolve(g, bindings["to_name"])
        found = analytics.paths(g, a, b, every=True)
        written.append(views.write_view(analytics.path_graph(g, found), views_dir / "connection.html",
                                        title=f"{_name(g, a)} ↔ {_name(g, b)}", highlight=[a, b]).path)
    except QueryError:
        pass  # other reports than the bundled one need not hold the sample question's entities
    click.echo(f"\nviews: {', '.join(str(p) for p in written)} (open in a browser; they work offline)")
    if not verdict.conforms:
        sys.exit(1)


def _bindings(params: tuple[str, ...]) -> dict[str, str]:
    bindings = {}
    for param in params:
        name, sep, value = param.partition("=")
        if not sep or not name:
            raise QueryError(f"--param {param!r}: write it as NAME=VALUE.")
        bindings[name.lstrip("?")] = value
    return bindings


@cli.command()
@click.argument("query")
@click.option("--format", "fmt", type=click.Choice(formats.FORMATS), default="table", show_default=True,
              help="table, csv, tsv, json: plain values; sparql-json|xml|csv|tsv: W3C results formats; turtle, "
                   "ntriples, jsonld, rdfxml: for CONSTRUCT and DESCRIBE.")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind a query parameter, e.g. --param place_name=零号湾; <…> binds an IRI (repeatable).")
@click.option("--endpoint", metavar="URL", help="Run the query on this remote SPARQL endpoint instead of the store.")
@click.option("--timeout", default=60.0, show_default=True, help="Seconds to wait for a remote endpoint.")
@click.pass_context
def query(ctx: click.Context, query: str, fmt: str, params: tuple[str, ...], endpoint: str | None,
          timeout: float) -> None:
    """Run a named query (see `kg queries`), a .rq file, or SPARQL text."""
    bindings = _bindings(params)
    if endpoint:
        from . import remote
        from .query import prepare

        _print(remote.query(endpoint, prepare(query, bindings), timeout=timeout), fmt)
    else:
        _print(run(_reader(ctx), query, bindings), fmt)


@cli.command()
@click.option("--endpoint", metavar="URL", required=True,
              help="The server's Graph Store Protocol URL (Oxigraph: …/store, Fuseki: …/DATASET/data), or its "
                   "SPARQL Update URL with --via update.")
@click.option("--via", type=click.Choice(["gsp", "update"]), default="gsp", show_default=True)
@click.option("--timeout", default=60.0, show_default=True, help="Seconds to wait for each request.")
@click.pass_context
def push(ctx: click.Context, endpoint: str, via: str, timeout: float) -> None:
    """Upload every graph of the store to a remote SPARQL server (each graph there is replaced)."""
    from . import remote

    sent = remote.push(_reader(ctx), endpoint, via=via, timeout=timeout)
    click.echo(f"pushed {len(sent)} graphs, {sum(sent.values())} triples to {endpoint}")


@cli.command()
@click.option("-v", "--verbose", is_flag=True, help="Also print what each query answers and its parameters.")
def queries(verbose: bool) -> None:
    """List the named queries: name, title (en / zh) and, with -v, description and parameters with defaults."""
    for q in named_queries().values():
        click.echo(f"{q.name:32} {q.title}" + (f" / {q.title_zh}" if q.title_zh else ""))
        if verbose:
            click.echo(f"    {q.description}")
            for p in q.params:
                click.echo(f"    --param {p.name}={p.default!s:<12} {p.description}")


@cli.command()
@click.option("--format", "fmt", type=click.Choice(formats.FORMATS), default="table", show_default=True)
@click.option("--subject", help="Only observations whose subject's label or alias contains this text.")
@click.option("--measure", help="Only observations whose measure contains this text.")
@click.pass_context
def metrics(ctx: click.Context, fmt: str, subject: str | None, measure: str | None) -> None:
    """Metric observations: id, subject, subject_label, measure, value, unit, qualifier, period, surface, doc,
    start, end, sentence."""
    bindings = {k: v for k, v in (("subject_name", subject), ("measure_name", measure)) if v}
    _print(run(_reader(ctx), "metrics", bindings), fmt)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(formats.FORMATS), default="table", show_default=True)
@click.pass_context
def entities(ctx: click.Context, fmt: str) -> None:
    """Entities: id, class, label_zh, label_en, aliases, mentions."""
    _print(run(_reader(ctx), "entities"), fmt)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(formats.FORMATS), default="table", show_default=True)
@click.pass_context
def relations(ctx: click.Context, fmt: str) -> None:
    """Relations: subject, subject_label, predicate, predicate_label, object, object_label, status, doc, start,
    end, sentence."""
    _print(run(_reader(ctx), "relations"), fmt)


@cli.command()
@click.argument("name")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_context
def entity(ctx: click.Context, name: str, fmt: str) -> None:
    """An entity card: classes, labels, aliases, relations in and out with evidence, metrics with sources.

    NAME is a Chinese or English label or alias; the closest match is used when none is exact.
    """
    from .card import entity_card

    card = entity_card(_reader(ctx), name)
    if fmt == "json":
        click.echo(json.dumps(asdict(card), ensure_ascii=False, indent=2))
        return
    click.echo(f"{card.label_zh}" + (f" / {card.label_en}" if card.label_en else "") + f"  <{card.iri}>")
    click.echo(f"  class:    {', '.join(card.classes)}")
    if card.aliases:
        click.echo(f"  aliases:  {' | '.join(card.aliases)}")
    click.echo(f"  mentions: {card.mentions} in {', '.join(card.reports)}")
    if card.relations:
        click.echo("  relations:")
    for r in card.relations:
        arrow = "→" if r["direction"] == "out" else "←"
        status = f" [{r['status']}]" if r["status"] else ""
        click.echo(f"    {arrow} {r['predicate']} {r['other_label']}{status}")
        click.echo(f"        “{r['quote']}” ({r['doc']} @{r['start']})")
    if card.metrics:
        click.echo("  metrics:")
    for m in card.metrics:
        click.echo(f"    {m['measure'] or '?'} = {m['value']} {m['unit']} ({m['qualifier']}, {m['period']}) "
                   f"“{m['surface']}” ({m['doc']})")


@cli.command()
@click.option("--format", "fmt", type=click.Choice([*sorted(_EXPORT_FORMATS), "graphml", "gexf", "nodelink"]),
              required=True)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write to this file (default: standard output).")
@click.option("--no-evidence", is_flag=True, help="graphml, gexf, nodelink: leave out the relations' evidence "
              "sentences (faster on a large corpus). Entities carry how many figures they have and their measures.")
@click.pass_context
def export(ctx: click.Context, fmt: str, output: Path | None, no_evidence: bool) -> None:
    """Export the whole graph as RDF (ttl, nt and jsonld merge all graphs; nq and trig keep them apart), or its
    entities and relations for graph tools (graphml, gexf: Gephi, Cytoscape; nodelink: D3, sigma.js)."""
    if fmt in ("graphml", "gexf", "nodelink"):
        from . import analytics

        if output is None:
            raise QueryError(f"--format {fmt} needs -o FILE.")
        g = analytics.project(_reader(ctx), evidence=not no_evidence, metrics=False)
        analytics.export(g, fmt, output)
        click.echo(f"wrote {g.number_of_nodes()} entities and {g.number_of_edges()} relations to {output}", err=True)
        return
    import pyoxigraph as ox

    data = _reader(ctx).export(getattr(ox.RdfFormat, _EXPORT_FORMATS[fmt]))
    if output:
        output.write_bytes(data)
        click.echo(f"wrote {len(data)} bytes to {output}", err=True)
    else:
        sys.stdout.buffer.write(data)


# -- relationship analytics: thin shells over analytics.py -------------------------------------------------------
def _projection(ctx: click.Context, evidence: bool = True):
    from . import analytics

    return analytics.project(_reader(ctx), evidence=evidence, metrics=evidence, figures=evidence)


def _name(g, iri: str) -> str:
    data = g.nodes[iri]
    return data["label_zh"] + (f" ({data['label_en']})" if data["label_en"] else "")


@cli.command()
@click.argument("source")
@click.argument("target")
@click.option("--all", "every", is_flag=True, help="Every shortest path, not just one.")
@click.pass_context
def path(ctx: click.Context, source: str, target: str, every: bool) -> None:
    """How two entities are connected: the shortest path(s), each step with its relation and evidence sentence."""
    from . import analytics

    g = _projection(ctx)
    a, b = analytics.resolve(g, source), analytics.resolve(g, target)
    found = analytics.paths(g, a, b, every=every)
    for number, steps in enumerate(found, 1):
        if len(found) > 1:
            click.echo(f"path {number}:")
        click.echo(_name(g, a))
        for step in steps:
            arrow = "→" if step.forward else "←"
            status = f" [{step.status}]" if step.status else ""
            click.echo(f"  {arrow} {step.label_zh} {step.label_en}{status} {arrow} {_name(g, step.target)}")
            for ev in step.evidence[:1]:
                click.echo(f"      “{ev['sentence']}” ({ev['doc']} @{ev['start']})")


@cli.command()
@click.argument("name")
@click.option("--hops", default=1, show_default=True, type=click.IntRange(1, 5))
@click.pass_context
def neighbors(ctx: click.Context, name: str, hops: int) -> None:
    """The entities within N relations of an entity, nearest first."""
    import networkx as nx

    from . import analytics

    g = _projection(ctx, evidence=False)
    center = analytics.resolve(g, name)
    near = analytics.neighbourhood(g, center, hops)
    distance = nx.single_source_shortest_path_length(near.to_undirected(as_view=True), center)
    for node in sorted(near, key=lambda n: (distance[n], _name(g, n))):
        if node != center:
            click.echo(f"{distance[node]}  {g.nodes[node]['cls']:20} {_name(g, node)}")


@cli.command()
@click.option("--by", type=click.Choice(["degree", "betweenness", "pagerank"]), default="degree", show_default=True)
@click.option("--class", "cls", help="Only entities of this class (e.g. University, SciencePark).")
@click.option("--top", default=20, show_default=True)
@click.pass_context
def rank(ctx: click.Context, by: str, cls: str | None, top: int) -> None:
    """The most central entities, by degree, betweenness or PageRank."""
    from . import analytics

    g = _projection(ctx, evidence=False)
    for iri, score in analytics.rank(g, by, cls, top):
        click.echo(f"{score:10.4g}  {g.nodes[iri]['cls']:20} {_name(g, iri)}")


@cli.command()
@click.option("--top", default=20, show_default=True, help="How many communities to list.")
@click.pass_context
def communities(ctx: click.Context, top: int) -> None:
    """Clusters of entities that relate to each other more than to the rest (Louvain modularity)."""
    from . import analytics

    g = _projection(ctx, evidence=False)
    found = analytics.communities(g)
    for community in found[:top]:
        click.echo(f"{len(community.members):4}  {community.name}")
        click.echo("      " + "、".join(g.nodes[n]["label_zh"] for n in community.members[:12])
                   + ("…" if len(community.members) > 12 else ""))
    click.echo(f"{len(found)} communities of 2 or more entities")


@cli.command()
@click.option("--top", default=20, show_default=True)
@click.pass_context
def bridges(ctx: click.Context, top: int) -> None:
    """Entities that hold the graph together: articulation points (removing one splits the graph) and high
    betweenness."""
    from . import analytics

    g = _projection(ctx, evidence=False)
    for iri, score, cut in analytics.bridges(g, top):
        click.echo(f"{score:10.4g}  {'articulation' if cut else '':12} {_name(g, iri)}")


@cli.command(name="validate")
@click.pass_context
def validate_command(ctx: click.Context) -> None:
    """Check the graph against the SHACL shapes and integrity checks; exit 1 with the violations if it fails."""
    from .validation import validate

    verdict = validate(_reader(ctx))
    for line in verdict.violations:
        click.echo(f"violation: {line}")
    for name, lines in verdict.failures.items():
        click.echo(f"failed check: {name} ({len(lines)})")
        for line in lines:
            click.echo(f"  {line}")
    if verdict.conforms:
        click.echo(f"conforms: the graph satisfies every shape and all {len(verdict.checks)} integrity checks.")
    else:
        click.echo("does not conform.")
        sys.exit(1)


def _table(rows: list[dict[str, str]], columns: tuple[str, ...]):
    """Plain rows as a query Result (each value a plain literal), so they print in every --format a query does."""
    from .query import Result

    return Result("select", columns=list(columns), rows=[[r[c] for c in columns] for r in rows])


@cli.command()
@click.argument("measure")
@click.option("--subject", help="Only this subject (a label or alias, e.g. 中国 or 上海市).")
@click.option("--format", "fmt", type=click.Choice(formats.FORMATS), default="table", show_default=True)
@click.option("--chart", "chart", type=click.Path(path_type=Path),
              help="Also write a chart: one HTML file, a line per subject, each point linked to its source.")
@click.pass_context
def series(ctx: click.Context, measure: str, subject: str | None, fmt: str, chart: Path | None) -> None:
    """A measure through the periods: period, value, unit, qualifier, subject, doc, start, end, surface,
    stated_change, computed_change, consistent.

    MEASURE is any phrase for the measure (专利申请量, 专利申请数 and 专利申请 are one measure) or its IRI.
    """
    from .series import CHANGE_UNIT_WORDS, SeriesRow
    from .series import series as compute

    rows = compute(_reader(ctx), measure, subject, sentences=chart is not None)
    if fmt == "table":
        # On a terminal: the figure as written, the two changes side by side, and where it stands.
        table = [{"period": r.period, "subject": r.subject, "figure": r.surface,
                  "stated": r.change_surface and f"{r.stated_change}{CHANGE_UNIT_WORDS.get(r.change_unit, '')}",
                  "computed": r.computed_change and f"{r.computed_change}{CHANGE_UNIT_WORDS.get(r.change_unit, '')}",
                  "consistent": r.consistent, "source": f"{r.doc} {r.start}–{r.end}"} for r in rows]
        _print(_table(table, ("period", "subject", "figure", "stated", "computed", "consistent", "source")), fmt)
    else:
        _print(_table([r.row() for r in rows], SeriesRow.COLUMNS), fmt)
    if chart is not None:
        from .chart import write_series_chart

        write_series_chart(rows, chart, title=rows[0].measure + (f" · {subject}" if subject else ""))
        click.echo(f"wrote {chart}: {len(rows)} figures, {len({r.subject for r in rows})} subjects", err=True)


@cli.command(name="check")
@click.option("--format", "fmt", type=click.Choice(formats.FORMATS), default="table", show_default=True)
@click.pass_context
def check_command(ctx: click.Context, fmt: str) -> None:
    """Figures that disagree, each with both sources: stated vs computed growth, one figure stated with two
    values, a part larger than its total, a share above 100%. Exit 1 when any is found."""
    from .series import Disagreement, check

    found = check(_reader(ctx))
    if fmt == "table":
        # On a terminal: each disagreement as a heading and its sources' sentences, one per line.
        for d in found:
            click.echo(f"{d.kind}: {d.subject} · {d.measure} · {d.period}: {d.detail}")
            for fig in (d.first, d.second):
                if fig is not None:
                    click.echo(f"  {fig.doc} {fig.start}–{fig.end} «{fig.sentence}»")
    else:
        _print(_table([d.row() for d in found], Disagreement.COLUMNS), fmt)
    if found:
        counts = ", ".join(f"{k}: {sum(d.kind == k for d in found)}" for k in sorted({d.kind for d in found}))
        click.echo(f"{len(found)} disagreements ({counts})", err=True)
        sys.exit(1)
    click.echo("no disagreements: every checkable figure agrees with the others.", err=True)


@cli.command()
@click.pass_context
def stats(ctx: click.Context) -> None:
    """Triples per graph, entities per class, observations and relations."""
    from .stats import stats as compute

    for section, rows in compute(_reader(ctx)).items():
        click.echo(f"{section}:")
        for name, count in rows:
            click.echo(f"  {name:60} {count}")


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to listen on; other machines can reach the server only if you choose 0.0.0.0.")
@click.option("--port", default=7878, show_default=True, type=int)
@click.option("--timeout", default=30.0, show_default=True, help="Seconds a /sparql query may run before it stops.")
@click.option("--max-rows", default=100_000, show_default=True, help="Rows (or triples) a /sparql answer may hold; "
              "a longer one is cut and says so in its X-Result-Truncated header.")
@click.option("--workers", default=2, show_default=True, help="Queries that can run at once.")
@click.option("--cors", "cors", multiple=True, metavar="ORIGIN",
              help="Allow browser pages from this origin to query (repeatable; none by default).")
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, timeout: float, max_rows: int, workers: int,
          cors: tuple[str, ...]) -> None:
    """Serve the graph read-only: SPARQL 1.1 Protocol endpoint at /sparql and the web UI at /. A `kg load` meanwhile
    is served once it commits."""
    from .server import serve as run_server

    _reader(ctx)  # a missing or empty store is a one-line error before the server starts
    click.echo(f"serving {ctx.obj} at http://{host}:{port}/ (SPARQL endpoint: http://{host}:{port}/sparql)", err=True)
    run_server(ctx.obj, host, port, timeout=timeout, max_rows=max_rows, workers=workers, cors=list(cors) or None)


@cli.command()
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="The HTML file to write.")
@click.option("--entity", help="Draw this entity's neighbourhood (with --hops).")
@click.option("--hops", default=1, show_default=True, type=click.IntRange(1, 5))
@click.option("--path", "ends", nargs=2, help="Draw the shortest paths between two entities.")
@click.option("--query", "query_text", help="Draw the entities a named query, .rq file or SPARQL text returns.")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE", help="A parameter of --query.")
@click.option("--size-by", default="degree", show_default=True,
              help="degree, mentions, or a measure's name (nodes sized by their value of it).")
@click.option("--class", "classes", multiple=True, help="Only entities of this class (repeatable).")
@click.option("--limit", "node_limit", default=500, show_default=True, help="Most nodes drawn; above it the "
              "best-connected are kept and the page says so.")
@click.pass_context
def view(ctx: click.Context, output: Path, entity: str | None, hops: int, ends: tuple[str, str] | None,
         query_text: str | None, params: tuple[str, ...], size_by: str, classes: tuple[str, ...],
         node_limit: int) -> None:
    """Write one self-contained HTML view (opens offline): the whole graph, an entity's neighbourhood, a path, or
    a query's result."""
    from . import analytics, views

    if sum(bool(x) for x in (entity, ends, query_text)) > 1:
        raise QueryError("Choose one of --entity, --path and --query.")
    g = analytics.project(_reader(ctx))
    title, highlight = "上海科技创新知识图谱 · Shanghai innovation knowledge graph", []
    if entity:
        center = analytics.resolve(g, entity)
        g, highlight = analytics.neighbourhood(g, center, hops), [center]
        title = f"{_name(g, center)} · {hops} 跳邻域 {hops}-hop neighbourhood"
    elif ends:
        a, b = analytics.resolve(g, ends[0]), analytics.resolve(g, ends[1])
        g, highlight = analytics.path_graph(g, analytics.paths(g, a, b, every=True)), [a, b]
        title = f"{_name(g, a)} ↔ {_name(g, b)}"
    elif query_text:
        result = run(_reader(ctx), query_text, _bindings(params))
        g = analytics.subgraph_of(g, result)
        title = f"{query_text if query_text in named_queries() else 'SPARQL'} · 查询结果 query result"
    summary = views.write_view(g, output, title=title, size_by=size_by, node_limit=node_limit, highlight=highlight,
                               classes=classes)
    click.echo(f"wrote {output}: {summary.shown} of {summary.total} entities, {summary.edges} relations"
               + (f" ({summary.filtered})" if summary.filtered else ""))


def main() -> None:
    cli(prog_name="kg")
