"""Showing the published dicts of the redaction module in the reader's language."""

from __future__ import annotations

from django import template
from django.utils import translation
from django.utils.translation import gettext as _

register = template.Library()

GROUPS = ("total", "children", "women", "men", "combatants")


@register.simple_tag
def localized(data, stem: str) -> str:
    """data[f"{stem}_ar"] for an Arabic reader, data[f"{stem}_en"] otherwise, falling back to the
    other. stem "" reads the keys "ar"/"en" (vocabulary terms); "victim" reads a victim's names."""
    if not data:
        return ""
    arabic = translation.get_language() == "ar"
    if stem == "victim":
        keys = ("name_ar", "name_latin") if arabic else ("name_latin", "name_ar")
    elif stem == "":
        keys = ("ar", "en") if arabic else ("en", "ar")
    else:
        keys = (f"{stem}_ar", f"{stem}_en") if arabic else (f"{stem}_en", f"{stem}_ar")
    for key in keys:
        if data.get(key):
            return data[key]
    return ""


def _range(low, high) -> str:
    text = "" if low is None else str(low)
    if high is not None and high != low:
        text += f"–{high}"
    return text


@register.filter
def casualty_rows(item: dict) -> list[tuple[str, list[str]]]:
    """(outcome, one range per group) from a published incident's casualty figures."""
    figures = item.get("casualties") or {}
    labels = {"killed": _("killed"), "injured": _("injured")}
    return [
        (labels[outcome], [_range(figures.get(f"{outcome}_{g}_min"), figures.get(f"{outcome}_{g}_max")) for g in GROUPS])
        for outcome in ("killed", "injured")
    ]


@register.filter
def label_of(code: str, kind: str) -> str:
    """The translated label of a code in a published dict: kind "precision", "degree" or "confidence"."""
    from sijill.incidents.models import Confidence, Degree
    from sijill.places.models import Precision

    choices = {"precision": {**dict(Precision.choices), "country": _("country")},
               "degree": dict(Degree.choices), "confidence": dict(Confidence.choices)}.get(kind, {})
    return str(choices.get(code, code or ""))
