// namesake analyst UI: the screen page's results as you type. The form works without this script
// (a GET that shows the same results); with it, 250 ms after the last change the results list is
// asked for again (/ui/screen/results, the same query string) and put in place of the old one.
// The list is HTML the server rendered and escaped.
(function () {
  "use strict";
  var form = document.getElementById("screen-form");
  var out = document.getElementById("results");
  var name = document.getElementById("name");
  if (!form || !out || !name || !window.fetch || !window.URLSearchParams) return;
  var DELAY = 250;
  var timer = null;
  var seq = 0;
  var pending = null;
  function query() {
    return new URLSearchParams(new FormData(form)).toString();
  }
  // The results shown are those of this query (the server rendered them with the page).
  var shown = query();
  function run(force) {
    timer = null;
    // One character screens nothing useful and would only fill the audit log (unless asked).
    if (!force && name.value.trim().length === 1) return;
    var q = query();
    if (q === shown) return;
    shown = q;
    var mine = ++seq;
    if (pending) pending.abort();
    pending = window.AbortController ? new AbortController() : null;
    out.setAttribute("aria-busy", "true");
    fetch("/ui/screen/results?" + q, {
      credentials: "same-origin",
      headers: { Accept: "text/html" },
      signal: pending ? pending.signal : undefined
    })
      .then(function (r) {
        // The session ended: the server sent the sign-in page instead.
        if (r.redirected) { window.location.href = r.url; return null; }
        return r.text();
      })
      .then(function (html) {
        if (html === null || mine !== seq) return;
        out.innerHTML = html;
        out.removeAttribute("aria-busy");
        if (window.history && window.history.replaceState) {
          window.history.replaceState(null, "", "/ui/screen?" + q);
        }
      })
      .catch(function () {
        if (mine !== seq) return;
        out.removeAttribute("aria-busy");
        shown = null; // try again on the next change
      });
  }
  function later() {
    if (timer) clearTimeout(timer);
    timer = setTimeout(function () { run(false); }, DELAY);
  }
  form.addEventListener("input", later);
  form.addEventListener("change", later);
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    if (timer) clearTimeout(timer);
    shown = null;
    run(true);
  });
})();
