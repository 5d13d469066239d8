// D8 dashboard: refresh the live region (<main data-refresh="ms">) in place, without reloading the page.
// Skipped while the user types in a form, so an answer being written is never thrown away.
(function () {
  "use strict";
  var main = document.getElementById("live");
  if (!main || !main.dataset.refresh) { return; }
  var interval = parseInt(main.dataset.refresh, 10) || 5000;
  function busy() {
    var active = document.activeElement;
    return active && active !== document.body && main.contains(active) && /^(INPUT|SELECT|TEXTAREA)$/.test(active.tagName);
  }
  function refresh() {
    if (busy() || document.hidden) { schedule(); return; }
    fetch(location.href, { credentials: "same-origin", headers: { "X-D8-Live": "1" } })
      .then(function (response) {
        if (!response.ok || response.redirected) { throw new Error("status " + response.status); }
        return response.text();
      })
      .then(function (text) {
        var fresh = new DOMParser().parseFromString(text, "text/html").getElementById("live");
        if (fresh && !busy()) { main.innerHTML = fresh.innerHTML; main.dataset.updated = String(Date.now()); }
      })
      .catch(function () { /* the server may be restarting: try again next time */ })
      .then(schedule);
  }
  function schedule() { setTimeout(refresh, interval); }
  schedule();
})();
