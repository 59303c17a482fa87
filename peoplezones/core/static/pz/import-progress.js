/* Import progress: polls the job's status and updates the progress bar; reloads when the step
   ends so the preview or result shows. Without JavaScript the page says to reload. */
(function () {
  "use strict";
  var box = document.querySelector("[data-import-status]");
  if (!box) { return; }
  var bar = box.querySelector("progress");
  var text = box.querySelector("[data-progress-text]");
  function tick() {
    fetch(box.dataset.importStatus, { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        if (["checking", "queued", "running"].indexOf(s.status) === -1) { window.location.reload(); return; }
        if (s.total) { bar.max = s.total; bar.value = s.done; }
        text.textContent = s.label + (s.total ? ": " + s.done.toLocaleString() + " of " + s.total.toLocaleString() + " (" + s.percent + "%)" : "");
        window.setTimeout(tick, 1000);
      });
  }
  window.setTimeout(tick, 500);
})();
