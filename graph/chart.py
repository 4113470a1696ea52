"""A series as a chart: one self-contained HTML file with an SVG line per subject, each point linked to its source.

No script and no external resource: the page is SVG and a table, under a Content-Security-Policy that allows
nothing to load or run, so it opens offline and report text in it stays text (every string is escaped).
"""

from __future__ import annotations

import html
from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path

from .series import CHANGE_UNIT_WORDS, SeriesRow

_WIDTH, _HEIGHT, _LEFT, _RIGHT, _TOP, _BOTTOM = 880, 420, 90, 170, 30, 50
_COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf", "#7f7f7f",
            "#bcbd22")
_SCALES = ((Decimal(10) ** 8, "亿"), (Decimal(10) ** 4, "万"), (Decimal(1), ""))
_UNIT_NAMES = {"CNY": "元", "USD": "美元", "percent": "%", "person": "人"}


def write_series_chart(rows: Sequence[SeriesRow], path: Path, title: str) -> Path:
    """Write the chart of `rows` (from `graph.series.series`) to `path`. Figures in the unit most rows use are
    drawn; bounds (超过…) and other units are listed below the chart only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(rows, title), encoding="utf-8")
    return path


def render(rows: Sequence[SeriesRow], title: str) -> str:
    units = defaultdict(int)
    for r in rows:
        units[r.unit] += 1
    unit = max(units, key=lambda u: (units[u], u)) if units else ""
    drawn = [r for r in rows if r.unit == unit and r.period_end and r.qualifier in ("exact", "approximately")]
    scale, prefix = _scale(drawn, unit)
    unit_label = prefix + (_UNIT_NAMES.get(unit) or unit.removeprefix("count:"))
    svg = _svg(rows, drawn, scale, unit_label)
    sources = "\n".join(_source_row(i, r, drawn) for i, r in enumerate(rows))
    esc = html.escape
    return f"""<!DOCTYPE html>
