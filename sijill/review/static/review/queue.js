// Keyboard navigation of a review queue: j / k (or arrow keys) move, Enter opens, / filters.
(function () {
  "use strict";
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr.queue-row"));
  var current = -1;
  function select(index) {
    if (!rows.length) { return; }
    current = Math.max(0, Math.min(rows.length - 1, index));
    rows.forEach(function (row, i) { row.classList.toggle("selected", i === current); });
    rows[current].focus();
    rows[current].scrollIntoView({ block: "nearest" });
  }
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.tagName === "SELECT");
    if (typing || event.altKey || event.ctrlKey || event.metaKey) { return; }
    if (event.key === "j" || event.key === "ArrowDown") { select(current + 1); event.preventDefault(); }
    else if (event.key === "k" || event.key === "ArrowUp") { select(current - 1); event.preventDefault(); }
    else if (event.key === "Enter" && current >= 0) { window.location.href = rows[current].dataset.url; }
    else if (event.key === "/") {
      var first = document.querySelector("#queue-filters input[name=q]");
      if (first) { first.focus(); event.preventDefault(); }
    }
  });
  rows.forEach(function (row, i) {
    row.addEventListener("click", function (event) {
      if (event.target.tagName !== "A") { select(i); }
    });
  });
})();
