"""Dates in a text: absolute, relative to the publication date, Levantine/Egyptian/Hijri, with precision.

Month names are matched on normalised words, so آذار/اذار and أكتوبر/اكتوبر meet. The tables hold
the Levantine names (كانون الثاني .. كانون الأول, آذار, تشرين الأول), the Egyptian/Gulf names
(يناير .. ديسمبر, مارس, أكتوبر), English names and abbreviations, and the Hijri months (converted
with `hijridate`). A month name is only taken next to a day or a year number: "May", "March" and
آب ("father") are ordinary words too.

Relative expressions (yesterday, last Saturday, أمس, مساء السبت, N days ago) are resolved against
the reference date: the publication date given by the caller, or else a dateline at the top of
the text, or else the post stamp a social-media page prints beside a post ("6:55 AM · Dec 1, 2024",
"January 17, 2025 · Shared with Public"); a stamp days older than the caller's date wins over it
(that date was when the page was saved or read). Without a reference they are reported with `date`
None. A day and month with no year take the reference's year; without a reference, a weekday written
with them ("اليوم الخميس 5 تشرين الأول") picks the one year next to a year the text writes in which
that day is that weekday. Nothing else is guessed: a text with no date yields no date.

`incident_date` picks the draft incident's date among the items (see its docstring);
`published_from_url` reads the publication date a post's address itself encodes (an X/Twitter
status id holds its creation time; news sites file articles under /year/month/day/), for callers
that have the address but no date.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import unquote

from sijill.extraction.spans import SpanSet
from sijill.extraction.words import Word

EN_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
# Normalised Arabic month names, one or two words.
AR_MONTHS = {
    ("كانون", "الثاني"): 1, ("شباط",): 2, ("اذار",): 3, ("نيسان",): 4, ("ايار",): 5, ("حزيران",): 6,
    ("تموز",): 7, ("اب",): 8, ("ايلول",): 9, ("تشرين", "الاول"): 10, ("تشرين", "الثاني"): 11,
    ("كانون", "الاول"): 12,
    ("يناير",): 1, ("فبراير",): 2, ("مارس",): 3, ("ابريل",): 4, ("افريل",): 4, ("مايو",): 5,
    ("يونيو",): 6, ("يونيه",): 6, ("يوليو",): 7, ("يوليه",): 7, ("اغسطس",): 8, ("سبتمبر",): 9,
    ("اكتوبر",): 10, ("نوفمبر",): 11, ("ديسمبر",): 12,
}
HIJRI_MONTHS = {
    ("محرم",): 1, ("صفر",): 2, ("ربيع", "الاول"): 3, ("ربيع", "الثاني"): 4, ("ربيع", "الاخر"): 4,
    ("جمادي", "الاولي"): 5, ("جمادي", "الاول"): 5, ("جمادي", "الثانيه"): 6, ("جمادي", "الاخره"): 6,
    ("رجب",): 7, ("شعبان",): 8, ("رمضان",): 9, ("شوال",): 10, ("ذو", "القعده"): 11,
    ("ذي", "القعده"): 11, ("ذو", "الحجه"): 12, ("ذي", "الحجه"): 12,
}
EN_WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
               "sunday": 6, "mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
AR_WEEKDAYS = {"الاثنين": 0, "الثلاثاء": 1, "الاربعاء": 2, "الخميس": 3, "الجمعه": 4, "السبت": 5,
               "الاحد": 6, "اثنين": 0, "ثلاثاء": 1, "اربعاء": 2, "خميس": 3, "جمعه": 4, "سبت": 5, "احد": 6}
# Words that make a weekday a point in time: "يوم السبت", "مساء السبت", "on Saturday".
AR_TIME_WORDS = frozenset({"يوم", "مساء", "صباح", "فجر", "ليل", "ليله", "ظهر", "عصر", "ظهيره", "منتصف",
                           "مساءالسبت", "امس", "اليوم"})
_PROCLITIC = re.compile(r"^[وبلف](?=[\u0621-\u064a]{3,})")
_NUMERIC = re.compile(r"(?<![\d/.-])(\d{1,4})([/.-])(\d{1,2})\2(\d{2,4})(?![\d/.-])")
_TRAILING_HIJRI = re.compile(r"^\s*(?:ه|هـ|ھ|هجري|هجريه|AH)\b")

DATELINE_CHARS = 200
_CAPTION_CREDIT = re.compile(r"\.?[ \t]*(?:\(|©)")
# A date printed as a post's stamp: "Dec 1, 2024·", "January 17, 2025 · Shared with Public". The
# page's template writes it (often glued to the author's name), so it is read from the characters,
# not from the words.
_MONTH_EN = (r"(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
             r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?) (\d{1,2}), (\d{4})")
_POST_STAMP = re.compile(rf"(?<=[AP]M · ){_MONTH_EN}|{_MONTH_EN}(?= ?·)")
# X/Twitter status ids carry their creation time in milliseconds since this epoch, shifted by 22 bits.
_STATUS_URL = re.compile(r"(?:twitter|x)\.com/[^/?#]+/status(?:es)?/(\d{15,20})")
_TWITTER_EPOCH_MS = 1288834974657
# News sites file an article under the day it was published: ".../2022/8/25/slug", ".../2021/10/27/22409/".
_DATED_PATH = re.compile(r"^https?://[^/?#]+(?:/[^/?#]*)*?/((?:19|20)\d\d)/(\d{1,2})/(\d{1,2})(?=[/?#]|$)")
# ... or end the article's slug with it: ".../turkish-troops-exchange-shelling-kobane-2022-08-16/".
_DATED_SLUG = re.compile(r"^https?://[^?#]*-((?:19|20)\d\d)-(\d\d)-(\d\d)/?(?=[?#]|$)")
# A redirect's target: "https://www.google.com/url?q=https://news.example.org/2021/08/08/...&sa=D".
_REDIRECT = re.compile(r"^https?://(?:www\.)?google\.[a-z.]+/url\?(?:[^#]*&)?q=([^&#]+)")


@dataclass
class DateMention:
    text: str
    span: tuple[int, int]
    date: date | None
    end: date | None
    precision: str  # day, month, year
    basis: str  # absolute, relative, hijri, dateline (the text's own date), stamp (a post's printed date)
    confidence: float
    calendar: str = "gregorian"
    # "period" when the words before make the day the edge of a period ("since 5 March", "منذ 24 تموز",
    # "from ... to ..."), not a day something happened; "caption" when a photo credit follows it
    # ("7 آب 2020 (الدفاع المدني السوري)"); else None.
    role: str | None = None
    # How the year of a day written without one was told: "written" (a year the text writes, by the
    # weekday), "weekday" (the last such weekday before the text was read); else None.
    year_from: str | None = None

    def as_dict(self) -> dict:
        return {
            "text": self.text, "span": list(self.span),
            "date": self.date.isoformat() if self.date else None,
            "end": self.end.isoformat() if self.end else None,
            "precision": self.precision, "basis": self.basis, "calendar": self.calendar,
            "confidence": round(self.confidence, 2), "role": self.role, "year_from": self.year_from,
        }


def _month_end(year: int, month: int) -> date:
    return (date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1))


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _year(token: str) -> int | None:
    if token.isdigit() and len(token) == 4 and 1900 <= int(token) <= 2100:
        return int(token)
    return None


def _day(token: str) -> int | None:
    token = token[:-2] if token[-2:] in ("st", "nd", "rd", "th") else token
    if token.isdigit() and 1 <= int(token) <= 31 and len(token) <= 2:
        return int(token)
    return None


def _bare(norm: str) -> str:
    return _PROCLITIC.sub("", norm)


# The first word of every month name: most words are none, and are passed over at once.
_MONTH_FIRST = frozenset(EN_MONTHS) | frozenset(k[0] for k in AR_MONTHS) | frozenset(k[0] for k in HIJRI_MONTHS)
# ... also with a joined و/ب/ل/ف (`_bare`): the words a month name may begin at.
_MONTH_OPENERS = _MONTH_FIRST | frozenset(p + w for p in "وبلف" for w in _MONTH_FIRST)


def _month_at(ws: list[Word], i: int) -> tuple[int, int, bool] | None:
    """(month, words used, hijri) if a month name starts at word i."""
    w = ws[i].norm
    if w not in _MONTH_FIRST and w[1:] not in _MONTH_FIRST:
        return None
    if w in EN_MONTHS and ws[i].raw[:1].isupper():
        return EN_MONTHS[w], 1, False
    b = _bare(w)
    two = (b, ws[i + 1].norm) if i + 1 < len(ws) else None
    for table, hijri in ((AR_MONTHS, False), (HIJRI_MONTHS, True)):
        if two and two in table:
            return table[two], 2, hijri
        if (b,) in table:
            return table[(b,)], 1, hijri
        if (w,) in table:
            return table[(w,)], 1, hijri
    return None


def _hijri_to_gregorian(y: int, m: int, d: int) -> date | None:
    try:
        from hijridate import Hijri

        g = Hijri(y, m, d).to_gregorian()
        return date(g.year, g.month, g.day)
    except (ValueError, OverflowError, ImportError):
        return None


def _absolute(text: str, ws: list[Word]) -> list[DateMention]:
    out: list[DateMention] = []
    i, n = 0, len(ws)
    # A written date turns on a month name: the loop goes from one word that may begin one to the next.
    opens = [k for k, w in enumerate(ws) if w.norm in _MONTH_OPENERS]
    while i < n:
        at_open = bisect_left(opens, i)
        if at_open == len(opens):
            break
        i = opens[at_open]
        month = _month_at(ws, i)
        if not month:
            i += 1
            continue
        m, used, hijri = month
        lo, hi = i, i + used - 1
        day = _day(ws[i - 1].norm) if i > 0 else None
        if day is not None:
            lo = i - 1
        year = None
        k = hi + 1
        # The same month in the other naming after a slash or colon: "7 آب/ أغسطس 2020", "يناير:كانون الثاني".
        if k < n and text[ws[hi].end:ws[k].start].strip() in ("/", ":") and not hijri:
            twin = _month_at(ws, k)
            if twin and twin[0] == m and not twin[2]:
                hi = k + twin[1] - 1
                k = hi + 1
        # April 5, 2017; "Aug. 1 2016" (the dot of an abbreviation is not the end of a clause)
        if k < n and day is None and _day(ws[k].norm) is not None and (
                not ws[k].broken or used == 1 and len(ws[hi].norm) <= 4 and text[ws[hi].end:ws[k].start].strip() == "."):
            day, hi, k = _day(ws[k].norm), k, k + 1
        if k + 1 < n and not hijri and (ws[k].norm, _bare(ws[k + 1].norm)) in (("من", "عام"), ("من", "العام")):
            k += 2  # "20 كانون الثاني من عام 2018": of the year
        elif k < n and not hijri and _bare(ws[k].norm) in ("عام", "العام") and not ws[k].broken:
            k += 1
        # "2023م": the year with the letter of the Gregorian era (ميلادي) attached
        yw = ws[k].norm[:-1] if k < n and ws[k].norm[-1:] == "م" and not hijri else ws[k].norm if k < n else ""
        if yw.isdigit() and (not ws[k].broken or text[ws[k - 1].end:ws[k].start].strip() in (",", "،")):
            y = int(yw) if len(yw) == 4 else None
            if y and (hijri and 1300 <= y <= 1500 or not hijri and 1900 <= y <= 2100):
                year, hi = y, k
                # the era letter stands as a word of its own where digits and letters are split
                if not hijri and k + 1 < n and ws[k + 1].norm == "م" and ws[k + 1].start == ws[k].end:
                    hi = k + 1
        if day is None and year is None:
            i += used
            continue
        start, end = ws[lo].start, ws[hi].end
        calendar = "hijri" if hijri else "gregorian"
        if hijri:
            if year is None:
                i += used
                continue
            trail = _TRAILING_HIJRI.match(text[end:end + 8])
            if trail:
                end += trail.end()
            g = _hijri_to_gregorian(year, m, day or 1)
            if g is None:
                i = hi + 1
                continue
            if day:
                out.append(DateMention(text[start:end], (start, end), g, g, "day", "hijri", 0.85, calendar))
            else:
                last = _hijri_to_gregorian(year, m, 29) or g
                out.append(DateMention(text[start:end], (start, end), g, last, "month", "hijri", 0.8, calendar))
        elif day and year:
            d = _safe_date(year, m, day)
            if d:
                out.append(DateMention(text[start:end], (start, end), d, d, "day", "absolute", 0.95))
        elif year:
            out.append(DateMention(text[start:end], (start, end), date(year, m, 1), _month_end(year, m),
                                   "month", "absolute", 0.85))
        else:  # day and month, year from the reference date (filled in later)
            out.append(DateMention(text[start:end], (start, end), None, None, "day", "absolute", 0.8))
            out[-1].month_day = (m, day)  # type: ignore[attr-defined]
            # "اليوم الخميس 5 تشرين الأول", "Monday, June 12th": the weekday can tell the year
            before = _bare(ws[lo - 1].norm) if lo > 0 and not ws[lo].broken else ""
            out[-1].weekday = AR_WEEKDAYS.get(before, EN_WEEKDAYS.get(before) if len(before) > 3 else None)  # type: ignore[attr-defined]
        i = hi + 1
    for mt in _NUMERIC.finditer(text):
        a, _sep, b, c = mt.group(1), mt.group(2), mt.group(3), mt.group(4)
        if len(a) == 4:
            d = _safe_date(int(a), int(b), int(c)) if len(c) <= 2 else None
        else:
            y = int(c) if len(c) == 4 else 2000 + int(c)
            # Day first, as Arabic and most Syrian sources write it; month first when day-first fails.
            d = _safe_date(y, int(b), int(a)) or _safe_date(y, int(a), int(b))
        if d and 1990 <= d.year <= 2100:
            out.append(DateMention(mt.group(), mt.span(), d, d, "day", "absolute", 0.85))
    return out


def _previous_weekday(ref: date, weekday: int, strictly_before: bool) -> date:
    delta = (ref.weekday() - weekday) % 7
    if delta == 0 and strictly_before:
        delta = 7
    return ref - timedelta(days=delta)


_AR_DAYS = {"ثلاثه": 3, "ثلاث": 3, "اربعه": 4, "اربع": 4, "خمسه": 5, "خمس": 5, "سته": 6, "ست": 6,
            "سبعه": 7, "سبع": 7, "ثمانيه": 8, "تسعه": 9, "عشره": 10}
_EN_NUM = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "a": 1}


_AR_RELATIVE = ("امس", "البارحه", "اليوم", *AR_WEEKDAYS)
# The words a relative expression turns on (an Arabic one also with a joined و/ب/ل/ف); any other
# word is passed over at once.
_RELATIVE_WORDS = frozenset({"yesterday", "today", "tonight", "night", "ago", "قبل", "منذ", *EN_WEEKDAYS,
                             *_AR_RELATIVE, *(p + w for p in "وبلف" for w in _AR_RELATIVE)})


def _relative(text: str, ws: list[Word]) -> list[tuple[tuple[int, int], str, int, float]]:
    """(span, kind, value, confidence): kind is 'offset' (days back) or 'weekday' / 'weekday-last'."""
    out = []
    n = len(ws)
    for i in [k for k, w in enumerate(ws) if w.norm in _RELATIVE_WORDS]:
        w = ws[i]
        norm = w.norm
        prev = ws[i - 1].norm if i > 0 else ""
        nxt = ws[i + 1].norm if i + 1 < n else ""
        span = (w.start, w.end)
        if norm == "yesterday":
            out.append(((ws[i - 2].start if prev == "before" and i > 1 and ws[i - 2].norm == "day" else w.start, w.end),
                        "offset", 2 if prev == "before" else 1, 0.9))
        elif norm in ("today", "tonight"):
            out.append((span, "offset", 0, 0.85))
        elif norm == "night" and prev == "last":
            out.append(((ws[i - 1].start, w.end), "offset", 1, 0.8))
        elif norm == "ago" and i >= 2 and ws[i - 1].norm in ("days", "day"):
            k = _EN_NUM.get(ws[i - 2].norm) or (int(ws[i - 2].norm) if ws[i - 2].norm.isdigit() else 0)
            if 0 < k < 60:
                out.append(((ws[i - 2].start, w.end), "offset", k, 0.85))
        elif norm in ("قبل", "منذ") and i + 1 < n and not ws[i + 1].broken:
            # "قبل يومين" (two days ago), "قبل أربعة أيام", "منذ ثلاثة أيام"
            if _bare(nxt) == "يومين":
                out.append(((w.start, ws[i + 1].end), "offset", 2, 0.85))
            elif i + 2 < n and ws[i + 2].norm in ("ايام", "يوما", "يوم") and not ws[i + 2].broken:
                k = _AR_DAYS.get(nxt) or (int(nxt) if nxt.isdigit() else 0)
                if 0 < k < 60:
                    out.append(((w.start, ws[i + 2].end), "offset", k, 0.85))
        elif norm in EN_WEEKDAYS and w.capital and len(norm) > 3:
            last = prev == "last"
            start = ws[i - 1].start if prev in ("last", "on", "this", "past") else w.start
            out.append(((start, w.end), "weekday-last" if last else "weekday", EN_WEEKDAYS[norm], 0.8))
        else:
            bare = _bare(norm)
            if bare in ("امس", "البارحه"):
                if nxt in ("الاول",):
                    out.append(((w.start, ws[i + 1].end), "offset", 2, 0.85))
                elif prev in ("اول",):
                    out.append(((ws[i - 1].start, w.end), "offset", 2, 0.85))
                else:
                    start = ws[i - 1].start if prev in AR_TIME_WORDS and prev != "امس" else w.start
                    end = ws[i + 1].end if _bare(nxt) in AR_WEEKDAYS else w.end
                    out.append(((start, end), "offset", 1, 0.9))
            elif bare == "اليوم" and (_bare(nxt) in AR_WEEKDAYS or prev in AR_TIME_WORDS or i + 1 < n and nxt in ("الاحد",)):
                out.append(((ws[i - 1].start if prev in AR_TIME_WORDS else w.start, w.end), "offset", 0, 0.85))
            elif bare in AR_WEEKDAYS and bare.startswith("ال") and _bare(prev) not in ("امس", "اليوم"):
                if prev in AR_TIME_WORDS or _bare(prev) in AR_TIME_WORDS or nxt in ("الماضي", "الفائت"):
                    last = nxt in ("الماضي", "الفائت")
                    start = ws[i - 1].start if (prev in AR_TIME_WORDS or _bare(prev) in AR_TIME_WORDS) else w.start
                    end = ws[i + 1].end if last else w.end
                    out.append(((start, end), "weekday-last" if last else "weekday", AR_WEEKDAYS[bare], 0.8))
    return out


def published_from_url(url: str | None) -> date | None:
    """The day a post was published when its address encodes it: an X/Twitter status id (its
    creation time, UTC) or a news address filed under year/month/day or whose slug ends with the
    date; a search engine's redirect is read for the address it leads to."""
    redirect = _REDIRECT.match(url or "")
    if redirect:
        url = unquote(redirect.group(1))
    m = _STATUS_URL.search(url or "")
    if not m:
        path = _DATED_PATH.match(url or "") or _DATED_SLUG.match(url or "")
        day = path and _safe_date(*(int(g) for g in path.groups()))
        return day if day and 1990 <= day.year <= 2100 else None
    ms = (int(m.group(1)) >> 22) + _TWITTER_EPOCH_MS
    day = date(1970, 1, 1) + timedelta(milliseconds=ms)
    return day if date(2006, 3, 21) <= day <= date(2100, 1, 1) else None


