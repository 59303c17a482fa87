// The door-step page's service worker: keeps the page and the site's files so the page opens
// with no signal. The page is asked of the network first (so it stays current), the files come
// from the cache first. Nothing here holds anyone's answers: they wait in the page's IndexedDB.
"use strict";
var CACHE = {{ cache|safe }};
var PAGE = {{ page|safe }};
var FILES = {{ files|safe }};

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(CACHE).then(function (cache) {
      return cache.addAll([PAGE].concat(FILES));
    }).then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("pz-doorstep-") === 0 && name !== CACHE && name.split("-")[2] === CACHE.split("-")[2];
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (url.pathname === PAGE) {
    event.respondWith(
      fetch(request).then(function (response) {
        // A signed-out visit is sent to the sign-in page: keep the page last seen signed in.
        if (response.ok && !response.redirected) {
          var copy = response.clone();
          caches.open(CACHE).then(function (cache) { cache.put(PAGE, copy); });
        }
        return response;
      }).catch(function () {
        return caches.match(PAGE);
      })
    );
    return;
  }
  if (FILES.indexOf(url.pathname) !== -1) {
    event.respondWith(
      caches.match(url.pathname).then(function (held) { return held || fetch(request); })
    );
  }
});
