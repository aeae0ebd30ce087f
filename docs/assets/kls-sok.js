/*
 * KLS-webb: the search in the header. Loads Pagefind (pagefind/pagefind.js, written by
 * kls.search_index after each build) the first time the search is opened, then downloads only
 * the index chunks for the words typed. No request leaves the site.
 * Keyboard: "/" or "s" opens the search, arrow keys move through the hits, Enter opens one,
 * Escape closes. Hits show type, id and area; two selects narrow by type and area (facets).
 */
(() => {
  "use strict";
  const root = document.querySelector("[data-kls-sok]");
  if (!root) return;
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
