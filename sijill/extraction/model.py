"""An optional extractor in which a language model chooses and the rules read.

`ModelExtractor` talks to any server of the OpenAI chat-completions protocol: a local model
(llama.cpp's server, vLLM, Ollama) on an air-gapped laptop, or a hosted one a team has chosen.
It is never required and never the default: `extract()` uses `RuleExtractor` unless given
`extractor=`, and the drafts page and `sijill extract` use a model only when
`SIJILL_MODEL_ENDPOINT` (or `--model-endpoint`) names one.

Why this shape. A model is good at telling which of a report's several days, places and tolls
are the incident's own, where rules do worst; it is bad at character offsets, does not know the
gazetteer's p-codes and may invent. So the rule extractor first reads every item with its span,
and the model is asked only to quote, for each field of the incident, the words of the report
that give it. A quote must be found in the text and must cover an item the rules read there as
that field; that item (its span, its p-code, its date, its count) is then the proposal. A quote
that is not in the text, or covers nothing the rules can read as that field, is dropped and
listed under `incident["model"]["dropped"]`, and the field keeps the rules' proposal, as does a
field the model leaves empty. Nothing the model says reaches a draft without words of the report
behind it, and the analyst still accepts or corrects every field.
"""

from __future__ import annotations

import ipaddress
import json
import os
import re
import urllib.error
import urllib.request
from datetime import date
from urllib.parse import urlsplit

from sijill.extraction.pipeline import Extraction, RuleExtractor

# The incident fields the model is asked about, and the items of the extraction each one names.
FIELDS = {"place": "places", "date": "dates", "perpetrator": "actors", "killed": "casualties",
          "injured": "casualties", "violation": "violations"}
# A model reads a bounded text; beyond it, quotes could not be checked against what it saw.
MAX_CHARS = 24_000

INSTRUCTIONS = """You read reports of violations against civilians in the Syrian conflict, in Arabic or English.
For the one incident the report is mainly about, copy from the report the exact words that give:
- "place": where it happened (a village, town, district or governorate name);
- "date": the day it happened (a written date, or words like "yesterday", "أمس", "on Tuesday");
- "perpetrator": who did it (a party's name as written, e.g. "regime forces", "قسد", "ISIS");
- "killed": the number of people killed, with its words (e.g. "killing five civilians", "مقتل 3 أطفال");
- "injured": the number of people injured, with its words;
- "violation": the act (e.g. "airstrike", "artillery shelling", "قصف مدفعي", "اعتقال").
Answer with one JSON object with exactly these six keys; each value is {"quote": "<words copied
exactly from the report>"} or null when the report does not say. Never write words that are not in
the report, never translate, never compute a total."""


class ModelError(Exception):
    """The model endpoint could not be reached or gave no usable answer; the message says which."""


