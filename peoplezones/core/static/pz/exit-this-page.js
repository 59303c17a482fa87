/* "Exit this page" (the GOV.UK Design System's pattern): the button, or Shift pressed three times
   within 5 seconds, covers the page at once and replaces it in the browser's history with an
   ordinary site, so Back does not return here. Screen readers hear each Shift counted. */
(function () {
  "use strict";
  var box = document.querySelector("[data-exit-this-page]");
  if (!box) { return; }
  var button = box.querySelector(".exit-this-page-button");
  var status = box.querySelector("[data-exit-this-page-status]");
  var presses = 0;
  var timer = null;

  function leave(event) {
    if (event) { event.preventDefault(); }
    var cover = document.createElement("div");
    cover.className = "exit-this-page-overlay";
    document.body.appendChild(cover);
    status.textContent = box.dataset.textLoading;
    document.title = box.dataset.textLoading;
    window.location.replace(button.href);
  }

  function reset() {
    presses = 0;
    status.textContent = box.dataset.textExpired;
  }

  button.addEventListener("click", leave);
  document.addEventListener("keyup", function (event) {
    if (event.key !== "Shift") {
      if (presses) { presses = 0; window.clearTimeout(timer); status.textContent = ""; }
      return;
    }
    presses += 1;
    window.clearTimeout(timer);
    if (presses >= 3) { leave(); return; }
    status.textContent = presses === 1 ? box.dataset.textFirst : box.dataset.textSecond;
    timer = window.setTimeout(reset, 5000);
  });
  // Coming back through the browser's cache: take the cover off.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) { return; }
    document.querySelectorAll(".exit-this-page-overlay").forEach(function (cover) { cover.remove(); });
  });
})();
