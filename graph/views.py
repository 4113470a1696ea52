"""Self-contained, offline, safe HTML views of the graph: a networkx graph in, one HTML file out.

`write_view` draws the whole graph, or any part of it a caller cuts out first (`analytics.neighbourhood`,
`analytics.path_graph`, `analytics.subgraph_of` a query's result), with nodes coloured and shaped by class, a
legend, nodes sized by degree, mentions or a metric, edges labelled with their relation, and tooltips with metrics
and source quotes.

pyvis builds the nodes, edges and options, but not the page. Its own HTML (`Network.generate_html`) loads Bootstrap
and vis-network from CDNs even with `cdn_resources="in_line"`, inserts `heading` and `select_menu` unescaped, and
makes every tooltip HTML once one of them contains "href". Labels, ids, quotes and headings here come from report
text, so the page is this module's own template:

- vis-network 10.1.5 is inlined from `graph/static/vis-network/` (vendored from npm), so the file opens with the
  network unreachable and refers to nothing outside itself;
- the graph travels as one JSON document in a `<script type="application/json">`, with `<`, `>`, `&`, U+2028 and
  U+2029 written as `\\u` escapes, read with `JSON.parse`: no label can close the element or run as code;
- the heading, counts, legend and messages are HTML-escaped; tooltips and the details panel are DOM nodes whose
  text is set with `textContent`, never parsed as HTML;
- a Content-Security-Policy lets only the page's own two scripts run (by hash) and fetch nothing, so even markup
  that slipped through could neither run nor call out.

Large graphs: physics stabilizes in a bounded number of iterations and is then switched off (the page marks
`<body data-stabilized="true">`); above `node_limit` nodes the view keeps the best-connected (or most mentioned)
ones and says so on the page.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import re
from collections.abc import Callable, Collection, Hashable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import networkx as nx
from pyvis.network import Network

__all__ = ["CLASS_STYLES", "ClassStyle", "ViewSummary", "html_text", "inline", "script_json",
           "sizer", "stabilization_iterations", "style_of", "vis_network_script", "write_view"]

VIS_NETWORK = Path(__file__).parent / "static" / "vis-network" / "vis-network.min.js"
FONT_STACK = '"Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif'
DEFAULT_TITLE = "知识图谱 · Knowledge graph"


@dataclass(frozen=True)
class ClassStyle:
    """How one class looks: its colour and vis-network shape, and its names for the legend."""

    zh: str
    en: str
    color: str
    shape: str


# Shape by family (organizations are dots, programmes diamonds, carriers squares, places triangles, …), colour by
# class, so a reader tells a park from a university at a glance and the legend stays short.
CLASS_STYLES: dict[str, ClassStyle] = {
    name: ClassStyle(zh, en, color, shape)
    for shape, rows in {
        "dot": [
            ("Organization", "组织机构", "organization", "#4e79a7"),
            ("University", "高校", "university", "#1f77b4"),
            ("ResearchInstitute", "科研院所", "research institute", "#17becf"),
            ("Company", "企业", "company", "#2ca02c"),
            ("FinancialInstitution", "金融机构", "financial institution", "#8c6d31"),
            ("Bank", "银行", "bank", "#bd9e39"),
            ("GovernmentBody", "政府部门", "government body", "#d62728"),
            ("Fund", "基金", "fund", "#e7ba52"),
            ("Foundation", "基金会", "foundation", "#ad494a"),
            ("Platform", "平台", "platform", "#6b6ecf"),
            ("StartupTeam", "创业团队", "start-up team", "#98df8a"),
        ],
        "diamond": [
            ("Program", "计划项目", "program", "#9467bd"),
            ("FundingScheme", "资助计划", "funding scheme", "#7b4173"),
            ("SpecialProject", "专项", "special project", "#a55194"),
            ("Project", "项目", "project", "#c5b0d5"),
            ("Competition", "大赛", "competition", "#e377c2"),
            ("CompetitionTrack", "赛道", "competition track", "#f7b6d2"),
            ("Voucher", "券", "voucher", "#ff7f0e"),
            ("Designation", "认定称号", "designation", "#ce6dbd"),
            ("PolicyDocument", "政策文件", "policy document", "#843c39"),
        ],
        "square": [
            ("Carrier", "载体", "carrier", "#8c564b"),
            ("SciencePark", "大学科技园", "university science park", "#d95f02"),
            ("InnovationPark", "创新园区", "innovation park", "#e6ab02"),
            ("Cluster", "集聚区", "cluster", "#a6761d"),
            ("RDCentre", "研发中心", "R&D centre", "#66a61e"),
            ("Complex", "综合体", "complex", "#7570b3"),
            ("Incubator", "孵化器", "incubator", "#e7298a"),
        ],
        "triangle": [
            ("Place", "地点", "place", "#637939"),
            ("Country", "国家", "country", "#393b79"),
            ("Province", "省", "province", "#5254a3"),
            ("City", "城市", "city", "#8ca252"),
            ("District", "区县", "district", "#b5cf6b"),
            ("Area", "区域", "area", "#9c9ede"),
        ],
        "hexagon": [("Industry", "产业", "industry", "#bcbd22")],
        "star": [("Event", "活动", "event", "#f28e2b")],
        "triangleDown": [
            ("Document", "文档", "document", "#969696"),
            ("Report", "报告", "report", "#737373"),
            ("Section", "章节", "section", "#bdbdbd"),
        ],
    }.items()
    for name, zh, en, color in rows
}
DEFAULT_STYLE = ClassStyle("", "", "#a0a0a0", "dot")
HIGHLIGHT = "#e8590c"

SIZE_MIN, SIZE_MAX = 10.0, 42.0
STABILIZATION_BUDGET = 250_000  # nodes × iterations
MAX_METRICS_SHOWN, MAX_EVIDENCE_SHOWN, MAX_QUOTE = 8, 3, 200


@dataclass(frozen=True)
class ViewSummary:
    """What `write_view` wrote: where, how many nodes (of how many) and edges, and why some were left out ("" if
    none were), so a CLI can tell the user the same thing the page says."""

    path: Path
    shown: int
    total: int
    edges: int
    filtered: str


def write_view(
    g: nx.Graph,
    path: str | Path,
    *,
    title: str = DEFAULT_TITLE,
    size_by: str = "degree",
    node_limit: int = 500,
    highlight: Iterable[Hashable] = (),
    classes: Collection[str] = (),
) -> ViewSummary:
    """Write one self-contained HTML file that draws `g` (nodes: entity IRIs with label_zh, label_en, cls, cls_zh,
    mentions, metrics; edges keyed by predicate with label_zh, label_en, status, evidence).

    - `size_by`: "degree" (relations in `g`), "mentions", or a metric's measure (a node's value of that measure:
      its latest period, the largest value within it); see `sizer` for the scale.
    - `node_limit`: above it, the view keeps the nodes with the most relations (most mentions when `size_by` is
      "mentions"), highlighted nodes first, and says on the page what it left out: a browser lays out 2,000
      nodes in about ten seconds, but a reader cannot read them.
    - `highlight`: nodes drawn with a thick border (a path's ends, the centre of a neighbourhood); edges between
      two highlighted nodes are drawn thick too.
    - `classes`: when given, only nodes of these classes (local names) and highlighted nodes are shown.
    """
    if node_limit < 1:
        raise ValueError("node_limit must be at least 1")
    path = Path(path)
    marked = {n for n in highlight if n in g}
    degree = dict(g.degree())
    values = _size_values(g, degree, size_by)
    nodes, messages = _select(g, degree, size_by=size_by, node_limit=node_limit, highlight=marked, classes=classes)
    net = _network(g, nodes, degree=degree, values=values, size_by=size_by, highlight=marked)
    filtered = " ".join(messages)
    path.write_text(_page(net, g, nodes, title=title, size_by=size_by, filtered=filtered, highlighted=len(marked)),
                    encoding="utf-8", errors="replace")  # a lone surrogate from a bad decode becomes "?"
    return ViewSummary(path=path, shown=len(nodes), total=g.number_of_nodes(), edges=len(net.edges),
                       filtered=filtered)


def inline(g: nx.Graph, *, height: int = 600, **options: Any):
    """The view for a notebook cell: the same self-contained page, in an iframe's `srcdoc`, so it works offline
    and its scripts run in a document of their own, as they do in a file. `options` are `write_view`'s."""
    import tempfile

    from IPython.display import HTML

    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "view.html"
        write_view(g, page, **options)
        document = page.read_text(encoding="utf-8")
    return HTML(f'<iframe srcdoc="{html.escape(document, quote=True)}" sandbox="allow-scripts" '
                f'style="width:100%;height:{int(height)}px;border:1px solid #ddd"></iframe>')


def _select(g: nx.Graph, degree: Mapping[Hashable, int], *, size_by: str, node_limit: int,
            highlight: set[Hashable], classes: Collection[str]) -> tuple[list[Hashable], list[str]]:
    nodes = list(g.nodes)
    messages: list[str] = []
    if classes:
        wanted = sorted(set(classes))
        nodes = [n for n in nodes if g.nodes[n].get("cls") in wanted or n in highlight]
        messages.append(f"只显示这些类别：{'、'.join(wanted)} · only these classes: {', '.join(wanted)}.")
    if len(nodes) > node_limit:
        by_mentions = size_by == "mentions"

        def rank(n: Hashable) -> tuple:
            mentions = _int(g.nodes[n].get("mentions"))
            first, second = (mentions, degree[n]) if by_mentions else (degree[n], mentions)
            return (n not in highlight, -first, -second, str(n))

        nodes = sorted(nodes, key=rank)[:node_limit]
        zh, en = ("提及次数", "mentions") if by_mentions else ("连接数", "degree")
        total = g.number_of_nodes()
        messages.insert(0, f"显示 {node_limit} / {total} 个节点（按{zh}）· showing {node_limit:,} of {total:,} "
                           f"nodes by {en}.")
    return nodes, messages


def _size_values(g: nx.Graph, degree: Mapping[Hashable, int], size_by: str) -> dict[Hashable, float | None]:
    if size_by == "degree":
        return {n: float(degree[n]) for n in g}
    if size_by == "mentions":
        return {n: float(_int(g.nodes[n].get("mentions"))) for n in g}
    values = {n: _metric_value(g.nodes[n].get("metrics") or (), size_by) for n in g}
    if g.number_of_nodes() and all(v is None for v in values.values()):
        measures = sorted({str(m.get("measure")) for n in g for m in g.nodes[n].get("metrics") or ()})
        raise ValueError(f"no node has a metric {size_by!r} to size by; use 'degree', 'mentions' or one of: "
                         + (", ".join(measures[:20]) or "(no metrics in this graph)"))
    return values


def _metric_value(metrics: Iterable[Mapping[str, Any]], measure: str) -> float | None:
    """A node's value of `measure`: its latest period's, the largest if that period has several."""
    best: tuple[str, float] | None = None
    for metric in metrics:
        if metric.get("measure") != measure:
            continue
        try:
            value = float(metric.get("value"))
        except (TypeError, ValueError):
            continue
        if math.isfinite(value):
            key = (str(metric.get("period") or ""), value)
            best = key if best is None or key > best else best
    return None if best is None else best[1]


def sizer(values: Iterable[float | None]) -> Callable[[float | None], float]:
    """Node size from a value: area grows with the value (a square root) while the positive values lie within two
    orders of magnitude, so 80 and 220 firms look different; with the logarithm beyond that (yuan figures from
    10⁴ to 10¹⁰), so one large value does not shrink every other node to the minimum. No value, zero or less:
    the minimum."""
    positive = [v for v in values if v is not None and v > 0]
    if not positive:
        return lambda value: SIZE_MIN
    largest, logarithmic = max(positive), max(positive) > 100 * min(positive)
    scale = math.log1p if logarithmic else math.sqrt

    def size(value: float | None) -> float:
        if value is None or value <= 0:
            return SIZE_MIN
        return round(SIZE_MIN + (SIZE_MAX - SIZE_MIN) * scale(value) / scale(largest), 1)

    return size


# -- the pyvis network ------------------------------------------------------------------------------------------
def _network(g: nx.Graph, nodes: list[Hashable], *, degree: Mapping[Hashable, int],
             values: Mapping[Hashable, float | None], size_by: str, highlight: set[Hashable]) -> Network:
    net = Network(directed=g.is_directed())
    ids = {n: _node_id(n) for n in nodes}
    size = sizer(values[n] for n in nodes)
    for n in nodes:
        data = g.nodes[n]
        style = style_of(str(data.get("cls") or ""))
        options: dict[str, Any] = {"size": size(values[n]),
                                   "title": _node_tooltip(n, data, degree[n], size_by, values[n])}
        color: Any = style.color
        if n in highlight:
            color = {"background": style.color, "border": HIGHLIGHT,
                     "highlight": {"background": style.color, "border": HIGHLIGHT}}
            options.update(borderWidth=4, borderWidthSelected=5)
        net.add_node(ids[n], label=_label(n, data), shape=style.shape, color=color, **options)

    shown = set(nodes)
    parallel: dict[frozenset, int] = {}
    edges = g.edges(keys=True, data=True) if g.is_multigraph() else ((u, v, None, d) for u, v, d in g.edges(data=True))
    for u, v, key, data in edges:
        if u not in shown or v not in shown:
            continue
        pair = frozenset((ids[u], ids[v]))
        k = parallel[pair] = parallel.get(pair, -1) + 1
        options = {"id": f"e{len(net.edges)}", "label": _edge_label(key, data),
                   "title": _edge_tooltip(_label(u, g.nodes[u]), _label(v, g.nodes[v]), key, data)}
        if k:  # parallel relations between one pair bend apart instead of drawing over each other
            options["smooth"] = {"enabled": True, "type": "curvedCW" if k % 2 else "curvedCCW",
                                 "roundness": 0.3 * ((k + 1) // 2)}
        if u in highlight and v in highlight:
            options.update(width=3, color={"color": HIGHLIGHT, "highlight": HIGHLIGHT, "hover": HIGHLIGHT})
        net.add_edge(ids[u], ids[v], **options)

    large = len(nodes) > 300
    net.barnes_hut(gravity=-4000 if large else -6000, central_gravity=0.3, spring_length=110 if large else 150,
                   spring_strength=0.04, damping=0.2 if large else 0.12, overlap=0)
    net.set_edge_smooth("continuous")  # pyvis's default ("dynamic") adds a physics node per edge: slow when large
    net.toggle_hide_edges_on_drag(large)
    stabilization = net.options.physics.stabilization
    stabilization.iterations = stabilization_iterations(len(nodes))
    stabilization.updateInterval = 25
    return net


def stabilization_iterations(node_count: int) -> int:
    """How many physics iterations the layout gets before it stops: 1,000 for small graphs, fewer as the graph
    grows (an iteration costs about n log n), so even a few thousand nodes settle in seconds, not minutes."""
    return max(100, min(1000, STABILIZATION_BUDGET // max(node_count, 1)))


def _options(net: Network, node_count: int) -> dict[str, Any]:
    """pyvis's options with what it has no setter for: fonts that draw Chinese, edge colours and arrows, hover,
    a fixed random seed (the same graph gives the same picture) and the physics' stopping rule."""
    options = json.loads(net.get_network_data()[-1])
    options["nodes"] = {"font": {"face": FONT_STACK, "size": 14, "strokeWidth": 3, "strokeColor": "#ffffff"},
                        "borderWidth": 1}
    options["edges"].update(
        color={"color": "#98a2ad", "highlight": HIGHLIGHT, "hover": HIGHLIGHT, "inherit": False},
        font={"face": FONT_STACK, "size": 11, "color": "#4a5560", "strokeWidth": 3, "strokeColor": "#ffffff",
              "align": "horizontal"},  # Chinese reads across, not along a slanted edge
        arrows={"to": {"enabled": True, "scaleFactor": 0.6}}, width=1, selectionWidth=2)
    options["interaction"].update(hover=True, tooltipDelay=120, navigationButtons=False, keyboard=False)
    options["layout"] = {"randomSeed": 7, "improvedLayout": node_count <= 150}
    options["physics"].update(minVelocity=0.75, timestep=0.5, adaptiveTimestep=True)
    # Barnes–Hut's accuracy: vis-network's default (0.5) spends most of a large graph's layout time on far-off
    # nodes; 1.0 halves an iteration's cost and a few thousand nodes look the same.
    options["physics"]["barnesHut"]["theta"] = 0.5 if node_count <= 300 else 1.0
    return options


# -- text ---------------------------------------------------------------------------------------------------------
def style_of(cls: str) -> ClassStyle:
    """The class's style; a class the palette does not know is grey dots under its own name."""
    return CLASS_STYLES.get(cls) or ClassStyle("", cls, DEFAULT_STYLE.color, DEFAULT_STYLE.shape)


def _node_id(n: Hashable) -> str | int:
    return n if isinstance(n, str | int) and not isinstance(n, bool) else str(n)


def _local_name(iri: Hashable) -> str:
    text = str(iri)
    return re.split(r"[/#]", text.rstrip("/#"))[-1] or text


def _label(n: Hashable, data: Mapping[str, Any]) -> str:
    return str(data.get("label_zh") or data.get("label_en") or _local_name(n))


def _edge_label(key: Any, data: Mapping[str, Any]) -> str:
    """zh label, else en, else the edge's key (the predicate's local name), else the predicate IRI's local name."""
    return str(data.get("label_zh") or data.get("label_en") or (key if key is not None else "")
               or _local_name(data.get("predicate") or ""))


def _int(value: Any) -> int:
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0


def _number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e18:
        value = int(value)
    return f"{value:,}" if isinstance(value, int | float) and not isinstance(value, bool) else str(value)


def _clip(text: Any, limit: int = MAX_QUOTE) -> str:
    text = " ".join(str(text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _node_tooltip(n: Hashable, data: Mapping[str, Any], degree: int, size_by: str, value: float | None) -> str:
    """Plain text (the page sets it with textContent): names, class, counts, metrics with their source text."""
    cls = str(data.get("cls") or "")
    style = style_of(cls)
    lines = [_label(n, data)]
    if data.get("label_en") and data.get("label_en") != lines[0]:
        lines.append(str(data["label_en"]))
    lines.append(" · ".join(x for x in (str(data.get("cls_zh") or style.zh), cls) if x) or "—")
    lines.append(f"提及 mentions {_int(data.get('mentions'))} · 关系 relations {degree}")
    if size_by not in ("degree", "mentions"):
        lines.append(f"大小 size: {size_by} = {_number(value) if value is not None else '—'}")
    metrics = list(data.get("metrics") or ())
    if metrics:
        lines.append("指标 metrics:")
        for m in metrics[:MAX_METRICS_SHOWN]:
            figure = " ".join(x for x in (_number(m.get("value", "")), str(m.get("unit") or "")) if x)
            period = f" ({m['period']})" if m.get("period") else ""
            surface = f" «{_clip(m.get('surface'), 60)}»" if m.get("surface") else ""
            lines.append(f"• {_clip(m.get('measure'), 60)}: {figure}{period}{surface}")
        if len(metrics) > MAX_METRICS_SHOWN:
            lines.append(f"… 另有 {len(metrics) - MAX_METRICS_SHOWN} 项 · {len(metrics) - MAX_METRICS_SHOWN} more")
    lines.append(str(n))
    return "\n".join(lines)


def _edge_tooltip(source: str, target: str, key: Any, data: Mapping[str, Any]) -> str:
    """Plain text: the relation in both languages, its ends, status and the quotes it rests on."""
    names = [str(x) for x in (data.get("label_zh"), data.get("label_en")) if x]
    lines = [" · ".join(names) or _edge_label(key, data), f"{source} → {target}"]
    if data.get("status"):
        lines.append(f"状态 status: {data['status']}")
    evidence = list(data.get("evidence") or ())
    if evidence:
        lines.append("依据 evidence:")
        for e in evidence[:MAX_EVIDENCE_SHOWN]:
            quote = _clip(e.get("sentence") or e.get("quote"))
            where = f" — {e['doc']}" if e.get("doc") else ""
            lines.append(f"“{quote}”{where}")
        if len(evidence) > MAX_EVIDENCE_SHOWN:
            lines.append(f"… 另有 {len(evidence) - MAX_EVIDENCE_SHOWN} 处 · {len(evidence) - MAX_EVIDENCE_SHOWN} more")
    if data.get("predicate"):
        lines.append(str(data["predicate"]))
    return "\n".join(lines)


# -- the page -----------------------------------------------------------------------------------------------------
def script_json(value: Any) -> str:
    """JSON that can sit inside a <script> element whatever its strings hold: `<`, `>` and `&` become `\\u003c`
    `\\u003e` `\\u0026` (so `</script>` or `<!--` in a label cannot end or bend the element) and U+2028/U+2029
    become escapes too (raw, they end a line in older JavaScript). `/` is written `\\/`, so the entity IRIs in the
    data leave no `http://` in the page for a scanner to weigh. Still JSON: JSON.parse reads the same value."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"), ("\u2028", "\\u2028"),
                         ("\u2029", "\\u2029"), ("/", "\\/")):
        text = text.replace(char, escape)
    return text


@cache
def vis_network_script() -> str:
    """The vendored vis-network, ready to inline: checked to hold nothing that ends a <script> element, and with
    `://` written `:\\/\\/` so its licence comments and core-js's metadata strings (the only URLs in it, none
    fetched) leave no `http://` in the page; in JavaScript strings and comments `\\/` is `/`."""
    text = VIS_NETWORK.read_text(encoding="utf-8")
    if re.search(r"</script|<script|<!--", text, re.IGNORECASE):
        raise RuntimeError(f"{VIS_NETWORK} cannot be inlined: it contains a <script or <!-- sequence")
    return text.replace("://", ":\\/\\/")


_SHAPES = {  # legend symbols, 16×16, drawn as vis-network draws each shape
    "dot": '<circle cx="8" cy="8" r="6"/>',
    "diamond": '<polygon points="8,1 15,8 8,15 1,8"/>',
    "square": '<rect x="2" y="2" width="12" height="12"/>',
    "triangle": '<polygon points="8,1 15,14 1,14"/>',
    "triangleDown": '<polygon points="1,2 15,2 8,15"/>',
    "hexagon": '<polygon points="4,1.5 12,1.5 15.5,8 12,14.5 4,14.5 0.5,8"/>',
    "star": '<polygon points="8,0.5 10,6 15.5,6 11,9.5 12.8,15 8,11.6 3.2,15 5,9.5 0.5,6 6,6"/>',
}


def _legend(g: nx.Graph, nodes: list[Hashable]) -> str:
    counts: dict[str, int] = {}
    names_zh: dict[str, str] = {}
    for n in nodes:
        cls = str(g.nodes[n].get("cls") or "")
        counts[cls] = counts.get(cls, 0) + 1
        names_zh.setdefault(cls, str(g.nodes[n].get("cls_zh") or ""))
    items = []
    for cls, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        style = style_of(cls)
        zh = names_zh[cls] or style.zh
        en = style.en if cls in CLASS_STYLES else cls
        name = " · ".join(x for x in (zh, en) if x) or "未分类 · unclassified"
        items.append(f'<li><svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" fill="{style.color}">'
                     f'{_SHAPES.get(style.shape, _SHAPES["dot"])}</svg><span class="kg-class">{html_text(name)}'
                     f'</span><span class="kg-count">{count:,}</span></li>')
    return "\n".join(items)


def html_text(value: Any) -> str:
    """Text for HTML content or attributes: escaped, and `/` as `&#47;`, so a heading that holds an IRI leaves no
    `http://` in the page either (a browser shows the same characters)."""
    return html.escape(str(value)).replace("/", "&#47;")


def _sha256(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"


def _page(net: Network, g: nx.Graph, nodes: list[Hashable], *, title: str, size_by: str, filtered: str,
          highlighted: int) -> str:
    data = {"nodes": net.nodes, "edges": net.edges, "options": _options(net, len(nodes))}
    vis, app = vis_network_script(), _APP
    size = {"degree": "大小：连接数 · size: degree (relations)", "mentions": "大小：提及次数 · size: mentions"}.get(
        size_by, f"大小：指标「{size_by}」· size: metric “{size_by}”")
    if highlighted:
        size += f" · 粗边框：重点节点 · thick border: highlighted ({highlighted})"
    csp = ("default-src 'none'; script-src " + _sha256(vis) + " " + _sha256(app)
           + "; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'")
    parts = {
        "CSP": html.escape(csp, quote=False),  # constants and base64 (with "/"): no `"`, and not `html_text()`
        "FONT": FONT_STACK,
        "TITLE": html_text(title),
        "COUNTS": html_text(f"节点 {len(nodes):,} · 关系 {len(net.edges):,} · nodes {len(nodes):,} · "
                              f"edges {len(net.edges):,}"),
        "FILTERED": f'<p id="kg-filtered" role="status">{html_text(filtered)}</p>' if filtered else "",
        "SIZE": html_text(size),
        "LEGEND": _legend(g, nodes),
        "DATA": script_json(data),
        "VIS": vis,
        "APP": app,
    }
    # One pass: text put in is never searched for placeholders again (a label may well contain "{{TITLE}}").
    return re.sub(r"\{\{([A-Z]+)\}\}", lambda m: parts[m.group(1)], _TEMPLATE)


_TEMPLATE = """<!doctype html>
<html lang="zh">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{{CSP}}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="shanghai-innovation-kg graph.views (vis-network 10.1.5, inlined)">
<title>{{TITLE}}</title>
<style>
:root { font-family: {{FONT}}; color: #1f2328; }
html, body { margin: 0; height: 100%; }
body { display: flex; flex-direction: column; }
header { padding: .6rem 1rem .5rem; border-bottom: 1px solid #d0d7de; display: flex; flex-wrap: wrap;
         gap: .3rem 1.2rem; align-items: baseline; }
h1 { font-size: 1.25rem; margin: 0; flex-basis: 100%; overflow-wrap: anywhere; }
header p, header label, #kg-status { margin: 0; font-size: .88rem; color: #57606a; }
#kg-filtered { color: #6f4400; background: #fff8c5; border: 1px solid #d4a72c; border-radius: 4px;
               padding: .05rem .5rem; }
#kg-search { font: inherit; width: 14rem; }
main { flex: 1; display: flex; min-height: 24rem; }
#kg-network { flex: 1; min-width: 0; position: relative; }
aside { width: 18rem; border-left: 1px solid #d0d7de; padding: .5rem .8rem; overflow: auto; font-size: .85rem; }
aside h2 { font-size: .95rem; margin: .3rem 0 .4rem; }
#kg-legend ul { list-style: none; padding: 0; margin: 0 0 .8rem; }
#kg-legend li { display: flex; align-items: center; gap: .45rem; margin: .2rem 0; }
#kg-legend svg { flex: none; }
.kg-class { flex: 1; overflow-wrap: anywhere; }
.kg-count { color: #57606a; }
#kg-details-text, .kg-tip { white-space: pre-wrap; overflow-wrap: anywhere; }
#kg-network div.vis-tooltip { font-family: {{FONT}}; font-size: 13px; white-space: normal; }
.kg-tip { max-width: 30rem; }
</style>
</head>
<body>
<header>
<h1 id="kg-heading">{{TITLE}}</h1>
<p id="kg-counts">{{COUNTS}}</p>
{{FILTERED}}
<p id="kg-size">{{SIZE}}</p>
<label>查找 find <input id="kg-search" list="kg-names" autocomplete="off"></label>
<datalist id="kg-names"></datalist>
<span id="kg-status" role="status">布局中… laying out…</span>
</header>
<main>
<div id="kg-network"></div>
<aside>
<section id="kg-legend"><h2>图例 · legend</h2><ul>
{{LEGEND}}
</ul></section>
<section id="kg-details"><h2>详情 · details</h2>
<div id="kg-details-text">点击节点或关系查看 · click a node or a relation</div></section>
</aside>
</main>
<script type="application/json" id="kg-data">{{DATA}}</script>
<script>{{VIS}}</script>
<script>{{APP}}</script>
</body>
</html>
"""

# The page's own code. Every text from the graph reaches the DOM through textContent or an <option>'s value;
# vis-network draws labels on the canvas. Tooltips are elements, so no version of vis-network parses them as HTML.
_APP = """
(function () {
  "use strict";
  var body = document.body, status = document.getElementById("kg-status");
  var details = document.getElementById("kg-details-text");
  function fail(error) {
    body.dataset.error = String(error && error.message || error);
    status.textContent = "出错 error: " + body.dataset.error;
  }
  try {
    var data = JSON.parse(document.getElementById("kg-data").textContent);
    var texts = new Map(), byLabel = new Map();
    function tip(key, text) {
      texts.set(key, text);
      var element = document.createElement("div");
      element.className = "kg-tip";
      element.textContent = text;
      return element;
    }
    var names = document.getElementById("kg-names");
    data.nodes.forEach(function (node) {
      node.title = tip("n" + JSON.stringify(node.id), String(node.title || node.label));
      if (!byLabel.has(node.label)) {
        byLabel.set(node.label, node.id);
        var option = document.createElement("option");
        option.value = node.label;
        names.appendChild(option);
      }
    });
    data.edges.forEach(function (edge) { edge.title = tip("e" + JSON.stringify(edge.id), String(edge.title || "")); });
    var network = new vis.Network(document.getElementById("kg-network"),
      {nodes: new vis.DataSet(data.nodes), edges: new vis.DataSet(data.edges)}, data.options);
    window.kgNetwork = network;
    var done = false;
    function settle() {
      if (done) return;
      done = true;
      network.setOptions({physics: false});
      status.textContent = "布局完成 · laid out";
      requestAnimationFrame(function () { body.dataset.stabilized = "true"; });
    }
    network.on("stabilizationProgress", function (p) {
      status.textContent = "布局中 laying out " + Math.round(100 * p.iterations / p.total) + "%";
    });
    network.once("stabilizationIterationsDone", settle);
    network.once("stabilized", settle);
    if (data.nodes.length === 0) settle();
    network.on("click", function (params) {
      var key = params.nodes.length ? "n" + JSON.stringify(params.nodes[0])
        : params.edges.length ? "e" + JSON.stringify(params.edges[0]) : null;
      if (key !== null) details.textContent = texts.get(key) || "";
    });
    document.getElementById("kg-search").addEventListener("change", function (event) {
      var id = byLabel.get(event.target.value);
      if (id === undefined) return;
      network.selectNodes([id]);
      network.focus(id, {scale: 1.2});
      details.textContent = texts.get("n" + JSON.stringify(id)) || "";
    });
  } catch (error) {
    fail(error);
  }
})();
"""
