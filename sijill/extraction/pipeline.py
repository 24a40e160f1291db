"""The one entry point: `extract(text, published=..., lang=...)` -> `Extraction`.

`RuleExtractor` is the default and stands on its own: gazetteer, alias table, date, number and
lexicon rules. Any other extractor (for instance one backed by a local model) implements the
same `Extractor` protocol and is passed as `extractor=`; none is required and none is default.

Besides the items (places, actors, dates, casualties, violations, victims), an `Extraction` holds
`incident`: the extractor's proposal for the draft incident (the governorate, place, date,
perpetrator, killed and injured counts and violation type the report is most about), each
pointing back to the item and span it came from. The proposal only picks among extracted items:
if the text gives no count, the proposal has none; if it gives no date, the proposal falls back to
the publication date the caller gave (with no item and a low confidence).
"""

from __future__ import annotations

import re
import time
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from sijill.extraction.actors import ActorFinder, default_finder, role_of
from sijill.extraction.casualties import find_casualties
from sijill.extraction.dates import find_dates, incident_date
from sijill.extraction.language import detect_language
from sijill.extraction.layout import chrome_spans
from sijill.extraction.places import PlaceFinder
from sijill.extraction.spans import SpanSet
from sijill.extraction.spans import near as near_any
from sijill.extraction.victims import find_victims
from sijill.extraction.violations import find_violations
from sijill.extraction.words import words
from sijill.text.normalise import normalise

MAX_CHARS = 2_000_000
# How much a mention counts towards the perpetrator by its part in the clause (`actors.role_of`).
ROLE_WEIGHT = {"agent": 4.0, "patient": 0.1, "holder": 0.3, None: 1.0}
# How much more a place counts when named in a sentence with a violation or casualty word.
PLACE_NEAR_ATTACK = 2.0
# How much more again when that sentence gives a toll (killed or injured count).
PLACE_WITH_TOLL = 1.5
# How much more a place counts in the first sentence: the headline or lead names the incident's place.
PLACE_IN_LEAD = 3.0
# How much more the governorates named with the toll the proposal gives (the incident's own count).
PLACE_OF_PROPOSED_TOLL = 1.5
_SENTENCE_END = re.compile(r"[.!?\u061f\n](?=\s)|\n")


@dataclass
class Extraction:
    language: str
    published: date | None
    places: list[dict] = field(default_factory=list)
    actors: list[dict] = field(default_factory=list)
    dates: list[dict] = field(default_factory=list)
    casualties: list[dict] = field(default_factory=list)
    violations: list[dict] = field(default_factory=list)
    victims: list[dict] = field(default_factory=list)
    incident: dict = field(default_factory=dict)
    extractor: str = "rules"

    def as_dict(self) -> dict:
        return {
            "language": self.language,
            "published": self.published.isoformat() if self.published else None,
            "places": self.places, "actors": self.actors, "dates": self.dates,
            "casualties": self.casualties, "violations": self.violations, "victims": self.victims,
            "incident": self.incident, "extractor": self.extractor,
        }


class Extractor(Protocol):
    name: str

    def extract(self, text: str, *, published: date | None = None, lang: str = "auto",
                today: date | None = None) -> Extraction: ...


# Killed or injured counts from this size up are war-long tolls, not one incident's.
CUMULATIVE_TOLL = 10_000
_TOLL_UPDATE = frozenset(normalise(w) for w in (
    "toll", "rose", "risen", "climbed", "reached", "increased", "حصيلة", "ارتفاع", "ارتفعت", "بلغت", "وصلت",
    "ارتفع", "لترتفع", "ليرتفع"))


def _is_toll_update(text: str) -> bool:
    """Does a count's wording say it updates the toll ("the toll rose to 30", "ارتفعت حصيلة")?"""
    return any(w in _TOLL_UPDATE for w in normalise(text).split())


def _lead_in(text: str, count: dict) -> str:
    """A count's words with the few before them in its clause: "ارتفعت حصيلة القتلى إلى 9", "the
    toll has risen to 9" say it updates the toll even where the count's own span starts later."""
    a, b = count["span"]
    before = text[max(0, a - 40):a]
    cut = max(before.rfind(ch) for ch in ".!?\n\u061f")
    return before[cut + 1:] + text[a:b]


