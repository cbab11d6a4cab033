/* A settlement typed by name becomes an ARIA 1.2 combobox (list autocomplete):
   the text field (role=combobox) controls a listbox of matching places fetched
   from the server as one types; Down/Up move through them (aria-activedescendant),
   Enter picks, Escape closes, Tab leaves; a polite live region says how many
   places match. Progressive enhancement only: without this file the server
   resolves the typed name and offers radio buttons when it fits several places. */
(function () {
  "use strict";

  function setup(wrapper) {
    var input = wrapper.querySelector("input[type=text]");
    var url = wrapper.getAttribute("data-place-url");
    if (!input || !url || !window.fetch) { return; }
    var choice = wrapper.querySelector("input[data-place-choice]");
    var messages = {
      count: wrapper.getAttribute("data-msg-count") || "{count}",
      more: wrapper.getAttribute("data-msg-more") || "{count} / {total}",
      none: wrapper.getAttribute("data-msg-none") || "",
      picked: wrapper.getAttribute("data-msg-picked") || "{name}",
      list: wrapper.getAttribute("data-msg-list") || ""
    };

    var listbox = document.createElement("ul");
    listbox.id = input.id + "_listbox";
    listbox.className = "place__listbox";
    listbox.setAttribute("role", "listbox");
    listbox.setAttribute("aria-label", messages.list);
    listbox.hidden = true;
    input.insertAdjacentElement("afterend", listbox);

    var status = document.createElement("div");
    status.id = input.id + "_status";
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    wrapper.appendChild(status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listbox.id);

    var options = [];
    var active = -1;
    var timer = null;
    var asked = "";
    var request = 0;

    function announce(text) {
      status.textContent = "";
      window.setTimeout(function () { status.textContent = text; }, 50);
    }

    function open() {
      if (!options.length) { return; }
      listbox.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function close() {
      listbox.hidden = true;
      input.setAttribute("aria-expanded", "false");
      setActive(-1);
    }

    function setActive(index) {
      options.forEach(function (option, i) {
        option.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      active = index;
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", options[index].id);
        if (options[index].scrollIntoView) { options[index].scrollIntoView({ block: "nearest" }); }
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function pick(index) {
      var option = options[index];
      if (!option) { return; }
      var code = option.getAttribute("data-code");
      input.value = option.getAttribute("data-label");
      if (choice) {
        choice.value = code;
      } else {
        // The radio buttons of the server's answer: tick the same place if it is there.
        wrapper.querySelectorAll("input[type=radio]").forEach(function (radio) { radio.checked = radio.value === code; });
      }
      asked = input.value.trim();
      close();
      announce(messages.picked.replace("{name}", input.value));
    }

    function show(data, query) {
      listbox.replaceChildren();
      options = data.results.map(function (item, i) {
        var option = document.createElement("li");
        option.id = input.id + "_option_" + i;
        option.className = "place__option";
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.setAttribute("data-code", item.code);
        option.setAttribute("data-label", item.label);
        option.textContent = item.label;
        option.addEventListener("mousedown", function (event) { event.preventDefault(); });
        option.addEventListener("click", function () { pick(i); });
        listbox.appendChild(option);
        return option;
      });
      active = -1;
      input.removeAttribute("aria-activedescendant");
      if (!options.length) {
        close();
        announce(messages.none.replace("{name}", query));
        return;
      }
      open();
      if (data.total > options.length) {
        announce(messages.more.replace("{count}", options.length).replace("{total}", data.total));
      } else {
        announce(messages.count.replace("{count}", options.length));
      }
    }

    function search() {
      var query = input.value.trim();
      if (query === asked) { return; }
      asked = query;
      if (query.length < 2) {
        options = [];
        listbox.replaceChildren();
        close();
        return;
      }
      var mine = ++request;
      fetch(url + "?q=" + encodeURIComponent(query), { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { results: [], total: 0 }; })
        .then(function (data) {
          if (mine === request && document.activeElement === input) { show(data, query); }
        })
        .catch(function () { /* the server resolves the typed name on its own */ });
    }

    input.addEventListener("input", function () {
      if (choice) { choice.value = ""; }
      window.clearTimeout(timer);
      timer = window.setTimeout(search, 250);
    });

    input.addEventListener("keydown", function (event) {
      var expanded = !listbox.hidden;
      switch (event.key) {
        case "ArrowDown":
        case "Down":
          if (!options.length) { return; }
          event.preventDefault();
          if (!expanded) { open(); if (event.altKey) { return; } }
          setActive(active + 1 >= options.length ? 0 : active + 1);
          break;
        case "ArrowUp":
        case "Up":
          if (!options.length) { return; }
          event.preventDefault();
          if (!expanded) { open(); }
          setActive(active <= 0 ? options.length - 1 : active - 1);
          break;
        case "Enter":
          if (expanded && active >= 0) {
            event.preventDefault();  // picks; does not send the form
            pick(active);
          }
          break;
        case "Escape":
        case "Esc":
          if (expanded) {
            event.preventDefault();
            close();
          }
          break;
        case "Tab":
          close();
          break;
        default:
          break;
      }
    });

    input.addEventListener("blur", function () { window.setTimeout(close, 150); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-place][data-place-url]").forEach(setup);
  });
})();
