/* KLS-webb: keyboard and screen reader access to Material's menu toggles (WCAG 2.1.1, 2.4.3, 4.1.2),
   and the permalinks after headings (see permalinks() below).
   Material opens the menu, its sub-levels and (on phones) the search with <label for=checkbox>
   elements. The menu button has no name and cannot be reached with Tab, no label tells whether
   it is open, and opening the menu leaves focus far from it. Here every such label becomes a
   named button with aria-expanded that Enter and Space operate; opening the menu or a sub-menu
   moves focus into it, and Escape closes the menu. kls-tillganglighet.css hides closed levels.
   The light/dark toggle (partials/palette.html) is a button too: Enter and Space switch the
   scheme and keep focus on the toggle, which Material replaces with the other one. */
(function () {
  "use strict";
  var NAMES = { __drawer: "Meny", __search: "Sök" };
  var DRAWER = "(max-width: 76.234375em)";
  var PALETTE = '[data-md-component="palette"] label[role="button"]';

  function focusable(root) {
    return root && root.querySelector('a[href], [tabindex="0"], button:not([hidden])');
  }

  function afterToggle(label, input) {
    if (input.id === "__search" && input.checked) {
      var query = document.querySelector(".md-search__input");
      if (query) query.focus();
    } else if (input.id === "__drawer" && input.checked) {
      var first = focusable(document.querySelector(".md-sidebar--primary"));
      if (first) first.focus();
    } else if (label.classList.contains("md-nav__title")) {
      var opener = document.querySelector('label.md-nav__link[for="' + input.id + '"]');
      if (opener) opener.focus();
    } else if (input.checked && label.classList.contains("md-nav__link") && window.matchMedia(DRAWER).matches) {
      var back = input.parentNode.querySelector(":scope > nav > label.md-nav__title");
      if (back) back.focus();
    }
  }

  function enhance(label) {
    var input = document.getElementById(label.htmlFor);
    if (!input || input.type !== "checkbox" || label.dataset.klsKnapp) return;
    if (label.getAttribute("tabindex") === "" || label.closest(".md-nav__item--section > .md-nav__link")) return;
    label.dataset.klsKnapp = "1";
    label.setAttribute("role", "button");
    label.tabIndex = 0;
    var title = label.classList.contains("md-nav__title");
    if (title) {
      label.setAttribute("aria-label", "Tillbaka från " + label.textContent.trim());
    } else if (!label.textContent.trim() && !label.getAttribute("aria-label")) {
      var name = NAMES[input.id] || (label.closest(".md-nav__container") || label.parentNode).textContent.trim();
      label.setAttribute("aria-label", input.id in NAMES ? name : "Visa eller dölj " + name);
    }
    var sync = function () {
      if (!title) label.setAttribute("aria-expanded", input.checked ? "true" : "false");
    };
    input.addEventListener("change", sync);
    sync();
    label.addEventListener("keydown", function (event) {
      if (event.key !== "Enter" && event.key !== " ") return;
      event.preventDefault();
      event.stopPropagation(); /* Material's own Enter handler would toggle it back */
      label.click();
      sync();
      afterToggle(label, input);
    });
  }

  /* The visible palette label (role=button) switches the scheme on Enter and Space. The click
     checks the other scheme's input (Material then swaps the labels), so focus moves to the label
     that is now shown. Material's own Enter handler on the form is not reached. */
  function onPaletteKey(event) {
    var label = event.target;
    if (event.key !== "Enter" && event.key !== " ") return;
    if (!label.matches || !label.matches(PALETTE)) return;
    event.preventDefault();
    event.stopPropagation();
    if (event.repeat) return; /* a held key switches once */
    label.click();
    var shown = label.closest("form");
    shown = shown && shown.querySelector("label[role=button]:not([hidden])");
    if (shown) shown.focus();
  }

  function onEscape(event) {
    if (event.key !== "Escape") return;
    var search = document.getElementById("__search");
    var searchButton = document.querySelector('label[for="__search"].md-header__button');
    if (search && search.checked && searchButton && searchButton.offsetParent) {
      /* Material closes the phone search and drops focus; give it back to the Sök button */
      setTimeout(function () {
        if (!search.checked) searchButton.focus();
      }, 0);
      return;
    }
    var drawer = document.getElementById("__drawer");
    if (!drawer || !drawer.checked) return;
    var sidebar = document.querySelector(".md-sidebar--primary");
    if (!sidebar || !sidebar.contains(document.activeElement)) return;
    drawer.click();
    var button = document.querySelector('label[for="__drawer"].md-header__button');
    if (button) button.focus();
  }

  /* The permalink (¶) after each heading of the text, as Python-Markdown's toc extension wrote it
     (class headerlink, Material's look: shown on hover and focus, hidden in print). Made here so
     that ~45 bytes a heading stay out of every page (issue 5, page weight); the headings keep
     their ids, so links to a section work without JavaScript. Not on the page title (#innehall)
     or the metadata panel's heading, which never had one. */
  var HEADINGS = ["h1", "h2", "h3", "h4", "h5", "h6"]
    .map(function (h) {
      return "article.md-typeset " + h + "[id]:not(#innehall):not(.kls-meta__rubrik)";
    })
    .join(", ");

  function permalinks() {
    Array.prototype.forEach.call(document.querySelectorAll(HEADINGS), function (heading) {
      if (heading.querySelector(".headerlink")) return;
      var link = document.createElement("a");
      link.className = "headerlink";
      link.setAttribute("href", "#" + heading.id);
      link.title = "Länk till det här avsnittet";
      link.textContent = "\u00b6";
      heading.appendChild(link);
    });
  }

  /* A link that is all there is in its table cell gets a wider touch target
     (kls-tillganglighet.css, a.kls-cellank); links among other words keep the line flow. */
  function cellLinks() {
    Array.prototype.forEach.call(document.querySelectorAll(".md-typeset td a[href], .md-typeset th a[href]"), function (link) {
      var cell = link.closest("td, th");
      if (cell.textContent.trim() === link.textContent.trim()) link.classList.add("kls-cellank");
    });
  }

  function run() {
    var labels = document.querySelectorAll(
      'label.md-header__button[for="__drawer"], label.md-header__button[for="__search"], label.md-nav__link[for], label.md-nav__title[for^="__nav"]'
    );
    Array.prototype.forEach.call(labels, enhance);
    Array.prototype.forEach.call(document.querySelectorAll(PALETTE), function (label) {
      if (label.dataset.klsKnapp) return;
      label.dataset.klsKnapp = "1";
      label.addEventListener("keydown", onPaletteKey);
    });
    permalinks();
    cellLinks();
    /* Chromium makes a scrolling box without links a Tab stop; the sidebars' boxes are scrolled
       by tabbing through their links, and are briefly empty or collapsed while the page loads. */
    Array.prototype.forEach.call(document.querySelectorAll(".md-sidebar__scrollwrap"), function (box) {
      box.tabIndex = -1;
    });
  }
  /* Tabbing out of the open menu closes it, so focus never goes behind its overlay. */
  function onFocusIn(event) {
    var drawer = document.getElementById("__drawer");
    var sidebar = document.querySelector(".md-sidebar--primary");
    if (!drawer || !drawer.checked || !sidebar || sidebar.contains(event.target)) return;
    if (event.target.matches && event.target.matches('label[for="__drawer"]')) return;
    drawer.click();
  }

  /* The rest of a long law list (kls-metadata.html) is printed too. */
  function openForPrint() {
    Array.prototype.forEach.call(document.querySelectorAll("details.kls-meta__fler:not([open])"), function (box) {
      box.open = true;
      box.setAttribute("data-kls-utskrift", "");
    });
  }
  function closeAfterPrint() {
    Array.prototype.forEach.call(document.querySelectorAll("details[data-kls-utskrift]"), function (box) {
      box.open = false;
      box.removeAttribute("data-kls-utskrift");
    });
  }

  document.addEventListener("keydown", onEscape);
  document.addEventListener("focusin", onFocusIn);
  window.addEventListener("beforeprint", openForPrint);
  window.addEventListener("afterprint", closeAfterPrint);
  if (window.document$ && document$.subscribe) document$.subscribe(run);
  else run();
})();
