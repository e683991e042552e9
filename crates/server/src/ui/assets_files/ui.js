// namesake analyst UI: keyboard navigation only; the pages work without it.
// Queue: j / k move the selection, Enter opens the alert, t / f open it with "true match" or
// "false positive" chosen. Alert page: t / f / e choose the decision and focus the reason.
(function () {
  "use strict";
  function typing(ev) {
    var t = ev.target;
    return t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT");
  }
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr[data-href]"));
  var sel = -1;
  function select(i) {
    if (!rows.length) return;
    if (sel >= 0) { rows[sel].classList.remove("sel"); rows[sel].removeAttribute("aria-selected"); }
    sel = Math.max(0, Math.min(rows.length - 1, i));
    rows[sel].classList.add("sel");
    rows[sel].setAttribute("aria-selected", "true");
    rows[sel].scrollIntoView({ block: "nearest" });
  }
  function open(intent) {
    if (sel < 0) return;
    var href = rows[sel].getAttribute("data-href");
    window.location.href = intent ? href + "&intent=" + intent : href;
  }
  function choose(value) {
    var radio = document.querySelector('input[name="verdict"][value="' + value + '"]');
    if (!radio) return false;
    radio.checked = true;
    var reason = document.getElementById("reason");
    if (reason) reason.focus();
    return true;
  }
  document.addEventListener("keydown", function (ev) {
    if (typing(ev) || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    var k = ev.key;
    if (rows.length) {
      if (k === "j") { select(sel + 1); ev.preventDefault(); }
      else if (k === "k") { select(sel - 1); ev.preventDefault(); }
      else if (k === "Enter" && sel >= 0) { open(""); ev.preventDefault(); }
      else if (k === "t") { open("true_match"); ev.preventDefault(); }
      else if (k === "f") { open("false_positive"); ev.preventDefault(); }
      return;
    }
    if (k === "t" && choose("true_match")) ev.preventDefault();
    else if (k === "f" && choose("false_positive")) ev.preventDefault();
    else if (k === "e" && choose("escalate")) ev.preventDefault();
  });
  if (rows.length) select(0);
})();
