"""Entering a report from a text file: byline, text, "About the author", and the actors and
places the extraction library finds in it, linked to the report.

`report_text.parse_report_text` is plain text handling; `report_load` writes through the report services,
so a loaded report has the same versions, audit events and workflow as one typed in the editor.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sijill.extraction import extract
from sijill.reports import services as report_services
from sijill.reports.models import AuthorKind, Report

from .report_text import default_title, parse_report_text

MIN_CONFIDENCE = 0.5


def linked_entities(text: str, *, language: str = "auto") -> dict:
    """The actors (slugs) and places (p-codes) the extraction library finds in `text`, most
    mentioned first, limited to those in this database; with the language it detected."""
    from sijill.actors.models import Actor
    from sijill.places.models import Place

    found = extract(text, lang=language).as_dict()
    counts: dict[str, dict[str, int]] = {"actors": {}, "places": {}}
    for mention in found["actors"]:
        if mention.get("actor") and not mention.get("unseeded") and mention["confidence"] >= MIN_CONFIDENCE:
            counts["actors"][mention["actor"]] = counts["actors"].get(mention["actor"], 0) + 1
    for mention in found["places"]:
        if mention.get("pcode") and mention["confidence"] >= MIN_CONFIDENCE:
            counts["places"][mention["pcode"]] = counts["places"].get(mention["pcode"], 0) + 1
    actors = set(Actor.objects.filter(slug__in=counts["actors"], deleted_at__isnull=True).values_list("slug", flat=True))
    places = set(Place.objects.filter(pcode__in=counts["places"]).values_list("pcode", flat=True))
    order = lambda d: sorted(d, key=lambda k: (-d[k], k))  # noqa: E731
    return {
        "language": found["language"] if found["language"] in ("ar", "en") else "en",
        "actors": [a for a in order(counts["actors"]) if a in actors],
        "places": [p for p in order(counts["places"]) if p in places],
        "unknown_places": [p for p in order(counts["places"]) if p not in places],
    }


@transaction.atomic
def report_load(*, user, text: str, title: str = "", language: str = "auto", tags=(), publish: bool = False,
                published_at: datetime | None = None, translation_of: Report | None = None) -> Report:
    """Create a report from `text` with its authors and the actors and places found in it;
    optionally send it through review and publish it (now or at `published_at`). A text already
    entered under the same title is not entered twice: the existing report is returned."""
    from sijill.places.models import Place

    parsed = parse_report_text(text)
    if not parsed.body:
        raise ValidationError({"body": _("The file holds no report text.")})
    if not Place.objects.exists():
        raise ValidationError({"places": _("The gazetteer is empty: load it first (`sijill gazetteer load`).")})
    title = title.strip() or default_title(parsed.paragraphs[0])
    already = Report.objects.filter(title=title, body=parsed.body, deleted_at__isnull=True).first()
    if already is not None:
        return already  # loading the same file again changes nothing
    entities = linked_entities(parsed.body, language=language)
    authors = []
    if parsed.byline:
        authors.append(report_services.author_get_or_create(parsed.byline))
    if parsed.organisation:
        authors.append(report_services.author_get_or_create(
            parsed.organisation, kind=AuthorKind.ORGANISATION, bio=parsed.about))
    report = report_services.report_create(
        user=user, language=entities["language"] if language == "auto" else language, title=title,
        body=parsed.body,
        authors=authors, tags=list(tags), actors=entities["actors"], places=entities["places"],
        translation=translation_of.pk if translation_of else None,
    )
    if publish:
        report_services.report_submit(user=user, report_id=report.pk)
        report = report_services.report_publish(user=user, report_id=report.pk, at=published_at)
    return report