def _post_stamps(text: str) -> list[DateMention]:
    out = []
    if "·" not in text:
        return out  # every stamp is written next to the template's middle dot
    for m in _POST_STAMP.finditer(text):
        month, day, year = m.group(1, 2, 3) if m.group(1) else m.group(4, 5, 6)
        d = _safe_date(int(year), EN_MONTHS[month.lower()], int(day))
        if d and 1990 <= d.year <= 2100:
            out.append(DateMention(m.group(), m.span(), d, d, "day", "stamp", 0.9))
    return out


# Words that make a date the edge of a period rather than a day something happened.
_PERIOD_BEFORE = frozenset({"since", "until", "till", "to", "منذ", "حتي", "لغايه", "وحتي", "الي", "والي"})
_RANGE_START = frozenset({"from", "between", "من", "بين"})
_RANGE_END = frozenset({"to", "until", "and", "الي", "حتي", "و", "وحتي", "والي"})
# Words between such a word and the date: "since early June", "منذ مطلع حزيران", "منذ يوم السبت".
_FILLER = frozenset({"on", "the", "early", "late", "mid", "في", "يوم", "تاريخ", "بتاريخ", "مطلع", "بدايه", "منتصف",
                     "اواخر", "اوائل", "نهايه", "شهر"})


def _role(ws: list[Word], first: int, last: int) -> str | None:
    """The role of a date written over words first..last (see `DateMention.role`)."""
    k = first - 1
    while k >= 0 and not ws[k + 1].broken and ws[k].norm in _FILLER:
        k -= 1
    if k >= 0 and not ws[k + 1].broken:
        before = ws[k].norm
        if before in _PERIOD_BEFORE or _bare(before) in _PERIOD_BEFORE:
            return "period"
        if before in _RANGE_START and any(w.norm in _RANGE_END for w in ws[last + 1:last + 3]):
            return "period"
    return None


