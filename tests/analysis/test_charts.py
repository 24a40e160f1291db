"""Server-side charts: real matplotlib output, Arabic shaped by matplotlib itself."""

import re

import pytest

from sijill.analysis import charts


def _arabic_glyph_ids(svg: bytes) -> list[str]:
    return re.findall(r'xlink:href="#(NotoSansArabic-Regular-[0-9a-f]+)"', svg.decode())


def test_arabic_letters_take_their_joined_forms():
    # An isolated beh and three joined behs: once shaped, the joined word is drawn with initial,
    # medial and final glyphs the isolated letter never uses; unshaped, it would repeat it.
    isolated = set(_arabic_glyph_ids(charts.bar_chart(["ب"], [3], fmt="svg")))
    joined = set(_arabic_glyph_ids(charts.bar_chart(["ببب"], [3], fmt="svg")))
    assert isolated and joined
    assert joined - isolated


def test_bar_chart_png_and_svg():
    png = charts.bar_chart(["حلب", "Hama"], [12, 3], title="الحوادث", rtl=True)
    assert png.startswith(b"\x89PNG") and len(png) > 2000
    svg = charts.bar_chart(["حلب", "Hama"], [12, 3], fmt="svg")
    assert svg.lstrip().startswith(b"<?xml") and b"<svg" in svg


def test_timeline_chart_checks_its_series_lengths():
    png = charts.timeline_chart(["2016", "2017"], [("داعش", [1, 4]), ("Government", [2, 0])])
    assert png.startswith(b"\x89PNG")
    with pytest.raises(ValueError, match="3 values for 2 periods"):
        charts.timeline_chart(["2016", "2017"], [("x", [1, 2, 3])])


def test_choropleth_draws_the_shipped_boundaries():
    assert len(charts.boundaries(1)["features"]) == 14
    assert len(charts.boundaries(2)["features"]) == 62
    png = charts.choropleth({"SY02": 12, "SY05": 3}, level=1, legend_title="الحوادث")
    assert png.startswith(b"\x89PNG")
    with pytest.raises(ValueError, match="levels 1 and 2"):
        charts.boundaries(3)


def test_class_breaks_and_colours():
    assert charts.class_breaks([0, 0]) == []
    assert charts.class_breaks([1, 2, 3, 4, 5, 6]) == [1, 2, 3, 4, 5, 6]
    assert charts.class_breaks([5, 5, 5]) == [5]
    assert charts.class_breaks([2, 1]) == [1, 2]  # fewer values than classes: one class each
    assert charts.colour_for(0, [1, 2]) == "#f2f2f2"
    assert charts.colour_for(2, [1, 2]) == charts.SCALE[-1]


def test_unknown_format_is_refused():
    with pytest.raises(ValueError, match="png, svg"):
        charts.bar_chart(["a"], [1], fmt="gif")


def test_missing_arabic_font_names_the_debian_package(monkeypatch, tmp_path):
    charts.arabic_font_path.cache_clear()
    monkeypatch.setattr(charts, "FONT_DIRS", (tmp_path,))
    try:
        with pytest.raises(charts.FontMissing, match="fonts-noto-core"):
            charts.bar_chart(["a"], [1])
    finally:
        charts.arabic_font_path.cache_clear()
