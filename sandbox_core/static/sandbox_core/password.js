/* The password page: tick the rules as one types (seed 001) and rate the password.
   The mandatory rules are those of sandbox_core/passwords.py; while one fails the gauge never
   says better than "Faible". Words come from the page (data-* attributes, translated there). */
(function () {
  "use strict";
  var input = document.getElementById("id_password");
  var bar = document.getElementById("jauge");
  var label = document.getElementById("qualite-valeur");
  var rulesList = document.getElementById("regles");
  if (!input || !bar || !label || !rulesList) { return; }
  var SPECIALS = "!#$%&()*+,-./:;<=>?@[]^_{|}~";
  var LATIN = /[A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u024F\u1E00-\u1EFF]/;

  function check(value) {
    var letters = 0, digits = 0, upper = false, lower = false, allowed = true;
    Array.from(value).forEach(function (c) {
      if (LATIN.test(c)) {
        letters += 1;
        if (c !== c.toLowerCase()) { upper = true; }
        if (c !== c.toUpperCase()) { lower = true; }
      } else if (c >= "0" && c <= "9") {
        digits += 1;
      } else if (SPECIALS.indexOf(c) === -1) {
        allowed = false;
      }
    });
    return {
      letters: letters >= 6, digits: digits >= 2,
      length: value.length > 0 && value.length <= 20,
      "case": upper && lower, allowed: allowed,
      special: Array.from(value).some(function (c) { return SPECIALS.indexOf(c) !== -1; })
    };
  }

  function level(rules, value) {
    var mandatory = rules.letters && rules.digits && rules.length && rules["case"] && rules.allowed;
    if (!mandatory) { return "weak"; }
    return rules.special || value.length >= 12 ? "good" : "medium";
  }

  function update() {
    var value = input.value, rules = check(value);
    rulesList.querySelectorAll("li[data-rule]").forEach(function (item) {
      var ok = rules[item.dataset.rule];
      item.classList.toggle("ok", value !== "" && ok);
      item.classList.toggle("ko", value !== "" && !ok);
    });
    var rated = level(rules, value);
    bar.className = value ? "gauge-bar gauge-" + rated : "gauge-bar";
    label.textContent = value ? label.dataset[rated] : label.dataset.empty;
  }

  input.addEventListener("input", update);
  update();
})();
