"""The optional model-backed extractor: the model chooses among the items the rules read, by quoting.

No language model runs on this machine (and none may be required), so the endpoint here is a real
HTTP server on 127.0.0.1 speaking the chat-completions protocol, whose answer each test sets: what
is tested is Sijill's side, the request it sends and what it lets into a draft.
"""

import io
import json
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sijill.extraction import extract
from sijill.extraction.model import (
    FIELDS,
    ModelError,
    ModelExtractor,
    find_quote,
    ground,
    parse_answer,
)

REPORT = ("Idlib, 14 March 2024. Regime artillery shelled the town of Sarmin on Tuesday 12 March 2024, "
          "killing three civilians and injuring seven. On 2 March 2024 an airstrike had hit Binnish.")


class _Endpoint:
    def __init__(self):
        self.requests: list[dict] = []
        self.reply = {"status": 200, "content": "{}"}
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (the standard library's name)
                body = self.rfile.read(int(self.headers["Content-Length"]))
                endpoint.requests.append({"path": self.path, "headers": dict(self.headers),
                                          "body": json.loads(body)})
                status = endpoint.reply["status"]
                if "raw" in endpoint.reply:
                    data = endpoint.reply["raw"].encode()
                else:
                    data = json.dumps({"choices": [{"message": {"role": "assistant",
                                                                "content": endpoint.reply["content"]}}]}).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def answer(self, **quotes):
        self.reply = {"status": 200, "content": json.dumps({k: ({"quote": v} if v else None) for k, v in quotes.items()})}


@pytest.fixture
def endpoint():
    e = _Endpoint()
    yield e
    e.server.shutdown()
    e.server.server_close()


def test_the_models_quotes_choose_the_incidents_date_and_place_among_the_items_read(endpoint):
    rules = extract(REPORT).incident
    assert (rules["date"]["date"], rules["place"]["name_en"]) == ("2024-03-12", "Sarmin")
    # the model says the report is about the airstrike on Binnish (OCHA: Bennsh): its quotes stand over
    # items read there
    endpoint.answer(place="hit Binnish", date="On 2 March 2024", perpetrator="Regime artillery",
                    killed="killing three civilians", injured="injuring seven", violation="an airstrike")
    result = extract(REPORT, extractor=ModelExtractor(endpoint.url, model="m1"))
    inc = result.incident
    assert result.extractor == "model:m1"
    assert inc["date"]["date"] == "2024-03-02" and inc["date"]["basis"] == "model"
    assert REPORT[slice(*result.dates[inc["date"]["item"]]["span"])] == "2 March 2024"
    assert inc["place"]["name_en"] == "Bennsh" and inc["place"]["governorate"] == "SY07"
    assert REPORT[slice(*result.places[inc["place"]["item"]]["span"])] == "Binnish"
    assert inc["perpetrator"]["actor"] == "syrian-government-forces"
    assert (inc["killed"]["min"], inc["injured"]["min"]) == (3, 7)
    assert inc["violation"]["method"] == "airstrike"
    assert inc["model"] == {"name": "m1", "fields": ["date", "injured", "killed", "perpetrator", "place",
                                                     "violation"], "dropped": []}


def test_a_quote_not_in_the_report_or_over_nothing_readable_is_dropped_and_the_rules_stand(endpoint):
    rules = extract(REPORT).incident
    endpoint.answer(killed="killing twelve civilians", date="the town of Sarmin", place=None)
    inc = extract(REPORT, extractor=ModelExtractor(endpoint.url)).incident
    assert inc["killed"] == rules["killed"] and inc["date"] == rules["date"] and inc["place"] == rules["place"]
    assert inc["model"]["dropped"] == [
        {"field": "date", "quote": "the town of Sarmin", "reason": "no date read in these words"},
        {"field": "killed", "quote": "killing twelve civilians", "reason": "not in the text"},
    ]


def test_the_request_is_a_chat_completion_with_the_report_and_the_key(endpoint):
    endpoint.answer()
    ModelExtractor(endpoint.url, model="qwen", api_key="s3cret").extract(REPORT, published=date(2024, 3, 14))
    (req,) = endpoint.requests
    assert req["path"] == "/v1/chat/completions"
    assert req["headers"]["Authorization"] == "Bearer s3cret"
    body = req["body"]
    assert body["model"] == "qwen" and body["temperature"] == 0
    assert REPORT in body["messages"][-1]["content"] and "2024-03-14" in body["messages"][-1]["content"]


@pytest.mark.parametrize(("reply", "message"), [
    ({"status": 500, "raw": '{"error": "out of memory"}'}, "answered HTTP 500: {\"error\": \"out of memory\"}"),
    ({"status": 200, "raw": "<html>proxy login</html>"}, "did not answer with JSON"),
    ({"status": 200, "raw": '{"data": []}'}, "has no choices"),
    ({"status": 200, "content": "I cannot help with that."}, "not a JSON object"),
])
def test_a_failed_answer_keeps_the_rules_draft_and_says_why_or_raises_when_strict(endpoint, reply, message):
    endpoint.reply = reply
    rules = extract(REPORT).incident
    result = extract(REPORT, extractor=ModelExtractor(endpoint.url))
    assert result.extractor == "rules" and result.incident["date"] == rules["date"]
    assert message in result.incident["model"]["error"]
    with pytest.raises(ModelError, match="answered|JSON|choices"):
        ModelExtractor(endpoint.url, strict=True).extract(REPORT)


def test_an_endpoint_nobody_listens_on_is_named_in_the_error(endpoint):
    url = endpoint.url
    endpoint.server.shutdown()
    endpoint.server.server_close()
    with pytest.raises(ModelError, match=f"Cannot reach the model endpoint {url}/chat/completions"):
        ModelExtractor(url, strict=True, timeout=2).extract(REPORT)


def test_arabic_quotes_are_found_across_different_spacing():
    text = "قصفت قوات النظام\nبلدة سرمين  اليوم، ما أدى إلى مقتل ٣ مدنيين"
    (span,) = find_quote(text, "بلدة سرمين اليوم")
    assert text[slice(*span)] == "بلدة سرمين  اليوم"
    assert find_quote(text, "مقتل 4 مدنيين") == []


def test_a_fenced_answer_is_read_and_other_keys_are_ignored():
    answer = parse_answer('Here it is:\n```json\n{"date": {"quote": " أمس "}, "killed": null, "notes": "x"}\n```')
    assert answer == {"place": None, "date": "أمس", "perpetrator": None, "killed": None, "injured": None,
                      "violation": None}


def test_the_endpoint_comes_from_the_environment_and_is_checked():
    assert ModelExtractor.from_environment({}) is None
    m = ModelExtractor.from_environment({"SIJILL_MODEL_ENDPOINT": "http://127.0.0.1:9/v1/", "SIJILL_MODEL_NAME": "x",
                                         "SIJILL_MODEL_TIMEOUT": "5"})
    assert (m.endpoint, m.model, m.timeout, m.api_key) == ("http://127.0.0.1:9/v1", "x", 5.0, None)
    with pytest.raises(ValueError, match="not an http"):
        ModelExtractor("127.0.0.1:8080")
    with pytest.raises(ValueError, match="SIJILL_MODEL_TIMEOUT"):
        ModelExtractor.from_environment({"SIJILL_MODEL_ENDPOINT": "http://h/v1", "SIJILL_MODEL_TIMEOUT": "soon"})


def test_a_draft_is_read_by_the_model_the_environment_names_and_kept_when_it_fails(endpoint, analyst, monkeypatch,
                                                                                     client, no_2fa):
    from django.urls import reverse

    from sijill.drafts import services

    monkeypatch.setenv("SIJILL_MODEL_ENDPOINT", endpoint.url)
    monkeypatch.setenv("SIJILL_MODEL_NAME", "local-test")
    endpoint.answer(date="On 2 March 2024")
    draft = services.draft_create(user=analyst, text=REPORT)
    assert draft.extraction["extractor"] == "model:local-test"
    assert draft.extraction["incident"]["date"]["date"] == "2024-03-02"
    client.force_login(analyst)
    page = client.get(reverse("drafts:review", args=[draft.pk])).content.decode()
    assert "The model local-test chose the fields marked ◆" in page and "Date ◆</dt>" in page
    assert "Place ◆" not in page  # the place is the rules' own
    endpoint.reply = {"status": 503, "raw": "loading model"}
    draft = services.draft_create(user=analyst, text=REPORT)
    assert draft.extraction["extractor"] == "rules" and draft.extraction["incident"]["date"]["date"] == "2024-03-12"
    assert "HTTP 503: loading model" in draft.extraction["incident"]["model"]["error"]
    page = client.get(reverse("drafts:review", args=[draft.pk]), HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert "تعذّر على النموذج local-test قراءة هذا التقرير" in page


def test_the_command_line_asks_the_model_given_and_fails_loudly(endpoint, tmp_path):
    from django.core.management import CommandError, call_command

    report = tmp_path / "r.txt"
    report.write_text(REPORT, encoding="utf-8")
    endpoint.answer(place="hit Binnish")
    out = io.StringIO()
    call_command("extract", str(report), "--model-endpoint", endpoint.url, "--model", "m2", stdout=out)
    data = json.loads(out.getvalue())
    assert data["extractor"] == "model:m2" and data["incident"]["place"]["name_en"] == "Bennsh"
    endpoint.reply = {"status": 200, "raw": "not json"}
    with pytest.raises(CommandError, match="did not answer with JSON"):
        call_command("extract", str(report), "--model-endpoint", endpoint.url)


_texts = st.one_of(st.text(max_size=300), st.lists(st.sampled_from(
    ["قصف", "سرمين", "مقتل", "٣", "أمس", "Regime", "killing", "three", "\u200f", "\u200d", " ", "\n", "12 March 2024"]),
    max_size=60).map(" ".join))


@settings(max_examples=200, deadline=2000)
@given(text=_texts, quotes=st.dictionaries(st.sampled_from(list(FIELDS)), st.one_of(st.none(), st.text(max_size=40))),
       junk=st.text(max_size=80))
def test_any_answer_on_any_text_is_grounded_or_dropped_never_a_crash(text, quotes, junk):
    # whatever a model answers, only quotes found in the text over items read there reach the draft
    result = extract(text)
    try:
        answer = parse_answer(junk)
    except ModelError:
        answer = parse_answer(json.dumps({f: ({"quote": q} if q is not None else None) for f, q in quotes.items()}))
    chosen, dropped = ground(text, result, answer, ModelExtractor("http://127.0.0.1:9/v1").rules)
    for field, proposal in chosen.items():
        item = getattr(result, FIELDS[field])[proposal["item"]]
        assert any(a < item["span"][1] and item["span"][0] < b for a, b in find_quote(text, answer[field]))
    assert {d["field"] for d in dropped}.isdisjoint(chosen)


def test_a_wrongly_set_endpoint_never_refuses_a_report(analyst, monkeypatch):
    from sijill.drafts import services

    monkeypatch.setenv("SIJILL_MODEL_ENDPOINT", "127.0.0.1:8080")  # no scheme
    draft = services.draft_create(user=analyst, text=REPORT)
    assert draft.extraction["extractor"] == "rules" and draft.extraction["incident"]["date"]["date"] == "2024-03-12"
    assert "is not an http(s) address" in draft.extraction["incident"]["model"]["error"]
