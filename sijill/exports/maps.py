"""Locator maps for case files: the shipped governorate and district outlines with the incidents'
points, drawn on the server with matplotlib (no tiles, nothing fetched).

The outlines come from `sijill.analysis.charts.boundaries` (OCHA COD-AB, shipped in
sijill/analysis/data); Arabic labels use the same font as the analysis charts.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from sijill.analysis import charts

# Syria's extent (lon, lat) when there is no point to show.
SYRIA = (35.6, 42.4, 32.3, 37.4)


@dataclass(frozen=True)
class Point:
    longitude: float
    latitude: float
    label: str = ""
    exact: bool = False


def _polygons(level: int) -> list:
    polygons = []
    for feature in charts.boundaries(level)["features"]:
        geometry = feature["geometry"]
        parts = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        polygons.extend(part[0] for part in parts)
    return polygons


def _extent(points: list[Point]) -> tuple[float, float, float, float]:
    if not points:
        return SYRIA
    lons = [p.longitude for p in points]
    lats = [p.latitude for p in points]
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    # At least 1.6 degrees across, so a single village still shows its surroundings.
    pad_x = max(0.4, (1.6 - (east - west)) / 2)
    pad_y = max(0.3, (1.2 - (north - south)) / 2)
    return west - pad_x, east + pad_x, south - pad_y, north + pad_y


def locator_map(points: list[Point], *, title: str = "", arabic: bool = False, labels: bool = True) -> bytes:
    """A PNG map of `points` over governorate (and, when zoomed in, district) outlines."""
    charts.arabic_font_path()
    west, east, south, north = _extent(points)
    with charts._lock:  # matplotlib text layout is not thread-safe; the charts module guards it the same way
        figure = charts.mpl().Figure(figsize=(6.4, 4.8), dpi=110)
        ax = figure.subplots()
        zoomed = (east - west) < 4
        if zoomed:
            ax.add_collection(charts.mpl().PolyCollection(_polygons(2), facecolors="none", edgecolors="#9a9a9a", linewidths=0.4))
        ax.add_collection(charts.mpl().PolyCollection(_polygons(1), facecolors="#f4f1ea", edgecolors="#555555", linewidths=0.8,
                                         zorder=0))
        if points:
            ax.scatter([p.longitude for p in points], [p.latitude for p in points], s=36, c="#c0392b",
                       edgecolors="white", linewidths=0.8, zorder=3)
            if labels and len(points) <= 12:
                for p in points:
                    if p.label:
                        ax.annotate(p.label, (p.longitude, p.latitude), xytext=(5, 5), textcoords="offset points",
                                    fontsize=8, fontfamily=charts.FAMILIES, zorder=4)
        ax.set_xlim(west, east)
        ax.set_ylim(south, north)
        ax.set_aspect("equal")
        ax.tick_params(labelsize=7)
        if title:
            ax.set_title(title, fontfamily=charts.FAMILIES, fontsize=11, loc="right" if arabic else "left")
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", bbox_inches="tight")
        return buffer.getvalue()
