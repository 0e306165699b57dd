// The password gauge of the sandbox core's "Créez votre mot de passe" page.
// A static file (the Content-Security-Policy allows no inline script); the page gives the field
// and the translated words as data attributes of the gauge: data-for, data-weak/medium/good.
(function () {
  "use strict";
  var gauge = document.querySelector("[data-password-gauge]");
  if (!gauge) { return; }
  var input = document.getElementById(gauge.dataset.for);
  var bar = gauge.querySelector(".gauge-bar");
  var label = document.getElementById("qualite-valeur");
  var words = {weak: gauge.dataset.weak, medium: gauge.dataset.medium, good: gauge.dataset.good};
  function check(value) {
    var letters = (value.match(/\p{L}/gu) || []).length;
    var digits = (value.match(/[0-9]/g) || []).length;
    return {
      letters: letters >= 6, digits: digits >= 2, length: value.length > 0 && value.length <= 20,
      "case": /\p{Lu}/u.test(value) && /\p{Ll}/u.test(value)
    };
  }
  function update() {
    var rules = check(input.value), met = 0;
    document.querySelectorAll("#regles li[data-rule]").forEach(function (item) {
      var ok = rules[item.dataset.rule];
      item.className = ok ? "ok" : "ko"; if (ok) { met += 1; }
    });
    var special = /[^\p{L}0-9]/u.test(input.value);
    var level = met < 3 ? "weak" : (met === 4 && (special || input.value.length >= 12) ? "good" : "medium");
    if (met === 4 && level !== "good") { level = "medium"; }
    bar.className = "gauge-bar gauge-" + level;
    label.textContent = input.value ? words[level] : "—";
  }
  input.addEventListener("input", update);
  // A deferred script may run after the first keystrokes: show what is already typed.
  if (input.value) { update(); }
})();
