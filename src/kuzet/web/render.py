"""Pieces of pages computed in Python: highlighted text segments, SVG map and charts.

Everything here returns plain data (strings, numbers); templates escape every piece of
text, and nothing is ever marked safe. Map and charts are inline SVG, so the dashboard
needs no JavaScript library and no network.
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Mapping, Sequence
from functools import lru_cache
from importlib.resources import files
from typing import Any, Protocol

RTL = frozenset({"ar", "fa", "ps"})
COUNTRIES = ("KZ", "KG", "TJ", "TM", "UZ", "AF")
COUNTRY_NAMES = {"KZ": "Kazakhstan", "KG": "Kyrgyzstan", "TJ": "Tajikistan",
                 "TM": "Turkmenistan", "UZ": "Uzbekistan", "AF": "Afghanistan"}
MAP_WIDTH = 860.0


class Names(Protocol):
    """How ids are named for the reader (see :class:`kuzet.web.labels.Labels`)."""

    def theme(self, key: Any) -> str:
        """A theme's name."""

    def event(self, key: Any) -> str:
        """An event type's name."""

    def kind(self, key: Any) -> str:
        """A kind of finding's name."""


class _Ids:
    """Ids as they are (no names)."""

    def theme(self, key: Any) -> str:
        return str(key)

    def event(self, key: Any) -> str:
        return str(key)

    def kind(self, key: Any) -> str:
        return str(key)


def spans(record: Mapping[str, Any], doc: str,
          names: Names | None = None) -> list[tuple[int, int, str, str, bool]]:
    """(start, end, kind, label, rejected) of every finding whose offsets fit ``doc``."""
    out: list[tuple[int, int, str, str, bool]] = []
    nm: Names = names or _Ids()

    def put(item: Mapping[str, Any], kind: str, label: str, rejected: bool) -> None:
        start, end = item.get("start"), item.get("end")
        if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(doc):
            out.append((start, end, kind, label, rejected))

    for p in record.get("places") or []:
        put(p, "place", f"{p.get('name')} {p.get('admin1') or p.get('country') or ''}".strip(),
            bool(p.get("rejected")))
    for a in record.get("actors") or []:
        put(a, "actor", str(a.get("name") or a.get("id")), bool(a.get("rejected")))
    for t in record.get("themes") or []:
        for ev in t.get("evidence") or []:
            put(ev, "theme", nm.theme(t.get("id")), bool(t.get("rejected")))
    for e in record.get("events") or []:
        ev = e.get("evidence") or {}
        put(ev, "event", nm.event(e.get("type")) + (" (−)" if e.get("negated") else ""),
            bool(e.get("rejected")))
    return out


def segments(doc: str, found: Sequence[tuple[int, int, str, str, bool]],
             names: Names | None = None) -> list[dict[str, Any]]:
    """``doc`` cut at every span edge: text, CSS classes and labels of each piece."""
    label = (names or _Ids()).kind
    edges = sorted({0, len(doc), *(s for s, _, _, _, _ in found), *(e for _, e, _, _, _ in found)})
    out: list[dict[str, Any]] = []
    for lo, hi in itertools.pairwise(edges):
        here = [f for f in found if f[0] <= lo and hi <= f[1]]
        kinds = sorted({("x-" if f[4] else "") + f[2] for f in here})
        out.append({"text": doc[lo:hi], "classes": " ".join("k-" + k for k in kinds),
                    "labels": "; ".join(sorted({f"{label(f[2])}: {f[3]}" for f in here}))})
    return out


@lru_cache(maxsize=1)
def _features() -> tuple[tuple[str, str, tuple[tuple[tuple[float, float], ...], ...]], ...]:
    data = json.loads((files("kuzet") / "data" / "boundaries" / "admin1.geojson")
                      .read_text(encoding="utf-8"))
    out = []
    for feat in data["features"]:
        code = str(feat["properties"].get("iso_3166_2") or "")
        geom = feat["geometry"]
        polys = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
        rings = tuple(tuple((float(x), float(y)) for x, y, *_ in ring)
                      for poly in polys for ring in poly)
        out.append((code, str(feat["properties"].get("name") or code), rings))
    return tuple(out)


@lru_cache(maxsize=8)
def map_shapes(country: str | None = None) -> tuple[tuple[dict[str, str], ...], str]:
    """SVG paths of admin-1 units (of one country, or all six) and the viewBox."""
    feats = [f for f in _features() if country is None or f[0].startswith(country + "-")]
    points = [pt for _, _, rings in feats for ring in rings for pt in ring]
    if not points:
        return (), "0 0 10 10"
    lon0, lon1 = min(p[0] for p in points), max(p[0] for p in points)
    lat0, lat1 = min(p[1] for p in points), max(p[1] for p in points)
    # equirectangular with the mid-latitude's scale: good enough for a region this size
    kx = math.cos(math.radians((lat0 + lat1) / 2))
    scale = MAP_WIDTH / max((lon1 - lon0) * kx, 1e-9)
    height = (lat1 - lat0) * scale
    shapes = []
    for code, name, rings in feats:
        d = " ".join("M" + " L".join(f"{(x - lon0) * kx * scale:.1f},{(lat1 - y) * scale:.1f}"
                                     for x, y in ring) + " Z" for ring in rings)
        shapes.append({"code": code, "name": name, "d": d})
    return tuple(shapes), f"0 0 {MAP_WIDTH:.0f} {height:.0f}"


def shade(counts: Mapping[str, int], code: str) -> int:
    """Colour class 0-5 of a unit: 0 = nothing, 1-5 = fifths of the busiest unit."""
    n, top = counts.get(code, 0), max(counts.values(), default=0)
    return 0 if n <= 0 or top <= 0 else min(5, 1 + int(4 * math.sqrt(n / top) + 0.5))


def chart(series: Mapping[str, Sequence[int]], width: int = 420, height: int = 150,
          top: int = 6) -> dict[str, Any]:
    """A line chart: SVG polylines of the ``top`` biggest series, with legend data."""
    chosen = sorted(series.items(), key=lambda kv: -sum(kv[1]))[:top]
    peak = max((max(v) for _, v in chosen if v), default=0) or 1
    lines = []
    for n, (name, values) in enumerate(chosen):
        step = width / max(len(values) - 1, 1)
        pts = " ".join(f"{i * step:.1f},{height - 4 - (height - 8) * v / peak:.1f}"
                       for i, v in enumerate(values))
        lines.append({"name": name, "points": pts, "cls": f"c{n}", "total": sum(values)})
    return {"width": width, "height": height, "peak": peak, "lines": lines}
