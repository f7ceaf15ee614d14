// PMO Academy: small progressive enhancements. Served from static/ (CSP: no inline scripts).
(function () {
  "use strict";

  // Ask before destructive actions: <form data-confirm="Delete this?">, or a form's button
  // of its own (<button formaction=... data-confirm=...>).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var button = event.submitter;
    var question = (button && button.dataset && button.dataset.confirm) ||
      (form.dataset && form.dataset.confirm);
    if (question && !window.confirm(question)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  // Upload progress for long imports (htmx requests), then an indeterminate "working" bar.
  document.addEventListener("htmx:xhr:progress", function (event) {
    var bar = document.getElementById("import-progress");
    if (!bar || !event.detail.lengthComputable) return;
    var label = bar.previousElementSibling;
    if (event.detail.loaded < event.detail.total) {
      bar.value = Math.round((event.detail.loaded / event.detail.total) * 100);
      label.textContent = label.dataset.uploading;
    } else {
      bar.removeAttribute("value");
      label.textContent = label.dataset.working;
    }
  });

  document.addEventListener("htmx:configRequest", function () {
    var bar = document.getElementById("import-progress");
    if (bar) { bar.value = 0; }
  });

  // A home-page panel drawn after the page (data-lazy-panel) says so when it cannot be fetched,
  // instead of "Loading…" for ever.
  function panelFailed(event) {
    var box = event.detail && event.detail.elt;
    if (!box || !box.hasAttribute || !box.hasAttribute("data-lazy-panel")) return;
    var status = box.querySelector("[role=status]");
    if (status) {
      status.textContent = box.dataset.failed;
      status.classList.add("text-danger");
    }
  }
  document.addEventListener("htmx:responseError", panelFailed);
  document.addEventListener("htmx:sendError", panelFailed);

  // A table wider than the screen scrolls sideways inside its .table-responsive box; keyboard
  // users can scroll it only if the box takes focus (WCAG 2.1.1), so it does while it overflows.
  function focusableWhileScrolling() {
    document.querySelectorAll(".table-responsive").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth) {
        box.setAttribute("tabindex", "0");
      } else {
        box.removeAttribute("tabindex");
      }
    });
  }
  document.addEventListener("DOMContentLoaded", focusableWhileScrolling);
  window.addEventListener("load", focusableWhileScrolling);
  window.addEventListener("resize", focusableWhileScrolling);
  document.addEventListener("htmx:afterSettle", focusableWhileScrolling);
})();
