/* Progressive enhancement only: tells at once when a chosen file is larger than
   the limit. The server checks every file whatever happens here. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[type=file][data-max-bytes]").forEach(function (input) {
      var max = parseInt(input.getAttribute("data-max-bytes"), 10);
      var note = document.createElement("p");
      note.className = "error-message";
      note.id = input.id + "_size";
      note.setAttribute("aria-live", "polite");
      input.insertAdjacentElement("afterend", note);
      input.addEventListener("change", function () {
        var file = input.files && input.files[0];
        var tooLarge = file && max && file.size > max;
        note.textContent = tooLarge ? (input.getAttribute("data-too-large") ||
          "The file is larger than 3 MB. Choose a smaller scan or photo.") : "";
        if (tooLarge) { input.setAttribute("aria-invalid", "true"); }
      });
    });
  });
})();
