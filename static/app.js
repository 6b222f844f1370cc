/* zhengwu: small comforts only; every task works without JavaScript. */
document.addEventListener("submit", function (ev) {
  var b = ev.submitter || document.activeElement;
  var msg = b && b.getAttribute && b.getAttribute("data-confirm");
  if (msg && !window.confirm(msg)) ev.preventDefault();
});

/* Portal reading aids: font size (4 steps) and high contrast, kept in
 * localStorage and applied to <html> as data-font / class "hc".  The
 * bar is hidden in the markup and shown here, so that without
 * JavaScript no button does nothing. */
(function () {
  var root = document.documentElement, store = window.localStorage;
  function get(k) { try { return store.getItem(k); } catch (e) { return null; } }
  function set(k, v) { try { store.setItem(k, v); } catch (e) { /* private mode */ } }
  function apply() {
    var f = parseInt(get("zw-font") || "0", 10);
    if (isNaN(f) || f < -1 || f > 3) f = 0;
    if (f === 0) root.removeAttribute("data-font"); else root.setAttribute("data-font", String(f));
    root.classList.toggle("hc", get("zw-contrast") === "1");
    var b = document.querySelector("[data-contrast]");
    if (b) b.setAttribute("aria-pressed", get("zw-contrast") === "1" ? "true" : "false");
  }
  apply();
  document.addEventListener("DOMContentLoaded", function () {
    var bar = document.querySelector(".a11y-bar");
    if (!bar) return;
    bar.hidden = false;
    apply();
    bar.addEventListener("click", function (ev) {
      var t = ev.target.closest("button");
      if (!t) return;
      if (t.hasAttribute("data-contrast")) {
        set("zw-contrast", get("zw-contrast") === "1" ? "0" : "1");
      } else if (t.hasAttribute("data-font")) {
        var d = parseInt(t.getAttribute("data-font"), 10), f = parseInt(get("zw-font") || "0", 10);
        if (isNaN(f)) f = 0;
        f = d === 0 ? 0 : Math.max(-1, Math.min(3, f + d));
        set("zw-font", String(f));
      }
      apply();
    });
  });
})();
