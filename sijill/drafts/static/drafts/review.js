// Clicking a highlighted span brings its row into view, and a row its span.
document.addEventListener("DOMContentLoaded", function () {
  function focus(id) {
    var el = document.getElementById(id);
    if (!el) return;
    el.scrollIntoView({ block: "center" });
    el.classList.add("focus");
    setTimeout(function () { el.classList.remove("focus"); }, 1500);
  }
  document.querySelectorAll("mark[data-row]").forEach(function (m) {
    m.addEventListener("click", function () { focus(m.dataset.row); });
  });
  document.querySelectorAll("tr[data-mark]").forEach(function (r) {
    r.addEventListener("click", function (e) { if (e.target.tagName === "TD") focus(r.dataset.mark); });
  });
});
