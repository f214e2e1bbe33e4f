// Progressive enhancement for the page that shows a new API token once: a "Copy token" button
// where the browser offers the clipboard. Without it the token stays selectable in its field.
(function () {
  "use strict";
  document.querySelectorAll("[data-copy-target]").forEach(function (button) {
    var source = document.getElementById(button.dataset.copyTarget);
    var done = button.parentElement.querySelector("[data-copy-done]");
    if (!source) return;
    source.addEventListener("focus", function () { source.select(); });
    if (!navigator.clipboard || !window.isSecureContext) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(source.value).then(function () {
        if (done) done.hidden = false;
      });
    });
  });
})();
