/* zhengwu: small comforts only; every task works without JavaScript. */
document.addEventListener("submit", function (ev) {
  var b = ev.submitter || document.activeElement;
  var msg = b && b.getAttribute && b.getAttribute("data-confirm");
  if (msg && !window.confirm(msg)) ev.preventDefault();
});
