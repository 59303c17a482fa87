// The door-step page: each household's answers are kept on this device (IndexedDB), each with
// its own key, and sent when there is a connection. The server stores each key once, so a send
// whose reply was lost is simply sent again. Answers the server refuses (recorded after the wave
// closed, or no longer fitting a changed survey) stay here, shown, until the volunteer downloads
// or removes them: nothing is lost and nothing is counted twice.
(function () {
  "use strict";
  var root = document.querySelector("[data-doorstep]");
  if (!root) { return; }
  var form = root.querySelector("[data-doorstep-form]");
  var words = root.querySelector("[data-words]").dataset;
  var wave = root.getAttribute("data-wave");
  var version = root.getAttribute("data-version");
  var sendUrl = root.getAttribute("data-send");
  var pageUrl = root.getAttribute("data-page");
  var status = root.querySelector("[data-status]");
  var attention = root.querySelector("[data-attention]");
  var problems = root.querySelector("[data-problems]");
  var BATCH = parseInt(root.getAttribute("data-batch"), 10) || 100;  // the server's limit
  var STORE = "answers";
  var sending = null;
  var lastNote = "";

  function say(template, n) { return template.replace("%(n)s", String(n)); }

  // --- The queue on this device ---------------------------------------------------------------
  var opened = new Promise(function (resolve, reject) {
    if (!window.indexedDB) { reject(new Error("no IndexedDB")); return; }
    var request = window.indexedDB.open("pz-doorstep", 1);
    request.onupgradeneeded = function () {
      request.result.createObjectStore(STORE, { keyPath: "key" }).createIndex("wave", "wave");
    };
    request.onsuccess = function () { resolve(request.result); };
    request.onerror = function () { reject(request.error); };
  });

  // Run `work(store)` in one transaction; resolves once it is written to disk, with the value of
  // the last request `work` returned (if any).
  function inStore(mode, work) {
    return opened.then(function (db) {
      return new Promise(function (resolve, reject) {
        var transaction = db.transaction(STORE, mode, { durability: "strict" });
        var request = work(transaction.objectStore(STORE));
        transaction.oncomplete = function () { resolve(request ? request.result : undefined); };
        transaction.onerror = function () { reject(transaction.error); };
        transaction.onabort = function () { reject(transaction.error); };
      });
    });
  }

  function held() {
    return inStore("readonly", function (store) {
      return store.index("wave").getAll(window.IDBKeyRange.only(wave));
    }).then(function (items) {
      items.sort(function (a, b) { return a.recorded_at < b.recorded_at ? -1 : 1; });
      return items;
    });
  }

  function newKey() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    var bytes = window.crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  // --- Recording a household ------------------------------------------------------------------
  function asked(block) { return !block.hidden; }

  function answersOf() {
    var data = {};
    form.querySelectorAll(".question").forEach(function (block) {
      if (!asked(block)) { return; }
      block.querySelectorAll("input, textarea, select").forEach(function (input) {
        var value = (input.type === "radio" || input.type === "checkbox")
          ? (input.checked ? input.value : "") : input.value.trim();
        if (!value || !input.name) { return; }
        (data[input.name] = data[input.name] || []).push(value);
      });
    });
    return data;
  }

  function showProblems(found) {
    var list = problems.querySelector("[data-problem-list]");
    list.textContent = "";
    found.forEach(function (problem) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = "#" + problem.target;
      link.textContent = problem.text;
      item.appendChild(link);
      list.appendChild(item);
    });
    problems.hidden = !found.length;
    if (found.length) { problems.focus(); }
  }

  function check(data) {
    var found = [];
    form.querySelectorAll("[data-required]").forEach(function (block) {
      var name = block.getAttribute("data-required");
      if (!asked(block) || data[name]) { return; }
      var first = block.querySelector("input, textarea, select");
      var legend = block.querySelector("legend, label");
      found.push({ target: first ? first.id : "", text: (legend ? legend.textContent.trim() + ": " : "") + words.required });
    });
    if (!found.length && !Object.keys(data).length) {
      var first = form.querySelector("input, textarea, select");
      found.push({ target: first ? first.id : "", text: words.empty });
    }
    return found;
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var data = answersOf();
    var found = check(data);
    showProblems(found);
    if (found.length) { return; }
    var item = { key: newKey(), wave: wave, version: version, recorded_at: new Date().toISOString(),
                 data: data, state: "waiting", message: "" };
    inStore("readwrite", function (store) { return store.add(item); }).then(function () {
      form.reset();
      form.dispatchEvent(new Event("change"));  // survey.js shows and hides questions again
      lastNote = words.saved;
      return refresh();
    }).then(function () {
      window.scrollTo(0, 0);
      send();
    }).catch(function () {
      showProblems([{ target: "", text: words.noStorage }]);
    });
  });

  // --- Sending --------------------------------------------------------------------------------
  function freshToken() {
    // The page again (through the service worker, network first): a signed-out session is sent
    // to the sign-in page, and the token kept in an old copy of the page may have changed.
    return fetch(pageUrl, { credentials: "same-origin", cache: "no-store" }).then(function (response) {
      if (response.redirected || response.status === 401 || response.status === 403) {
        throw { signIn: true };
      }
      if (!response.ok) { throw new Error("page " + response.status); }
      return response.text();
    }).then(function (html) {
      var found = /name="csrfmiddlewaretoken" value="([^"]+)"/.exec(html);
      if (!found) { throw new Error("no token"); }
      return found[1];
    });
  }

  function settle(results) {
    var byKey = {};
    results.forEach(function (result) { byKey[result.key] = result; });
    return inStore("readwrite", function (store) {
      var last = null;
      Object.keys(byKey).forEach(function (key) {
        var result = byKey[key];
        if (result.state === "stored" || result.state === "already") {
          last = store.delete(key);
        } else {
          var request = store.get(key);
          request.onsuccess = function () {
            var item = request.result;
            if (!item) { return; }
            item.state = "attention";
            item.message = result.message;
            store.put(item);
          };
          last = request;
        }
      });
      return last;
    }).then(function () {
      return results.filter(function (r) { return r.state === "stored"; }).length;
    });
  }

  function sendBatch(batch, token) {
    var body = JSON.stringify({ answers: batch.map(function (item) {
      return { key: item.key, version: item.version, recorded_at: item.recorded_at, data: item.data };
    }) });
    return fetch(sendUrl, {
      method: "POST", credentials: "same-origin", body: body,
      headers: { "Content-Type": "application/json", "X-CSRFToken": token }
    }).then(function (response) {
      if (response.status === 401 || response.status === 403) { throw { signIn: true }; }
      if (!response.ok) { throw new Error("send " + response.status); }
      return response.json();
    }).then(function (answer) { return settle(answer.results); });
  }

  function send() {
    if (sending) { return sending; }
    if (!navigator.onLine) { return refresh(); }
    sending = held().then(function (items) {
      var waiting = items.filter(function (item) { return item.state === "waiting"; });
      if (!waiting.length) { return 0; }
      return freshToken().then(function (token) {
        var sent = 0;
        var chain = Promise.resolve();
        for (var start = 0; start < waiting.length; start += BATCH) {
          (function (batch) {
            chain = chain.then(function () { return sendBatch(batch, token); })
              .then(function (n) { sent += n; });
          })(waiting.slice(start, start + BATCH));
        }
        return chain.then(function () { return sent; });
      });
    }).then(function (sent) {
      if (sent) { lastNote = say(words.sent, sent); }
    }, function (problem) {
      lastNote = problem && problem.signIn ? words.signIn : "";  // otherwise tried again later
    }).then(function () {
      sending = null;
      return refresh();
    });
    return sending;
  }

  // --- What the volunteer sees ----------------------------------------------------------------
  function refresh() {
    return held().then(function (items) {
      var waiting = items.filter(function (item) { return item.state === "waiting"; }).length;
      var stuck = items.filter(function (item) { return item.state === "attention"; });
      status.hidden = false;
      status.querySelector("[data-waiting-text]").textContent =
        waiting === 0 ? words.waitingNone : (waiting === 1 ? words.waitingOne : say(words.waitingMany, waiting));
      status.querySelector("[data-connection]").textContent = navigator.onLine ? (waiting ? words.online : "") : words.offline;
      status.querySelector("[data-last-sent]").textContent = lastNote;
      status.setAttribute("data-waiting", String(waiting));
      status.querySelector("[data-send-now]").hidden = !waiting || !navigator.onLine;
      attention.hidden = !stuck.length;
      attention.setAttribute("data-count", String(stuck.length));
      attention.querySelector("[data-attention-title]").textContent =
        stuck.length === 1 ? words.attentionOne : say(words.attentionMany, stuck.length);
      var list = attention.querySelector("[data-attention-list]");
      list.textContent = "";
      stuck.forEach(function (item) {
        var line = document.createElement("li");
        line.textContent = new Date(item.recorded_at).toLocaleString() + ": " + item.message;
        list.appendChild(line);
      });
    }).catch(function () {
      status.hidden = false;
      status.querySelector("[data-waiting-text]").textContent = words.noStorage;
    });
  }

  attention.querySelector("[data-download]").addEventListener("click", function () {
    held().then(function (items) {
      var stuck = items.filter(function (item) { return item.state === "attention"; });
      var file = new Blob([JSON.stringify(stuck, null, 2)], { type: "application/json" });
      var link = document.createElement("a");
      link.href = URL.createObjectURL(file);
      link.download = "doorstep-answers-wave-" + wave + ".json";
      document.body.appendChild(link);
      link.click();
      link.remove();
    });
  });

  attention.querySelector("[data-discard]").addEventListener("click", function () {
    if (!window.confirm(words.discardConfirm)) { return; }
    held().then(function (items) {
      return inStore("readwrite", function (store) {
        var last = null;
        items.forEach(function (item) { if (item.state === "attention") { last = store.delete(item.key); } });
        return last;
      });
    }).then(refresh);
  });

  status.querySelector("[data-send-now]").addEventListener("click", function () { send(); });
  window.addEventListener("online", function () { send(); });
  window.addEventListener("offline", function () { refresh(); });
  window.setInterval(function () { send(); }, 30000);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") { send(); }
  });

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(root.getAttribute("data-worker")).catch(function () {});
  }
  if (navigator.storage && navigator.storage.persist) { navigator.storage.persist().catch(function () {}); }
  // For tests and for support: what is waiting, and a way to send the same answers again.
  window.pzDoorstep = { held: held, send: send, refresh: refresh };
  refresh().then(send);
})();
