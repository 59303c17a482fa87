/* Data sources: while a refresh is queued or running, follow it (progress bar and stage) and
   reload the page when it ends so its result shows. Without JavaScript the page says to reload. */
(function () {
  "use strict";
  var box = document.querySelector("[data-sources-status]");
  if (!box || !box.hasAttribute("data-working")) { return; }
  function tick() {
    fetch(box.dataset.sourcesStatus, { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        if (!s.working) { window.location.reload(); return; }
        s.sources.forEach(function (source) {
          var row = box.querySelector('[data-source="' + source.key + '"]');
          if (!row) { return; }
          var bar = row.querySelector("progress");
          var stage = row.querySelector("[data-stage]");
          if (bar && source.total) { bar.max = source.total; bar.value = source.done; }
          if (stage) { stage.textContent = source.stage + (source.percent !== null ? " (" + source.percent + "%)" : ""); }
        });
        window.setTimeout(tick, 1000);
      });
  }
  window.setTimeout(tick, 500);
})();
