/* Asset maps: [data-asset-map] draws the GeoJSON points named by data-points (clustered, so
   thousands stay fast), the Zone boundary named by data-boundary, and for gap analysis the shaded
   squares named by data-cells. The list or table beside every map says the same in words. */
(function () {
  "use strict";
  function get(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (r) { return r.json(); });
  }
  function popup(feature, category) {
    var p = feature.properties || {};
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = "/assets/" + feature.id + "/";
    link.textContent = p.name || "";
    box.appendChild(link);
    var kind = document.createElement("p");
    kind.textContent = category.name + (p.stale ? " · not checked for 12 months" : "");
    box.appendChild(kind);
    return box;
  }
  function points(data) {
    var group = L.markerClusterGroup({ chunkedLoading: true, showCoverageOnHover: false, maxClusterRadius: 60, animate: false });
    var categories = data["pz:categories"] || {};
    var markers = data.features.map(function (feature) {
      var c = feature.geometry.coordinates;
      var category = categories[feature.properties.category] || { name: "", colour: "#0b5d4b" };
      var colour = category.colour;
      return L.circleMarker([c[1], c[0]], {
        radius: 7, color: "#fff", weight: 2, fillColor: colour, fillOpacity: 0.95
      }).bindPopup(function () { return popup(feature, category); });
    });
    group.addLayers(markers);
    return group;
  }
  function cells(data) {
    return L.geoJSON(data, {
      style: function (feature) {
        var share = feature.properties.share || 0;
        return { stroke: false, fillColor: "#a4260b", fillOpacity: share > 0 ? 0.15 + 0.6 * share : 0.05 };
      },
      onEachFeature: function (feature, layer) {
        var p = feature.properties;
        layer.bindTooltip(p.beyond + " of " + p.total + " beyond the distance");
      }
    });
  }
  function draw(el) {
    var map = L.map(el, { scrollWheelZoom: false, maxZoom: 19 }).setView([52.63, -1.13], 10);
    PZMap.base(map, el);
    PZMap.find(map, el);
    var bounds = null;
    function extend(layer) {
      if (!layer.getLayers().length) { return; }
      var b = layer.getBounds();
      bounds = bounds ? bounds.extend(b) : L.latLngBounds(b.getSouthWest(), b.getNorthEast());
    }
    var jobs = [];
    if (el.dataset.cells) {
      jobs.push(get(el.dataset.cells).then(function (data) { var layer = cells(data).addTo(map); extend(layer); }));
    }
    if (el.dataset.boundary) {
      jobs.push(get(el.dataset.boundary).then(function (data) {
        var layer = L.geoJSON(data, { style: { color: "#0b5d4b", weight: 3, fill: false } }).addTo(map);
        extend(layer);
      }));
    }
    if (el.dataset.points) {
      jobs.push(get(el.dataset.points).then(function (data) {
        var layer = points(data).addTo(map);
        el.dataset.count = String(data.features.length);
        if (!el.dataset.boundary) { extend(layer); }
      }));
    }
    Promise.all(jobs).then(function () {
      if (bounds) { map.fitBounds(bounds, { padding: [16, 16], animate: false, maxZoom: 16 }); }
      el.dataset.ready = "true";
    });
  }
  document.querySelectorAll("[data-colour]").forEach(function (el) { el.style.backgroundColor = el.dataset.colour; });
  document.querySelectorAll("[data-asset-map]").forEach(draw);
})();
