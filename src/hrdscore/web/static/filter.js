// The static site's search and filters (the server does the same with a form): names are
// folded as hrdscore.web.search folds them (Russian and Kazakh letters to Latin, no
// diacritics, case, spaces and punctuation ignored); the server wrote each row's folded names.
(function () {
  "use strict";
  var form = document.getElementById("filters");
  var map = JSON.parse(document.getElementById("fold-map").textContent);
  function fold(text) {
    var out = "";
    var lower = text.toLowerCase();
    for (var i = 0; i < lower.length; i++) {
      out += Object.prototype.hasOwnProperty.call(map, lower[i]) ? map[lower[i]] : lower[i];
    }
    out = out.normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
    return out.replace(/[^\p{L}\p{N}]+/gu, "").replace(/kh/g, "k");
  }
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr[data-names]"));
  var count = document.getElementById("count-shown");
  function apply() {
    var q = fold(form.elements.q.value);
    var kind = form.elements.kind.value;
    var band = form.elements.band.value;
    var shown = 0;
    rows.forEach(function (row) {
      var ok = (!q || row.dataset.names.indexOf(q) >= 0) &&
        (!kind || row.dataset.kind === kind) && (!band || row.dataset.band === band);
      row.hidden = !ok;
      if (ok) { shown += 1; }
    });
    count.textContent = String(shown);
  }
  form.hidden = false;
  form.addEventListener("input", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
}());