<html lang="zh">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>{esc(title)}</title>
<style>
body {{ font-family: "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif; margin: 24px; color: #222; }}
table {{ border-collapse: collapse; font-size: 13px; }}
td, th {{ border-bottom: 1px solid #ddd; padding: 4px 8px; text-align: left; vertical-align: top; }}
tr:target {{ background: #fff3c4; }}
.no {{ color: #b00020; font-weight: bold; }}
svg a:hover circle {{ r: 7; }}
</style>
</head>
<body>
<h1>{esc(title)}</h1>
<p>{len(rows)} figures, {len({r.subject for r in rows})} subjects; values in {esc(unit_label)}. Each point links to
its source below; a red ring marks a stated growth that the previous level does not give.</p>
{svg}
<h2>Sources</h2>
<table>
<tr><th>period</th><th>subject</th><th>figure</th><th>stated</th><th>computed</th><th>consistent</th>
<th>source</th><th>sentence</th></tr>
{sources}
</table>
</body>
</html>
"""


def _scale(rows: Sequence[SeriesRow], unit: str) -> tuple[Decimal, str]:
    if unit not in ("CNY", "USD") and not unit.startswith("count"):
        return Decimal(1), ""
    top = max((abs(r.value) for r in rows), default=Decimal(0))
    return next(((s, p) for s, p in _SCALES if top >= s * 10), (Decimal(1), ""))


def _svg(rows: Sequence[SeriesRow], drawn: Sequence[SeriesRow], scale: Decimal, unit_label: str) -> str:
    esc = html.escape
    if not drawn:
        return "<p>No figure to draw: every figure is a bound or in another unit.</p>"
    days = [date.fromisoformat(r.period_end).toordinal() for r in drawn]
    values = [float(r.value / scale) for r in drawn]
    x0, x1 = min(days), max(days)
    y0, y1 = min(0.0, min(values)), max(values) or 1.0
    plot_w, plot_h = _WIDTH - _LEFT - _RIGHT, _HEIGHT - _TOP - _BOTTOM

    def x(day: int) -> float:
        return _LEFT + (plot_w / 2 if x1 == x0 else (day - x0) / (x1 - x0) * plot_w)

    def y(value: float) -> float:
        return _TOP + plot_h - (value - y0) / (y1 - y0) * plot_h

    parts = [f'<svg width="{_WIDTH}" height="{_HEIGHT}" role="img">',
             f'<line x1="{_LEFT}" y1="{_TOP + plot_h}" x2="{_LEFT + plot_w}" y2="{_TOP + plot_h}" stroke="#444"/>',
             f'<line x1="{_LEFT}" y1="{_TOP}" x2="{_LEFT}" y2="{_TOP + plot_h}" stroke="#444"/>']
    for k in range(5):  # value ticks
        v = y0 + (y1 - y0) * k / 4
        parts.append(f'<text x="{_LEFT - 8}" y="{y(v) + 4:.1f}" font-size="12" text-anchor="end">{v:,.6g}</text>')
    parts.append(f'<text x="{_LEFT - 8}" y="{_TOP - 10}" font-size="12" text-anchor="end">{esc(unit_label)}</text>')
    for label, day in sorted({(r.period, date.fromisoformat(r.period_end).toordinal()) for r in drawn},
                             key=lambda p: p[1]):
        parts.append(f'<text x="{x(day):.1f}" y="{_TOP + plot_h + 20}" font-size="12" '
                     f'text-anchor="middle">{esc(label)}</text>')
    by_subject: dict[str, list[tuple[int, SeriesRow]]] = defaultdict(list)
    index = {id(r): i for i, r in enumerate(rows)}
    for r in drawn:
        by_subject[r.subject].append((date.fromisoformat(r.period_end).toordinal(), r))
    for n, (subject, points) in enumerate(sorted(by_subject.items(), key=lambda s: (-len(s[1]), s[0]))):
        colour = _COLOURS[n % len(_COLOURS)]
        points.sort(key=lambda p: (p[0], p[1].doc))
        line = " ".join(f"{x(d):.1f},{y(float(r.value / scale)):.1f}" for d, r in points)
        parts.append(f'<polyline points="{line}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for d, r in points:
            tip = f"{r.subject} {r.period}: {r.surface} ({r.doc} {r.start}–{r.end})"
            ring = ' stroke="#b00020" stroke-width="3"' if r.consistent == "no" else ""
            parts.append(f'<a href="#src-{index[id(r)]}"><circle cx="{x(d):.1f}" cy="{y(float(r.value / scale)):.1f}"'
                         f' r="5" fill="{colour}"{ring}><title>{esc(tip)}</title></circle></a>')
        ly = _TOP + 18 * n
        parts.append(f'<rect x="{_WIDTH - _RIGHT + 20}" y="{ly}" width="12" height="12" fill="{colour}"/>'
                     f'<text x="{_WIDTH - _RIGHT + 38}" y="{ly + 11}" font-size="13">{esc(subject)}</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def _computed(r: SeriesRow) -> str:
    return r.computed_change and r.computed_change + CHANGE_UNIT_WORDS.get(r.change_unit, "")


def _source_row(i: int, r: SeriesRow, drawn: Sequence[SeriesRow]) -> str:
    esc = html.escape
    consistent = f'<span class="no">{esc(r.consistent)}</span>' if r.consistent == "no" else esc(r.consistent)
    note = "" if any(d is r for d in drawn) else " (not drawn)"
    return (f'<tr id="src-{i}"><td>{esc(r.period)}</td><td>{esc(r.subject)}</td><td>{esc(r.surface)}{note}</td>'
            f"<td>{esc(r.change_surface)}</td><td>{esc(_computed(r))}</td>"
            f"<td>{consistent}</td>"
            f"<td>{esc(r.doc)} {r.start}–{r.end}</td><td>{esc(r.sentence)}</td></tr>")