# How far after a group's opening count a larger total must stand to be another account, not the
# same sentence's sum ("killing nine children and 14 others ... killed 23 civilians").
LEAD_GAP = 500
_PART_WORDS = r"(?:including|among|incl|بينهم|منهم|بينهن|ضمنهم)"
_PART = re.compile(rf"{_PART_WORDS}\W*$", re.IGNORECASE)
_PART_START = re.compile(rf"{_PART_WORDS}\b", re.IGNORECASE)


def _part_of(text: str, count: dict) -> bool:
    """Is a group's count written as part of a larger one ("including three children", "بينهم 4
    أطفال", "70 children were among those killed")?"""
    a, b = count["span"]
    return bool(_PART.search(text[max(0, a - 25):a]) or _PART_START.match(count["text"])) \
        or "among" in text[b:b + 20].lower()


# "Damascus said", "despite Damascus promises", "حكومة دمشق", "دمشق تنفي": the capital named for the
# government that sits there, not as the place of anything.
_CAPITAL = re.compile(r"(?:damascus|دمشق)$", re.IGNORECASE)
_GOVERNMENT_AFTER = frozenset(normalise(w) for w in (
    "has", "had", "said", "says", "government", "regime", "ally", "allies", "blamed", "blames", "denied",
    "denies", "accused", "accuses", "promised", "promises", "insists", "insisted", "claimed", "claims",
    "wants", "agreed", "agrees", "refused", "refuses", "rejected", "rejects", "announced", "announces", "s",
    "تتهم", "اتهمت", "تنفي", "نفت", "ترفض", "رفضت", "اعلنت", "تعلن", "قالت", "تقول", "تؤكد", "اكدت",
    "تطالب", "طالبت", "وافقت", "توافق", "تحمل", "حملت"))
_GOVERNMENT_BEFORE = frozenset(normalise(w) for w in (
    "pro", "backed", "حكومة", "حكومه", "نظام", "سلطات", "وحكومة", "لحكومة", "بحكومة", "ونظام"))


# "two U.N. envoys went to Damascus", "during his visit to Damascus", "زيارة إلى دمشق": the capital as the
# destination of diplomacy, not the place of a deed.
_VISIT = re.compile(r"(?<!\w)(?:(?:went|go|goes|going|travel(?:l?ed|s)?|trip|visit(?:ed|s)?|flew|fly|envoys?|ambassadors?"
                    r"|delegations?|arrived|arrives|returned) (?:to |in )?|(?:زار|زيارة|زيارته|وصل|وصلت|سفير|مبعوث)"
                    r"(?: (?:الى|إلى|في))? ?)$", re.IGNORECASE)


def _names_government(text: str, span: list[int]) -> bool:
    """Is a mention of the capital the government's name ("Damascus said", "حكومة دمشق")?"""
    a, b = span
    if not _CAPITAL.search(text[a:b]):
        return False
    after = normalise(text[b:b + 16]).split()
    before = normalise(text[max(0, a - 16):a].replace("-", " ")).split()
    return bool(after and after[0] in _GOVERNMENT_AFTER or before and before[-1] in _GOVERNMENT_BEFORE
                or _VISIT.search(text, max(0, a - 30), a))


# A photo's caption names where the picture was taken, often another day's attack: "... in Hasakeh on
# Monday (AFP photo)", "(TRT World and Agencies)", "In this photo taken on June 8 ...", "صورة أرشيفية".
_PHOTO_CREDIT = re.compile(r"\((?=[^()]{0,60}\b(?:[Pp]hoto|PHOTO|[Pp]icture|Agencies|Getty|[Ff]ile)\b|[^()]{0,60}"
                           r"(?:صورة|أرشيف|ارشيف))[^()]{1,80}\)")
_PHOTO_PHRASE = re.compile(r"\b(?:[Ii]n this (?:photo|picture|image|handout)|[Pp]hoto taken|[Hh]andout (?:photo|picture)"
                           r"|[Ff]ile photo)\b")
CAPTION = 0.2

# "Elsewhere ...", "Meanwhile ...", "In a relevant context ...", "وفي سياق متصل": a roundup turns to
# another story; the places after it are those stories', the incident is the one told first.
_OTHER_STORY = re.compile(
    r"\b(?:[Ee]lsewhere|[Ss]eparately|[Mm]eanwhile|[Ii]n (?:a |an )?(?:relevant|related|separate|the same|another|other)"
    r" (?:context|development|incident|news)s?)\b"
    r"|(?:في|وفي) (?:سياق|تطور) (?:متصل|اخر|آخر|منفصل)|من جهة (?:اخرى|أخرى|ثانية)|(?:في|وفي) غضون ذلك")
