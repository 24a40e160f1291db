"""A published report as copied from its web page -> byline, text, about-the-author.

Plain Python, no Django: the page furniture after the article (related posts, comment form) is
dropped, the byline ("EXCLUSIVE – Name", "By Name", "بقلم: الاسم") and the "About the author"
section are taken apart from the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Lines a web page adds after an article; everything from the first of them on is dropped.
_PAGE_TAIL = re.compile(r"^\s*(related posts|leave a reply|share this|مقالات ذات صلة|اترك تعليقا)\s*$",
                        re.IGNORECASE | re.MULTILINE)
_ABOUT = re.compile(r"^\s*(about the author|عن الكاتب|عن المؤلف|من نحن)\s*$", re.IGNORECASE | re.MULTILINE)
# "EXCLUSIVE – Name", "By Name", "بقلم: الاسم": a short first line naming the writer.
_BYLINE = re.compile(r"^\s*(?:(?:exclusive|special report|by|بقلم|خاص)\s*[–—:-]?\s*)+(?P<name>[^.\n]{3,80})\s*$",
                     re.IGNORECASE)


@dataclass
class ParsedReport:
    body: str
    byline: str = ""
    organisation: str = ""
    about: str = ""
    paragraphs: list[str] = field(default_factory=list)


def parse_report_text(text: str) -> ParsedReport:
    """Split a published report as copied from its web page into byline, text and about-the-author."""
    text = (text or "").replace("\r\n", "\n").strip()
    tail = _PAGE_TAIL.search(text)
    if tail:
        text = text[: tail.start()].rstrip()
    about = ""
    heading = _ABOUT.search(text)
    if heading:
        about = text[heading.end():].strip()
        text = text[: heading.start()].rstrip()
    lines = text.split("\n", 1)
    byline = ""
    match = _BYLINE.match(lines[0])
    if match:
        byline = match.group("name").strip()
        text = lines[1].strip() if len(lines) > 1 else ""
    organisation = ""
    if about:
        first = about.split("\n", 1)[0]
        head, colon, _rest = first.partition(":")
        if colon and 2 <= len(head.split()) <= 8:
            organisation = head.strip()
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]
    return ParsedReport(body="\n\n".join(paragraphs), byline=byline, organisation=organisation,
                        about=" ".join(about.split()), paragraphs=paragraphs)


def default_title(paragraph: str) -> str:
    """The start of the first sentence, as a title when none is given."""
    sentence = re.split(r"(?<=[.!?؟])\s", paragraph, maxsplit=1)[0]
    words = sentence.split()
    return " ".join(words[:14]) + ("…" if len(words) > 14 else "")
