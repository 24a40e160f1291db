"""Atom feeds of the public reports, one per language (/public/feeds/en/, /public/feeds/ar/)."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from sijill.reports.models import Language

from . import selectors

FEED_SIZE = 50


class ReportFeed(Feed):
    feed_type = Atom1Feed

    def __call__(self, request, *args, **kwargs):
        # The feed's own words (title, subtitle) in the feed's language, whatever the reader's.
        language = kwargs.get("language")
        with translation.override(language if language in Language.values else None):
            return super().__call__(request, *args, **kwargs)

    def get_object(self, request, language: str):
        if language not in Language.values:
            raise Http404(f"No feed in {language!r}.")
        return language

    def title(self, language):
        return _("Sijill: published reports")

    def subtitle(self, language):
        return _("Reports published on the Sijill portal")

    def link(self, language):
        return reverse("public:report_list")

    def feed_url(self, language):
        return reverse("public:feed", args=[language])

    def items(self, language):
        return selectors.public_reports().filter(language=language)[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary or item.body[:600]

    def item_link(self, item):
        return reverse("public:report_detail", args=[item.slug])

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return ", ".join(a.name for a in item.authors.all()) or None

    def item_categories(self, item):
        return [t.name for t in item.tags.all()]
