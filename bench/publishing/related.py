"""Related-reports scoring cost: `sijill.publishing.similarity.related` for one report against a
pool of N reports, scored from the texts and from the word counts stored with each report
(Report.terms, what the portal does), with the time of only tokenising the N texts as baseline. Texts are the paragraphs of the real Raqqa report, shuffled and mixed, so
word statistics are those of a real report.

    .venv/bin/python bench/publishing/related.py [--sizes 100,1000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from sijill.publishing import similarity  # noqa: E402
from sijill.publishing.report_text import parse_report_text  # noqa: E402

REPORT = ROOT.parent / "shared" / "data" / "reports" / "raqqa_caliphate_capital_en.txt"
ENTITIES = [f"actor:a{i}" for i in range(40)] + [f"place:p{i}" for i in range(60)] + [f"tag:t{i}" for i in range(30)]


def pool(n: int, rng: random.Random) -> list[similarity.Document]:
    paragraphs = parse_report_text(REPORT.read_text()).paragraphs
    words = " ".join(paragraphs).split()
    docs = []
    for key in range(n):
        body = " ".join(rng.sample(words, len(words)))  # same length and vocabulary, new order and mix
        docs.append(similarity.Document(key, "en", body, frozenset(rng.sample(ENTITIES, 6))))
    return docs


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times), statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="100,1000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rng = random.Random(7)
    for n in (int(s) for s in args.sizes.split(",")):
        docs = pool(n + 1, rng)
        target, others = docs[0], docs[1:]
        tokenise = best(lambda docs=docs: [similarity.term_counts(d.text) for d in docs], args.repeat)
        from_text = best(lambda t=target, o=others: similarity.related(t, o), args.repeat)
        # As the portal scores: word counts stored with each report (Report.terms).
        stored = [similarity.Document(d.key, d.language, entities=d.entities, counts=dict(similarity.term_counts(d.text)))
                  for d in docs]
        from_counts = best(lambda t=stored[0], o=stored[1:]: similarity.related(t, o), args.repeat)
        print(f"pool {n:>6,} reports of {len(target.text):,} chars: from text {from_text[0] * 1000:8.1f} ms; "
              f"from stored counts {from_counts[0] * 1000:8.1f} ms; tokenising alone {tokenise[0] * 1000:8.1f} ms; "
              f"stored/text ratio {from_counts[0] / from_text[0]:.3f}")


if __name__ == "__main__":
    main()
