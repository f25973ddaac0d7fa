/* Small behaviours on top of server-rendered pages (no inline scripts, CSP-friendly). */
(function () {
  "use strict";
  // A suggested category, when clicked, becomes the chosen one.
  document.addEventListener("click", function (event) {
    var pick = event.target.closest ? event.target.closest(".suggest-pick") : null;
    if (!pick) { return; }
    var select = document.getElementById("id_category");
    if (select) {
      select.value = pick.getAttribute("data-category");
      select.dispatchEvent(new Event("change", { bubbles: true }));
      select.focus();
    }
  });
  // Ask before a form marked data-confirm is sent.
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute && event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) { event.preventDefault(); }
  });
})();
