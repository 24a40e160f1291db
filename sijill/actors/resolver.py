"""Find which actor a name means, and where actors are mentioned in a longer text.

Plain Python, no Django import: the selectors build an `ActorResolver` from the database; tests,
benchmarks and the extraction pipeline may build one from any list of (actor id, alias) pairs.

Names are compared on a *key*: the tokens of the shared normaliser (`sijill.text.normalise`), with
the Arabic article dropped from each word (الدولة = دولة), transliterated articles and "the"
dropped (al-Nusra = Nusra, "the regime" = regime), and dotted initials joined (U.S. = US). In a
running Arabic text the first word of a mention may also carry the attached conjunctions and
prepositions و ف ب ل ك ("وقصفت قوات النظام", "لداعش", "وللنظام").
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from typing import NamedTuple

from sijill.text.normalise import has_arabic, normalise, strip_article, tokens

__all__ = ["ActorMatch", "ActorResolver"]

# A word as written: letters, digits and Arabic marks, with apostrophes inside it (Da'esh, Hay'at).
_MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640"
_RAW_WORD = re.compile(
    rf"[^\W_][\w{_MARKS}]*(?:['’ʼʿʾ‘][\w{_MARKS}]+)*|[ʿʾ][\w{_MARKS}]+", re.UNICODE
)
_POSSESSIVE = re.compile(r"['’]s$", re.IGNORECASE)
# Separators a name never spans: sentence and clause punctuation, brackets, quotes, line breaks.
_BREAK = re.compile(r"[.,;:!?()\[\]{}\"«»“”\n،؛؟]")
# Transliterated Arabic articles standing as their own token (al-Sham, ash-Sham, el-Bab).
_ARTICLES = frozenset({"al", "el", "ar", "as", "ash", "at", "ad", "adh", "az", "an", "ath", "ul"})
_DROPPED = _ARTICLES | {"the"}
_HYPHENS = ("-", "\u2010", "\u2011", "\u2013")
# Conjunctions and prepositions written joined to the following Arabic word.
_PROCLITICS = ("", "و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك")

EXACT = 1.0
VARIANT = 0.95
PREFIXED = 0.9
FUZZY_FLOOR = 0.8
CONTAINED_MAX = 0.75


@dataclass(frozen=True)
class ActorMatch:
    """One actor that a name or a stretch of text refers to.

    `alias` is the stored name that matched; `score` is 1.0 for the same normalised text and lower
    for article, prefix, spelling and partial matches; `start`/`end` are character offsets into the
    searched text (set by `find_in`, None from `resolve`).
    """

    actor_id: object
    alias: str
    score: float
    start: int | None = None
    end: int | None = None


class _Token(NamedTuple):  # a tuple: a text has thousands, and a frozen dataclass is slow to build
    norm: str
    start: int
    end: int
    upper: bool  # written in capitals (acronyms such as IS, SDF, US)
    broken: bool  # a separator a name never spans stands before it
    dropped: bool  # an article or "the": not part of the key
    initials: bool = False  # one letter, or dotted initials joined (U.S.)


@dataclass(frozen=True)
class _Alias:
    actor_id: object
    name: str
    normalised: str
    key: tuple[str, ...]
    acronyms: tuple[bool, ...]  # key positions that must be written in capitals in a text
    leading_the: bool
    # A one-word Arabic alias written with its article (النظام) is found in a running text only
    # with the article: the bare word (نظام, "system") is too common to mean the actor.
    needs_article: bool = False


@lru_cache(maxsize=65536)
def _bare(token: str) -> str:
    """An Arabic word without its article (ال / لل); any other token unchanged."""
    if token.startswith(("ال", "لل")) and has_arabic(token):
        return strip_article(token) or token
    return token


@lru_cache(maxsize=65536)
def _word_parts(raw: str) -> tuple[tuple[str, ...], bool]:
    """The normalised tokens of one written word, and whether it holds Arabic; cached, since
    running texts repeat their words and normalising is most of the cost of a scan."""
    return tuple(tokens(raw)), has_arabic(raw)


_normalised = lru_cache(maxsize=65536)(normalise)


class _Spans:
    """Taken [start, end) spans, kept sorted and disjoint, with logarithmic overlap checks."""

    def __init__(self):
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.exact: set[tuple[int, int]] = set()

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_right(self.starts, start)
        if i and self.ends[i - 1] > start:
            return True
        return i < len(self.starts) and self.starts[i] < end

    def add(self, start: int, end: int) -> None:
        i = bisect_right(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)
        self.exact.add((start, end))


@lru_cache(maxsize=65536)
def _written(raw: str) -> tuple[tuple[str, ...], int, bool, bool, bool]:
    """What a scan needs of one written word, cached: its normalised parts, the length kept
    (an English possessive "'s" cut off), whether it is in capitals, whether it is one letter,
    and whether it is one part only, an article or "the" (dropped from keys)."""
    parts, arabic = _word_parts(raw)
    kept = len(raw)
    possessive = None if arabic else _POSSESSIVE.search(raw)
    if possessive and len(raw) > 3:
        kept = possessive.start()
        raw = raw[:kept]
        parts, _ = _word_parts(raw)
    letter = len(parts) == 1 and len(parts[0]) == 1 and parts[0].isascii()
    return parts, kept, raw.isupper(), letter, len(parts) == 1 and parts[0] in _DROPPED


@lru_cache(maxsize=4096)
def _breaks(gap: str) -> bool:
    return bool(_BREAK.search(gap))


def _scan(text: str) -> list[_Token]:
    """The words of a text with their character spans, normalised, dotted initials joined."""
    out: list[_Token] = []
    append = out.append
    new = tuple.__new__  # a token per word: skips the NamedTuple constructor's Python frame
    last_end = 0
    for m in _RAW_WORD.finditer(text):
        start, end = m.span()
        gap = text[last_end:start]
        last_end = end
        parts, kept, upper, letter, dropped = _written(m.group())
        if not parts:
            continue
        end = start + kept
        if gap == " ":  # most words: one space after the previous
            broken = False
        else:
            if out and gap.startswith("."):
                prev = out[-1]
                if prev.initials:
                    if letter and gap == ".":
                        out[-1] = _Token(prev.norm + parts[0], prev.start, end, prev.upper and upper,
                                         prev.broken, False, True)
                        continue
                    gap = gap[1:]  # the dot closing "U.S." ends the initials, not the sentence
            broken = _breaks(gap)
        if len(parts) == 1:
            append(new(_Token, (parts[0], start, end, upper, broken, dropped, letter)))
            continue
        for i, part in enumerate(parts):
            append(new(_Token, (part, start, end, upper, broken and i == 0, part in _DROPPED, letter)))
    return out


@lru_cache(maxsize=65536)
def _first_forms(token: str) -> tuple[tuple[str, int], ...]:
    """Forms the first word of a mention may take, with how many letters the prefix holds.

    Arabic words may carry joined conjunctions/prepositions and the article; the longest prefix
    wins, so the span of "وقوات" starts at قوات and that of "والنظام" at النظام.
    """
    forms: dict[str, int] = {token: 0, _bare(token): 0}
    if not has_arabic(token):
        return tuple(forms.items())
    for prefix in _PROCLITICS[1:]:
        if token.startswith(prefix) and len(token) - len(prefix) >= 2:
            rest = token[len(prefix):]
            forms[rest] = len(prefix)
            forms[_bare(rest)] = max(forms.get(_bare(rest), 0), len(prefix))
    return tuple(forms.items())


def _skip_letters(text: str, start: int, letters: int) -> int:
    """The offset after `letters` Arabic letters from `start`, passing over diacritics."""
    pos = start
    while letters and pos < len(text):
        if not re.match(f"[{_MARKS}]", text[pos]):
            letters -= 1
        pos += 1
    while pos < len(text) and re.match(f"[{_MARKS}]", text[pos]):
        pos += 1
    return pos


def _lead(text: str, toks: list[_Token], lo: int, p: int) -> tuple[int | None, int | None]:
    """Where the articles written just before the kept token toks[p] begin (toks[lo:p] are the
    dropped ones since the previous kept token), so a span includes them: a hyphenated
    transliterated article ("al-Nusra") always, "the" when the alias itself starts with it
    ("the regime"). A free-standing "an" or "as" is English. (article start, "the" start)."""
    article_start: int | None = None
    the_start: int | None = None
    last_end = 0
    for tok in toks[lo : p + 1]:
        if tok.broken:
            article_start = the_start = None
        if tok.dropped:
            if tok.norm == "the":
                the_start, article_start = tok.start, None
            elif article_start is None:
                article_start = tok.start
            last_end = tok.end
    hyphenated = article_start is not None and text[last_end : toks[p].start] in _HYPHENS
    return (article_start if hyphenated else None), the_start


def _trigrams(key: str) -> set[str]:
    padded = f" {key} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


class ActorResolver:
    """Resolve actor names and find actor mentions, from (actor id, alias) pairs.

    Built once (the aliases are indexed by their first key token and by character trigrams) and
    then queried many times; it holds no database connection.
    """

    def __init__(self, aliases: Iterable[tuple[object, str]]):
        self._aliases: list[_Alias] = []
        self._by_first: dict[str, list[_Alias]] = defaultdict(list)
        self._by_key: dict[tuple[str, ...], list[_Alias]] = defaultdict(list)
        self._by_trigram: dict[str, list[int]] = defaultdict(list)
        seen: set[tuple[object, str]] = set()
        for actor_id, name in aliases:
            toks = _scan(name or "")
            kept = [t for t in toks if not t.dropped]
            key = tuple(_bare(t.norm) for t in kept)
            normalised = normalise(name)
            if not key or (actor_id, normalised) in seen:
                continue
            seen.add((actor_id, normalised))
            alias = _Alias(
                actor_id=actor_id,
                name=name,
                normalised=normalised,
                key=key,
                acronyms=tuple(t.upper and t.norm.isascii() and len(t.norm) <= 5 for t in kept),
                leading_the=toks[0].norm == "the",
                needs_article=len(key) == 1 and kept[0].norm != key[0],
            )
            index = len(self._aliases)
            self._aliases.append(alias)
            self._by_first[key[0]].append(alias)
            self._by_key[key].append(alias)
            for gram in _trigrams(" ".join(key)):
                self._by_trigram[gram].append(index)
        self._longest_first = max(map(len, self._by_first), default=0)
        self._first_hits = lru_cache(maxsize=65536)(self._first_hits_of)

    def _first_hits_of(self, norm: str) -> tuple[tuple[str, int, tuple[_Alias, ...]], ...]:
        """The aliases a mention may begin with at a word normalised to `norm`: (form, prefix
        letters, aliases) for each of its first forms (`_first_forms`) that starts an alias."""
        # Every first form is an ending of the word (a prefix and an article cut off): most words
        # have none that starts an alias, and are answered without reading their forms.
        longest = self._longest_first
        if not any(norm[k:] in self._by_first for k in range(max(0, len(norm) - longest), len(norm))):
            return ()
        return tuple((form, letters, tuple(self._by_first[form])) for form, letters in _first_forms(norm)
                     if form in self._by_first)

    def __len__(self) -> int:
        return len(self._aliases)

    def resolve(self, text: str) -> list[ActorMatch]:
        """The actors a name may mean, best first, one match per actor.

        Exact and variant spellings (articles, prefixes, case, accents, hamza) win outright; if
        there are none, close spellings and names mentioned inside the text are offered with
        lower scores.
        """
        toks = [t for t in _scan(text or "") if not t.dropped]
        if not toks:
            return []
        normalised = normalise(text)
        key = tuple(_bare(t.norm) for t in toks)
        best: dict[object, ActorMatch] = {}

        def offer(actor_id: object, name: str, score: float) -> None:
            current = best.get(actor_id)
            if current is None or score > current.score:
                best[actor_id] = ActorMatch(actor_id, name, round(score, 3))

        for alias in self._by_key.get(key, ()):
            offer(alias.actor_id, alias.name, EXACT if alias.normalised == normalised else VARIANT)
        for form, letters in _first_forms(toks[0].norm):
            if letters:
                for alias in self._by_key.get((form, *key[1:]), ()):
                    offer(alias.actor_id, alias.name, PREFIXED)
        if not best:
            self._offer_fuzzy(" ".join(key), offer)
            if len(key) > 1:
                # A longer text naming an actor ("Russian warplanes and regime helicopters"):
                # scored by the share of the text the name covers.
                for match, length in self._find(text):
                    offer(match.actor_id, match.alias, CONTAINED_MAX * min(1.0, length / len(key)))
        return sorted(best.values(), key=lambda m: (-m.score, str(m.actor_id)))

    def _offer_fuzzy(self, joined: str, offer) -> None:
        grams = _trigrams(joined)
        shared: dict[int, int] = defaultdict(int)
        for gram in grams:
            for index in self._by_trigram.get(gram, ()):
                shared[index] += 1
        # Only aliases sharing a good part of the trigrams can reach the threshold.
        floor = max(1, len(grams) // 3)
        for index, count in shared.items():
            if count < floor:
                continue
            alias = self._aliases[index]
            ratio = SequenceMatcher(None, joined, " ".join(alias.key)).ratio()
            if ratio >= FUZZY_FLOOR:
                offer(alias.actor_id, alias.name, 0.9 * ratio)

    def find_in(self, text: str) -> list[ActorMatch]:
        """Every mention of an actor in a text, with its character span, in text order.

        The longest mention wins where mentions overlap ("التحالف الدولي لمحاربة داعش" is the
        coalition, not ISIS); a name shared by several actors yields one match per actor on the
        same span. Acronyms (IS, US, SDF) are found only when written in capitals.
        """
        return [match for match, _ in self._find(text)]

    def _find(self, text: str) -> list[tuple[ActorMatch, int]]:
        """`find_in` with the length in key tokens of each match."""
        if not text:
            return []
        all_toks = _scan(text)
        # Most words begin no alias: only those that do are looked at, with the articles before them.
        at = [p for p, tok in enumerate(all_toks) if not tok.dropped]
        kept = [all_toks[p] for p in at]
        first_hits = self._first_hits
        candidates: list[tuple[int, int, int, ActorMatch]] = []
        for i in [i for i, tok in enumerate(kept) if first_hits(tok.norm)]:
            tok = kept[i]
            hits = first_hits(tok.norm)
            lead = _lead(text, all_toks, at[i - 1] + 1 if i else 0, at[i])
            # the forms the second word of a longer alias must take here (`_matches_at`, at once)
            after = kept[i + 1] if i + 1 < len(kept) and not kept[i + 1].broken else None
            second = (after.norm, _bare(after.norm)) if after else ()
            for form, letters, aliases in hits:
                for alias in aliases:
                    n = len(alias.key)
                    if n > 1 and alias.key[1] not in second:
                        continue
                    if i + n > len(kept) or not self._matches_at(alias, kept, i):
                        continue
                    if alias.acronyms[0] and not tok.upper:
                        continue
                    if alias.needs_article and tok.norm[letters:] == form:
                        continue
                    start = _skip_letters(text, tok.start, letters) if letters else tok.start
                    if not letters:
                        article, the = lead
                        if alias.leading_the and the is not None:
                            start = the
                        elif article is not None:
                            start = article
                    end = kept[i + n - 1].end
                    if letters:
                        score = PREFIXED
                    else:
                        score = EXACT if _normalised(text[start:end]) == alias.normalised else VARIANT
                    candidates.append((n, start, end, ActorMatch(alias.actor_id, alias.name, score, start, end)))

        # Longest first (in key tokens, then characters), earliest first; keep non-overlapping
        # spans, and every actor on a span already taken with exactly the same bounds.
        candidates.sort(key=lambda c: (-c[0], -(c[2] - c[1]), c[1], -c[3].score))
        taken = _Spans()
        chosen: dict[tuple[int, int, object], tuple[ActorMatch, int]] = {}
        for n, start, end, match in candidates:
            if (start, end) not in taken.exact:
                if taken.overlaps(start, end):
                    continue
                taken.add(start, end)
            key = (start, end, match.actor_id)
            if key not in chosen or match.score > chosen[key][0].score:
                chosen[key] = (match, n)
        return sorted(chosen.values(), key=lambda c: (c[0].start, str(c[0].actor_id)))

    @staticmethod
    def _matches_at(alias: _Alias, kept: list[_Token], i: int) -> bool:
        for j in range(1, len(alias.key)):
            tok = kept[i + j]
            if tok.broken or alias.key[j] not in (tok.norm, _bare(tok.norm)):
                return False
            if alias.acronyms[j] and not tok.upper:
                return False
        return True