OTHER_STORY = 0.5
# Parts of those phrases, looked for before the expression is run (most reports have none of them)
_OTHER_STORY_HINTS = ("lsewhere", "eparately", "eanwhile", " context", " development", " incident", " news", "سياق",
                      "تطور", "جهة", "غضون")


def _captions(text: str, ends: list[int]) -> SpanSet:
    """The spans of photo captions: from the sentence start to the credit, or the phrase's sentence."""
    spans = []
    for m in _PHOTO_CREDIT.finditer(text):
        i = bisect_right(ends, m.start())
        spans.append((ends[i - 1] if i else 0, m.end()))
    for m in _PHOTO_PHRASE.finditer(text):
        i = bisect_right(ends, m.start())
        spans.append((ends[i - 1] if i else 0, ends[i] if i < len(ends) else len(text)))
    return SpanSet(spans)



def _place_factor(sentence: int, attack_sentences: set[int], toll_sentences: set[int]) -> float:
    """A place in the sentence of the attack weighs more, and more again when that sentence gives the
    toll: a report covering several incidents names each one's place with its own deed and dead."""
    if sentence in toll_sentences:
        return PLACE_NEAR_ATTACK * PLACE_WITH_TOLL
    return PLACE_NEAR_ATTACK if sentence in attack_sentences else 1.0


def _weight(span: list[int], length: int) -> float:
    """Early mentions (title, lead) weigh more: a report names its incident first."""
    share = span[0] / max(length, 1)
    return 2.0 if share < 0.15 else 1.4 if share < 0.4 else 1.0


