/* Progressive enhancement only: every page works without this file. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    // The error summary takes focus so that screen-reader users hear it first.
    var summary = document.querySelector("[data-error-summary]");
    if (summary) {
      summary.focus();
    }
    // Links in the error summary move focus to the field, not only scroll.
    document.querySelectorAll(".error-summary a[href^='#']").forEach(function (link) {
      link.addEventListener("click", function (event) {
        var target = document.getElementById(link.getAttribute("href").slice(1));
        if (target) {
          event.preventDefault();
          target.focus();
          target.scrollIntoView({ block: "center" });
        }
      });
    });
    // Suggest settlements and communities as the officer types (the server
    // resolves a typed name on its own when this does not run).
    document.querySelectorAll("input[data-territory-search]").forEach(function (input) {
      var form = input.form;
      var url = form && form.getAttribute("data-territory-url");
      var list = document.getElementById(input.getAttribute("list"));
      if (!url || !list) { return; }
      var timer = null;
      input.addEventListener("input", function () {
        clearTimeout(timer);
        var query = input.value.trim();
        if (query.length < 2 || /\(UA\d{17}\)$/.test(query)) { return; }
        timer = setTimeout(function () {
          fetch(url + "?q=" + encodeURIComponent(query), { credentials: "same-origin" })
            .then(function (response) { return response.ok ? response.json() : { results: [] }; })
            .then(function (data) {
              list.replaceChildren.apply(list, data.results.map(function (item) {
                var option = document.createElement("option");
                option.value = item.value;
                return option;
              }));
            })
            .catch(function () { /* suggestions are optional */ });
        }, 250);
      });
    });
  });
})();
