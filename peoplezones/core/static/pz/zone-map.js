/* Zone maps: draws the GeoJSON named by each [data-zone-map] element. Every map on the site
   sits beside a list or table that says the same thing, so nothing depends on this script. */
(function () {
  "use strict";
  function popup(feature) {
    var p = feature.properties || {};
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = p.url || "#";
    link.textContent = p.name || "";
    box.appendChild(link);
    if (p.stage) {
      var stage = document.createElement("p");
      stage.textContent = p.stage;
      box.appendChild(stage);
    }
    return box;
  }
  // A feature may say what it is: "area" (shaded by its `shade`, 0 to 1: darker is more) or
  // "zone" (outlined); anything else is drawn as a Zone always was.
  function style(feature) {
    var p = feature.properties || {};
    if (p.layer === "area") {
      return { color: "#7a2e0e", weight: 1, fillColor: "#b4410e", fillOpacity: 0.15 + 0.6 * (p.shade || 0) };
    }
    if (p.layer === "zone") { return { color: "#0b5d4b", weight: 3, fillOpacity: 0 }; }
    return { color: "#0b5d4b", weight: 3, fillOpacity: 0.2 };
  }
  function draw(el) {
    var map = L.map(el, { scrollWheelZoom: false }).setView([52.63, -1.13], 10);
    PZMap.base(map, el);
    PZMap.find(map, el);
    fetch(el.dataset.geojson, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        var layer = L.geoJSON(data, {
          style: style,
          onEachFeature: function (feature, item) { item.bindPopup(popup(feature)); }
        }).addTo(map);
        if (layer.getLayers().length) { map.fitBounds(layer.getBounds(), { padding: [16, 16], animate: false }); }
        el.dataset.ready = "true";
      });
  }
  document.querySelectorAll("[data-zone-map]").forEach(draw);
})();
