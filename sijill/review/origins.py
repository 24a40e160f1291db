"""Where a source's information first came from, as one comparable key (plain Python, no Django).

Corroboration counts independent sources: two sources with the same origin key count once.
The key is taken, in this order, from:

1. the origin named on the source ("Syrian Civil Defence", "SNHR", "@SyriaCivilDef"), folded by the
   one normaliser so spellings, case, accents, Arabic letter forms and a leading "@" or "the" meet;
2. otherwise the source's URL: for a social-media site the host and the account
   ("x.com/syriacivildef": twitter.com and x.com are one site, "www.", "m.", "mobile." are dropped),
   for any other site the host alone (two articles of one outlet are one origin);
3. otherwise the source itself ("source:<id>"): nothing says it shares an origin with another.

A repost or copy is linked to its original by "derived from"; the caller follows that link to the
root first, so reposts of one original share the original's key wherever they were posted.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from sijill.text.normalise import normalise

# Sites where the first path segment names the account that posted (so it is the origin).
SOCIAL_HOSTS = {
    "x.com", "twitter.com", "facebook.com", "fb.com", "instagram.com", "t.me", "telegram.me",
    "youtube.com", "tiktok.com", "vk.com", "youtu.be",
}
HOST_ALIASES = {"twitter.com": "x.com", "fb.com": "facebook.com", "telegram.me": "t.me", "youtu.be": "youtube.com"}
_HOST_PREFIXES = ("www.", "m.", "mobile.", "web.", "ar.", "en.")
_PATH_SKIP = {"channel", "c", "user", "s", "profile.php", "pg", "groups", "watch", "shorts", "i"}
_LEADING_WORDS = re.compile(r"^(the|@)\s*", re.IGNORECASE)


def origin_from_text(origin: str | None) -> str:
    """The folded origin name: 'The Syrian Civil Defence ' and 'syrian civil defence' meet."""
    text = normalise(origin)
    text = _LEADING_WORDS.sub("", text)
    text = re.sub(r"[\s\-_.,;:'\"()]+", " ", text).strip()
    return text


def origin_from_url(url: str | None) -> str:
    """Host (and account, on a social-media site) of a URL; '' when it has no host."""
    if not url:
        return ""
    parts = urlsplit(url.strip() if "://" in url else f"https://{url.strip()}")
    host = (parts.hostname or "").lower().rstrip(".")
    for prefix in _HOST_PREFIXES:
        if host.startswith(prefix) and host.count(".") >= 2:
            host = host[len(prefix):]
    host = HOST_ALIASES.get(host, host)
    if not host:
        return ""
    if host in {HOST_ALIASES.get(h, h) for h in SOCIAL_HOSTS}:
        segments = [s for s in parts.path.split("/") if s]
        while segments and segments[0].lower() in _PATH_SKIP:
            segments = segments[1:]
        if segments:
            return f"{host}/{segments[0].lstrip('@').lower()}"
    return host


def origin_key(*, origin: str | None, url: str | None, source_id) -> str:
    """The key two sources share exactly when they have the same origin (see the module text)."""
    text = origin_from_text(origin)
    if text:
        return f"name:{text}"
    site = origin_from_url(url)
    if site:
        return f"site:{site}"
    return f"source:{source_id}"
