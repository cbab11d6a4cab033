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

/* The header's switches (A−/A+, high contrast, language) keep what the person has
   typed. A−/A+ and contrast change the page in place (the cookie is set by a fetch
   of the same endpoint the plain form posts to) and the change is announced
   politely. The language needs a new page: on a page whose form the server keeps
   (the switch submits form="page-form", cbi/web/keep.py) nothing more is needed;
   on any other page the values of the forms in <main> are saved in
   sessionStorage for this address and put back after the reload, then deleted.
   Passwords, files and hidden fields are never saved. */
(function () {
  "use strict";
  var STORE = "cbi-kept:";
  var SKIP = { password: 1, file: 1, hidden: 1, submit: 1, button: 1, reset: 1, image: 1 };

  function keepable(element) {
    return element.name && !SKIP[element.type] && element.name !== "csrfmiddlewaretoken" &&
      element.name.toLowerCase().indexOf("password") === -1;
  }

  function saveForms() {
    var forms = [];
    document.querySelectorAll("main form").forEach(function (form) {
      var values = {};
      Array.prototype.forEach.call(form.elements, function (element) {
        if (!keepable(element)) { return; }
        var list = values[element.name] || (values[element.name] = []);
        if (element.type === "checkbox" || element.type === "radio") {
          if (element.checked) { list.push(element.value); }
        } else if (element.tagName === "SELECT" && element.multiple) {
          Array.prototype.forEach.call(element.selectedOptions, function (option) { list.push(option.value); });
        } else {
          list.push(element.value);
        }
      });
      forms.push(values);
    });
    try {
      sessionStorage.setItem(STORE + location.pathname, JSON.stringify(forms));
    } catch (error) { /* storage full or refused: the switch still works */ }
  }

  function restoreForms() {
    var saved;
    try {
      saved = JSON.parse(sessionStorage.getItem(STORE + location.pathname) || "null");
      sessionStorage.removeItem(STORE + location.pathname);
    } catch (error) { return; }
    if (!saved) { return; }
    document.querySelectorAll("main form").forEach(function (form, index) {
      var values = saved[index];
      if (!values) { return; }
      var seen = {};
      Array.prototype.forEach.call(form.elements, function (element) {
        if (!keepable(element) || !(element.name in values)) { return; }
        var list = values[element.name];
        if (element.type === "checkbox" || element.type === "radio") {
          element.checked = list.indexOf(element.value) !== -1;
        } else if (element.tagName === "SELECT" && element.multiple) {
          Array.prototype.forEach.call(element.options, function (option) {
            option.selected = list.indexOf(option.value) !== -1;
          });
        } else {
          var position = seen[element.name] || 0;
          if (position < list.length) { element.value = list[position]; }
          seen[element.name] = position + 1;
        }
      });
    });
  }

  function announce(text) {
    var status = document.querySelector("[data-display-status]");
    if (!status) { return; }
    status.textContent = "";
    setTimeout(function () { status.textContent = text; }, 100);
  }

  function apply(state, pressed) {
    var root = document.documentElement;
    root.className = root.className.replace(/\btext-\d+\b/g, "").trim();
    root.classList.add("text-" + state.text_size);
    root.classList.toggle("high-contrast", state.high_contrast);
    var label = document.querySelector("[data-text-size-label]");
    if (label) { label.textContent = state.label; }
    var smaller = document.querySelector("[data-display-switch='smaller']");
    var larger = document.querySelector("[data-display-switch='larger']");
    var contrast = document.querySelector("[data-display-switch='contrast']");
    if (smaller) { smaller.disabled = !state.can_reduce; }
    if (larger) { larger.disabled = !state.can_enlarge; }
    if (contrast) { contrast.setAttribute("aria-pressed", state.high_contrast ? "true" : "false"); }
    // A button that has just become unavailable would drop the focus to the page's start.
    if (pressed.disabled) {
      (pressed === larger ? smaller : larger).focus();
    }
    announce(state.message);
  }

  document.addEventListener("DOMContentLoaded", function () {
    restoreForms();
    var displayForm = document.querySelector(".display-form");
    document.querySelectorAll("[data-display-switch]").forEach(function (button) {
      button.addEventListener("click", function (event) {
        if (!displayForm || !window.fetch) { return; }
        event.preventDefault();
        var body = new FormData();
        body.append("csrfmiddlewaretoken", displayForm.elements.csrfmiddlewaretoken.value);
        body.append("action", button.getAttribute("data-display-switch"));
        fetch(displayForm.action, { method: "POST", body: body, credentials: "same-origin",
                                    headers: { "Accept": "application/json" } })
          .then(function (response) {
            if (!response.ok) { throw new Error(response.status); }
            return response.json();
          })
          .then(function (state) { apply(state, button); })
          .catch(function () {
            // Do it the way it works without scripts.
            var form = button.form;
            if (form && form.requestSubmit) { form.requestSubmit(button); } else if (form) { form.submit(); }
          });
      });
    });
    document.querySelectorAll("[data-language-switch]").forEach(function (button) {
      button.addEventListener("click", function () {
        if (!button.hasAttribute("form")) { saveForms(); }
      });
    });
    // A wide screen shows the menu whatever the browser does with a closed <details>.
    var menu = document.querySelector("[data-site-menu]");
    if (menu && window.matchMedia && window.matchMedia("(min-width: 40em)").matches) {
      menu.open = true;
    }
  });
})();