class ModelExtractor:
    """A model behind an OpenAI-compatible endpoint chooses among the items the rules read.

    `endpoint` is the API's base address, e.g. "http://127.0.0.1:8080/v1" (the request goes to
    its `/chat/completions`). With `strict=False` (the default) a failed call leaves the rules'
    extraction whole and says why in `incident["model"]["error"]`; with `strict=True` it raises
    `ModelError`.
    """

    def __init__(self, endpoint: str, *, model: str = "local", api_key: str | None = None,
                 timeout: float = 60.0, strict: bool = False, rules: RuleExtractor | None = None):
        parts = urlsplit(endpoint or "")
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"The model endpoint {endpoint!r} is not an http(s) address such as "
                             "http://127.0.0.1:8080/v1.")
        self.endpoint = endpoint.rstrip("/")
        self.model = model
        self.api_key = api_key
        self.timeout = timeout
        self.strict = strict
        self.rules = rules or _shared_rules()
        self.name = f"model:{model}"
        # A model on this machine is reached directly, never through a proxy the environment sets.
        handlers = [urllib.request.ProxyHandler({})] if _is_loopback(parts.hostname) else []
        self._opener = urllib.request.build_opener(*handlers)

    @classmethod
    def from_environment(cls, environ=None) -> ModelExtractor | None:
        """The extractor `SIJILL_MODEL_ENDPOINT`, `SIJILL_MODEL_NAME`, `SIJILL_MODEL_KEY` and
        `SIJILL_MODEL_TIMEOUT` describe, or None when no endpoint is set (the rules alone)."""
        env = os.environ if environ is None else environ
        endpoint = (env.get("SIJILL_MODEL_ENDPOINT") or "").strip()
        if not endpoint:
            return None
        raw_timeout = env.get("SIJILL_MODEL_TIMEOUT") or "60"
        try:
            timeout = float(raw_timeout)
        except ValueError:
            raise ValueError(f"SIJILL_MODEL_TIMEOUT={raw_timeout!r} is not a number of seconds.") from None
        return cls(endpoint, model=env.get("SIJILL_MODEL_NAME") or "local",
                   api_key=env.get("SIJILL_MODEL_KEY") or None, timeout=timeout)

    def extract(self, text: str, *, published: date | None = None, lang: str = "auto",
                today: date | None = None) -> Extraction:
        result = self.rules.extract(text, published=published, lang=lang, today=today)
        if not (text or "").strip():
            return result
        try:
            answer = self.ask(text[:MAX_CHARS], published)
        except ModelError as exc:
            if self.strict:
                raise
            result.incident["model"] = {"name": self.model, "error": str(exc)}
            return result
        chosen, dropped = ground(text[:MAX_CHARS], result, answer, self.rules)
        result.incident.update(chosen)
        result.incident["model"] = {"name": self.model, "fields": sorted(chosen), "dropped": dropped}
        result.extractor = self.name
        return result

    def ask(self, text: str, published: date | None = None) -> dict:
        """The model's answer for one text: {field: {"quote": ...} | None}."""
        note = f"The report was published on {published.isoformat()}.\n\n" if published else ""
        body = {"model": self.model, "temperature": 0, "response_format": {"type": "json_object"},
                "messages": [{"role": "system", "content": INSTRUCTIONS},
                             {"role": "user", "content": note + "Report:\n" + text}]}
        url = self.endpoint + "/chat/completions"
        headers = {"Content-Type": "application/json"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        request = urllib.request.Request(url, data=json.dumps(body).encode(), headers=headers, method="POST")
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                payload = json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as exc:
            detail = exc.read(300).decode("utf-8", "replace").strip()
            raise ModelError(f"The model endpoint {url} answered HTTP {exc.code}: {detail or exc.reason}") from None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise ModelError(f"Cannot reach the model endpoint {url}: {reason}") from None
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise ModelError(f"The model endpoint {url} did not answer with JSON.") from None
        try:
            content = payload["choices"][0]["message"]["content"]
        except (KeyError, IndexError, TypeError):
            raise ModelError(f"The answer of {url} has no choices[0].message.content.") from None
        return parse_answer(content)


def parse_answer(content) -> dict:
    """The model's message as {field: quote or None}; a fenced ```json block is read too."""
    if not isinstance(content, str):
        raise ModelError("The model's message is not text.")
    fenced = re.search(r"```(?:json)?\s*(.*?)```", content, re.DOTALL)
    try:
        answer = json.loads(fenced.group(1) if fenced else content)
    except json.JSONDecodeError:
        raise ModelError(f"The model's message is not a JSON object: {content[:120]!r}") from None
    if not isinstance(answer, dict):
        raise ModelError(f"The model's message is not a JSON object: {content[:120]!r}")
    quotes = {}
    for field in FIELDS:
        value = answer.get(field)
        if isinstance(value, dict):
            value = value.get("quote")
        quotes[field] = value.strip() if isinstance(value, str) and value.strip() else None
    return quotes


def find_quote(text: str, quote: str) -> list[tuple[int, int]]:
    """Where the quote stands in the text, as written (its spacing and line breaks may differ)."""
    tokens = quote.split()
    if not tokens:
        return []
    pattern = re.compile(r"\s+".join(re.escape(t) for t in tokens))
    return [m.span() for m in pattern.finditer(text)]


def _overlap(a: tuple[int, int], b) -> int:
    return min(a[1], b[1]) - max(a[0], b[0])


def _fits(field: str, item: dict) -> bool:
    if field == "date":
        return bool(item.get("date"))
    if field in ("killed", "injured"):
        return item.get("outcome") == field
    return True


def _proposal(field: str, item: dict, rules: RuleExtractor) -> dict:
    """The incident field an item gives, in the rule extractor's own shape, with basis "model"."""
    if field == "place":
        return {"item": item["id"], "pcode": item["pcode"], "governorate": item["governorate"],
                "governorate_name": item["governorate_name"], "name_en": item["name_en"],
                "level": item["level"], "confidence": item["confidence"], "basis": "model"}
    if field == "date":
        return {"item": item["id"], "date": item["date"], "precision": item["precision"],
                "confidence": item["confidence"], "basis": "model"}
    if field == "perpetrator":
        slug = rules.actors.root(item["actor"] or item["parent"])
        info = rules.actors.info.get(slug)
        return {"item": item["id"], "actor": slug, "name": info.name_en if info else slug,
                "confidence": item["confidence"], "basis": "model"}
    if field in ("killed", "injured"):
        return {"item": item["id"], "min": item["min"], "max": item["max"], "confidence": item["confidence"],
                "basis": "model"}
    return {"item": item["id"], "type": item["type"], "method": item["method"], "basis": "model"}


def ground(text: str, result: Extraction, answer: dict, rules: RuleExtractor) -> tuple[dict, list[dict]]:
    """The incident fields the model's quotes give, each from an item the rules read under the
    quote, and the quotes dropped with the reason."""
    chosen: dict = {}
    dropped: list[dict] = []
    for field, group in FIELDS.items():
        quote = answer.get(field)
        if not quote:
            continue
        spans = find_quote(text, quote)
        if not spans:
            dropped.append({"field": field, "quote": quote, "reason": "not in the text"})
            continue
        best = None
        for span in spans:  # the first place the quote stands over an item of the field
            under = [i for i in getattr(result, group) if _fits(field, i) and _overlap(span, i["span"]) > 0]
            if under:
                # the most specific place, else the item most of the quote covers
                best = max(under, key=lambda i: ((i.get("level") or 0) if field == "place" else 0,
                                                 _overlap(span, i["span"]), -i["span"][0]))
                break
        if best is None:
            dropped.append({"field": field, "quote": quote, "reason": f"no {field} read in these words"})
            continue
        chosen[field] = _proposal(field, best, rules)
    return chosen, dropped


def _is_loopback(host: str | None) -> bool:
    if host in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host or "").is_loopback
    except ValueError:
        return False


_rules: RuleExtractor | None = None


def _shared_rules() -> RuleExtractor:
    global _rules
    if _rules is None:
        _rules = RuleExtractor()
    return _rules
