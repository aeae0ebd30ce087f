/*
 * KLS-webb: the search in the header. Loads Pagefind (pagefind/pagefind.js, written by
 * kls.search_index after each build) the first time the search is opened, then downloads only
 * the index chunks for the words typed. No request leaves the site.
 * Keyboard: "/" or "s" opens the search, arrow keys move through the hits, Enter opens one (in
 * the field: the first hit of what the field holds, searched first if need be), Escape closes.
 * Hits show type, id and area; two selects narrow by type and area (facets). A query shaped like
 * a document id ("IFO-RUT-001", "ifo rut 1") finds that document through the id filter, or none.
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
  const EXCERPT = 24; // words
  /* Ranking, chosen by trying queries on the unit's documents. kls.search_index stores each page's
   * extra search terms as searchable metadata: the title's ("titeltermer": "orosanmälningar" for
   * "Mottagande av orosanmälan …") weigh a little less than the title's own words (Pagefind's
   * title boost, 5), the rest ("termer") less than a word the page itself uses. termFrequency
   * below 1 lets a title match ("LVU") beat long guidelines that repeat the word. */
  const RANKING = { termFrequency: 0.7, metaWeights: { title: 5, titeltermer: 3, termer: 0.5 } };
  const OPTIONS = { excerptLength: EXCERPT, ranking: RANKING };
  let engine = null;
  let results = [];
  let shown = 0;
  let query = "";
  let token = 0;
  let timer = 0;
  let shownKey = null; // what the listed hits are for (see searchKey)
  let pending = null; // the search under way: { key, done }

  const setStatus = (text) => {
    status.textContent = text;
  };

  /* The staff site built with the public one searches two indexes (data-kls-sok-extra: what only
   * it has); Pagefind's mergeFilter marks each page with its index in the filter INDEX, so that
   * each index can be searched on its own (see isPrefixFallback). */
  const extra = root.dataset.klsSokExtra;
  const INDEX = "indeks";
  const INDEXES = extra ? ["publik", "intern"] : [null];

  function load() {
    if (!engine) {
      engine = import(new URL("pagefind/pagefind.js", siteRoot).href).then(async (pagefind) => {
        await pagefind.options(OPTIONS);
        await pagefind.init();
        if (extra) {
          await pagefind.options({ mergeFilter: { [INDEX]: INDEXES[0] } });
          await pagefind.mergeIndex(new URL(extra, siteRoot).href, { ...OPTIONS, mergeFilter: { [INDEX]: INDEXES[1] } });
        }
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

  /* Lower case, without diacritics and punctuation: how Pagefind compares words. */
  const fold = (text) =>
    String(text)
      .normalize("NFD")
      .replace(/\p{M}/gu, "")
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s]/gu, "");

  /* Words as Pagefind counts them for its word locations (its build_excerpt). */
  const contentWords = (data) => String(data.content || "").split(/[\r\n\s]+/g);

  /* How many words the title takes at the start of the content (the record begins with it). */
  function titleLength(words, title) {
    const wanted = fold(title || "").replace(/\s/g, "");
    let seen = "";
    for (let i = 0; i < words.length && seen.length < wanted.length; i++) {
      seen += fold(words[i]);
      if (seen === wanted) return i + 1;
    }
    return 0;
  }

  /* The excerpt: the part of the document's text (not its title, which the hit shows already)
   * where the matched words are densest, with <mark> around them; the beginning of the text
   * when only the title or the metadata (the extra search terms) matched. Text nodes only. */
  function teaser(data) {
    const words = contentWords(data);
    const skip = titleLength(words, (data.meta || {}).title);
    const found = (data.weighted_locations || []).filter((l) => l.location >= skip);
    let start = skip;
    let best = -1;
    for (const { location } of found) {
      const from = Math.max(skip, Math.min(location - 4, words.length - EXCERPT));
      let sum = 0;
      for (const l of found) if (l.location >= from && l.location < from + EXCERPT) sum += l.balanced_score;
      if (sum > best) [best, start] = [sum, from];
    }
    const end = Math.min(words.length, start + EXCERPT);
    const marked = new Set(found.map((l) => l.location));
    const nodes = [];
    if (start > skip) nodes.push(document.createTextNode("… "));
    for (let i = start; i < end; i++) {
      if (i > start) nodes.push(document.createTextNode(" "));
      if (marked.has(i)) {
        const mark = document.createElement("mark");
        mark.textContent = words[i];
        nodes.push(mark);
      } else {
        nodes.push(document.createTextNode(words[i]));
      }
    }
    if (end < words.length) nodes.push(document.createTextNode(" …"));
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
    const excerpt = document.createElement("p");
    excerpt.className = "md-search-result__teaser";
    excerpt.append(...teaser(data));
    excerpt.normalize();
    article.append(title, facts, excerpt);
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

  /* What a search is for: the field and the chosen facets. */
  const searchKey = () => JSON.stringify([input.value.trim(), chosenFilters()]);

  /* A query shaped like a document id ("IFO-RUT-001", "ifo-rut-1", "iforut001"): the id filter's
   * value of that document; "" for an id no listed document has (same letters as the site's ids,
   * another number); null for anything else, which is searched as words. */
  const compact = (text) => fold(text).toUpperCase().replace(/\s/g, "");
  const ID_SHAPE = /^(\p{L}+)(\d+)$/u;
  async function idQuery(pagefind, text) {
    const shape = compact(text).match(ID_SHAPE);
    if (!shape) return null;
    let known = false;
    for (const id of Object.keys((await pagefind.filters()).id || {})) {
      const parts = compact(id).match(ID_SHAPE);
      if (!parts || parts[1] !== shape[1]) continue;
      if (Number(parts[2]) === Number(shape[2])) return id;
      known = true;
    }
    return known ? "" : null;
  }

  /* Pagefind answers a query word that no indexed word begins with by the longest indexed word
   * the query word begins with: "återrapportering", on a site without it, finds "åt". Such hits
   * are not the word. A real hit has, for every query word, a matched word (in the text or the
   * metadata) sharing the query word's stem; Swedish stemming removes at most STEM_CUT letters of
   * an ending that matters here. As every hit of one index holds the same words, the first hit
   * of each index tells (on the staff site, one index may have the word and the other not). */
  const STEM_CUT = 7;
  function sharesStem(word, term) {
    let n = 0;
    while (n < word.length && n < term.length && word[n] === term[n]) n++;
    return n >= Math.min(term.length, Math.max(3, term.length - STEM_CUT));
  }
  function isPrefixFallback(data, text) {
    const words = contentWords(data);
    const raw = (data.locations || []).map((l) => words[l] || "");
    for (const value of Object.values(data.meta || {})) raw.push(...String(value).split(/\s+/));
    const matched = raw.flatMap((w) => [fold(w), ...w.split(/[^\p{L}\p{N}]+/u).map(fold)]).filter(Boolean);
    const terms = fold(text).split(/\s+/).filter(Boolean);
    return terms.some((term) => !matched.some((word) => sharesStem(word, term)));
  }

  async function search() {
    const mine = ++token;
    const key = searchKey();
    query = input.value.trim();
    delete root.dataset.klsSokKlar;
    const filters = chosenFilters();
    if (query.length < MIN_CHARS && !Object.keys(filters).length) {
      results = [];
      shown = 0;
      list.replaceChildren();
      more.hidden = true;
      setStatus(query ? "Skriv minst två bokstäver." : "Skriv det du söker efter.");
      shownKey = key;
      return;
    }
    setStatus("Söker …");
    let pagefind;
    try {
      pagefind = await load();
    } catch {
      return;
    }
    const text = query.length >= MIN_CHARS ? query : null;
    const id = text === null ? null : await idQuery(pagefind, text);
    let parts = [];
    if (id) parts = [await pagefind.search(null, { filters: { ...filters, id } })];
    else if (text === null) parts = [await pagefind.search(null, { filters })];
    else if (id === null) {
      const each = (name) => pagefind.search(text, { filters: name ? { ...filters, [INDEX]: name } : filters });
      parts = await Promise.all(INDEXES.map(each));
    }
    if (mine !== token) return;
    const kept = await Promise.all(
      parts.map(async (part) => {
        const hits = (part && part.results) || [];
        const words = text !== null && id === null && hits.length > 0;
        return words && isPrefixFallback(await hits[0].data(), text) ? [] : hits;
      }),
    );
    if (mine !== token) return;
    results = kept.flat().sort((a, b) => b.score - a.score);
    shown = 0;
    shownKey = null;
    list.replaceChildren();
    await showMore(mine);
    if (mine === token) shownKey = key;
    loadFilters(pagefind).catch(() => {});
  }

  /* Search for what the field and the facets hold now, unless that search is under way. */
  function runSearch() {
    clearTimeout(timer);
    const key = searchKey();
    if (pending && pending.key === key) return pending.done;
    const done = search().catch(() => setStatus("Sökningen kunde inte laddas. Försök igen om en stund."));
    pending = { key, done };
    done.finally(() => {
      if (pending && pending.done === done) pending = null;
    });
    return done;
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

  /* Closes the panel; focus goes back to the search button (narrow screens) or leaves the panel
   * (wide screens, where the field itself is in the header: focusing it would open the panel). */
  function close() {
    if (toggle && toggle.checked) {
      toggle.checked = false;
      toggle.dispatchEvent(new Event("change"));
    }
    if (opener) opener.setAttribute("aria-expanded", "false");
    if (opener && opener.offsetParent !== null) opener.focus();
    else if (root.contains(document.activeElement)) document.activeElement.blur();
  }

  if (opener) opener.addEventListener("click", open);
  input.addEventListener("focus", () => {
    if (toggle && !toggle.checked) open();
  });
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(runSearch, 120);
  });
  /* Enter in the field opens the first hit of what the field holds now: when the list is still
   * for an earlier query (typed fast, Enter before the pause that starts a search), that search
   * is run first; if the field changes meanwhile, nothing is opened. */
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const key = searchKey();
    const ready = shownKey === key ? Promise.resolve() : runSearch();
    ready.then(() => {
      if (shownKey !== key || searchKey() !== key) return;
      const first = list.querySelector("a");
      if (first) first.click();
    });
  });
  form.addEventListener("reset", () => {
    setTimeout(() => {
      runSearch();
      input.focus();
    });
  });
  for (const select of selects) select.addEventListener("change", runSearch);
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
    /* A select keeps its arrow keys, but Escape closes the panel from it too. (While a select's
     * own list is open, the browser gives the keys to that list: Escape closes only the list.) */
    if (event.target instanceof HTMLSelectElement && event.key !== "Escape") return;
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
