/* The analysis map: shipped boundaries shaded by incident counts, incidents as clustered
 * points. Everything it loads comes from this server; a tile layer only when configured. */
(function () {
  "use strict";
  var el = document.getElementById("analysis-map");
  if (!el || !window.L) { return; }
  var d = el.dataset;
  var rtl = d.lang === "ar";
  var map = L.map(el, { zoomSnap: 0.25, minZoom: 5, maxZoom: 18, attributionControl: true });
  map.setView([35.0, 38.5], 6.5);
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution(d.labelAttribution);
  if (d.tiles) {
    L.tileLayer(d.tiles, { maxZoom: 18 }).addTo(map);
  }
  var SCALE = ["#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c"];
  var areaLayer = null;
  var legend = L.control({ position: rtl ? "bottomleft" : "bottomright" });
  var legendBox = null;
  legend.onAdd = function () {
    legendBox = L.DomUtil.create("div", "map-legend");
    legendBox.setAttribute("dir", rtl ? "rtl" : "ltr");
    legendBox.id = "map-legend";
    return legendBox;
  };
  legend.addTo(map);

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { if (!r.ok) { throw new Error(url + ": " + r.status); } return r.json(); });
  }
  function fmt(n) { return typeof n === "number" ? n.toLocaleString(rtl ? "ar" : "en") : String(n); }
  function classOf(value, breaks) {
    if (!value) { return 0; }
    var offset = SCALE.length - breaks.length;
    for (var i = 0; i < breaks.length; i++) { if (value <= breaks[i]) { return offset + i + 1; } }
    return SCALE.length;
  }
  function drawLegend(breaks) {
    var html = "<h4>" + d.labelLegend + "</h4>";
    var lower = 1;
    var offset = SCALE.length - breaks.length;
    for (var i = 0; i < breaks.length; i++) {
      var text = lower === breaks[i] ? fmt(lower) : fmt(lower) + "–" + fmt(breaks[i]);
      html += '<div class="row"><span class="swatch c' + (offset + i + 1) + '"></span>' + text + "</div>";
      lower = breaks[i] + 1;
    }
    html += '<div class="row"><span class="swatch c0"></span>' + d.labelNone + "</div>";
    legendBox.innerHTML = html;
  }
  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  // One request at a time: the server answers each quickly, and a small server (one process,
  // one database connection) is never asked for several at once.
  function showAreas(level) {
    var url = level === 2 ? d.boundaries2 : d.boundaries;
    var sep = d.areas.indexOf("?") >= 0 ? "&" : "?";
    var shapes;
    return getJSON(url).then(function (s) {
      shapes = s;
      return getJSON(d.areas + sep + "level=" + level);
    }).then(function (data) {
      if (areaLayer) { map.removeLayer(areaLayer); }
      areaLayer = L.geoJSON(shapes, {
        style: function (feature) {
          var a = data.areas[feature.properties.pcode];
          var c = classOf(a ? a.incidents : 0, data.breaks);
          return { color: "#555", weight: 1, fillOpacity: 0.75, fillColor: c ? SCALE[c - 1] : "#f2f2f2" };
        },
        onEachFeature: function (feature, layer) {
          var p = feature.properties;
          var a = data.areas[p.pcode];
          var name = rtl ? (p.name_ar || p.name_en) : (p.name_en || p.name_ar);
          var body = "<strong>" + escapeHtml(name) + "</strong><br>" +
            fmt(a ? a.shown_incidents : 0) + " " + d.labelIncidents + " · " +
            fmt(a ? a.shown_victims : 0) + " " + d.labelVictims;
          if (a && a.link) { body += '<br><a href="' + escapeHtml(a.link) + '">' + d.labelOpen + "</a>"; }
          layer.bindPopup(body);
          layer.bindTooltip(escapeHtml(name), { sticky: true });
        }
      }).addTo(map);
      areaLayer.bringToBack();
      drawLegend(data.breaks);
      el.dataset.areasLoaded = String(level);
    }).catch(function (err) { el.dataset.error = String(err); });
  }

  var points = L.markerClusterGroup({ showCoverageOnHover: false, chunkedLoading: true });
  function showPoints() {
    return getJSON(d.points).then(function (data) {
      data.points.forEach(function (p) {
        var m = L.circleMarker([p.lat, p.lon], { radius: 5, color: "#8b1a1a", weight: 1, fillOpacity: 0.8 });
        m.bindPopup('<a href="' + data.incident_url + p.id + '/">' + escapeHtml(p.title || ("#" + p.id)) + "</a><br>" + p.date);
        points.addLayer(m);
      });
      map.addLayer(points);
      el.dataset.pointsLoaded = String(data.points.length);
    }).catch(function (err) { el.dataset.error = String(err); });
  }

  var toggle = document.getElementById("show-points");
  if (toggle) {
    toggle.addEventListener("change", function () {
      if (toggle.checked) { map.addLayer(points); } else { map.removeLayer(points); }
    });
  }
  var buttons = document.querySelectorAll("#map-layers button[data-layer]");
  Array.prototype.forEach.call(buttons, function (b) {
    b.addEventListener("click", function () {
      Array.prototype.forEach.call(buttons, function (o) { o.setAttribute("aria-pressed", String(o === b)); });
      showAreas(parseInt(b.dataset.layer, 10));
    });
  });
  showAreas(1).then(showPoints);
}());
