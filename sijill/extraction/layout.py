"""The parts of a copied web page that are not its story: lists of other articles' headlines.

Reports often arrive as a page copied whole: the story, then "اقرأ أيضاً" / "Related" / "Most read"
and a list of other headlines ("مقتل 10 في قصف إسرائيلي على بيت لاهيا", "3 killed in ..."), each
on its own line, with the dates of those other posts. Their tolls, places and days belong to other
events. `chrome_spans` finds them by layout alone, in any language:

* a section heading line ("اقرأ أيضاً", "مقالات ذات صلة", "الأخبار الأكثر تداولاً", "Related",
  "Read more", "Most read", "السابق" / "التالي") and the short lines after it, up to the next
  paragraph of prose;
* after the story's first paragraph of prose, a run of three or more short lines with no paragraph
  between them and no full stop at their end (a list of links), since a story's own text runs in
  paragraphs of sentences.

A short line is under `SHORT` characters; prose is a line of `PROSE` characters or more. A text
with no paragraph of prose (a post written line by line) has no runs taken from it: its lines are
its story.
"""

from __future__ import annotations

import re

from sijill.text.normalise import normalise

SHORT = 150
PROSE = 220
RUN = 3
# Headings of the lists of other articles a news page prints around its story.
_HEADINGS = (
    "اقرأ أيضا", "اقرأ أيضاً", "إقرأ أيضا", "إقرأ أيضاً", "اقرأ المزيد", "إقرأ المزيد", "اقرا ايضا", "المزيد",
    "مقالات ذات صلة", "أخبار ذات صلة", "مواضيع ذات صلة", "ذات صلة", "مقالات مشابهة", "أخبار متعلقة",
    "مواضيع متعلقة", "الأخبار الأكثر تداولاً", "الأكثر تداولاً", "الأكثر قراءة", "الأكثر مشاهدة",
    "الأكثر شيوعاً", "آخر الأخبار", "أحدث الأخبار", "أخبار عاجلة", "شاهد أيضاً", "شاهد أيضا",
    "قد يعجبك أيضاً", "قد يهمك", "المقال السابق", "المقال التالي", "السابق", "التالي", "الخبر السابق",
    "الخبر التالي", "مواد ذات صلة", "تقارير ذات صلة", "اخترنا لك", "الأكثر قراءة اليوم",
    "related", "related articles", "related news", "related stories", "related posts", "related content",
    "read more", "read also", "see also", "also read", "more stories", "more news", "more from",
    "most read", "most popular", "most viewed", "latest news", "latest stories", "trending",
    "trending now", "you may also like", "recommended", "recommended stories", "previous", "next",
    "previous article", "next article", "previous post", "next post", "top stories", "more on this story",
)
_HEADING_KEYS = frozenset("".join(normalise(h).split()) for h in _HEADINGS)
_LINE = re.compile(r"[^\n]*")
# A headline ends without a full stop (or is cut short with "…"); a line of the story ends with one.
_SENTENCE_END = (".", "。", "؟", "?", "!", ":", "،", ",", "؛")


def _key(line: str) -> str:
    return "".join(normalise(line.strip(" \t:.…-–—|»«>#*•")).split())


def chrome_spans(text: str) -> list[tuple[int, int]]:
    """The character spans of the page's lists of other articles (see the module docstring)."""
    if "\n" not in text:
        return []
    lines = [(m.start(), m.end()) for m in _LINE.finditer(text) if m.end() > m.start()]
    out: list[tuple[int, int]] = []
    seen_prose = False
    after_heading = False
    run: list[tuple[int, int]] = []

    def close_run() -> None:
        if len(run) >= RUN and seen_prose:
            out.extend(run)
        run.clear()

    for start, end in lines:
        line = text[start:end].strip()
        if not line:
            continue
        size = len(line)
        if size >= PROSE:
            close_run()
            seen_prose, after_heading = True, False
            continue
        if size <= 40 and _key(line) in _HEADING_KEYS:
            close_run()
            after_heading = True
            out.append((start, end))
            continue
        if after_heading and size < PROSE:
            out.append((start, end))
            continue
        if size < SHORT and not line.endswith(_SENTENCE_END):
            run.append((start, end))
        else:
            close_run()
    close_run()
    out.sort()
    return out
