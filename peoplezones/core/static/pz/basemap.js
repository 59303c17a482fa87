/* What every map shares (core.basemap): the base map under it, raster tiles or a vector PMTiles
   map the platform serves itself, with its attribution; and the "Find a postcode or place" box
   above it, which moves the map (the same box works as a plain search page without JavaScript). */
(function () {
  "use strict";
  function escape(text) {
    var span = document.createElement("span");
    span.textContent = text || "";
    return span.innerHTML;
  }
  function attribution(el) {
    var text = escape(el.dataset.attribution);
    if (!text) { return ""; }
    return el.dataset.attributionUrl
      ? '<a href="' + escape(el.dataset.attributionUrl) + '">' + text + "</a>"
      : text;
  }
  function base(map, el) {
    var kind = el.dataset.basemap;
    var maxData = parseInt(el.dataset.maxZoom || "19", 10);
    if (kind === "raster") {
      L.tileLayer(el.dataset.tiles, {
        maxNativeZoom: maxData, maxZoom: 19, attribution: attribution(el),
        // OpenStreetMap's tile policy asks for a referrer: the page's origin, never its path.
        referrerPolicy: "strict-origin-when-cross-origin"
      }).addTo(map);
    } else if (kind === "vector" && window.protomapsL) {
      window.protomapsL.leafletLayer({
        url: el.dataset.tiles, flavor: "light", lang: document.documentElement.lang.slice(0, 2) || "en",
        maxDataZoom: maxData, attribution: attribution(el)
      }).addTo(map);
    }
    map.attributionControl.setPrefix(false);
  }
  function show(map, place) {
    if (place.bounds) {
      var b = place.bounds;
      map.fitBounds([[b[1], b[0]], [b[3], b[2]]], { padding: [16, 16], maxZoom: 17, animate: false });
    } else {
      map.setView([place.lat, place.lon], 16, { animate: false });
    }
    if (map._pzFound) { map.removeLayer(map._pzFound); }
    map._pzFound = L.circleMarker([place.lat, place.lon], {
      radius: 9, color: "#1d1d1b", weight: 3, fillColor: "#ffdd00", fillOpacity: 1
    }).addTo(map).bindTooltip(place.label);
  }
  function find(map, el) {
    var form = document.querySelector('[data-map-find="' + el.id + '"]');
    if (!form) { return; }
    var status = form.querySelector(".map-find-result");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var query = form.elements.q.value.trim();
      var url = form.action + "?format=json&q=" + encodeURIComponent(query);
      status.textContent = "";
      fetch(url, { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (answer) {
          var places = answer.places || [];
          if (!places.length) { status.textContent = answer.message; return; }
          show(map, places[0]);
          status.textContent = places[0].shown + (places.length > 1 ? " " + answer.others : "");
          if (places.length > 1) {
            var list = document.createElement("ul");
            list.className = "map-find-choices";
            places.slice(1).forEach(function (place) {
              var item = document.createElement("li");
              var button = document.createElement("button");
              button.type = "button";
              button.className = "button-small";
              button.textContent = place.label + " (" + place.kind + ")";
              button.addEventListener("click", function () {
                show(map, place);
                status.textContent = place.shown;
              });
              item.appendChild(button);
              list.appendChild(item);
            });
            status.appendChild(list);
          }
        })
        .catch(function () { status.textContent = form.dataset.failed; });
    });
  }
  window.PZMap = { base: base, find: find };
})();
