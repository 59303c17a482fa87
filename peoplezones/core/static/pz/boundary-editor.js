/* Boundary editor: draw or reshape the Zone's boundary with Leaflet.draw. The drawn shape is
   written into the GeoJSON box of the form, which also works without this script. */
(function () {
  "use strict";
  var el = document.querySelector("[data-boundary-editor]");
  if (!el) { return; }
  var field = document.getElementById(el.dataset.target);
  var drawnRadio = document.getElementById(el.dataset.method);
  var map = L.map(el).setView([52.63, -1.13], 12);
  PZMap.base(map, el);
  PZMap.find(map, el);
  var drawn = new L.FeatureGroup().addTo(map);
  var style = { color: "#0b5d4b", weight: 3, fillOpacity: 0.2 };

  // Leaflet.draw edits plain polygons only: a MultiPolygon is split into its parts, each
  // editable, and joined again on saving.
  function polygons(geojson) {
    var found = [];
    (function walk(node) {
      if (!node) { return; }
      if (node.type === "FeatureCollection") { node.features.forEach(walk); }
      else if (node.type === "Feature") { walk(node.geometry); }
      else if (node.type === "Polygon") { found.push(node); }
      else if (node.type === "MultiPolygon") {
        node.coordinates.forEach(function (rings) { found.push({ type: "Polygon", coordinates: rings }); });
      }
    })(geojson);
    return found;
  }
  function load(text) {
    try {
      var parts = polygons(JSON.parse(text)).map(function (geometry) {
        return { type: "Feature", properties: {}, geometry: geometry };
      });
      var layer = L.geoJSON({ type: "FeatureCollection", features: parts }, { style: style });
      drawn.clearLayers();
      layer.eachLayer(function (item) { drawn.addLayer(item); });
      if (drawn.getLayers().length) { map.fitBounds(drawn.getBounds(), { padding: [16, 16] }); }
    } catch (e) { /* the server explains malformed GeoJSON when the form is sent */ }
  }
  function save() {
    var shapes = drawn.toGeoJSON();
    var polygons = shapes.features.filter(function (f) { return f.geometry && f.geometry.type === "Polygon"; });
    if (!polygons.length) { field.value = ""; return; }
    var geometry = polygons.length === 1
      ? polygons[0].geometry
      : { type: "MultiPolygon", coordinates: polygons.map(function (f) { return f.geometry.coordinates; }) };
    field.value = JSON.stringify(geometry);
    if (drawnRadio) { drawnRadio.checked = true; }
  }

  var loaded = Promise.resolve();
  if (field.value.trim()) { load(field.value); }
  else if (el.dataset.current) {
    loaded = fetch(el.dataset.current, { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        if (data.features && data.features.length) { load(JSON.stringify(data.features[0].geometry)); }
      });
  }
  map.addControl(new L.Control.Draw({
    draw: { polygon: { allowIntersection: false, shapeOptions: style }, rectangle: { shapeOptions: style },
            polyline: false, circle: false, marker: false, circlemarker: false },
    edit: { featureGroup: drawn }
  }));
  map.on(L.Draw.Event.CREATED, function (event) { drawn.addLayer(event.layer); save(); });
  map.on(L.Draw.Event.EDITED, save);
  map.on(L.Draw.Event.DELETED, save);
  field.addEventListener("change", function () { load(field.value); });
  loaded.then(function () { el.dataset.ready = "true"; });
})();
