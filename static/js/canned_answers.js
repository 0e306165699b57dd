// Canned answers: the chosen text fills the reply box (no inline script: CSP-friendly).
// Without JavaScript the « Insérer » button reloads the page with ?reponse=<id> instead.
(function () {
  "use strict";
  function insert(form) {
    var select = form.querySelector("select");
    var option = select.options[select.selectedIndex];
    var target = document.getElementById(form.dataset.target);
    if (!option || !option.value || !target) { return; }
    target.value = option.dataset.text || "";
    var internal = target.form && target.form.querySelector("input[name=internal]");
    if (internal) { internal.checked = false; } // an answer is for the requester
    target.focus();
  }
  document.querySelectorAll("form[data-canned-answers]").forEach(function (form) {
    form.addEventListener("submit", function (event) { event.preventDefault(); insert(form); });
    form.querySelector("select").addEventListener("change", function () { insert(form); });
  });
})();
