"""Related reports: shared linked records and text similarity. Plain Python, no Django.

score = ENTITY_WEIGHT x entity overlap + TEXT_WEIGHT x text similarity, both in [0, 1]:

- entity overlap: Jaccard index of the two reports' linked records (actors, places with their
  governorate, incidents, tags), so two reports about ISIS in al-Raqqa overlap even when one is
  in Arabic and the other in English;
- text similarity: cosine of TF-IDF vectors over the words of title, summary and body reduced by
  the project's one normaliser (`sijill.text.normalise.tokens`, Arabic letter forms folded and
  articles stripped), without the commonest function words. It only compares reports in the same
  language; across languages only the entities count.

Each result says which entities are shared and both parts of the score, so an editor can see why
a report is listed.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

from sijill.text.normalise import strip_article, tokens

ENTITY_WEIGHT = 0.6
TEXT_WEIGHT = 0.4
MIN_SCORE = 0.05

# Function words that carry no topic (after normalisation, so Arabic forms are already folded).
STOP_WORDS = frozenset(
    """a an and are as at be been but by for from had has have he her his in into is it its of on
    or that the their them there these they this to was were which who will with not no so than
    also after before over all any some other such only more most can could would should may our
    we us you your i me my what when where while how about between during under within without
    في من على الى عن مع هذا هذه ذلك التي الذي الذين ان او ما لا لم لن قد كان كانت هو هي هم بعد
    قبل بين حتى عند كل غير ثم اذا ايضا منذ خلال ضد""".split()
)


@dataclass(frozen=True)
class Document:
    """One report as the scorer sees it."""

    key: int
    language: str
    text: str = ""
    entities: frozenset[str] = field(default_factory=frozenset)
    # The text's word counts when already known (stored with the report): saves re-reading it.
    counts: dict[str, int] | None = None


@dataclass(frozen=True)
class Related:
    key: int
    score: float
    entity_score: float
    text_score: float
    shared: tuple[str, ...]


def term_counts(text: str) -> Counter:
    """How often each normalised word occurs, an Arabic word counted without its article."""
    counts: Counter = Counter()
    for tok in tokens(text):
        bare = strip_article(tok) or tok
        if len(bare) < 2 or bare in STOP_WORDS or bare.isdigit() or tok in STOP_WORDS:
            continue
        counts[bare] += 1
    return counts


def tfidf_vectors(documents: list[Document]) -> dict[int, dict[str, float]]:
    """Unit-length TF-IDF vectors (sublinear tf, smoothed idf), per language."""
    vectors: dict[int, dict[str, float]] = {}
    for language in {d.language for d in documents}:
        group = [d for d in documents if d.language == language]
        counts = {d.key: d.counts if d.counts is not None else term_counts(d.text) for d in group}
        df: Counter = Counter()
        for c in counts.values():
            df.update(c.keys())
        n = len(group)
        for key, c in counts.items():
            vec = {t: (1 + math.log(tf)) * (math.log((1 + n) / (1 + df[t])) + 1) for t, tf in c.items()}
            norm = math.sqrt(sum(w * w for w in vec.values())) or 1.0
            vectors[key] = {t: w / norm for t, w in vec.items()}
    return vectors


def report_terms(*parts: str) -> dict[str, int]:
    """The word counts stored with a report (title, summary, text), as `Document.counts`."""
    return dict(term_counts("\n".join(p for p in parts if p)))


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(t, 0.0) for t, w in a.items())


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    union = a | b
    return len(a & b) / len(union) if union else 0.0


def related(target: Document, others: list[Document], *, limit: int = 5,
            min_score: float = MIN_SCORE) -> list[Related]:
    """The `limit` documents most related to `target`, best first, each with its explanation."""
    vectors = tfidf_vectors([target, *others])
    mine = vectors.get(target.key, {})
    results = []
    for doc in others:
        if doc.key == target.key:
            continue
        entity_score = jaccard(target.entities, doc.entities)
        text_score = cosine(mine, vectors.get(doc.key, {})) if doc.language == target.language else 0.0
        score = ENTITY_WEIGHT * entity_score + TEXT_WEIGHT * text_score
        if score >= min_score:
            results.append(Related(doc.key, round(score, 3), round(entity_score, 3), round(text_score, 3),
                                   tuple(sorted(target.entities & doc.entities))))
    results.sort(key=lambda r: (-r.score, r.key))
    return results[:limit]
