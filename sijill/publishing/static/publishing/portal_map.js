/* The public incident map: Leaflet (vendored by the analysis app), no tile server: the OCHA
   governorate outlines as the base layer, the public points (already coarsened by the server). */
(function () {
  "use strict";
  function start() {
    var el = document.getElementById("incident-map");
    if (!el || typeof L === "undefined") { return; }
    var map = L.map(el, { attributionControl: true }).setView([35.0, 38.5], 6);
    var boundaries = el.getAttribute("data-boundaries");
    if (boundaries) {
      fetch(boundaries).then(function (r) { return r.ok ? r.json() : null; }).then(function (data) {
        if (data) { L.geoJSON(data, { style: { color: "#777", weight: 1, fill: false } }).addTo(map); }
      }).catch(function () {});
    }
    fetch(el.getAttribute("data-geojson")).then(function (r) { return r.json(); }).then(function (data) {
      var layer = L.geoJSON(data, {
        pointToLayer: function (feature, latlng) {
          return L.circleMarker(latlng, { radius: 6, color: "#a11", weight: 1, fillOpacity: 0.6 });
        },
        onEachFeature: function (feature, marker) {
          var p = feature.properties, link = document.createElement("a");
          link.href = p.url; link.textContent = p.title || ("#" + p.id);
          var box = document.createElement("div");
          box.appendChild(link);
          box.appendChild(document.createElement("br"));
          box.appendChild(document.createTextNode(p.date + (p.precision ? " · " + p.precision : "")));
          marker.bindPopup(box);
        }
      }).addTo(map);
      el.setAttribute("data-points", String(data.features.length));
      if (data.features.length) { map.fitBounds(layer.getBounds(), { maxZoom: 7, padding: [20, 20] }); }
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
}());
