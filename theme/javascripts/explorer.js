/* casebook story explorer: facet filters over explorer/stories.json.
   Within a facet, values are alternatives (OR); across facets they combine (AND). Each
   value's count is the number of stories it would show given the other facets' filters.
   The state lives in the query string so a filtered view is a shareable link. Every value is
   the coach's text, so it is set with textContent, never as HTML. */
(function () {
  "use strict";
  var root = document.getElementById("cb-explorer");
  if (!root) return;
  var FACETS = [["kind", "Kind"], ["themes", "Theme"], ["sector", "Sector"],
                ["role_level", "Role level"], ["duration", "Duration"]];
  var facetsEl = root.querySelector(".cb-facets");
  var cardsEl = root.querySelector(".cb-cards");
  var countEl = root.querySelector(".cb-result-count");
  var base = (root.getAttribute("data-base") || ".").replace(/\/$/, "");

  function values(story, key) {
    var v = story[key];
    return v == null ? [] : Array.isArray(v) ? v : [v];
  }
  function readState() {
    var params = new URLSearchParams(window.location.search), state = {};
    FACETS.forEach(function (f) { state[f[0]] = new Set(params.getAll(f[0])); });
    return state;
  }
  function writeState(state) {
    var params = new URLSearchParams();
    FACETS.forEach(function (f) {
      Array.from(state[f[0]]).sort().forEach(function (v) { params.append(f[0], v); });
    });
    var query = params.toString();
    window.history.replaceState(null, "", query ? "?" + query : window.location.pathname);
  }
  function matches(story, state, skip) {
    return FACETS.every(function (f) {
      var key = f[0], wanted = state[key];
      return key === skip || wanted.size === 0 ||
        values(story, key).some(function (v) { return wanted.has(v); });
    });
  }
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text != null) node.textContent = text;
    return node;
  }
  function card(s) {
    var article = el("article", "cb-card");
    var h = el("h2", "cb-card-title"), a = el("a", null, s.title);
    a.href = base + "/" + s.url;
    h.appendChild(a);
    article.appendChild(h);
    article.appendChild(el("p", "cb-card-kind", s.kind));
    if (s.who) article.appendChild(el("p", "cb-card-who", s.who));
    article.appendChild(el("p", "cb-card-summary", s.summary));
    if (s.goal) {
      var goal = el("p", "cb-card-goal");
      // The arrow is decoration; screen readers hear "Goal: from … to …" instead.
      goal.appendChild(el("span", "cb-visually-hidden", "Goal: from "));
      goal.appendChild(el("span", null, s.goal.before));
      var arrow = el("span", "cb-goal-arrow", " → ");
      arrow.setAttribute("aria-hidden", "true");
      goal.appendChild(arrow);
      goal.appendChild(el("span", "cb-visually-hidden", " to "));
      goal.appendChild(el("span", null, s.goal.after));
      article.appendChild(goal);
    }
    if (s.headline) article.appendChild(el("p", "cb-card-outcome", s.headline));
    var themes = el("ul", "cb-themes cb-card-themes");
    values(s, "themes").forEach(function (t) {
      var li = el("li");
      li.appendChild(el("span", "cb-theme", t));
      themes.appendChild(li);
    });
    article.appendChild(themes);
    return article;
  }
  function init(stories) {
    var state = readState();
    function render() {
      facetsEl.textContent = "";
      FACETS.forEach(function (f) {
        var key = f[0], counts = new Map();
        stories.forEach(function (s) { values(s, key).forEach(function (v) { counts.set(v, 0); }); });
        if (!counts.size) return;
        stories.forEach(function (s) {
          if (matches(s, state, key)) {
            values(s, key).forEach(function (v) { counts.set(v, counts.get(v) + 1); });
          }
        });
        var fieldset = el("fieldset", "cb-facet");
        fieldset.setAttribute("data-facet", key);
        fieldset.appendChild(el("legend", null, f[1]));
        Array.from(counts.keys()).sort().forEach(function (v) {
          var label = el("label", "cb-facet-value"), box = el("input");
          box.type = "checkbox";
          box.value = v;
          box.checked = state[key].has(v);
          box.addEventListener("change", function () {
            if (box.checked) state[key].add(v); else state[key].delete(v);
            writeState(state);
            render();
          });
          label.appendChild(box);
          label.appendChild(el("span", "cb-facet-name", v));
          label.appendChild(el("span", "cb-count", String(counts.get(v))));
          if (!counts.get(v) && !box.checked) label.classList.add("cb-zero");
          fieldset.appendChild(label);
        });
        facetsEl.appendChild(fieldset);
      });
      var shown = stories.filter(function (s) { return matches(s, state, null); });
      countEl.textContent = shown.length + " of " + stories.length + " stories";
      cardsEl.textContent = "";
      shown.forEach(function (s) { cardsEl.appendChild(card(s)); });
    }
    root.querySelector(".cb-clear").addEventListener("click", function () {
      FACETS.forEach(function (f) { state[f[0]].clear(); });
      writeState(state);
      render();
    });
    render();
  }
  fetch(root.getAttribute("data-src"))
    .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
    .then(function (data) { init(data.stories || []); })
    .catch(function () { countEl.textContent = "The story list could not be loaded."; });
})();