class RuleExtractor:
    """Gazetteer, alias-table and rule extractor; the default."""

    name = "rules"

    def __init__(self, *, places: PlaceFinder | None = None, actors: ActorFinder | None = None):
        self.places = places or PlaceFinder()
        self.actors = actors or default_finder()

    def extract(self, text: str, *, published: date | None = None, lang: str = "auto",
                today: date | None = None) -> Extraction:
        text = text or ""
        if len(text) > MAX_CHARS:
            raise ValueError(f"The text has {len(text)} characters; at most {MAX_CHARS} can be read at once.")
        language = detect_language(text) if lang in (None, "", "auto") else lang
        ws = words(text)
        date_items, reference = find_dates(text, ws, published, today)
        date_spans = [d.span for d in date_items]
        result = Extraction(language=language, published=published)
        result.actors = self.actors.find(text, ws)
        # A name the alias table knows as a party is not also a place: "al-Assad", "Ahrar al-Sham",
        # "ISIS" collide with villages in the gazetteer ("Assad", "Ahrar", "Iss").
        taken = SpanSet([tuple(a["span"]) for a in result.actors])
        result.places = [p.as_dict() for p in self.places.find(text, ws) if not taken.overlaps(*p.span)]
        result.dates = [d.as_dict() for d in date_items]
        result.casualties = [c.as_dict() for c in find_casualties(text, ws, date_spans)]
        result.violations = find_violations(text, ws)
        result.victims = find_victims(text)
        for group in (result.places, result.actors, result.dates, result.casualties, result.violations,
                      result.victims):
            for n, item in enumerate(group):
                item["id"] = n
        result.incident = self._incident(text, result, reference, ws)
        return result

    # The proposal for the draft incident -------------------------------------------------
    def _incident(self, text: str, r: Extraction, reference: date | None, ws: list) -> dict:
        n = len(text)
        proposal: dict = {"reference_date": reference.isoformat() if reference else None}
        # Governorate: most weight over all mentions; the place shown is its most specific mention.
        # A place named near a violation or casualty word (the clause of the attack) weighs more
        # than one named in a statement or the background paragraph; one in a photo's caption
        # weighs less, and the capital named for the government ("Damascus said") not at all.
        hot = sorted([v["span"][0] for v in r.violations] + [c["span"][0] for c in r.casualties])
        ends = [m.end() for m in _SENTENCE_END.finditer(text)] if r.places or r.dates else []
        attack_sentences = {bisect_right(ends, pos) for pos in hot}
        toll_sentences = {bisect_right(ends, c["span"][0]) for c in r.casualties}
        in_sentence = [bisect_right(ends, p["span"][0]) for p in r.places]  # by place id
        place_tolls = toll_sentences
        if toll_sentences and r.places:
            # "At least 70 were killed." after the sentence that says where: the toll is that place's
            named = set(in_sentence)
            place_tolls = toll_sentences | {t - 1 for t in toll_sentences if t not in named and t - 1 in named}
        by_gov: dict[str, float] = defaultdict(float)
        captions = _captions(text, ends) if r.places else SpanSet()
        turn = _OTHER_STORY.search(text, ends[0] if ends else 0) if r.places and any(
            h in text for h in _OTHER_STORY_HINTS) else None
        # only when the story told first has its own dead or wounded
        turn_at = turn.start() if turn and r.casualties and r.casualties[0]["span"][0] < turn.start() else n
        for p in r.places:
            if p["governorate"] and not _names_government(text, p["span"]):
                sentence = in_sentence[p["id"]]
                by_gov[p["governorate"]] += p["confidence"] * _weight(p["span"], n) * (
                    1.0 if p["country"] == "SY" else 0.8) * (
                    _place_factor(sentence, attack_sentences, place_tolls)) * (
                    PLACE_IN_LEAD if sentence == 0 else 1.0) * (
                    CAPTION if captions.starts and captions.contains(p["span"][0]) else 1.0) * (
                    OTHER_STORY if p["span"][0] >= turn_at else 1.0)
        # Perpetrator: the party named most, weighting mentions near a violation or casualty word,
        # and by the part the mention plays in its clause: the one who strikes, or the one struck.
        starts = [w.start for w in ws]
        by_actor: dict[str, float] = defaultdict(float)
        for a in r.actors:
            slug = self.actors.root(a["actor"] or a["parent"])
            if not slug or slug == "unknown" and len(r.actors) > 1:
                continue
            near = near_any(hot, a["span"][0], 150)
            role = ROLE_WEIGHT[a.get("role") or role_of(ws, starts, a["span"])]
            by_actor[slug] += a["confidence"] * _weight(a["span"], n) * (1.5 if near else 1.0) * role
        if by_actor:
            slug = max(by_actor, key=lambda s: (by_actor[s], s))
            item = next(a for a in r.actors if self.actors.root(a["actor"] or a["parent"]) == slug)
            info = self.actors.info.get(slug)
            proposal["perpetrator"] = {"item": item["id"], "actor": slug, "name": info.name_en if info else slug,
                                       "confidence": round(by_actor[slug] / sum(by_actor.values()), 2)}
        # Date: a day the text ties to the deed, else the dateline or publication date (`incident_date`).
        when = incident_date(r.dates, reference, r.published, lambda pos: bisect_right(ends, pos),
                             toll_sentences, attack_sentences)
        if when:
            proposal["date"] = when
        # Counts: the first total of each outcome, raised by a later larger toll that says it updates
        # the toll ("rose to", "ارتفعت حصيلة"), wherever the story gives it.
        # A war-long toll ("more than 300,000 since 2011") is never one incident's count, and a
        # written number is preferred to a vague quantity ("dozens dead") when the report gives one.
        # The tolls in a copied page's lists of other articles ("Related", "اقرأ أيضاً") are those
        # articles' own, not the story's: they count only when the story gives none.
        chrome = SpanSet(chrome_spans(text)) if r.casualties else None
        story = [c for c in r.casualties if not chrome.overlaps(*c["span"])] if chrome and chrome.starts else []
        casualties = story or r.casualties
        for outcome in ("killed", "injured"):
            items = [c for c in casualties if c["outcome"] == outcome and c["min"] < CUMULATIVE_TOLL
                     and c["qualifier"] not in ("period", "named")]
            totals = [c for c in items if c["group"] == "total"]
            if totals:
                exact = [c for c in totals if c["qualifier"] not in ("vague", "plural")]
                first = exact[0] if exact else totals[0]
                rest = totals[totals.index(first) + 1:]
                later = [c for c in rest if c["min"] > first["min"] and _is_toll_update(c["text"])]
                pick = later[-1] if later else first
                if not later and not _is_toll_update(_lead_in(text, first)):
                    # "مقتل 4 أطفال ... ووثق الفريق مقتل 65 مدنياً خلال الفترة": a group's count that
                    # opens the story is its toll; a larger total written after it without saying it
                    # raises the toll is another account (a tally, the background)
                    opening = [c for c in items if c["span"][0] < first["span"][0] and c["group"] != "combatants"
                               and c["qualifier"] not in ("vague", "plural") and c["min"] < first["min"]
                               and first["span"][0] - c["span"][1] > LEAD_GAP and not _part_of(text, c)]
                    if opening:
                        pick = opening[0]
                proposal[outcome] = {"item": pick["id"], "min": pick["min"], "max": pick["max"],
                                     "confidence": pick["confidence"]}
                if not exact:
                    # "قُتل عدد من الأطفال ... مقتل 4 أطفال": a written count of a group says more than
                    # a vague total
                    written = [c for c in items if c["group"] not in ("total", "combatants")
                               and c["qualifier"] not in ("vague", "plural") and c["min"] > pick["min"]]
                    if written:
                        best = max(written, key=lambda c: c["min"])
                        proposal[outcome] = {"item": best["id"], "min": best["min"], "max": best["max"],
                                             "confidence": best["confidence"]}
            elif items:
                groups = {}
                for c in items:
                    if c["group"] != "combatants":
                        groups.setdefault(c["group"], c)
                if groups:
                    lo = sum(c["min"] for c in groups.values())
                    his = [c["max"] for c in groups.values()]
                    proposal[outcome] = {"item": next(iter(groups.values()))["id"], "min": lo,
                                         "max": None if None in his else sum(his), "confidence": 0.5}
            if outcome == "killed" and outcome not in proposal:
                # No number written, but the dead are named ("الشهيد مصطفى ...", "مقتل "خلف الوهاب""):
                # at least as many as the different people named.
                named: dict[str, dict] = {}
                for c in casualties:
                    if c["qualifier"] == "named" and c["outcome"] == outcome:
                        if c["name"] not in named or c["min"] > named[c["name"]]["min"]:
                            named[c["name"]] = c
                if len(named) > 1:
                    named.pop("", None)  # "الذي استشهد" refers to someone named elsewhere
                if named:
                    proposal[outcome] = {"item": next(iter(named.values()))["id"],
                                         "min": sum(c["min"] for c in named.values()), "max": None,
                                         "confidence": 0.4}
        # The incident's place is first where the toll proposed above was counted: the governorates named in
        # that count's sentence (or in the sentence before, when it names none) weigh more.
        toll = proposal.get("killed") or proposal.get("injured")
        if by_gov and toll:
            at = bisect_right(ends, r.casualties[toll["item"]]["span"][0])
            for sentence in (at, at - 1):
                there = {p["governorate"] for p in r.places
                         if in_sentence[p["id"]] == sentence and p["governorate"] in by_gov}
                for g in there:
                    by_gov[g] *= PLACE_OF_PROPOSED_TOLL
                if there:
                    break
        if by_gov:
            # a tie goes to the governorate named first (a report names its incident first)
            first_at = {}
            for p in r.places:
                first_at.setdefault(p["governorate"], p["span"][0])
            gov = max(by_gov, key=lambda g: (round(by_gov[g], 6), -first_at[g]))
            inside = [p for p in r.places if p["governorate"] == gov]
            best = max(inside, key=lambda p: (p["level"] or 0, p["confidence"], -p["span"][0]))
            proposal["place"] = {"item": best["id"], "pcode": best["pcode"], "governorate": gov,
                                 "governorate_name": best["governorate_name"], "name_en": best["name_en"],
                                 "level": best["level"], "confidence": round(by_gov[gov] / sum(by_gov.values()), 2)}
        if r.violations:
            counts: dict[tuple, float] = defaultdict(float)
            for v in r.violations:
                counts[(v["type"], v["method"] or "")] += v["confidence"] * _weight(v["span"], n)
            vtype, method = max(counts, key=lambda k: (counts[k], k))
            item = next(v for v in r.violations if v["type"] == vtype and (v["method"] or "") == method)
            proposal["violation"] = {"item": item["id"], "type": vtype, "method": method or None}
        return proposal


_default: RuleExtractor | None = None


def extract(text: str, *, published: date | None = None, lang: str = "auto",
            extractor: Extractor | None = None, today: date | None = None) -> Extraction:
    """Extract draft incident fields from a report; see the module docstring. `today` is the day the
    text is read (the machine's date by default): no date without a year is read as later."""
    global _default
    if extractor is None:
        if _default is None:
            _default = RuleExtractor()
        extractor = _default
    started = time.perf_counter()
    result = extractor.extract(text, published=published, lang=lang, today=today)
    result.incident["seconds"] = round(time.perf_counter() - started, 4)
    return result
