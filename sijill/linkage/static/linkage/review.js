// Linkage review queue: j/k move between pairs, a accepts, r rejects, s splits the current pair.
// Decisions are posted with fetch; without JavaScript the buttons post the same form.
document.addEventListener("DOMContentLoaded", function () {
  var queue = document.getElementById("review-queue");
  if (!queue) return;
  var cards = Array.prototype.slice.call(queue.querySelectorAll("article.pair"));
  var status = document.getElementById("review-status");
  var current = -1;
  var busy = false;
  // By physical key (event.code), so the shortcuts work on an Arabic keyboard layout too.
  var verdicts = { KeyA: "accept", KeyR: "reject", KeyS: "split" };

  function select(i) {
    if (!cards.length) return;
    i = Math.max(0, Math.min(cards.length - 1, i));
    if (current >= 0) cards[current].classList.remove("current");
    current = i;
    cards[i].classList.add("current");
    cards[i].setAttribute("aria-current", "true");
    cards[i].focus({ preventScroll: true });
    cards[i].scrollIntoView({ block: "nearest" });
  }

  function nextOpen(from) {
    for (var i = from + 1; i < cards.length; i++) {
      if (!cards[i].classList.contains("decided")) return i;
    }
    return -1;
  }

  function decide(card, verdict) {
    var form = card.querySelector("form.decide");
    if (!form || busy || card.classList.contains("decided")) return;
    busy = true;
    var data = new FormData(form);
    data.append("verdict", verdict);
    fetch(card.dataset.decide, {
      method: "POST", body: data, credentials: "same-origin",
      headers: { "X-Requested-With": "fetch", "Accept": "application/json" }
    }).then(function (response) {
      return response.json().then(function (body) { return { ok: response.ok && body.ok, body: body }; });
    }).then(function (result) {
      busy = false;
      if (!result.ok) {
        status.textContent = result.body.error || "error";
        return;
      }
      card.classList.add("decided", "d-" + result.body.verdict);
      card.dataset.verdict = result.body.verdict;
      card.querySelector(".verdict").textContent = result.body.label;
      form.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
      var left = cards.filter(function (c) { return !c.classList.contains("decided"); }).length;
      status.textContent = result.body.label + " · " + left + " " + queue.dataset.leftLabel;
      var next = nextOpen(cards.indexOf(card));
      if (next >= 0) select(next);
    }).catch(function (error) {
      busy = false;
      status.textContent = String(error);
    });
  }

  cards.forEach(function (card, i) {
    card.addEventListener("click", function () { select(i); });
    var form = card.querySelector("form.decide");
    if (form) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var button = event.submitter;
        if (button && button.value) decide(card, button.value);
      });
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var tag = (event.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "textarea" || tag === "select" || event.target.isContentEditable) return;
    var key = event.code;
    if (key === "KeyJ") { select(current + 1); event.preventDefault(); }
    else if (key === "KeyK") { select(current - 1); event.preventDefault(); }
    else if (verdicts[key] && current >= 0) { decide(cards[current], verdicts[key]); event.preventDefault(); }
  });

  select(0);
});