def _set_role(d: DateMention, ws: list[Word], starts: list[int]) -> None:
    first = bisect_left(starts, d.span[0])
    if first < len(ws):
        d.role = _role(ws, first, max(bisect_left(starts, d.span[1]) - 1, first))


def _latest_on_weekday(month: int, day: int, weekday: int, today: date) -> date | None:
    """The last day-and-month falling on that weekday, not after today (it recurs within 11 years,
    a 29 February within 28)."""
    for y in range(today.year, today.year - 29, -1):
        cand = _safe_date(y, month, day)
        if cand and cand <= today and cand.weekday() == weekday:
            return cand
    return None


def find_dates(text: str, ws: list[Word], published: date | None = None,
               today: date | None = None) -> tuple[list[DateMention], date | None]:
    """All dates in the text, in text order, and the reference date used for relative ones.

    `today` is the day the text is read (the machine's date when not given): a day and month
    written with their weekday and no year are read as the latest such day not after it.
    """
    today = today or date.today()
    stamps = _post_stamps(text)
    stamped = SpanSet(d.span for d in stamps)
    # A stamp is read whole; a word-level reading of it ("Dec 1" of "Dec 1, 20241.6K") is dropped.
    found = [d for d in _absolute(text, ws) if not stamped.overlaps(*d.span)]
    starts = [w.start for w in ws]
    for d in found:
        _set_role(d, ws, starts)
    taken = SpanSet(d.span for d in found)
    reference = published
    if published and stamps and stamps[0].date < published - timedelta(days=1):
        # The page prints the post's own date; a date given for it days later is when the page was
        # saved or read ("1y" turned back into a date), not when the post was published. (A day apart
        # is only the page's time zone.)
        stamps[0].basis = "dateline"
        reference = stamps[0].date
    elif reference is None:
        # Not a photo's caption date, which its credit follows: "... 7 آب 2020 (الدفاع المدني)", "June 5 2016. (AFP)"
        head = [d for d in found if d.span[0] < DATELINE_CHARS and d.precision == "day" and d.date
                and d.role != "period" and not _CAPTION_CREDIT.match(text, d.span[1])]
        if head:
            head[0].basis = "dateline"
            reference = head[0].date
        elif stamps:
            stamps[0].basis = "dateline"
            reference = stamps[0].date
    found.extend(stamps)
    for d in stamps:
        taken.add(*d.span)
    written_years = None
    for d in found:
        md = getattr(d, "month_day", None)
        if md and reference:
            m, day = md
            for y in (reference.year, reference.year - 1):
                cand = _safe_date(y, m, day)
                if cand and cand <= reference + timedelta(days=1):
                    d.date = d.end = cand
                    break
        elif md and getattr(d, "weekday", None) is not None:
            # No reference, but a weekday and a year written somewhere in the text: the one year
            # next to a written one in which that day falls on that weekday.
            if written_years is None:
                # not the year of a page's copyright line ("Meta © 2026"): that is when it was read
                written_years = {int(w.norm) for w in ws if len(w.norm) == 4 and w.norm.isdigit()
                                 and 1990 <= int(w.norm) <= 2100 and "©" not in text[max(w.start - 3, 0):w.start]}
            m, day = md
            fits = {c for y in written_years for c in (_safe_date(y + k, m, day) for k in (-1, 0, 1))
                    if c and c.weekday() == d.weekday}
            if len(fits) == 1:
                d.date = d.end = fits.pop()
                d.confidence = 0.6
                d.year_from = "written"
                continue
            # No written year fits: "اليوم الخميس 5 تشرين الأول", read now, is most likely the last
            # Thursday 5 October (the next one lies 5 to 11 years away), but never one before a
            # year the text writes: a text naming 2023 was written in 2023 or later.
            last = _latest_on_weekday(m, day, d.weekday, today)
            if last and not any(last.year + 1 < y <= today.year for y in written_years):
                d.date = d.end = last
                d.confidence = 0.5
                d.year_from = "weekday"
    absolute_spans = [d.span for d in found if d.date]
    for span, kind, value, confidence in _relative(text, ws):
        if taken.overlaps(*span):
            continue
        # "Tuesday 12 July 2016", "Sat Nov 18 2017": the weekday of a written date is part of it
        if kind == "weekday" and any(0 <= a - span[1] <= 2 or 0 <= span[0] - b <= 2 for a, b in absolute_spans):
            continue
        when = None
        if reference:
            if kind == "offset":
                when = reference - timedelta(days=value)
            else:
                when = _previous_weekday(reference, value, kind == "weekday-last")
        found.append(DateMention(text[span[0]:span[1]], span, when, when, "day", "relative",
                                 confidence if reference else 0.3))
        taken.add(*span)
    for d in found:
        if d.basis == "relative":
            _set_role(d, ws, starts)
        elif d.role is None and d.basis == "absolute" and _CAPTION_CREDIT.match(text, d.span[1]):
            d.role = "caption"
    found.sort(key=lambda d: d.span)
    return found, reference


