"""Report understanding: Arabic and English report text -> draft incident fields with spans.

Plain Python, no Django import. One entry point, `extract(text, published=..., lang=...)`,
returns an `Extraction` whose `as_dict()` is the JSON the CLI prints and the drafts app stores.
Every extracted item carries the character span it came from and a confidence.
"""

from sijill.extraction.pipeline import Extraction, Extractor, RuleExtractor, extract

__all__ = ["Extraction", "Extractor", "RuleExtractor", "extract"]
