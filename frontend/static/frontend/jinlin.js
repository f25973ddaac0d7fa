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
  // Checkboxes the person ticked herself are hers: the reading no longer pre-fills them.
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (!event.isTrusted || !box || box.type !== "checkbox") { return; }
    var name = box.getAttribute("name");
    if (name === "modes" || name === "beneficiaries") {
      document.body.setAttribute("data-set-" + name, "1");
    }
  });
  // The delivery modes and groups read from the text pre-fill the form as suggestions,
  // only where the person has not set them herself.
  function prefill(name, codes) {
    if (!codes || document.body.getAttribute("data-set-" + name) === "1") { return; }
    var wanted = codes.split(" ");
    var boxes = document.querySelectorAll('input[type="checkbox"][name="' + name + '"]');
    for (var i = 0; i < boxes.length; i++) {
      boxes[i].checked = wanted.indexOf(boxes[i].value) >= 0;
    }
  }
  document.addEventListener("htmx:afterSwap", function (event) {
    var reading = event.target && event.target.querySelector
      ? event.target.querySelector(".reading[data-modes]") : null;
    var box = document.getElementById("category-suggestions");
    // A new need only: an edited one, or one sent back with errors, holds her choices.
    if (!reading || !box || box.getAttribute("data-prefill") !== "1") { return; }
    prefill("modes", reading.getAttribute("data-modes"));
    prefill("beneficiaries", reading.getAttribute("data-groups"));
  });
  // A button marked data-print prints the page (the site's CSP allows no inline handler).
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-print]") : null;
    if (button) { window.print(); }
  });
  // A box marked data-check-all="name" ticks or unticks every box of that name.
  document.addEventListener("change", function (event) {
    var all = event.target;
    var name = all && all.getAttribute ? all.getAttribute("data-check-all") : null;
    if (!name) { return; }
    var form = all.form || document;
    var boxes = form.querySelectorAll('input[type="checkbox"][name="' + name + '"]');
    for (var i = 0; i < boxes.length; i++) { boxes[i].checked = all.checked; }
  });
  // A search box marked data-filter-list="id" shows only the items (.filter-item, by
  // their data-name) of that list containing what is typed; empty groups fold away.
  document.addEventListener("input", function (event) {
    var box = event.target;
    var id = box && box.getAttribute ? box.getAttribute("data-filter-list") : null;
    var list = id ? document.getElementById(id) : null;
    if (!list) { return; }
    var wanted = box.value.trim().toLowerCase();
    var groups = list.querySelectorAll(".filter-group");
    for (var g = 0; g < groups.length; g++) {
      var items = groups[g].querySelectorAll(".filter-item");
      var shown = 0;
      for (var i = 0; i < items.length; i++) {
        var name = (items[i].getAttribute("data-name") || "").toLowerCase();
        var match = !wanted || name.indexOf(wanted) >= 0;
        items[i].hidden = !match;
        shown += match ? 1 : 0;
      }
      groups[g].hidden = shown === 0;
    }
  });
  // Ask before a form marked data-confirm is sent.
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute && event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) { event.preventDefault(); }
  });
})();
