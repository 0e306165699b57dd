/* The question form: show only the chosen theme's subthemes (a static file: the pages' CSP
   allows no inline script). Without JavaScript the server narrows them when the form comes
   back, and always checks that the subtheme belongs to the theme. */
(function () {
  "use strict";
  var theme = document.getElementById("id_theme");
  var subtheme = document.getElementById("id_subtheme");
  if (!theme || !subtheme) {
    return;
  }
  var groups = Array.prototype.slice.call(subtheme.querySelectorAll("optgroup"));

  function themeOf(group) {
    var option = group.querySelector("option[data-theme]");
    return option ? option.getAttribute("data-theme") : "";
  }

  function narrow() {
    var chosen = theme.value;
    var current = subtheme.value;
    groups.forEach(function (group) {
      if (group.parentNode) {
        group.parentNode.removeChild(group);
      }
      if (chosen && themeOf(group) === chosen) {
        subtheme.appendChild(group);
      }
    });
    var stillThere = Array.prototype.some.call(subtheme.options, function (option) {
      return option.value === current;
    });
    subtheme.value = stillThere ? current : "";
  }

  theme.addEventListener("change", narrow);
  narrow();
})();
