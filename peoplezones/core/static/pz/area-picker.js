/* Building a boundary from areas: the areas listed are drawn on the map; selecting one there ticks
   it in the list (and the other way round); the totals above add up what is ticked as it changes.
   Everything works from the list alone, and without this script ("Update the totals"). */
(function () {
  "use strict";
  var el = document.querySelector("[data-area-picker]");
  var form = document.querySelector("[data-area-picker-form]");
  if (!el || !form) { return; }
  var summary = document.getElementById("area-summary");
  var boxes = Array.prototype.slice.call(form.querySelectorAll('input[name="codes"]'));
  var byCode = {};
  boxes.forEach(function (box) { byCode[box.value] = box; });
  var number = new Intl.NumberFormat(document.documentElement.lang || "en-GB");

  function totals() {
    var chosen = boxes.filter(function (box) { return box.checked; });
    var people = 0, postcodes = 0, deciles = {};
    chosen.forEach(function (box) {
      people += parseInt(box.dataset.population || "0", 10);
      postcodes += parseInt(box.dataset.postcodes || "0", 10);
      if (box.dataset.decile) { deciles[box.dataset.decile] = (deciles[box.dataset.decile] || 0) + 1; }
    });
    var mix = Object.keys(deciles).sort(function (a, b) { return a - b; }).map(function (d) {
      return summary.dataset.decileLabel + " " + d + ": " + deciles[d];
    }).join("; ");
    summary.querySelector('[data-sum="areas"]').textContent = number.format(chosen.length);
    summary.querySelector('[data-sum="population"]').textContent = number.format(people);
    summary.querySelector('[data-sum="postcodes"]').textContent = number.format(postcodes);
    summary.querySelector('[data-sum="deciles"]').textContent = mix || summary.dataset.none;
  }

  var map = L.map(el, { scrollWheelZoom: false }).setView([52.63, -1.13], 12);
  PZMap.base(map, el);
  var shapes = JSON.parse(document.getElementById(el.dataset.shapes).textContent);
  var layers = {};
  function style(code) {
    var on = byCode[code] && byCode[code].checked;
    return on
      ? { color: "#0b5d4b", weight: 3, fillColor: "#0b5d4b", fillOpacity: 0.45 }
      : { color: "#1d4ed8", weight: 1.5, dashArray: "4 3", fillOpacity: 0.05 };
  }
  var group = L.geoJSON(shapes, {
    style: function (feature) { return style(feature.properties.code); },
    onEachFeature: function (feature, layer) {
      var code = feature.properties.code;
      layers[code] = layer;
      layer.bindTooltip(feature.properties.name + " (" + code + ")");
      layer.on("click", function () {
        var box = byCode[code];
        if (!box) { return; }
        box.checked = !box.checked;
        box.dispatchEvent(new Event("change", { bubbles: true }));
      });
    }
  }).addTo(map);
  if (group.getLayers().length) { map.fitBounds(group.getBounds(), { padding: [16, 16], animate: false }); }

  form.addEventListener("change", function (event) {
    var box = event.target;
    if (box.name !== "codes") { return; }
    if (layers[box.value]) { layers[box.value].setStyle(style(box.value)); }
    totals();
  });
  totals();
  el.dataset.ready = "true";
})();
