/* Behaviour every page shares, none of it needed to use the site:
   - marks the page as running JavaScript (a map's still picture then gives way to the map);
   - on small screens the header's "Menu" link (to the menu page) becomes a button that opens
     the main navigation in place. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var link = document.querySelector("[data-menu-toggle]");
  var nav = link && document.getElementById(link.dataset.menuToggle);
  if (!nav) { return; }
  var button = document.createElement("button");
  button.type = "button";
  button.className = link.className;
  button.textContent = link.textContent;
  button.setAttribute("aria-controls", nav.id);
  button.setAttribute("aria-expanded", "false");
  button.addEventListener("click", function () {
    var open = nav.classList.toggle("is-open");
    button.setAttribute("aria-expanded", open ? "true" : "false");
  });
  link.replaceWith(button);
})();
