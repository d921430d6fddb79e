"""Small server-rendered SVG charts for the dashboard: no JavaScript, no build step, and every
number also in the page as a table (the text alternative) and a CSV.

``bar_chart(categories, series)`` draws stacked vertical bars (one stack per category, one
colour per series); ``line_chart(xs, series)`` one line per series; ``interval_chart`` an
estimate and its interval per row, around zero. Each returns markup that is safe to insert
(every label is escaped) and carries a <title> for screen readers.
"""

from __future__ import annotations

import math
from html import escape

from markupsafe import Markup

# Colour-blind-safe palette (Okabe–Ito), then greys.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442",
           "#000000", "#999999", "#666666", "#BBBBBB", "#444444", "#777777", "#DDDDDD")
WIDTH, HEIGHT = 560, 240
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 12, 44


def _nice_max(value: float) -> float:
    """The axis top: the value rounded up to 1, 2, 2.5 or 5 times a power of ten."""
    if value <= 0:
        return 1
    magnitude = 10 ** math.floor(math.log10(value))
    return next(m * magnitude for m in (1, 2, 2.5, 5, 10) if value <= m * magnitude)


def _axis(top: float, label: str = "") -> list[str]:
    parts = []
    plot_h = HEIGHT - TOP - BOTTOM
    for i in range(5):
        value = top * i / 4
        y = TOP + plot_h - plot_h * i / 4
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
                     f'stroke="#e4e7ec"/>')
        text = f"{value:g}{label}"
        parts.append(f'<text x="{LEFT - 4}" y="{y + 4:.1f}" text-anchor="end" '
                     f'font-size="10" fill="#667085">{escape(text)}</text>')
    return parts


def _legend(names: list[str]) -> list[str]:
    parts, x = [], LEFT
    for i, name in enumerate(names):
        parts.append(f'<rect x="{x}" y="{HEIGHT - 12}" width="9" height="9" '
                     f'fill="{PALETTE[i % len(PALETTE)]}"/>')
        parts.append(f'<text x="{x + 12}" y="{HEIGHT - 4}" font-size="10">{escape(name)}</text>')
        x += 18 + 6 * len(name)
    return parts


def _frame(title: str, body: list[str]) -> Markup:
    return Markup(  # noqa: S704 (every label in body is escaped above)
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">'
        f'<title>{escape(title)}</title>{"".join(body)}</svg>')


def bar_chart(title: str, categories: list[str], series: dict[str, list[float]],
              unit: str = "") -> Markup:
    """Stacked bars: ``series[name][i]`` is that series' value in ``categories[i]``."""
    names = list(series)
    totals = [sum(series[n][i] for n in names) for i in range(len(categories))]
    top = _nice_max(max(totals, default=0))
    if all(float(t).is_integer() for t in totals):
        top = max(top, 4)  # counts: whole-number ticks (0, 1, 2, 3, 4), never "0.25 families"
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(len(categories), 1)
    bar_w = min(40, slot * 0.7)
    body = _axis(top, unit)
    for i, category in enumerate(categories):
        x = LEFT + slot * i + (slot - bar_w) / 2
        y = TOP + plot_h
        for j, name in enumerate(names):
            value = series[name][i]
            if value <= 0:
                continue
            h = plot_h * value / top
            y -= h
            body.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                        f'fill="{PALETTE[j % len(PALETTE)]}"><title>{escape(category)}: '
                        f'{escape(name)} {value:g}{escape(unit)}</title></rect>')
        body.append(f'<text x="{LEFT + slot * i + slot / 2:.1f}" y="{TOP + plot_h + 13}" '
                    f'text-anchor="middle" font-size="10">{escape(category[:14])}</text>')
    if len(names) > 1:
        body += _legend(names)
    return _frame(title, body)


def line_chart(title: str, xs: list[str], series: dict[str, list[float | None]],
               unit: str = "") -> Markup:
    """One line per series; ``None`` leaves a gap (no data that day)."""
    values = [v for vals in series.values() for v in vals if v is not None]
    top = _nice_max(max(values, default=0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(xs) - 1, 1)
    body = _axis(top, unit)
    for j, (name, vals) in enumerate(series.items()):
        colour = PALETTE[j % len(PALETTE)]
        points = [(LEFT + step * i, TOP + plot_h - plot_h * v / top)
                  for i, v in enumerate(vals) if v is not None]
        if len(points) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            body.append(f'<polyline points="{path}" fill="none" stroke="{colour}" '
                        f'stroke-width="2"/>')
        for (x, y), (i, v) in zip(points, [(i, v) for i, v in enumerate(vals) if v is not None],
                                  strict=True):
            body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"><title>'
                        f'{escape(name)}, {escape(xs[i])}: {v:g}{escape(unit)}</title></circle>')
    label_every = max(1, len(xs) // 8)
    for i, x_label in enumerate(xs):
        if i % label_every == 0:
            body.append(f'<text x="{LEFT + step * i:.1f}" y="{TOP + plot_h + 13}" '
                        f'text-anchor="middle" font-size="10">{escape(x_label)}</text>')
    body += _legend(list(series))
    return _frame(title, body)


def interval_chart(title: str, labels: list[str], estimates: list[float],
                   lows: list[float], highs: list[float], unit: str = "") -> Markup:
    """One row per label: a dot at the estimate and a line across its interval, with the zero
    line marked, so "the interval crosses zero" is seen at a glance."""
    span = max([abs(v) for v in lows + highs] + [1e-9])
    top = _nice_max(span)
    row_h = 22
    height = TOP + row_h * len(labels) + BOTTOM
    label_w = 150
    plot_w = WIDTH - label_w - RIGHT

    def x(value: float) -> float:
        return label_w + plot_w * (value + top) / (2 * top)

    body = [f'<line x1="{x(0):.1f}" x2="{x(0):.1f}" y1="{TOP}" y2="{height - BOTTOM}" '
            f'stroke="#667085" stroke-dasharray="3 3"/>']
    for value in (-top, -top / 2, 0, top / 2, top):
        body.append(f'<text x="{x(value):.1f}" y="{height - BOTTOM + 14}" text-anchor="middle" '
                    f'font-size="10" fill="#667085">{escape(f"{value:+g}{unit}")}</text>')
    for i, (label, estimate, low, high) in enumerate(
            zip(labels, estimates, lows, highs, strict=True)):
        y = TOP + row_h * i + row_h / 2
        colour = PALETTE[0] if high < 0 or low > 0 else PALETTE[8]
        body.append(f'<text x="{label_w - 6}" y="{y + 4:.1f}" text-anchor="end" '
                    f'font-size="10">{escape(label[:26])}</text>')
        body.append(f'<line x1="{x(low):.1f}" x2="{x(high):.1f}" y1="{y:.1f}" y2="{y:.1f}" '
                    f'stroke="{colour}" stroke-width="2"/>')
        body.append(f'<circle cx="{x(estimate):.1f}" cy="{y:.1f}" r="4" fill="{colour}"><title>'
                    f'{escape(label)}: {estimate:+.2f}{escape(unit)} (95 % interval '
                    f'{low:+.2f} to {high:+.2f})</title></circle>')
    return Markup(  # noqa: S704 (every label is escaped above)
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">'
        f'<title>{escape(title)}</title>{"".join(body)}</svg>')
