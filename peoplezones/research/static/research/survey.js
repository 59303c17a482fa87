// Progressive enhancement for survey pages. Without it everything works: every question shows,
// with a hint saying when to answer it, and the server ignores answers to questions not asked.
(function () {
  "use strict";

  // Print buttons (posters with the QR code, household cards).
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });

  var form = document.querySelector(".survey-form");
  if (!form) { return; }
  var conditional = Array.prototype.slice.call(form.querySelectorAll("[data-show-if]"));
  if (!conditional.length) { return; }

  function answersTo(name) {
    var values = [];
    form.querySelectorAll("[name='" + name + "']").forEach(function (input) {
      if ((input.type === "radio" || input.type === "checkbox") ? input.checked : input.value) {
        values.push(input.value);
      }
    });
    return values;
  }

  function update() {
    conditional.forEach(function (block) {
      var wanted = block.getAttribute("data-show-values").split("|");
      var given = answersTo(block.getAttribute("data-show-if"));
      var shown = given.some(function (value) { return wanted.indexOf(value) !== -1; });
      block.hidden = !shown;
    });
  }

  form.addEventListener("change", update);
  update();
})();
