"use strict";
// The concept explorer. It runs from file:// with no server: every data file beside it is a script that calls
// MLNC.put(key, value), loaded with a <script> tag when first needed (browsers refuse fetch() of file:// URLs).
var MLNC = (function () {
  var store = {}, waiting = {}, index = null, seed = null, unitIds = {};
  var LANGUAGE_SCOPE = 0, MIXED_SCOPE = 1;
  // Concept rows of a layer file (LayerView.cs): positions of their fields.
  var C = { id: 0, size: 1, types: 2, fn: 3, words: 4, moreTypes: 5, moreCount: 6, examples: 7, overlap: 8, perLanguage: 9 };
  var A = { source: 0, considered: 1, best: 2, match: 3, aligned: 4, types: 5 };
  var COLORS = ["#1f4e96", "#c0392b", "#1e8449", "#7d3c98", "#d35400", "#5d6d7e"];

  // ------------------------------------------------------------------ loading
  function put(key, value) {
    store[key] = value;
    (waiting[key] || []).forEach(function (w) { w.resolve(value); });
    delete waiting[key];
    if (key === "index") start(value);
  }

  function load(key, file) {
    if (key in store) return Promise.resolve(store[key]);
    return new Promise(function (resolve, reject) {
      if (waiting[key]) { waiting[key].push({ resolve: resolve, reject: reject }); return; }
      waiting[key] = [{ resolve: resolve, reject: reject }];
      var script = document.createElement("script");
      script.src = file;
      script.onerror = function () {
        (waiting[key] || []).forEach(function (w) { w.reject(new Error("cannot read " + file + " beside the page")); });
        delete waiting[key];
      };
      document.head.appendChild(script);
    });
  }

  function loadUnit(id) {
    return load("u" + id, index.units[id][5]).then(function (unit) {
      if (!unit.byId) {
        unit.byId = {};
        Object.keys(unit.scopes).forEach(function (scope) {
          var map = unit.byId[scope] = {};
          unit.scopes[scope].forEach(function (c) { map[c[C.id]] = c; });
        });
      }
      return unit;
    });
  }

  // The same hash as WordIndex.Shard (C#): 32-bit FNV-1a over UTF-16 code units.
  function shardOf(key) {
    var hash = 2166136261;
    for (var i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 16777619) >>> 0;
    return hash % index.shards;
  }

  function entriesOf(language, word) {
    var key = language + "\t" + word, shard = shardOf(key);
    return load("w" + shard, "data/w" + shard + ".js").then(function (words) { return words[key] || []; });
  }

  function sentence(corpus, language, id) {
    var files = index.corpora[corpus].sentences[language];
    var chunk = Math.floor(id / index.sentences_per_chunk);
    if (!files || !files[chunk]) return Promise.resolve(null);
    var lang = index.corpora[corpus].languages.indexOf(language);
    return load("s" + corpus + "-" + lang + "-" + chunk, files[chunk]).then(function (lines) { return lines[id % index.sentences_per_chunk]; });
  }

  // ------------------------------------------------------------------ the run's layer files
  function unitKey(model, corpus, component, layer, seedValue) { return [model, corpus, component, layer, seedValue].join("\u0001"); }

  function unitOf(model, corpus, component, layer, seedValue) {
    var id = unitIds[unitKey(model, corpus, component, layer, seedValue)];
    return id === undefined ? -1 : id;
  }

  function describe(id) {
    var u = index.units[id];
    return { model: u[0], corpus: u[1], component: u[2], layer: u[3], seed: u[4] };
  }

  function distinct(values) { return values.filter(function (v, i) { return values.indexOf(v) === i; }); }

  function seeds() { return distinct(index.units.map(function (u) { return u[4]; })).sort(function (a, b) { return a - b; }); }

  function layersOf(model, corpus, component) {
    return distinct(index.units.filter(function (u) { return u[0] === model && u[1] === corpus && u[2] === component; })
      .map(function (u) { return u[3]; })).sort(function (a, b) { return a - b; });
  }

  function componentsOf(model, corpus) {
    return distinct(index.units.filter(function (u) { return u[0] === model && u[1] === corpus; }).map(function (u) { return u[2]; }));
  }

  function isFunctionWord(corpus, language, word) {
    if (!/\p{L}/u.test(word)) return true;
    var set = index.corpora[corpus].frequentSets[language];
    return !!(set && set.has(word));
  }

  // Partners of concept `id` of `language` in a layer file: its best target in every direction from it, and the
  // source concepts of other languages whose best target it is.
  function partners(unit, language, id) {
    var out = [];
    unit.align.forEach(function (d) {
      d[2].forEach(function (row) {
        if (d[0] === language && row[A.source] === id)
          out.push({ from: true, language: d[1], concept: row[A.best], match: row[A.match], aligned: row[A.aligned], considered: row[A.considered] });
        else if (d[1] === language && row[A.best] === id && row[A.aligned])
          out.push({ from: false, language: d[0], concept: row[A.source], match: row[A.match], aligned: 1, considered: 1 });
      });
    });
    return out;
  }

  // ------------------------------------------------------------------ small HTML helpers
  function esc(text) {
    return String(text).replace(/[&<>"']/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" }[c]; });
  }

  function pct(x) { return (100 * x).toFixed(1).replace(/\.0$/, "") + "%"; }

  function languagesOfCorpus(corpus) { return index.corpora[corpus].languages; }

  function conceptLink(id, scope, concept, label) {
    return "<a class=\"concept\" href=\"#concept/" + id + "/" + encodeURIComponent(scope) + "/" + concept + "\">" + esc(label || (scope + " concept " + concept)) + "</a>";
  }

  function wordList(corpus, concept, limit) {
    var langs = languagesOfCorpus(corpus);
    return concept[C.words].slice(0, limit).map(function (w) {
      var cls = isFunctionWord(corpus, langs[w[0]], w[1]) ? " class=\"fn\"" : "";
      return "<span" + cls + " style=\"color:" + COLORS[w[0] % COLORS.length] + "\" title=\"" + esc(langs[w[0]]) + "\">" + esc(w[1]) + "</span>&nbsp;" + w[2];
    }).join(", ") + (concept[C.words].length > limit || concept[C.moreTypes] > 0 ? ", …" : "");
  }

  function select(id, values, current, labels) {
    return "<select id=\"" + id + "\">" + values.map(function (v, i) {
      return "<option value=\"" + esc(v) + "\"" + (String(v) === String(current) ? " selected" : "") + ">" + esc(labels ? labels[i] : v) + "</option>";
    }).join("") + "</select>";
  }

  // A table whose columns sort on a click: rows are arrays of {html, key} cells.
  function sortableTable(container, header, rows, numeric) {
    var state = { column: -1, descending: true };
    function draw() {
      var sorted = rows.slice();
      if (state.column >= 0) {
        sorted.sort(function (a, b) {
          var x = a[state.column].key, y = b[state.column].key;
          var order = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
          return state.descending ? -order : order;
        });
      }
      container.innerHTML = "<table><thead><tr>" + header.map(function (h, i) {
        return "<th class=\"sortable" + (numeric[i] ? " num" : "") + "\" data-column=\"" + i + "\">" + esc(h) + (state.column === i ? (state.descending ? " ▼" : " ▲") : "") + "</th>";
      }).join("") + "</tr></thead><tbody>" + sorted.map(function (r) {
        return "<tr>" + r.map(function (cell, i) { return "<td" + (numeric[i] ? " class=\"num\"" : "") + ">" + cell.html + "</td>"; }).join("") + "</tr>";
      }).join("") + "</tbody></table>" + (rows.length === 0 ? "<p class=\"note\">nothing matches</p>" : "");
      Array.prototype.forEach.call(container.querySelectorAll("th"), function (th) {
        th.onclick = function () {
          var column = Number(th.getAttribute("data-column"));
          state.descending = state.column === column ? !state.descending : true;
          state.column = column;
          draw();
        };
      });
    }
    draw();
  }

  function cell(html, key) { return { html: html, key: key === undefined ? html : key }; }

  // ------------------------------------------------------------------ views
  function show(view) {
    ["search", "concept", "browse", "pairs"].forEach(function (v) { document.getElementById("view-" + v).hidden = v !== view; });
  }

  function fail(element, error) {
    element.innerHTML = "<p class=\"note\">" + esc(error.message) + "</p>";
  }

  // A word's concepts in every model, corpus, component and layer at the chosen seed.
  function renderWord(language, word) {
    show("search");
    var input = document.getElementById("word");
    if (input.value !== word) input.value = word;
    var results = document.getElementById("word-results");
    results.innerHTML = "<p class=\"note\">reading…</p>";
    var languages = language ? [language] : Object.keys(index.words).filter(function (l) { return index.wordSets[l].has(word); });
    Promise.all(languages.map(function (l) { return entriesOf(l, word).then(function (e) { return { language: l, entries: e }; }); }))
      .then(function (found) {
        found = found.filter(function (f) { return f.entries.length > 0; });
        if (found.length === 0) { results.innerHTML = "<p>No concept holds “" + esc(word) + "”. Words rarer than the run's minimum frequency are not clustered.</p>"; return null; }
        return Promise.all(found.map(function (f) {
          var ids = distinct(f.entries.filter(function (e) { return describe(e[0]).seed === seed; }).map(function (e) { return e[0]; }));
          return Promise.all(ids.map(loadUnit)).then(function () { return wordSection(f.language, word, f.entries, ids); });
        })).then(function (sections) { results.innerHTML = sections.join(""); });
      })
      .catch(function (e) { fail(results, e); });
  }

  function wordSection(language, word, entries, ids) {
    var html = "<h2 class=\"word-result\">" + esc(word) + " <span class=\"note\">(" + esc(language) + ", seed " + seed + ")</span></h2>";
    var groups = {};
    ids.forEach(function (id) {
      var u = describe(id), key = [u.model, u.corpus, u.component].join("\u0001");
      (groups[key] = groups[key] || []).push(id);
    });
    Object.keys(groups).forEach(function (key) {
      var first = describe(groups[key][0]), corpusName = index.corpora[first.corpus].name;
      html += "<h3>" + esc(first.model) + " · " + esc(first.component) + " · corpus " + esc(corpusName) + "</h3>";
      html += "<table><thead><tr><th>layer</th><th>" + esc(language) + " concept (its words, occurrences)</th><th>aligned partners (match fraction)</th><th>mixed concept</th></tr></thead><tbody>";
      groups[key].sort(function (a, b) { return describe(a).layer - describe(b).layer; }).forEach(function (id) {
        var unit = store["u" + id], own = [], mixed = [];
        entries.forEach(function (e) {
          if (e[0] !== id) return;
          if (e[1] === LANGUAGE_SCOPE) own.push(e); else mixed.push(e);
        });
        // The concepts holding most of the word's occurrences first.
        [own, mixed].forEach(function (list) { list.sort(function (x, y) { return y[3] - x[3] || x[2] - y[2]; }); });
        var ownHtml = own.map(function (e) {
          var c = unit.byId[language][e[2]];
          return conceptLink(id, language, e[2]) + " <span class=\"note\">(" + e[3] + " of its " + c[C.size] + " occurrences)</span><br>" + wordList(first.corpus, c, 12);
        }).join("<hr>");
        var partnerHtml = own.map(function (e) {
          return partners(unit, language, e[2]).filter(function (p) { return p.from; }).map(function (p) {
            if (p.concept < 0) return esc(p.language) + ": <span class=\"no\">no " + esc(p.language) + " concept holds a translation of its words</span>";
            return esc(p.language) + ": " + conceptLink(id, p.language, p.concept) + " " + pct(p.match) +
              (p.aligned ? " <span class=\"yes\">aligned</span>" : p.considered ? " <span class=\"no\">below θA</span>" : " <span class=\"no\">not considered (≤ " + index.min_types + " types)</span>");
          }).join("<br>");
        }).join("<hr>");
        var mixedHtml = mixed.map(function (e) {
          var c = unit.byId.mixed[e[2]];
          return conceptLink(id, "mixed", e[2]) + " " + (c[C.overlap] ? "<span class=\"yes\">overlaps</span>" : "<span class=\"no\">does not overlap</span>") +
            "<br>" + wordList(first.corpus, c, 12);
        }).join("<hr>");
        html += "<tr><td class=\"num\">" + describe(id).layer + "</td><td>" + ownHtml + "</td><td>" + partnerHtml + "</td><td>" + mixedHtml + "</td></tr>";
      });
      html += "</tbody></table>";
    });
    return html;
  }

  function renderConcept(id, scope, conceptId) {
    show("concept");
    var view = document.getElementById("view-concept");
    view.innerHTML = "<p class=\"note\">reading…</p>";
    loadUnit(id).then(function (unit) {
      var u = describe(id), langs = languagesOfCorpus(u.corpus), c = unit.byId[scope] && unit.byId[scope][conceptId];
      if (!c) { view.innerHTML = "<p>No " + esc(scope) + " concept " + conceptId + " in this layer.</p>"; return; }
      var max = Math.max.apply(null, c[C.words].map(function (w) { return w[2]; }).concat([1]));
      var html = "<h2>" + esc(scope) + " concept " + conceptId + "</h2><p>" + esc(u.model) + " · " + esc(u.component) + " · corpus " + esc(index.corpora[u.corpus].name) +
        " · layer " + u.layer + " · seed " + u.seed + " · " + c[C.size] + " occurrences of " + c[C.types] + " word types · " + pct(c[C.fn]) +
        " on punctuation and function words" + (scope === "mixed" ? " · " + (c[C.overlap] ? "<span class=\"yes\">overlaps</span>" : "<span class=\"no\">does not overlap</span>") +
        " (" + langs.map(function (l, i) { return esc(l) + " " + c[C.perLanguage][i]; }).join(", ") + ")" : "") + "</p>";
      html += "<div class=\"cloud\">" + c[C.words].map(function (w) {
        var size = 11 + 25 * Math.sqrt(w[2] / max);
        return "<span class=\"" + (isFunctionWord(u.corpus, langs[w[0]], w[1]) ? "fn" : "") + "\" style=\"font-size:" + size.toFixed(1) + "px;color:" + COLORS[w[0] % COLORS.length] + "\">" + esc(w[1]) + "</span>";
      }).join(" ") + "</div>";
      if (c[C.moreTypes] > 0) html += "<p class=\"note\">" + c[C.moreTypes] + " more types (" + c[C.moreCount] + " occurrences) not listed: " + esc(index.size_rule) + ".</p>";
      html += "<p class=\"note\">Colour: language (" + langs.map(function (l, i) { return "<span style=\"color:" + COLORS[i % COLORS.length] + "\">" + esc(l) + "</span>"; }).join(", ") +
        "); pale italics: punctuation or function word.</p><div id=\"concept-words\"></div>";
      html += "<h3>Partners</h3><div id=\"concept-partners\">" + (scope === "mixed" ? "<p class=\"note\">Mixed concepts have no CALIGN partner; see their languages above.</p>" :
        partners(unit, scope, conceptId).filter(function (p) { return p.concept >= 0; }).map(function (p) {
          return (p.from ? esc(scope) + " → " + esc(p.language) + ": best target " : esc(p.language) + " → " + esc(scope) + ": aligned source ") +
            conceptLink(id, p.language, p.concept) + " " + pct(p.match) + (p.aligned ? " <span class=\"yes\">aligned</span>" : " <span class=\"no\">not aligned</span>");
        }).join("<br>")) + "</div>";
      html += "<h3>Sentences</h3><div id=\"concept-sentences\"><p class=\"note\">reading…</p></div>";
      html += "<h3>The same words at the neighbouring layers</h3><div id=\"concept-neighbours\"><p class=\"note\">reading…</p></div>";
      view.innerHTML = html;
      sortableTable(document.getElementById("concept-words"), ["word", "language", "occurrences", "punctuation or function word"],
        c[C.words].map(function (w) {
          var fn = isFunctionWord(u.corpus, langs[w[0]], w[1]);
          return [cell("<a href=\"#search/" + encodeURIComponent(langs[w[0]]) + "/" + encodeURIComponent(w[1]) + "\">" + esc(w[1]) + "</a>", w[1]),
            cell(esc(langs[w[0]]), langs[w[0]]), cell(String(w[2]), w[2]), cell(fn ? "yes" : "", fn ? 1 : 0)];
        }), [false, false, true, false]);
      renderSentences(u.corpus, langs, c);
      renderNeighbours(id, scope, c);
    }).catch(function (e) { fail(view, e); });
  }

  function highlighted(text, wordIndex) {
    var i = -1;
    return text.replace(/\S+/g, function (w) { i++; return i === wordIndex ? "<mark>" + esc(w) + "</mark>" : esc(w); });
  }

  function renderSentences(corpus, langs, c) {
    var box = document.getElementById("concept-sentences");
    Promise.all(c[C.examples].map(function (x) { return sentence(corpus, langs[x[0]], x[1]); })).then(function (texts) {
      box.innerHTML = c[C.examples].map(function (x, i) {
        return texts[i] === null || texts[i] === undefined ? "" :
          "<p class=\"sentence\"><span class=\"lang\">" + esc(langs[x[0]]) + " " + x[1] + "</span>" + highlighted(texts[i], x[2]) + "</p>";
      }).join("") || "<p class=\"note\">The corpus files were not found when the explorer was written.</p>";
      box.insertAdjacentHTML("beforeend", "<p class=\"note\">At most " + c[C.examples].length + " example occurrences per concept, one per word first (" + esc(index.size_rule) + ").</p>");
    }).catch(function (e) { fail(box, e); });
  }

  // Where the concept's listed words (up to 20, most frequent first) fall one layer down and one up.
  function renderNeighbours(id, scope, c) {
    var box = document.getElementById("concept-neighbours"), u = describe(id), langs = languagesOfCorpus(u.corpus);
    var words = c[C.words].slice(0, 20), scopeFlag = scope === "mixed" ? MIXED_SCOPE : LANGUAGE_SCOPE;
    Promise.all(words.map(function (w) { return entriesOf(langs[w[0]], w[1]); })).then(function (lists) {
      var html = [u.layer - 1, u.layer + 1].map(function (layer) {
        var other = unitOf(u.model, u.corpus, u.component, layer, u.seed);
        if (other < 0) return "<p>layer " + layer + ": not in the run</p>";
        var tally = {};
        lists.forEach(function (entries) {
          var seen = {};
          entries.forEach(function (e) {
            if (e[0] === other && e[1] === scopeFlag && !seen[e[2]]) { seen[e[2]] = 1; tally[e[2]] = (tally[e[2]] || 0) + 1; }
          });
        });
        var ranked = Object.keys(tally).sort(function (a, b) { return tally[b] - tally[a] || a - b; });
        return "<p>layer " + layer + ": " + ranked.map(function (k) { return conceptLink(other, scope, Number(k)) + " (" + tally[k] + " of " + words.length + " words)"; }).join(", ") + "</p>";
      }).join("");
      box.innerHTML = html;
    }).catch(function (e) { fail(box, e); });
  }

  // Every aligned pair and every mixed concept of one layer, sortable and filterable; optionally two models side by side.
  function renderBrowse(params) {
    show("browse");
    var view = document.getElementById("view-browse");
    var models = index.models.map(function (m) { return m.label; });
    var model = params.model || models[0], corpus = Number(params.corpus || 0);
    var components = componentsOf(model, corpus), component = params.component || components[0];
    var layers = layersOf(model, corpus, component), layer = params.layer !== undefined ? Number(params.layer) : layers[0];
    var langs = languagesOfCorpus(corpus), directions = [];
    langs.forEach(function (a) { langs.forEach(function (b) { if (a !== b) directions.push(a + ">" + b); }); });
    var direction = params.direction || directions[0], compare = params.compare || "";
    view.innerHTML = "<h2>Browse a layer</h2><p class=\"filters\">" +
      "<label>model " + select("b-model", models, model) + "</label>" +
      "<label>corpus " + select("b-corpus", index.corpora.map(function (_, i) { return i; }), corpus, index.corpora.map(function (x) { return x.name; })) + "</label>" +
      "<label>component " + select("b-component", components, component) + "</label>" +
      "<label>layer " + select("b-layer", layers, layer) + "</label>" +
      "<label>direction " + select("b-direction", directions, direction, directions.map(function (d) { return d.replace(">", " → "); })) + "</label>" +
      "<label>compare with " + select("b-compare", [""].concat(models.filter(function (m) { return m !== model; })), compare, ["(none)"].concat(models.filter(function (m) { return m !== model; }))) + "</label>" +
      "</p><p class=\"filters\"><label>match ≥ <input id=\"f-match\" type=\"number\" min=\"0\" max=\"100\" value=\"" + (params.match || 0) + "\">%</label>" +
      "<label>size ≥ <input id=\"f-size\" type=\"number\" min=\"0\" value=\"" + (params.size || 0) + "\"></label>" +
      "<label>punctuation and function words ≤ <input id=\"f-fn\" type=\"number\" min=\"0\" max=\"100\" value=\"" + (params.fn || 100) + "\">%</label>" +
      "<label><input id=\"f-aligned\" type=\"checkbox\"" + (params.aligned === "1" ? " checked" : "") + "> aligned only</label>" +
      "<label><input id=\"f-overlap\" type=\"checkbox\"" + (params.overlap === "1" ? " checked" : "") + "> overlapping only</label></p>" +
      "<div class=\"side\" id=\"b-panels\"></div>";
    function go(change) {
      var p = { model: model, corpus: corpus, component: component, layer: layer, direction: direction, compare: compare,
        match: document.getElementById("f-match").value, size: document.getElementById("f-size").value, fn: document.getElementById("f-fn").value,
        aligned: document.getElementById("f-aligned").checked ? "1" : "0", overlap: document.getElementById("f-overlap").checked ? "1" : "0" };
      Object.keys(change).forEach(function (k) { p[k] = change[k]; });
      if (change.corpus !== undefined) { delete p.component; delete p.layer; delete p.direction; }
      location.hash = "browse?" + Object.keys(p).map(function (k) { return k + "=" + encodeURIComponent(p[k]); }).join("&");
    }
    ["model", "corpus", "component", "layer", "direction", "compare"].forEach(function (k) {
      document.getElementById("b-" + k).onchange = function (e) { var c = {}; c[k] = e.target.value; go(c); };
    });
    ["f-match", "f-size", "f-fn", "f-aligned", "f-overlap"].forEach(function (k) { document.getElementById(k).onchange = function () { go({}); }; });
    var filters = { match: Number(params.match || 0) / 100, size: Number(params.size || 0), fn: Number(params.fn || 100) / 100,
      aligned: params.aligned === "1", overlap: params.overlap === "1" };
    var panels = document.getElementById("b-panels");
    [model].concat(compare ? [compare] : []).forEach(function (m) {
      var id = unitOf(m, corpus, component, layer, seed), panel = document.createElement("div");
      panels.appendChild(panel);
      if (id < 0) { panel.innerHTML = "<p>" + esc(m) + ": no concepts at this layer and seed.</p>"; return; }
      loadUnit(id).then(function (unit) { browsePanel(panel, id, unit, direction.split(">"), filters); }).catch(function (e) { fail(panel, e); });
    });
  }

  function browsePanel(panel, id, unit, direction, filters) {
    var u = describe(id), source = direction[0], target = direction[1], langs = languagesOfCorpus(u.corpus);
    var rows = (unit.align.filter(function (d) { return d[0] === source && d[1] === target; })[0] || [0, 0, []])[2];
    var considered = rows.filter(function (r) { return r[A.considered]; }), aligned = rows.filter(function (r) { return r[A.aligned]; });
    var mixed = unit.scopes.mixed || [], overlapping = mixed.filter(function (c) { return c[C.overlap]; });
    panel.innerHTML = "<h3>" + esc(u.model) + ", layer " + u.layer + ", seed " + u.seed + "</h3><p>" + esc(source) + " → " + esc(target) + ": " + aligned.length + " of " +
      considered.length + " considered concepts aligned (CALIGN " + (considered.length ? pct(aligned.length / considered.length) : "–") + "); mixed: " +
      overlapping.length + " of " + mixed.length + " concepts overlap (COLAP any two languages " + (mixed.length ? pct(overlapping.length / mixed.length) : "–") + ").</p>" +
      "<h4>Source concepts and their best target</h4><div class=\"b-align\"></div><h4>Mixed concepts</h4><div class=\"b-mixed\"></div>";
    var alignRows = rows.filter(function (r) {
      var c = unit.byId[source][r[A.source]];
      return r[A.match] >= filters.match && c[C.size] >= filters.size && c[C.fn] <= filters.fn && (!filters.aligned || r[A.aligned]);
    }).map(function (r) {
      var c = unit.byId[source][r[A.source]], t = unit.byId[target] && unit.byId[target][r[A.best]];
      return [cell(conceptLink(id, source, r[A.source], String(r[A.source])) + " " + wordList(u.corpus, c, 8), r[A.source]),
        cell(String(c[C.size]), c[C.size]), cell(String(r[A.types]), r[A.types]), cell(pct(c[C.fn]), c[C.fn]),
        cell(t ? conceptLink(id, target, r[A.best], String(r[A.best])) + " " + wordList(u.corpus, t, 8) : "none", r[A.best]),
        cell(pct(r[A.match]), r[A.match]),
        cell(r[A.aligned] ? "<span class=\"yes\">yes</span>" : r[A.considered] ? "no" : "not considered", r[A.aligned] * 2 + r[A.considered])];
    });
    sortableTable(panel.querySelector(".b-align"), [source + " concept", "size", "types", "function words", "best " + target + " concept", "match", "aligned"], alignRows,
      [false, true, true, true, false, true, false]);
    var mixedRows = mixed.filter(function (c) {
      return c[C.size] >= filters.size && c[C.fn] <= filters.fn && (!filters.overlap || c[C.overlap]);
    }).map(function (c) {
      return [cell(conceptLink(id, "mixed", c[C.id], String(c[C.id])) + " " + wordList(u.corpus, c, 8), c[C.id]), cell(String(c[C.size]), c[C.size]),
        cell(langs.map(function (l, i) { return esc(l) + " " + pct(c[C.perLanguage][i] / c[C.size]); }).join(", "), Math.min.apply(null, c[C.perLanguage]) / c[C.size]),
        cell(pct(c[C.fn]), c[C.fn]), cell(c[C.overlap] ? "<span class=\"yes\">yes</span>" : "no", c[C.overlap])];
    });
    sortableTable(panel.querySelector(".b-mixed"), ["mixed concept", "size", "language shares", "function words", "overlaps"], mixedRows, [false, true, true, true, false]);
  }

  // How often two words share a concept across seeds, per layer: same model, corpus and component.
  function renderPairs(params) {
    show("pairs");
    var view = document.getElementById("view-pairs");
    var all = Object.keys(index.words);
    view.innerHTML = "<h2>Do two words share a concept across seeds?</h2><p class=\"filters\">" +
      "<label>" + select("p-l1", all, params.l1 || all[0]) + " <input id=\"p-w1\" value=\"" + esc(params.w1 || "") + "\"></label>" +
      "<label>" + select("p-l2", all, params.l2 || all[Math.min(1, all.length - 1)]) + " <input id=\"p-w2\" value=\"" + esc(params.w2 || "") + "\"></label>" +
      "<button id=\"p-go\">compare</button></p><div id=\"p-result\"></div>";
    document.getElementById("p-go").onclick = function () {
      location.hash = "pairs?l1=" + encodeURIComponent(document.getElementById("p-l1").value) + "&w1=" + encodeURIComponent(document.getElementById("p-w1").value) +
        "&l2=" + encodeURIComponent(document.getElementById("p-l2").value) + "&w2=" + encodeURIComponent(document.getElementById("p-w2").value);
    };
    if (!params.w1 || !params.w2) return;
    var box = document.getElementById("p-result");
    Promise.all([entriesOf(params.l1, params.w1), entriesOf(params.l2, params.w2)]).then(function (lists) {
      // Per (model, corpus, component, layer, scope): seeds where both words have a concept in common.
      var cells = {};
      [LANGUAGE_SCOPE, MIXED_SCOPE].forEach(function (scope) {
        if (scope === LANGUAGE_SCOPE && params.l1 !== params.l2) return;
        var concepts = lists.map(function (entries) {
          var byUnit = {};
          entries.forEach(function (e) { if (e[1] === scope) (byUnit[e[0]] = byUnit[e[0]] || []).push(e[2]); });
          return byUnit;
        });
        // Layer files where both words are clustered (a corpus without the second word says nothing).
        Object.keys(concepts[0]).filter(function (id) { return id in concepts[1]; }).forEach(function (id) {
          var u = describe(Number(id)), key = [u.model, index.corpora[u.corpus].name, u.component, u.layer, scope ? "mixed" : params.l1].join("\u0001");
          var cellValue = cells[key] = cells[key] || { shared: 0, seeds: 0 };
          cellValue.seeds++;
          var other = concepts[1][id];
          if (concepts[0][id].some(function (c) { return other.indexOf(c) >= 0; })) cellValue.shared++;
        });
      });
      var keys = Object.keys(cells);
      if (keys.length === 0) { box.innerHTML = "<p>The two words are never clustered in the same scope (are both in the run's concepts?).</p>"; return; }
      box.innerHTML = "<table><thead><tr><th>model</th><th>corpus</th><th>component</th><th>layer</th><th>scope</th><th>seeds sharing a concept</th></tr></thead><tbody>" +
        keys.map(function (k) {
          var p = k.split("\u0001"), v = cells[k];
          return "<tr><td>" + p.slice(0, 5).map(esc).join("</td><td>") + "</td><td class=\"num pair-share\">" + v.shared + " of " + v.seeds + "</td></tr>";
        }).join("") + "</tbody></table><p class=\"note\">A pair shares a concept in a seed when a concept of that seed's clustering holds occurrences of both words.</p>";
    }).catch(function (e) { fail(box, e); });
  }

  // ------------------------------------------------------------------ search box with completion
  function setUpSearch() {
    var input = document.getElementById("word"), list = document.getElementById("completion"), active = -1, shown = [];
    var flat = [];
    Object.keys(index.words).forEach(function (l) { index.words[l].forEach(function (w) { flat.push([w[0].toLowerCase(), w[0], l, w[1]]); }); });
    flat.sort(function (a, b) { return b[3] - a[3]; });
    function choose(i) {
      var w = shown[i];
      list.innerHTML = "";
      location.hash = "search/" + encodeURIComponent(w[2]) + "/" + encodeURIComponent(w[1]);
    }
    function draw() {
      list.innerHTML = shown.map(function (w, i) {
        return "<li role=\"option\" data-i=\"" + i + "\"" + (i === active ? " class=\"active\"" : "") + ">" + esc(w[1]) + " <span class=\"note\">" + esc(w[2]) + ", " + w[3] + "</span></li>";
      }).join("");
      Array.prototype.forEach.call(list.children, function (li) { li.onmousedown = function () { choose(Number(li.getAttribute("data-i"))); }; });
    }
    input.oninput = function () {
      var prefix = input.value.trim().toLowerCase();
      shown = prefix ? flat.filter(function (w) { return w[0].indexOf(prefix) === 0; }).slice(0, 15) : [];
      active = shown.length ? 0 : -1;
      draw();
    };
    input.onkeydown = function (e) {
      if (e.key === "ArrowDown" && shown.length) { active = (active + 1) % shown.length; draw(); e.preventDefault(); }
      else if (e.key === "ArrowUp" && shown.length) { active = (active + shown.length - 1) % shown.length; draw(); e.preventDefault(); }
      else if (e.key === "Enter") {
        if (active >= 0 && shown.length) choose(active);
        else if (input.value.trim()) location.hash = "search//" + encodeURIComponent(input.value.trim());
      }
      else if (e.key === "Escape") { shown = []; draw(); }
    };
    input.onblur = function () { setTimeout(function () { list.innerHTML = ""; }, 150); };
  }

  // ------------------------------------------------------------------ routing
  function route() {
    var hash = decodeURIComponent(location.hash.replace(/^#/, "").split("?")[0]);
    var query = {};
    (location.hash.split("?")[1] || "").split("&").forEach(function (kv) {
      if (!kv) return;
      var p = kv.split("=");
      query[p[0]] = decodeURIComponent(p[1] || "");
    });
    var raw = location.hash.replace(/^#/, "").split("?")[0].split("/").map(decodeURIComponent);
    if (raw[0] === "concept") renderConcept(Number(raw[1]), raw[2], Number(raw[3]));
    else if (raw[0] === "browse") renderBrowse(query);
    else if (raw[0] === "pairs") renderPairs(query);
    else if (raw[0] === "search" && raw.length >= 3 && raw[2]) renderWord(raw[1], raw.slice(2).join("/"));
    else { show("search"); if (hash === "") document.getElementById("word-results").innerHTML = "<p class=\"note\">Type a word; pick one from the list.</p>"; }
  }

  function start(value) {
    index = value;
    index.units.forEach(function (u, i) { unitIds[unitKey(u[0], u[1], u[2], u[3], u[4])] = i; });
    index.corpora.forEach(function (c) {
      c.frequentSets = {};
      Object.keys(c.frequent).forEach(function (l) { c.frequentSets[l] = new Set(c.frequent[l]); });
    });
    index.wordSets = {};
    Object.keys(index.words).forEach(function (l) { index.wordSets[l] = new Set(index.words[l].map(function (w) { return w[0]; })); });
    var all = seeds();
    seed = all[0];
    document.getElementById("seed").innerHTML = all.map(function (s) { return "<option>" + s + "</option>"; }).join("");
    document.getElementById("seed").onchange = function (e) { seed = Number(e.target.value); route(); };
    document.getElementById("run-title").textContent = "· " + index.title;
    document.getElementById("rules").innerHTML = "<p>K = " + index.k + ", θA = " + index.theta_a + ", θO = " + index.theta_o + ", " + all.length + " seed(s). " +
      "Punctuation and function words (pale italics): " + esc(index.function_rule) + ". Size rule: " + esc(index.size_rule) + ". Written by " + esc(index.tool) + ".</p>";
    setUpSearch();
    window.addEventListener("hashchange", route);
    route();
    document.body.setAttribute("data-ready", "1");
  }

  return { put: put };
})();
