"""Flows a room can read (after flowmap.blue): at most `STRONG_MOST` gathered flows between
districts drawn strong (those of at least some count), the others faint; strong ones as curves
bent to one side (so A→B and B→A do not lie on each other), with an arrowhead, width and colour
by count class (a legend for both), the strongest drawn last and the N strongest labelled;
origins as circles sized by how many adoptions started from them. `plan` is the one selection
the web map, the print figures and the text alternative draw."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from geo import palette

WIDTHS = (2.5, 5.0, 8.0, 12.0)  # px on screen (points in print), weakest to strongest class
COLOURS = palette.FLOW_COLOURS
LABELLED = 3  # the strongest flows named on the map
STRONG_MOST = 30  # flows drawn strong at most; the others faint
FAINT_WIDTH, FAINT_OPACITY = 1.0, 0.3


@dataclass(frozen=True)
class FlowClass:
    low: int
    high: int
    width: float
    colour: str


def classes(counts: list[int]) -> list[FlowClass]:
    """Up to four count classes (quantile breaks on the distinct counts), weakest first."""
    values = sorted(set(int(c) for c in counts))
    if not values:
        return []
    k = min(len(WIDTHS), len(values))
    cuts = [values[min(len(values) - 1, round((i + 1) * len(values) / k) - 1)] for i in range(k)]
    out, low = [], values[0]
    for i, high in enumerate(cuts):
        if high < low:
            continue
        step = i + len(WIDTHS) - k  # few classes take the strongest styles
        out.append(FlowClass(low, high, WIDTHS[step], COLOURS[step]))
        low = high + 1
    return out


@dataclass(frozen=True)
class FlowPlan:
    """What a replication map draws of its gathered flows: strong ones (strongest first) and
    faint ones, the count a strong flow has at least, the strong ones' classes, the labelled."""

    strong: list
    faint: list
    minimum: int
    classes: list[FlowClass]

    @property
    def labelled(self) -> list:
        return self.strong[:LABELLED]


def strong_minimum(counts: list[int], most: int = STRONG_MOST) -> int:
    """The smallest count a flow needs to be drawn strong so that at most `most` are; when more
    than `most` share the largest count, that count (they are all the strongest)."""
    values = sorted((int(c) for c in counts), reverse=True)
    if len(values) <= most:
        return values[-1] if values else 1
    return min(values[most] + 1, values[0])


def plan(gathered: list, minimum: int | None = None) -> FlowPlan:
    """Gathered flows split at `minimum` (default: `strong_minimum`), strongest first (then by
    name, so the order is stable), with the strong ones' classes."""
    ranked = sorted(gathered, key=lambda f: (-f.count, f.names))
    if minimum is None:
        minimum = strong_minimum([f.count for f in ranked])
    strong = [f for f in ranked if f.count >= minimum]
    faint = [f for f in ranked if f.count < minimum]
    return FlowPlan(strong, faint, minimum, classes([f.count for f in strong]))


def class_of(count: int, found: list[FlowClass]) -> FlowClass:
    return next(c for c in found if c.low <= count <= c.high)


def curve(start: tuple[float, float], end: tuple[float, float], *, bend: float = 0.2,
          points: int = 24) -> list[list[float]]:
    """A quadratic curve (lat, lon) from `start` to `end`, bent to the right of its direction
    by `bend` of its length (in a local projection, so the bend looks the same east-west)."""
    (lat1, lon1), (lat2, lon2) = start, end
    scale = np.cos(np.radians((lat1 + lat2) / 2))
    x1, y1, x2, y2 = lon1 * scale, lat1, lon2 * scale, lat2
    mx, my = (x1 + x2) / 2, (y1 + y2) / 2
    dx, dy = x2 - x1, y2 - y1
    cx, cy = mx + dy * bend, my - dx * bend  # to the right of the way it goes
    t = np.linspace(0, 1, points)[:, None]
    xy = ((1 - t) ** 2 * [x1, y1] + 2 * (1 - t) * t * [cx, cy] + t ** 2 * [x2, y2])
    return [[float(y), float(x / scale)] for x, y in xy]


def arrowhead(line: list[list[float]], size_km: float) -> list[list[float]]:
    """A triangle (lat, lon) at the end of `line` (a curve, or just its two ends), pointing
    along its last stretch."""
    (lat1, lon1), (lat2, lon2) = line[-min(3, len(line))], line[-1]
    scale = np.cos(np.radians(lat2))
    dx, dy = (lon2 - lon1) * scale, lat2 - lat1
    length = float(np.hypot(dx, dy)) or 1.0
    ux, uy = dx / length, dy / length
    size = size_km / 111.32
    back_x, back_y = -ux * size, -uy * size
    side_x, side_y = -uy * size * 0.5, ux * size * 0.5
    return [[lat2, lon2],
            [lat2 + back_y + side_y, lon2 + (back_x + side_x) / scale],
            [lat2 + back_y - side_y, lon2 + (back_x - side_x) / scale]]


def origin_radii(flows: list, smallest: float = 6, largest: float = 22
                 ) -> dict[tuple[float, float], tuple[float, int, str]]:
    """Each origin's circle: radius (area by adoptions started there), the count, its name."""
    totals: dict[tuple[float, float], list] = {}
    for flow in flows:
        entry = totals.setdefault(tuple(flow.start), [0, flow.names[0] if flow.names else ""])
        entry[0] += flow.count
    most = max((n for n, _ in totals.values()), default=1)
    return {point: (smallest + (largest - smallest) * (n / most) ** 0.5, n, name)
            for point, (n, name) in totals.items()}
