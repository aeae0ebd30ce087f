/*
 * KLS-webb: the search in the header. Loads Pagefind (pagefind/pagefind.js, written by
 * kls.search_index after each build) the first time the search is opened, then downloads only
 * the index chunks for the words typed. No request leaves the site.
 * Keyboard: "/" or "s" opens the search, arrow keys move through the hits, Enter opens one,
 * Escape closes. Hits show type, id and area; two selects narrow by type and area (facets).
 * The page has only the button and an empty #kls-sok; the panel is written here (issue 5).
 */
(() => {
  "use strict";
  const root = document.querySelector("[data-kls-sok]");
  if (!root) return;
  /* The panel's markup (overrides/partials/kls-sok.html leaves #kls-sok empty: issue 5, page weight). */
  const ICON = {
    sok: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M9.5 3A6.5 6.5 0 0 1 16 9.5c0 1.61-.59 3.09-1.56 4.23l.27.27h.79l5 5-1.5 1.5-5-5v-.79l-.27-.27A6.52 6.52 0 0 1 9.5 16 6.5 6.5 0 0 1 3 9.5 6.5 6.5 0 0 1 9.5 3m0 2C7 5 5 7 5 9.5S7 14 9.5 14 14 12 14 9.5 12 5 9.5 5"/></svg>',
    tillbaka: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M20 11v2H8l5.5 5.5-1.42 1.42L4.16 12l7.92-7.92L13.5 5.5 8 11z"/></svg>',
    rensa: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M19 6.41 17.59 5 12 10.59 6.41 5 5 6.41 10.59 12 5 17.59 6.41 19 12 13.41 17.59 19 19 17.59 13.41 12z"/></svg>',
  };
  const PANEL =
    '<label class="md-search__overlay" for="__search" aria-hidden="true"></label>' +
    '<div class="md-search__inner">' +
    '<form class="md-search__form" role="search" aria-label="Sök bland dokumenten">' +
    '<input type="search" id="kls-sok-falt" class="md-search__input" name="q" placeholder="Sök" aria-label="Sök bland dokumenten"' +
    ' aria-describedby="kls-sok-hjalp" aria-controls="kls-sok-resultat" autocapitalize="off" autocorrect="off"' +
    ' autocomplete="off" spellcheck="false" enterkeyhint="search">' +
    '<label class="md-search__icon md-icon" for="__search" aria-hidden="true">' + ICON.sok + ICON.tillbaka + "</label>" +
    '<nav class="md-search__options" aria-label="Sökrutan">' +
    '<button type="reset" class="md-search__icon md-icon" aria-label="Rensa sökningen" title="Rensa">' + ICON.rensa + "</button>" +
    "</nav>" +
    "</form>" +
    '<div class="md-search__output"><div class="md-search__scrollwrap"><div class="md-search-result kls-sok-resultat">' +
    '<div class="kls-sok-filter" role="group" aria-label="Avgränsa sökningen">' +
    '<label>Dokumenttyp <select id="kls-sok-typ" data-filter="typ"><option value="">Alla typer</option></select></label>' +
    '<label>Område <select id="kls-sok-omrade" data-filter="område"><option value="">Alla områden</option></select></label>' +
    "</div>" +
    '<p class="md-search-result__meta" id="kls-sok-status" role="status" aria-live="polite" aria-atomic="true">Skriv det du söker efter.</p>' +
    '<p class="md-visually-hidden" id="kls-sok-hjalp">Pil ned går till träffarna, Enter öppnar, Escape stänger.</p>' +
    '<ol class="md-search-result__list" id="kls-sok-resultat" aria-label="Sökresultat"></ol>' +
    '<button type="button" class="md-button kls-sok-fler" hidden>Visa fler träffar</button>' +
    "</div></div></div>" +
    "</div>";
  if (!root.querySelector("form")) root.innerHTML = PANEL;
  const toggle = document.getElementById("__search");
  const opener = document.querySelector("[data-kls-sok-oppna]");
  const form = root.querySelector("form");
  const input = root.querySelector("#kls-sok-falt");
  const status = root.querySelector("#kls-sok-status");
  const list = root.querySelector("#kls-sok-resultat");
  const more = root.querySelector(".kls-sok-fler");
  const selects = Array.from(root.querySelectorAll("select[data-filter]"));
  const siteRoot = new URL(root.dataset.klsRot || "./", document.baseURI);
  const PAGE = 10;
  const MIN_CHARS = 2;
  let engine = null;
  let results = [];
  let shown = 0;
  let query = "";
  let token = 0;
  let timer = 0;

  const setStatus = (text) => {
    status.textContent = text;
  };

  function load() {
    if (!engine) {
      engine = import(new URL("pagefind/pagefind.js", siteRoot).href).then(async (pagefind) => {
        await pagefind.options({ excerptLength: 24 });
        await pagefind.init();
        const extra = root.dataset.klsSokExtra; // staff site: + what only it has
        if (extra) await pagefind.mergeIndex(new URL(extra, siteRoot).href, { excerptLength: 24 });
        return pagefind;
      });
      engine.catch(() => {
        engine = null;
        setStatus("Sökningen kunde inte laddas. Försök igen om en stund.");
      });
    }
    return engine;
  }

  let filtersLoaded = false;
  async function loadFilters(pagefind) {
    if (filtersLoaded) return;
    filtersLoaded = true;
    const available = await pagefind.filters();
    for (const select of selects) {
      const values = available[select.dataset.filter] || {};
      for (const name of Object.keys(values).sort((a, b) => a.localeCompare(b, "sv"))) {
        const option = document.createElement("option");
        option.value = name;
        option.textContent = `${name} (${values[name]})`;
        select.append(option);
      }
    }
  }

  function chosenFilters() {
    const filters = {};
    for (const select of selects) if (select.value) filters[select.dataset.filter] = select.value;
    return filters;
  }

  /* Pagefind's excerpt is HTML with <mark> around hits; keep only text and <mark>. */
  function excerptNodes(html) {
    const template = document.createElement("template");
    template.innerHTML = html || "";
    const nodes = [];
    for (const node of template.content.childNodes) {
      if (node.nodeName === "MARK") {
        const mark = document.createElement("mark");
        mark.textContent = node.textContent;
        nodes.push(mark);
      } else {
        nodes.push(document.createTextNode(node.textContent));
      }
    }
    return nodes;
  }

  function hit(data) {
    const meta = data.meta || {};
    const item = document.createElement("li");
    item.className = "md-search-result__item";
    const link = document.createElement("a");
    link.className = "md-search-result__link";
    link.href = new URL(String(data.url).replace(/^\//, ""), siteRoot).href;
    const article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    const title = document.createElement("div");
    title.className = "md-search-result__title kls-sok-titel";
    title.textContent = meta.title || data.url;
    const facts = document.createElement("p");
    facts.className = "kls-sok-fakta";
    facts.textContent = [meta.typ, meta.id, meta["område"]].filter(Boolean).join(" · ");
    const teaser = document.createElement("p");
    teaser.className = "md-search-result__teaser";
    teaser.append(...excerptNodes(data.excerpt));
    article.append(title, facts, teaser);
    link.append(article);
    item.append(link);
    return item;
  }

  function describe() {
    const narrowed = Object.keys(chosenFilters()).length > 0;
    if (!results.length) {
      const words = query ? `Inga träffar för ”${query}”.` : "Inga träffar.";
      return `${words} Kontrollera stavningen, prova ett annat ord${narrowed ? " eller ta bort avgränsningen" : ""}.`;
    }
    const count = results.length === 1 ? "1 träff" : `${results.length} träffar`;
    return shown < results.length ? `${count}, visar ${shown}.` : `${count}.`;
  }

  async function showMore(mine) {
    const slice = results.slice(shown, shown + PAGE);
    const data = await Promise.all(slice.map((r) => r.data()));
    if (mine !== token) return;
    list.append(...data.map(hit));
    shown += slice.length;
    more.hidden = shown >= results.length;
    setStatus(describe());
    root.dataset.klsSokKlar = query; /* for tests and scripts: these results are for `query` */
  }

  async function search() {
    const mine = ++token;
    query = input.value.trim();
    delete root.dataset.klsSokKlar;
    const filters = chosenFilters();
    if (query.length < MIN_CHARS && !Object.keys(filters).length) {
      results = [];
      list.replaceChildren();
      more.hidden = true;
      setStatus(query ? "Skriv minst två bokstäver." : "Skriv det du söker efter.");
      return;
    }
    setStatus("Söker …");
    let pagefind;
    try {
      pagefind = await load();
    } catch {
      return;
    }
    const found = await pagefind.search(query.length >= MIN_CHARS ? query : null, { filters });
    if (mine !== token || !found) return;
    results = found.results;
    shown = 0;
    list.replaceChildren();
    await showMore(mine);
    loadFilters(pagefind).catch(() => {});
  }

  function open() {
    if (toggle && !toggle.checked) {
      toggle.checked = true;
      toggle.dispatchEvent(new Event("change"));
    }
    if (opener) opener.setAttribute("aria-expanded", "true");
    input.focus();
    load()
      .then((pagefind) => loadFilters(pagefind))
      .catch(() => {});
  }

  function close() {
    if (toggle && toggle.checked) {
      toggle.checked = false;
      toggle.dispatchEvent(new Event("change"));
    }
    if (opener) {
      opener.setAttribute("aria-expanded", "false");
      if (opener.offsetParent !== null) opener.focus();
      else input.blur();
    } else {
      input.blur();
    }
  }

  if (opener) opener.addEventListener("click", open);
  input.addEventListener("focus", () => {
    if (toggle && !toggle.checked) open();
  });
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(search, 120);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const first = list.querySelector("a");
    if (first) first.click();
  });
  form.addEventListener("reset", () => {
    setTimeout(() => {
      search();
      input.focus();
    });
  });
  for (const select of selects) select.addEventListener("change", search);
  more.addEventListener("click", () => {
    const index = shown;
    showMore(token).then(() => {
      const next = list.querySelectorAll("a")[index];
      if (next) next.focus();
    });
  });
  if (toggle) {
    toggle.addEventListener("change", () => {
      if (opener) opener.setAttribute("aria-expanded", String(toggle.checked));
    });
  }

  root.addEventListener("keydown", (event) => {
    if (event.target instanceof HTMLSelectElement) return;
    const links = Array.from(list.querySelectorAll("a"));
    const at = links.indexOf(document.activeElement);
    if (event.key === "ArrowDown") {
      event.preventDefault();
      const next = links[at + 1] || (at === -1 ? links[0] : null);
      if (next) next.focus();
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      if (at > 0) links[at - 1].focus();
      else input.focus();
    } else if (event.key === "Escape") {
      event.preventDefault();
      close();
    }
  });

  document.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    const typing =
      target instanceof HTMLElement &&
      (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    if (!typing && (event.key === "/" || event.key === "s" || event.key === "S")) {
      event.preventDefault();
      open();
    }
  });
})();
