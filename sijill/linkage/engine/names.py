"""Personal names as linkage features: parts, and a key that both scripts of one name share.

Plain Python, no Django import. Text is first folded by the one project normaliser
(`sijill.text.normalise`), then split into *name parts*: the given name, the father's and the
grandfather's names and the family name or laqab. Particles join or drop as Arabic naming
does: "abd"/"عبد" and "abu"/"ابو", "umm"/"ام" make one part with the name after them
("Abd al-Rahman", "Abdulrahman" and "عبد الرحمن" are one part); ibn/bin/bint/بن are dropped
(they only say that the next part is the father's name); the article (al-, el-, ال) is not part
of the key.

The *transliteration key* of a part is a consonant skeleton in one phonetic alphabet that the
Arabic spelling and the usual Latin spellings of the name reach alike: "محمد", "Mohammed",
"Muhammad" -> "MHMD"; "الحسين", "al-Hussein", "Alhussain" -> "HSN". Vowels (short vowels are
not written in Arabic, long ones are spelled in many ways in Latin), ʿayn and hamza are dropped,
emphatic and plain consonants share one letter, doubled letters collapse and a final h (ta
marbuta, "-ah") is dropped. The key is deliberately coarse: it finds candidates and says "same
name across scripts"; the comparisons still look at the spelling in each script, so "محمد" and
"محمود" (the same key) differ where both records are written in Arabic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from sijill.text.normalise import has_arabic, normalise

_ARABIC_KEY = str.maketrans(
    {
        "ب": "B", "پ": "B", "ت": "T", "ث": "T", "ج": "J", "چ": "J", "ح": "H", "خ": "K",
        "د": "D", "ذ": "D", "ر": "R", "ز": "Z", "ژ": "Z", "س": "S", "ش": "S", "ص": "S",
        "ض": "D", "ط": "T", "ظ": "Z", "ع": "", "غ": "G", "ف": "F", "ڤ": "F", "ق": "K",
        "ك": "K", "گ": "K", "ل": "L", "م": "M", "ن": "N", "ه": "H", "و": "", "ي": "",
        "ا": "", "ء": "",
    }
)
# Latin digraphs first (kh before k, sh before s, ...), then single letters.
_LATIN_DIGRAPHS = (
    ("kh", "K"), ("gh", "G"), ("sh", "S"), ("ch", "S"), ("th", "T"), ("dh", "D"),
    ("ph", "F"), ("dj", "J"), ("ck", "K"),
)
_LATIN_KEY = str.maketrans(
    {
        "b": "B", "p": "B", "t": "T", "j": "J", "g": "J", "d": "D", "r": "R", "z": "Z",
        "s": "S", "c": "K", "k": "K", "q": "K", "f": "F", "v": "F", "l": "L", "m": "M",
        "n": "N", "h": "H", "x": "KS",
        "a": "", "e": "", "i": "", "o": "", "u": "", "w": "", "y": "",
    }
)
_DOUBLED = re.compile(r"(.)\1+")
_NON_KEY = re.compile(r"[^A-Z]")
_BRACKETED = re.compile(r"[\(\[\{][^\)\]\}]*[\)\]\}]")
_TOKEN = re.compile(r"[a-z\u0621-\u064a]+")

LATIN_ARTICLES = frozenset(
    {"al", "el", "ul", "ar", "as", "ash", "at", "ad", "adh", "az", "an", "ath", "ez", "es",
     "ed", "er", "et", "esh", "ad-", "l"}
)
ARABIC_ARTICLE = "ال"
# Particles that only say "son/daughter of": the part after them is the father's name.
_FILIATION = frozenset({"bin", "ibn", "ben", "bint", "binti", "bent", "بن", "ابن", "بنت", "ابنه"})
# Descriptions instead of a name ("Son of Faris al-Ayyub", "طفل ابن عبد السلام").
_RELATION_WORDS = frozenset(
    {"son", "daughter", "child", "wife", "husband", "mother", "father", "brother", "sister",
     "of", "the", "and", "baby", "infant", "boy", "girl",
     "طفل", "طفله", "زوجه", "والده", "والد", "اخ", "اخت", "ام", "ابو"}
)
_RELATION_LEADS = frozenset(
    {"son", "daughter", "child", "wife", "husband", "mother", "father", "brother", "sister",
     "baby", "infant", "boy", "girl", "طفل", "طفله", "زوجه", "والده", "والد"}
)
_TITLES = frozenset(
    {"haj", "hajj", "hajji", "hajjeh", "sheikh", "shaykh", "dr", "doctor", "mr", "mrs", "ms",
     "الحاج", "حاج", "الحاجه", "الشيخ", "الدكتور", "د", "الطبيب"}
)
# Honours, titles and generations that English-language records write inside the name ("Sir",
# "Rt. Hon.", "Mrs.", "5th Baronet", "Jr."): not names. Dropped from Latin-script names only, so
# no Arabic name is touched.
_ENGLISH_TITLES = frozenset(
    {"sir", "dame", "lady", "lord", "hon", "honourable", "rt", "rev", "revd", "reverend", "mr",
     "mrs", "miss", "ms", "mx", "capt", "captain", "col", "colonel", "lieut", "lt", "baronet",
     "bt", "bart", "esq", "kt", "jr", "jnr", "junior", "sr", "snr", "senior", "ii", "iii", "iv",
     "prof", "professor", "countess", "viscount", "viscountess", "baron", "baroness", "earl",
     "marquess", "duke", "duchess", "general", "brigadier", "admiral", "lieutenant", "commander",
     "of"}  # "Clifford of Chudleigh": the place of a title
)
# "1st", "5th": the generation of a title, not a name
_ORDINAL = re.compile(r"^\d+(st|nd|rd|th)\W*$", re.IGNORECASE)
_ABD = frozenset({"abd", "abdul", "abdel", "abdal", "abdol", "abdil", "abdu", "abed", "عبد"})
_ABD_JOINED = re.compile(r"^(abd|abed)(ul|el|al|ol|il|u|e|a)?(?=[a-z]{3,})")
# Muhammad, the commonest name, is also written in its colloquial and Kurdish/Turkish forms
# (Mamed, Memed, Mehmed, Mehmet) and abbreviated (Mhd, Mohd, Muhd); their letters alone give
# other keys (MD, MHD), so they are given Muhammad's.
_MUHAMMAD_FORMS = re.compile(r"^(m[aei]m+[aei]d+|mehm+[ae][dt]+|mhd|mohd|muhd)$")
_ABU = frozenset({"abu", "abou", "abo", "ابو", "ابي"})
_UMM = frozenset({"umm", "um", "om", "omm", "oum", "ام"})
# "Alhussain" has a joined article, "Aloush" (علوش) does not: the article is followed by a consonant
_JOINED_LATIN_ARTICLE = re.compile(r"^(al|el)(?=[b-df-hj-np-tv-z][a-z]{2,})")


def _latin_key(token: str) -> str:
    for digraph, letter in _LATIN_DIGRAPHS:
        token = token.replace(digraph, letter)
    return token.translate(_LATIN_KEY)


def _raw_key(token: str) -> str:
    raw = token.translate(_ARABIC_KEY) if has_arabic(token) else _latin_key(token)
    raw = _DOUBLED.sub(r"\1", _NON_KEY.sub("", raw))
    return raw


def _finish(raw: str) -> str:
    raw = _DOUBLED.sub(r"\1", raw)
    if len(raw) > 1 and raw.endswith("H"):
        raw = raw[:-1]
    return raw


# Names that begin with the letters of the article without having one.
_ARTICLE_LIKE_NAMES = frozenset({"الهام", "الياس", "الفت", "اليسار", "الماس"})
# Second halves of compound names written as one word or two: Nasr Allah / Nasrallah,
# Nour al-Din / Noureddine / نور الدين.
_COMPOUND_TAILS = frozenset(
    {"الله", "allah", "ullah", "illah", "الدين", "din", "deen", "dine", "eddin", "eddine",
     "addin", "uddin", "eddeen", "iddin"}
)


def _strip_article(token: str) -> str:
    """The token without a joined article when what remains is still a name."""
    if has_arabic(token):
        if token in _ARTICLE_LIKE_NAMES:
            return token
        if token.startswith(ARABIC_ARTICLE) and len(token) >= 5:
            return token[2:]
        return token
    match = _JOINED_LATIN_ARTICLE.match(token)
    if match and len(_raw_key(token[2:])) >= 2:
        return token[2:]
    return token


@lru_cache(maxsize=200_000)
def translit_key(token: str) -> str:
    """The transliteration key of one name part (already normalised text, one word).

    >>> translit_key("محمد"), translit_key("mohammed")
    ('MHMD', 'MHMD')
    """
    token = token.replace(" ", "")
    if not token:
        return ""
    token = _strip_article(token)
    if has_arabic(token):
        if token.startswith("عبد") and len(token) > 4:
            rest = token[3:]
            rest = rest[2:] if rest.startswith(ARABIC_ARTICLE) and len(rest) > 2 else rest
            return "BD" + _finish(_raw_key(rest))
        if token.startswith("ابو") and len(token) > 4:
            return "BU" + _finish(_raw_key(_strip_article(token[3:])))
    else:
        if _MUHAMMAD_FORMS.match(token):
            return "MHMD"
        match = _ABD_JOINED.match(token)
        if match:
            rest = token[match.end():]
            return "BD" + _finish(_raw_key(rest))
    return _finish(_raw_key(token))


class NamePart(NamedTuple):
    """One part of a personal name in the script it was written in, and its key."""

    text: str  # normalised, without the article, particles joined ("عبد الرحمن" -> "عبدالرحمن")
    key: str


@dataclass(frozen=True)
class ParsedName:
    """A name split into its parts, in the order written; the first is the given name."""

    parts: tuple[NamePart, ...] = ()
    script: str = ""  # "ar", "latin" or "" (no name)
    relation: str | None = None  # "son", "daughter", ... when the name describes a relative
    notes: tuple[str, ...] = field(default=())

    @property
    def given(self) -> NamePart | None:
        return self.parts[0] if self.parts else None

    @property
    def family(self) -> NamePart | None:
        return self.parts[-1] if len(self.parts) >= 2 else None

    @property
    def middle(self) -> tuple[NamePart, ...]:
        """Father's and grandfather's names: the parts between the given and the family name."""
        return self.parts[1:-1]

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(p.key for p in self.parts)


def _part(words: list[str], prefix: str) -> NamePart | None:
    if not words:
        return None
    text = "".join(words)
    key = translit_key(text) if not prefix else prefix + translit_key(words[-1])
    if not key:
        return None
    return NamePart(text=(prefix and prefix.lower() + ":") + text, key=key)


@lru_cache(maxsize=100_000)
def _words(raw_word: str) -> tuple[str, ...]:
    # The normaliser works letter by letter, so a name normalises word by word alike; words
    # repeat across a list far more than whole names do, hence the cache per word.
    text = normalise(raw_word)
    # A digit inside a Latin word is a typo for a letter ("Hatt0n", "S9mpson"), not a break.
    text = _DIGIT_IN_LATIN_WORD.sub("", text)
    return tuple(_TOKEN.findall(text))


_DIGIT_IN_LATIN_WORD = re.compile(r"(?<=[a-z])[0-9]+(?=[a-z])|(?<=[a-z])[0-9]+$|^[0-9]+(?=[a-z]{2})")


@lru_cache(maxsize=200_000)
def parse_name(name: str | None) -> ParsedName:
    """Split a personal name (Arabic or Latin script) into its parts with their keys."""
    words = [w for raw in _BRACKETED.sub(" ", name or "").split() if not _ORDINAL.match(raw)
             for w in _words(raw)]
    if not words:
        return ParsedName()
    script = "ar" if any(has_arabic(w) for w in words) else "latin"
    if script == "latin":
        words = [w for w in words if w not in _ENGLISH_TITLES]
        if not words:
            return ParsedName()
    relation = None
    if words[0] in _RELATION_LEADS:
        relation = words[0]
    elif words[0] in _FILIATION and len(words) > 1:
        relation = "daughter" if words[0] in ("bint", "بنت", "ابنه") else "son"
    while len(words) > 2 and words[0] in _TITLES:
        words = words[1:]
    if relation:
        words = [w for w in words if w not in _RELATION_WORDS and w not in _FILIATION]
    parts: list[NamePart] = []
    i = 0
    while i < len(words):
        word = words[i]
        if word in _FILIATION or word in LATIN_ARTICLES or word == ARABIC_ARTICLE:
            i += 1
            continue
        if word in _ABD or word in _ABU or word in _UMM:
            j = i + 1
            while j < len(words) and (words[j] in LATIN_ARTICLES or words[j] == ARABIC_ARTICLE):
                j += 1
            if j < len(words):
                prefix = "BD" if word in _ABD else "BU" if word in _ABU else "UM"
                rest = _strip_article(words[j])
                part = NamePart(text=word + " " + rest, key=prefix + translit_key(rest))
                parts.append(part)
                i = j + 1
                continue
        if word in _COMPOUND_TAILS and parts and not parts[-1].key.startswith(("BD", "BU", "UM")):
            tail = word[2:] if word.startswith(ARABIC_ARTICLE) else word
            joined = parts[-1].text + tail
            parts[-1] = NamePart(text=joined, key=translit_key(joined))
            i += 1
            continue
        bare = _strip_article(word)
        key = translit_key(bare)
        if key:
            parts.append(NamePart(text=bare, key=key))
        i += 1
    return ParsedName(parts=tuple(parts), script=script, relation=relation)


# --- vowels ------------------------------------------------------------------------------
# The key drops vowels, so "Rami" and "Reema" (رامي / ريما) share the key RM. Arabic writes its
# long vowels (ا و ي); Latin writes every vowel. The *vowel slots* of a part are the vowel heard
# before the first consonant and after each consonant of its key: رامي -> "-AI" (nothing
# before R, ā after R, ī after M), "Rami" -> "-AI", "Reema" -> "-IA". An Arabic slot with no
# long vowel accepts any Latin vowel (short vowels are not written), a written one only a
# Latin vowel of its kind; `vowel_code` and `vowel_mask` give that rule as bits.

_ARABIC_VOWELS = {"ا": "A", "ى": "A", "و": "U", "ي": "I"}
# The Latin vowels a slot of each script accepts: an Arabic slot without a long vowel, any.
_ARABIC_ACCEPTS = {"A": "AEO", "I": "IE", "U": "UO", "-": "AEIOU-"}
_LATIN_ACCEPTS = {"A": "AEO", "E": "EAI", "I": "IE", "O": "OUA", "U": "UO", "-": "-"}


_LATIN_RUNS = {"ee": "I", "ie": "I", "ia": "I", "iy": "I", "ai": "I", "ei": "I", "ay": "I",
               "ey": "I", "oo": "U", "ou": "U", "uo": "U", "aa": "A"}
_LATIN_FIRST = {"a": "A", "e": "E", "i": "I", "o": "O", "u": "U", "y": "I", "w": "U"}


def _latin_vowel(run: str) -> str:
    return _LATIN_RUNS.get(run[:2]) or _LATIN_FIRST[run[0]]


def _arabic_vowel(run: str) -> str:
    for letter, vowel in (("ي", "I"), ("و", "U"), ("ا", "A"), ("ى", "A")):
        if letter in run:
            return vowel
    return "-"


@lru_cache(maxsize=200_000)
def vowel_slots(token: str) -> str:
    """Vowel slots of one normalised word ("" when they cannot be aligned with its key)."""
    token = _strip_article(token.replace(" ", ""))
    if not token or translit_key(token).startswith(("BD", "BU")):
        return ""  # compounds (Abd al-X, Abu X) carry the article's vowel: no check
    arabic = has_arabic(token)
    if arabic:
        symbols = []
        for ch in token:
            if ch in _ARABIC_VOWELS:
                symbols.append(ch)
            else:
                mapped = ch.translate(_ARABIC_KEY)
                symbols.extend(mapped)  # "" for ع and ء: neither consonant nor vowel here
    else:
        text = token
        for digraph, letter in _LATIN_DIGRAPHS:
            text = text.replace(digraph, letter)
        symbols = [c if c in "aeiouyw" else c.translate(_LATIN_KEY) for c in text]
        symbols = [s for s in "".join(symbols)]
    consonants: list[str] = []
    slots: list[str] = []
    run = ""
    for s in symbols:
        if s.isupper():
            if consonants and consonants[-1] == s and not run:
                continue  # a doubled consonant
            slots.append(run)
            consonants.append(s)
            run = ""
        else:
            run += s
    slots.append(run)
    if len(consonants) > 1 and consonants[-1] == "H":
        consonants.pop()
        tail = slots.pop()
        slots[-1] += tail
    if "".join(consonants) != translit_key(token):
        return ""
    if arabic and slots[-1] == "ي":
        slots[-1] = ""  # a final ي may be a folded alef maqsura (مصطفى): either vowel
    return "".join((_arabic_vowel if arabic else _latin_vowel)(r) if r else "-" for r in slots)


# The slots as numbers, so that the engine tests "these slots fit that word's spellings" with two
# bitwise operations instead of a regular expression compiled for each pair: six bits per slot
# (A E I O U, and "-" for none), at most MAX_SLOTS slots, and the number of slots as one bit
# above them. Slots fit a word where `code & mask == code`.
_VOWEL_BIT = {"A": 1, "E": 2, "I": 4, "O": 8, "U": 16, "-": 32}
_SLOT_BITS = 6
MAX_SLOTS = 9


@lru_cache(maxsize=200_000)
def vowel_code(token: str) -> int | None:
    """The word's vowel slots as bits (None where they cannot be aligned: nothing to check)."""
    slots = vowel_slots(token)
    if not slots or len(slots) > MAX_SLOTS:
        return None
    code = sum(_VOWEL_BIT[s] << (_SLOT_BITS * i) for i, s in enumerate(slots))
    return code | _length_bit(len(slots))


@lru_cache(maxsize=200_000)
def vowel_mask(token: str) -> int | None:
    """The vowel slots that the spellings of this word accept, as bits (see `vowel_code`)."""
    slots = vowel_slots(token)
    if not slots or len(slots) > MAX_SLOTS:
        return None
    accepts = _ARABIC_ACCEPTS if has_arabic(token) else _LATIN_ACCEPTS
    mask = 0
    for i, slot in enumerate(slots):
        for vowel in accepts[slot]:
            mask |= _VOWEL_BIT[vowel] << (_SLOT_BITS * i)
    return mask | _length_bit(len(slots))


def _length_bit(slots: int) -> int:
    return 1 << (_SLOT_BITS * MAX_SLOTS + slots - 1)
