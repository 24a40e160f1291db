"""Charts drawn on the server with matplotlib (Agg), as PNG or SVG bytes, for pages and PDF reports.

Arabic labels are shaped and ordered by matplotlib's own text layout; they are never reshaped
here. The Arabic font is Noto Sans Arabic from Debian's fonts-noto-core, found by its file path;
when it is absent `FontMissing` says which package to install.

    from sijill.analysis import charts
    png = charts.bar_chart(["حلب", "حماة"], [12, 3], title="Incidents by governorate")
    svg = charts.timeline_chart(["2016", "2017"], [("ISIS", [1, 4])], fmt="svg")
    png = charts.choropleth({"SY02": 12, "SY05": 3}, level=1, legend_title="Incidents")
"""

from __future__ import annotations

import io
import json
import threading
from functools import cache
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.figure import Figure


@cache
def mpl() -> SimpleNamespace:
    """matplotlib (Agg), loaded on the first chart: it weighs some 60 MB, which every other page
    and command of the server (and the evidence CLI's memory bound) would otherwise carry."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager
    from matplotlib.collections import PolyCollection
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    return SimpleNamespace(font_manager=font_manager, PolyCollection=PolyCollection, Figure=Figure,
                           MaxNLocator=MaxNLocator)

FONT_DIRS = (Path("/usr/share/fonts/truetype/noto"), Path("/usr/share/fonts/opentype/noto"),
             Path("/usr/share/fonts"))
ARABIC_FONT_FILES = ("NotoSansArabic-Regular.ttf", "NotoNaskhArabic-Regular.ttf")
# Digits, Latin and punctuation the Arabic font lacks (e.g. "-") fall back to DejaVu Sans.
FAMILIES = ["Noto Sans Arabic", "DejaVu Sans"]
FORMATS = ("png", "svg")
DATA = Path(__file__).resolve().parent / "data"
COLOURS = ["#1f5f8b", "#c0392b", "#27864a", "#8e44ad", "#d68910", "#566573", "#148f77", "#a04000"]
# Sequential blues for choropleths, lightest first; "no data" is drawn in grey.
SCALE = ["#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c"]

_lock = threading.Lock()  # matplotlib's font cache and text layout are not thread-safe


class FontMissing(RuntimeError):
    """The Arabic font is not installed; charts would show empty boxes instead of Arabic."""


@cache
def arabic_font_path() -> Path:
    """The installed Arabic font file, registered with matplotlib on first use."""
    for folder in FONT_DIRS:
        for name in ARABIC_FONT_FILES:
            found = next(iter(sorted(folder.rglob(name))), None) if folder.is_dir() else None
            if found:
                mpl().font_manager.fontManager.addfont(str(found))
                return found
    raise FontMissing(
        f"No Arabic font ({' or '.join(ARABIC_FONT_FILES)}) under {', '.join(map(str, FONT_DIRS))}: "
        "install the Debian package fonts-noto-core (apt-get install fonts-noto-core)."
    )


def _figure(width: float = 8, height: float = 4.5) -> Figure:
    arabic_font_path()
    figure = mpl().Figure(figsize=(width, height), dpi=100, layout="constrained")
    return figure


def _style(ax, title: str, xlabel: str = "", ylabel: str = "") -> None:
    if title:
        ax.set_title(title, fontfamily=FAMILIES, fontsize=13)
    ax.set_xlabel(xlabel, fontfamily=FAMILIES)
    ax.set_ylabel(ylabel, fontfamily=FAMILIES)
    for label in (*ax.get_xticklabels(), *ax.get_yticklabels()):
        label.set_fontfamily(FAMILIES)
    ax.spines[["top", "right"]].set_visible(False)


def _render(figure: Figure, fmt: str) -> bytes:
    if fmt not in FORMATS:
        raise ValueError(f"Chart format must be one of {', '.join(FORMATS)}, not {fmt!r}.")
    out = io.BytesIO()
    figure.savefig(out, format=fmt, metadata={"Date": None} if fmt == "svg" else None)
    return out.getvalue()


def bar_chart(labels: list[str], values: list[float], *, title: str = "", value_label: str = "",
              fmt: str = "png", rtl: bool = False) -> bytes:
    """Horizontal bars, largest first as given; `rtl` mirrors the chart for Arabic pages."""
    if len(labels) != len(values):
        raise ValueError(f"{len(labels)} labels but {len(values)} values.")
    with _lock:
        figure = _figure(8, max(2.5, 0.45 * len(labels) + 1.2))
        ax = figure.subplots()
        positions = list(range(len(labels)))[::-1]
        ax.barh(positions, values, color=COLOURS[0])
        ax.set_yticks(positions, labels)
        for y, value in zip(positions, values, strict=True):
            ax.annotate(f"{value:,}", (value, y), xytext=(-4 if rtl else 4, 0), textcoords="offset points",
                        va="center", ha="right" if rtl else "left", fontfamily=FAMILIES, fontsize=9)
        ax.xaxis.set_major_locator(mpl().MaxNLocator(integer=True))
        if rtl:
            ax.invert_xaxis()
            ax.yaxis.tick_right()
        _style(ax, title, xlabel=value_label)
        if rtl:
            ax.spines[["right"]].set_visible(True)
            ax.spines[["left"]].set_visible(False)
        return _render(figure, fmt)


def timeline_chart(periods: list[str], series: list[tuple[str, list[float]]], *, title: str = "",
                   value_label: str = "", fmt: str = "png") -> bytes:
    """One line per series over the periods (months or years), with a legend of series labels."""
    return timeline_panels(periods, [(title, value_label, series)], fmt=fmt)


def timeline_panels(periods: list[str], panels: list[tuple[str, str, list[tuple[str, list[float]]]]], *,
                    fmt: str = "png") -> bytes:
    """Timelines stacked one above the other on the same periods: each panel is (title, value
    label, series), e.g. incidents above and victims below, for the same perpetrators."""
    for _, _, series in panels:
        for label, values in series:
            if len(values) != len(periods):
                raise ValueError(f"Series {label!r} has {len(values)} values for {len(periods)} periods.")
    with _lock:
        figure = _figure(9, 3.6 * max(1, len(panels)) + 0.6)
        axes = figure.subplots(max(1, len(panels)), 1, sharex=True, squeeze=False)[:, 0]
        x = list(range(len(periods)))
        step = max(1, len(periods) // 12)
        for ax, (title, value_label, series) in zip(axes, panels, strict=False):
            for i, (label, values) in enumerate(series):
                ax.plot(x, values, marker="o", markersize=3, color=COLOURS[i % len(COLOURS)], label=label)
            ax.set_xticks(x[::step], periods[::step], rotation=45 if len(periods) > 8 else 0)
            if series:
                ax.legend(prop={"family": FAMILIES}, frameon=False)
            ax.yaxis.set_major_locator(mpl().MaxNLocator(integer=True))  # counts: no 0.25 of a victim
            _style(ax, title, ylabel=value_label)
        return _render(figure, fmt)


@cache
def boundaries(level: int) -> dict:
    """The shipped boundaries: level 1 governorates, level 2 districts (GeoJSON dict)."""
    names = {1: "governorates", 2: "districts"}
    if level not in names:
        raise ValueError(f"Boundaries are shipped for admin levels 1 and 2, not {level}.")
    return json.loads((DATA / f"{names[level]}.geojson").read_text(encoding="utf-8"))


def class_breaks(values: list[float], classes: int = len(SCALE)) -> list[float]:
    """Upper bounds of equal-count classes over the non-zero values (at most `classes`)."""
    positive = sorted(v for v in values if v)
    if not positive:
        return []
    breaks = []
    for i in range(1, classes + 1):
        bound = positive[min(len(positive) - 1, max(0, round(i * len(positive) / classes) - 1))]
        if not breaks or bound > breaks[-1]:
            breaks.append(bound)
    return breaks


def colour_for(value: float | None, breaks: list[float]) -> str:
    if not value:
        return "#f2f2f2"
    for i, bound in enumerate(breaks):
        if value <= bound:
            return SCALE[min(i, len(SCALE) - 1) + len(SCALE) - len(breaks)]
    return SCALE[-1]


def choropleth(values: dict[str, float], *, level: int = 1, title: str = "", legend_title: str = "",
               fmt: str = "png", arabic: bool = False) -> bytes:
    """Governorates (level 1) or districts (level 2) shaded by `values` (p-code -> number)."""
    from matplotlib.patches import Patch

    collection = boundaries(level)
    breaks = class_breaks(list(values.values()))
    polygons, colours = [], []
    for feature in collection["features"]:
        geometry = feature["geometry"]
        parts = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        colour = colour_for(values.get(feature["properties"]["pcode"]), breaks)
        for polygon in parts:
            polygons.append(polygon[0])
            colours.append(colour)
    with _lock:
        figure = _figure(7, 6)
        ax = figure.subplots()
        ax.add_collection(mpl().PolyCollection(polygons, facecolors=colours, edgecolors="#555555", linewidths=0.4))
        ax.autoscale_view()
        ax.set_aspect("equal")
        ax.set_axis_off()
        lower, handles = 1, []
        for bound, colour in zip(breaks, SCALE[len(SCALE) - len(breaks):], strict=True):
            text = f"{lower:,}" if lower == bound else f"{lower:,}–{bound:,}"
            handles.append(Patch(facecolor=colour, edgecolor="#555555", label=text))
            lower = bound + 1
        handles.append(Patch(facecolor="#f2f2f2", edgecolor="#555555", label="0"))
        ax.legend(handles=handles, title=legend_title, prop={"family": FAMILIES}, title_fontproperties={"family": FAMILIES},
                  loc="lower left" if arabic else "lower right", frameon=False)
        if title:
            ax.set_title(title, fontfamily=FAMILIES, fontsize=13)
        return _render(figure, fmt)
