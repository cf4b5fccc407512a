/* Opvangnet's page behaviour, as little as possible (strict Content-Security-Policy: no inline script).
 *
 * The menu button: on a narrow screen the header's tools and the main navigation fold away behind one
 * "Menu" button, so that the page's own content starts near the top. Without this script (or on a wide
 * screen) everything simply shows. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // A table wider than the screen scrolls inside its wrapper; a keyboard user must be able to reach that
  // scroll, so a wrapper that overflows becomes focusable (and one that fits is no extra tab stop).
  function markScrollableTables() {
    document.querySelectorAll(".table-wrapper").forEach(function (wrapper) {
      if (wrapper.hasAttribute("data-static-tabindex")) return;
      if (wrapper.scrollWidth > wrapper.clientWidth + 1) {
        wrapper.setAttribute("tabindex", "0");
      } else {
        wrapper.removeAttribute("tabindex");
      }
    });
  }

  // The intake asks about a guardian and youth care of minors only: those fields show once the age is
  // under 18 (and while it is empty or unreadable nothing is hidden that might be needed).
  function showFieldsForMinors(form) {
    var age = form.querySelector("input[name=age]");
    if (!age) return;
    var fields = form.querySelectorAll("[data-minors-only]");
    function update() {
      var value = parseInt(age.value, 10);
      var adult = !isNaN(value) && value >= 18;
      fields.forEach(function (input) {
        var wrapper = input.closest(".utrecht-form-field") || input;
        var answered = input.value.trim() !== "" && input.value !== "unknown";
        wrapper.hidden = adult && !answered;
      });
    }
    age.addEventListener("input", update);
    update();
  }

  function setUp() {
    document.querySelectorAll("form").forEach(function (form) {
      if (form.querySelector("[data-minors-only]")) showFieldsForMinors(form);
    });
    // Filters fold away on a phone, so that the first result is near the top; one tap opens them.
    if (window.matchMedia("(max-width: 40rem)").matches) {
      document.querySelectorAll("details[data-fold-narrow]").forEach(function (details) {
        details.open = false;
      });
    }
    document.querySelectorAll(".table-wrapper[tabindex]").forEach(function (wrapper) {
      wrapper.setAttribute("data-static-tabindex", "");
    });
    markScrollableTables();
    window.addEventListener("resize", markScrollableTables);
    document.addEventListener("htmx:afterSettle", markScrollableTables);

    var button = document.querySelector(".site-menu-button");
    if (!button) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", open ? "true" : "false");
      document.documentElement.classList.toggle("menu-open", open);
    });
    // On a wide screen the groups drop down over the page: one open at a time, opening another closes the
    // one before. On a phone they unfold in place in the menu, and may all be open.
    var narrow = window.matchMedia("(max-width: 40rem)");
    var groups = document.querySelectorAll(".site-nav__group details");
    groups.forEach(function (group) {
      group.addEventListener("toggle", function () {
        if (!group.open || narrow.matches) return;
        groups.forEach(function (other) {
          if (other !== group) other.open = false;
        });
      });
    });
    // A click outside, or Escape, closes an open group.
    document.addEventListener("click", function (event) {
      if (narrow.matches) return;
      groups.forEach(function (group) {
        if (group.open && !group.contains(event.target)) group.open = false;
      });
    });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") return;
      groups.forEach(function (group) {
        if (group.open) {
          group.open = false;
          group.querySelector("summary").focus();
        }
      });
    });
  }

  // Every live (htmx) update: the part being replaced is marked busy (greyed out by site.css) and a status
  // line says so, until the answer is in. A poll that runs by itself (hx-trigger="every …") is left alone.
  var pending = 0;
  var marked = typeof WeakSet === "function" ? new WeakSet() : null;
  function isPoll(element) {
    return /\bevery\b/.test(element.getAttribute("hx-trigger") || "");
  }
  function showBusy() {
    var status = document.querySelector(".busy-indicator");
    if (status) status.textContent = pending > 0 ? status.getAttribute("data-busy-text") : "";
  }
  document.addEventListener("htmx:beforeRequest", function (event) {
    if (isPoll(event.detail.elt)) return;
    event.detail.target.setAttribute("aria-busy", "true");
    if (marked) marked.add(event.detail.xhr);
    pending += 1;
    showBusy();
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    if (!marked || !marked.has(event.detail.xhr)) return;
    marked.delete(event.detail.xhr);
    event.detail.target.removeAttribute("aria-busy");
    pending = Math.max(0, pending - 1);
    showBusy();
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