# How far before the reference date an event date may lie and still be the incident's.
EVENT_WINDOW_DAYS = 45


def incident_date(dates: list[dict], reference: date | None, published: date | None,
                  sentence_of, toll_sentences: set[int], attack_sentences: set[int]) -> dict | None:
    """The incident date proposed for a report, from its date items (`DateMention.as_dict`).

    A day the text ties to the deed comes first: a relative day, else a written day in the weeks
    before the reference date, taken from a sentence giving a toll, else naming an attack, else any
    (the latest: news leads with its latest deed; earlier days are background). The edge of a period
    ("since 5 March") is never the deed's day. Without such a day, the dateline or the given
    publication date is proposed with low confidence (basis "dateline" / "published"): a report naming
    no other day most often tells of that day's or the previous day's events. With neither, no date.
    """
    day_dates = [d for d in dates if d["date"] and d["precision"] == "day"]
    day_dates = [d for d in day_dates if d.get("role") != "period" or d["basis"] == "dateline"]
    chosen = None
    if reference:
        ref = reference.isoformat()
        window = [d for d in day_dates if d["basis"] not in ("dateline", "stamp") and d["date"] <= ref
                  and (reference - date.fromisoformat(d["date"])).days <= EVENT_WINDOW_DAYS]
        relative = [d for d in window if d["basis"] == "relative"]
        pool = relative or window
        toll = [d for d in pool if sentence_of(d["span"][0]) in toll_sentences]
        attack = [d for d in pool if sentence_of(d["span"][0]) in attack_sentences]
        chosen = max(toll or attack or pool or [None], key=lambda d: d["date"] if d else "")
        if chosen is None:
            chosen = next((d for d in day_dates if d["basis"] == "dateline"), None)
        if chosen is None:
            # The post's own stamp, when it is not later than the date given for it (that may be a
            # capture date, or another time zone's day).
            chosen = next((d for d in day_dates if d["basis"] == "stamp" and d["date"] <= ref), None)
    elif day_dates:
        # No reference: the first day, but not a photo caption's ("... 7 آب 2020 (الدفاع المدني)"),
        # which tells when the picture was taken, often of an earlier attack.
        chosen = next((d for d in day_dates if d.get("role") != "caption"), day_dates[0])
    if chosen:
        low = chosen["basis"] in ("dateline", "stamp")
        proposal = {"item": chosen["id"], "date": chosen["date"], "precision": "day",
                    "confidence": 0.4 if low else chosen["confidence"], "basis": chosen["basis"]}
        if chosen.get("year_from"):
            proposal["year_from"] = chosen["year_from"]  # the analyst is told the year was not written
        return proposal
    if published:
        # No span in the text: the caller's date, as with a dateline.
        return {"item": None, "date": published.isoformat(), "precision": "day", "confidence": 0.3,
                "basis": "published"}
    return None
