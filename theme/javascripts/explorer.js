/* casebook story explorer: filters and sorts the cards the build already rendered.
   Within a facet, values are alternatives (OR); across facets they combine (AND). Each
   value's count is the number of stories it would show given the other facets' filters.
   The state lives in the query string, so a filtered view is a shareable link; values a
   shared link names that this site no longer has are reported, then dropped.
   The form is never rebuilt: counts, muted values and hidden cards are updated in place,
   so focus stays on the control the reader toggled. Text is set with textContent only. */
(function () {
  "use strict";
  var root = document.getElementById("cb-explorer");
  if (!root) return;
  var form = root.querySelector(".cb-facets");
  var list = root.querySelector(".cb-cards");
  var countEl = root.querySelector(".cb-result-count");
  var message = root.querySelector(".cb-explorer-message");
  var empty = root.querySelector(".cb-empty");
  var toggle = root.querySelector(".cb-filter-toggle");
  var onEl = root.querySelector(".cb-filter-on");
  var showButton = root.querySelector(".cb-show");
  var sortEl = root.querySelector(".cb-sort");
  var fieldsets = Array.prototype.slice.call(form.querySelectorAll("fieldset[data-facet]"));
  var FACETS = fieldsets.map(function (f) { return f.getAttribute("data-facet"); });
  var LEGENDS = {};
  fieldsets.forEach(function (f) { LEGENDS[f.getAttribute("data-facet")] = f.querySelector("legend").textContent; });
  var cards = Array.prototype.slice.call(list.querySelectorAll(".cb-card")).map(function (el, i) {
    var facets = {};
    try { facets = JSON.parse(el.getAttribute("data-facets") || "{}"); } catch (e) { facets = {}; }
    return { el: el, facets: facets, index: i, date: el.getAttribute("data-date") || "",
             theme: (el.getAttribute("data-theme") || "").toLowerCase(),
             title: (el.getAttribute("data-title") || "").toLowerCase() };
  });
  var total = cards.length;
  var boxes = Array.prototype.slice.call(form.querySelectorAll("input[type=checkbox]"));
  var known = {};
  FACETS.forEach(function (key) { known[key] = new Set(); });
  boxes.forEach(function (b) { known[b.name].add(b.value); });

  function noun(n) { return n === 1 ? "story" : "stories"; }
  // Counts as the page prints them (theme filter cb_count): "1,957", never a year-like "1957".
  function count(n) { return n.toLocaleString("en-GB"); }
  function has(card, key, wanted) {
    var values = card.facets[key] || [];
    for (var i = 0; i < values.length; i++) if (wanted.has(values[i])) return true;
    return false;
  }
  function matches(card, state, skip) {
    return FACETS.every(function (key) {
      return key === skip || state[key].size === 0 || has(card, key, state[key]);
    });
  }
  function readState() {
    var params = new URLSearchParams(window.location.search), state = {}, unknown = [];
    FACETS.forEach(function (key) {
      state[key] = new Set();
      params.getAll(key).forEach(function (v) {
        if (known[key].has(v)) state[key].add(v); else unknown.push(LEGENDS[key] + " \u201c" + v + "\u201d");
      });
    });
    params.forEach(function (v, key) {
      if (key !== "sort" && FACETS.indexOf(key) < 0) unknown.push("\u201c" + key + "=" + v + "\u201d");
    });
    state.sort = params.get("sort") === "theme" ? "theme" : "newest";
    return { state: state, unknown: unknown };
  }
  function writeState(state) {
    var params = new URLSearchParams();
    FACETS.forEach(function (key) {
      Array.from(state[key]).sort().forEach(function (v) { params.append(key, v); });
    });
    if (state.sort !== "newest") params.set("sort", state.sort);
    var query = params.toString();
    window.history.replaceState(null, "", query ? "?" + query : window.location.pathname);
  }
  function sortCards(state) {
    var ordered = cards.slice().sort(function (a, b) {
      if (state.sort === "theme" && a.theme !== b.theme) return a.theme < b.theme ? -1 : 1;
      return a.index - b.index;   // rendered newest first
    });
    ordered.forEach(function (c) { list.appendChild(c.el); });
  }
  function update(state) {
    boxes.forEach(function (box) {
      var key = box.name, n = 0;
      box.checked = state[key].has(box.value);
      cards.forEach(function (c) {
        if (matches(c, state, key) && (c.facets[key] || []).indexOf(box.value) >= 0) n++;
      });
      var label = box.closest("label");
      var nEl = label.querySelector(".cb-n");
      if (nEl.textContent !== count(n)) nEl.textContent = count(n);
      label.querySelector(".cb-visually-hidden").textContent = " " + noun(n);
      label.classList.toggle("cb-zero", n === 0 && !box.checked);
    });
    var shown = 0;
    cards.forEach(function (c) {
      var ok = matches(c, state, null);
      if (ok) shown++;
      if (c.el.hidden === ok) c.el.hidden = !ok;
    });
    var on = FACETS.reduce(function (n, key) { return n + state[key].size; }, 0);
    countEl.textContent = count(shown) + " of " + count(total) + " " + noun(total);
    showButton.textContent = "Show " + count(shown) + " " + noun(shown);
    onEl.textContent = on ? " (" + on + " on)" : "";
    empty.hidden = shown !== 0;
  }

  var read = readState(), state = read.state;
  if (read.unknown.length) {
    message.textContent = "This link asks for filters this site does not have (any more): " +
      read.unknown.join(", ") + ". They were left out; the stories below match the rest.";
    message.hidden = false;
    writeState(state);
  }
  sortEl.value = state.sort;
  if (state.sort !== "newest") sortCards(state);
  update(state);
  document.documentElement.classList.remove("cb-explorer-pending");

  form.addEventListener("change", function (event) {
    var box = event.target;
    if (!box || box.type !== "checkbox") return;
    if (box.checked) state[box.name].add(box.value); else state[box.name].delete(box.value);
    writeState(state);
    update(state);
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  sortEl.addEventListener("change", function () {
    state.sort = sortEl.value === "theme" ? "theme" : "newest";
    writeState(state);
    sortCards(state);
  });
  Array.prototype.forEach.call(root.querySelectorAll(".cb-clear"), function (button) {
    button.addEventListener("click", function () {
      FACETS.forEach(function (key) { state[key].clear(); });
      message.hidden = true;
      writeState(state);
      update(state);
    });
  });
  // Phones: the filters fold into a panel; its "Show N stories" closes it and moves to the
  // results, whose count is announced (aria-live) as filters change.
  function setOpen(open) {
    root.classList.toggle("cb-filters-open", open);
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
  }
  toggle.addEventListener("click", function () {
    setOpen(toggle.getAttribute("aria-expanded") !== "true");
  });
  showButton.addEventListener("click", function () {
    setOpen(false);
    countEl.focus();
    countEl.scrollIntoView({ block: "start" });
  });
})();
