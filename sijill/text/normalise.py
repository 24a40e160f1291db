"""The one text normaliser of Sijill, shared by search, the place resolver, import and linkage.

Plain Python, no Django import. Two scripts are handled:

* Arabic: diacritics (harakat, shadda, sukun, superscript alef) and tatweel removed; alef forms
  (أ إ آ ٱ) folded to ا; hamza carriers (ؤ ئ) folded to their base letters; ta marbuta (ة) to ha (ه);
  alef maqsura (ى) to ya (ي); Persian letters (ک ی) to their Arabic forms; Eastern Arabic and
  Persian digits to ASCII digits.
* Latin: case folded, accents removed (ā -> a, ş -> s), apostrophes and ʿayn/hamza marks dropped.

`normalise` keeps the words of a text; `search_tokens` adds the forms a reader would also type
(a word without its article ال / al-) so that "الرقة", "رقة", "Ar-Raqqa" and "raqqa" meet.
"""

from __future__ import annotations

import re
import unicodedata

_ARABIC_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_TATWEEL = "\u0640"

_LETTER_FOLD = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ٲ": "ا",
        "ٳ": "ا",
        "ؤ": "و",
        "ئ": "ي",
        "ة": "ه",
        "ى": "ي",
        "ی": "ي",
        "ک": "ك",
        "ۀ": "ه",
        "ە": "ه",
        # Eastern Arabic (U+0660..) and Persian (U+06F0..) digits
        **{chr(0x0660 + d): str(d) for d in range(10)},
        **{chr(0x06F0 + d): str(d) for d in range(10)},
        # marks that transliterations use for ʿayn and hamza, and typographic apostrophes
        "ʿ": "",
        "ʾ": "",
        "ʻ": "",
        "ʼ": "",
        "'": "",
        "’": "",
        "‘": "",
        "`": "",
        "´": "",
        # Arabic punctuation to its Latin counterpart, so tokenising treats both alike
        "،": ",",
        "؛": ";",
        "؟": "?",
    }
)

_ARABIC_LETTER = re.compile("[\u0621-\u064a]")
_TOKEN = re.compile(r"[0-9a-z\u0621-\u064a]+")
# Latin article forms as they appear in transliterated names: al-Raqqa, ar-Raqqa, el-Bab, Ad-Dana
_LATIN_ARTICLE = re.compile(r"^(al|el|ar|as|ash|at|ad|adh|az|an|ath|ul)$")


def has_arabic(text: str) -> bool:
    """True when the text holds at least one Arabic letter."""
    return bool(_ARABIC_LETTER.search(text or ""))


def normalise(text: str | None) -> str:
    """Return the text folded for comparison: one form per letter, lower case, no accents.

    Whitespace is collapsed; punctuation is kept so callers can still split on it.
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text)
    text = _ARABIC_DIACRITICS.sub("", text).replace(_TATWEEL, "")
    text = text.translate(_LETTER_FOLD)
    # Latin accents: decompose and drop combining marks (Arabic letters were folded above and
    # NFD does not split the folded forms any further).
    decomposed = unicodedata.normalize("NFD", text)
    text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    text = unicodedata.normalize("NFC", text).casefold()
    return " ".join(text.split())


def tokens(text: str | None) -> list[str]:
    """Split normalised text into word tokens (Arabic letters, Latin letters, digits)."""
    return _TOKEN.findall(normalise(text))


def strip_article(token: str) -> str | None:
    """The token without a leading Arabic article (ال, وال, بال, لل), or None if it has none."""
    for prefix in ("وال", "بال", "فال", "كال", "ال"):
        if token.startswith(prefix) and len(token) - len(prefix) >= 2:
            return token[len(prefix) :]
    if token.startswith("لل") and len(token) >= 4:
        return token[2:]
    return None


def search_tokens(text: str | None) -> list[str]:
    """Tokens to index for full-text search, with article-less variants, in order, unique.

    Latin articles that stand as their own token (the "al" of "al-Raqqa") are dropped, as are
    single letters; an Arabic word with its article also yields the bare word.
    """
    seen: dict[str, None] = {}
    for tok in tokens(text):
        if _LATIN_ARTICLE.match(tok) or len(tok) < 2 and not tok.isdigit():
            continue
        seen.setdefault(tok, None)
        bare = strip_article(tok) if has_arabic(tok) else None
        if bare:
            seen.setdefault(bare, None)
    return list(seen)


def search_text(*parts: str | None) -> str:
    """One space-separated string of search tokens for the given fields, for an FTS column."""
    out: dict[str, None] = {}
    for part in parts:
        for tok in search_tokens(part):
            out.setdefault(tok, None)
    return " ".join(out)


def query_tokens(query: str | None) -> list[str]:
    """Tokens of a user's search query, each reduced the way the index reduced it.

    An Arabic query word with its article is searched in its bare form, which the index holds for
    every word with or without the article, so "الرقة" also finds "رقة".
    """
    result: list[str] = []
    for tok in tokens(query):
        if _LATIN_ARTICLE.match(tok) or len(tok) < 2 and not tok.isdigit():
            continue
        bare = strip_article(tok) if has_arabic(tok) else None
        result.append(bare or tok)
    return list(dict.fromkeys(result))
