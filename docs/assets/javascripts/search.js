/* Loaded on every page (mkdocs.yml, extra_javascript): the "/" key, and the search page.

   The archive's search page (search.html): Pagefind's index, in docs/pagefind/, fetched chunk
   by chunk and only once the reader searches.

   Results lead with the paragraphs of articles that contain the words as typed, in that
   order; then pages that contain them elsewhere (a proposal's or an argument's name); then
   the rest in Pagefind's order. Each result links to the paragraph itself (#p-N).

   Text from the index is put into the page with textContent only, never as HTML.
   Under file:// the browser blocks the index's fetches: the page says so and searches not. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) return;
  var site = new URL("../../", script.src); // this file is assets/javascripts/search.js

  // On every page, "/" goes to search (as Material's search did): to the page's own search
  // field if it has one (the home page, the search page), else to the header's (hidden on a
  // phone), else to the search page.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    if (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
    event.preventDefault();
    var fields = Array.prototype.filter.call(document.querySelectorAll("input[type=search]:not(:disabled)"),
      function (field) { return field.getClientRects().length > 0; });
    var here = fields.filter(function (field) { return !field.closest("header"); })[0] || fields[0];
    if (here) here.focus();
    else location.href = new URL("search.html", site).href;
  });

  var box = document.querySelector(".archive-search");
  if (!box) return;
  var form = box.querySelector("form");
  var field = box.querySelector("input[type=search]");
  var status = box.querySelector(".archive-search__status");
  var list = box.querySelector(".archive-search__results");
  var PAGE = 10; // results shown at a time
  var RANKED = 30; // results read (and ordered) at a time to find their paragraphs

  if (location.protocol === "file:") {
    status.textContent = "Search cannot run on a copy opened from a folder: the browser does not let " +
      "a page opened from a file read the search index. Serve the folder instead (for example " +
      "“python3 -m http.server” inside it, then open http://127.0.0.1:8000/search.html), or " +
      "use the list of articles and the indexes.";
    field.disabled = true;
    form.querySelector("button").disabled = true;
    return;
  }

  var engine = null;
  function pagefind() {
    if (!engine) {
      engine = import(new URL("pagefind/pagefind.js", site).href).then(function (pf) {
        // Results' addresses from the site root ("/articles/x.html"), resolved below against the
        // folder the site is served from, whatever Pagefind would guess.
        return pf.options({ baseUrl: "/" }).then(function () {
          // The other shards of the index (a large archive is indexed in parts: the normaliser's
          // exports/search.py), each a bundle of its own, searched with this one.
          return fetch(new URL("pagefind/archive-shards.json", site).href).then(function (response) {
            return response.ok ? response.json() : [];
          }).then(function (shards) {
            return Promise.all(shards.map(function (folder) {
              return pf.mergeIndex(new URL("pagefind/" + folder, site).href, { baseUrl: "/" });
            }));
          });
        }).then(function () { return pf; });
      });
    }
    return engine;
  }

  // Folded as Pagefind folds: no case, no diacritics ("Kaczyński" is "kaczynski").
  var LETTERS = { "ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i" };
  function fold(word) {
    return word.toLowerCase().normalize("NFKD").replace(/\p{M}/gu, "")
      .replace(/[łøđßæœı]/g, function (c) { return LETTERS[c]; });
  }
  // The words of a text, each with where it starts and ends.
  function words(text) {
    var found = [], re = /[\p{L}\p{N}]+/gu, m;
    while ((m = re.exec(text)) !== null) found.push({ w: fold(m[0]), start: m.index, end: re.lastIndex });
    return found;
  }
  // Index of the first word where `query` occurs as a phrase, or -1.
  function phraseAt(tokens, query) {
    outer: for (var i = 0; i + query.length <= tokens.length; i++) {
      for (var j = 0; j < query.length; j++) if (tokens[i + j].w !== query[j].w) continue outer;
      return i;
    }
    return -1;
  }
  function firstMatch(tokens, query) {
    for (var i = 0; i < tokens.length; i++) {
      // As Pagefind matches: a word of the text that starts with a query word ("kacz" finds
      // "kaczynski"); never a word that is only the start of one ("a" for "aaaaaaaaaa").
      if (query.some(function (q) { return tokens[i].w.startsWith(q.w); })) return i;
    }
    return -1;
  }

  // The best place on a page for the query: a paragraph holding the phrase (tier 0), the
  // phrase elsewhere on the page (tier 1), else the paragraph of Pagefind's first match (tier 2).
  function place(data, query) {
    var paragraphs = data.anchors.filter(function (a) { return /^p-\d+$/.test(a.id); });
    var holding = [];
    paragraphs.forEach(function (a) {
      var tokens = words(a.text);
      var at = phraseAt(tokens, query);
      if (at >= 0) holding.push({ anchor: a, text: a.text, tokens: tokens, at: at, length: query.length });
    });
    if (holding.length) return { tier: 0, best: holding[0], others: holding.length - 1 };
    var all = words(data.content);
    var at = phraseAt(all, query);
    if (at >= 0) return { tier: 1, best: { text: data.content, tokens: all, at: at, length: query.length }, others: 0 };
    var first = data.locations.length ? data.locations[0] : 0;
    var anchor = null;
    paragraphs.forEach(function (a) { if (a.location <= first) anchor = a; });
    var text = anchor ? anchor.text : data.content;
    var tokens = words(text);
    var where = firstMatch(tokens, query);
    return { tier: 2, best: { anchor: anchor, text: text, tokens: tokens, at: Math.max(where, 0), length: where >= 0 ? 1 : 0 }, others: 0 };
  }

  // About 30 words around the match, the matching words marked.
  function excerpt(best, query) {
    var p = document.createElement("p");
    p.className = "archive-search__excerpt";
    var tokens = best.tokens;
    if (!tokens.length) { p.textContent = best.text.slice(0, 240); return p; }
    var from = Math.max(0, best.at - 12), to = Math.min(tokens.length - 1, best.at + best.length + 18);
    // From the paragraph's first character and to its last when the excerpt reaches them (an
    // opening quote mark, a closing full stop are the text's too).
    var text = best.text, cursor = from > 0 ? tokens[from].start : 0, end = to < tokens.length - 1 ? tokens[to].end : text.length;
    if (from > 0) p.appendChild(document.createTextNode("… "));
    var wanted = query.map(function (q) { return q.w; });
    for (var i = from; i <= to; i++) {
      var t = tokens[i];
      var inPhrase = i >= best.at && i < best.at + best.length;
      var mark = inPhrase || wanted.indexOf(t.w) >= 0;
      if (!mark) continue;
      p.appendChild(document.createTextNode(text.slice(cursor, t.start)));
      var m = document.createElement("mark");
      m.textContent = text.slice(t.start, t.end);
      p.appendChild(m);
      cursor = t.end;
    }
    p.appendChild(document.createTextNode(text.slice(cursor, end) + (end < text.length ? " …" : "")));
    return p;
  }

  function item(hit, query) {
    var li = document.createElement("li");
    li.className = "archive-search__result";
    var a = document.createElement("a");
    var url = new URL(hit.data.url.replace(/^\//, ""), site);
    if (hit.place.best.anchor) url.hash = hit.place.best.anchor.id;
    a.href = url.href;
    a.textContent = hit.data.meta.title || hit.data.url;
    li.appendChild(a);
    if (hit.place.best.anchor) {
      var where = document.createElement("span");
      where.className = "archive-search__where";
      var n = hit.place.best.anchor.id.slice(2);
      where.textContent = " paragraph " + n + (hit.place.others ? " (and " + hit.place.others + " more)" : "");
      li.appendChild(where);
    }
    li.appendChild(about(hit.data.meta, hit.data.url));
    li.appendChild(excerpt(hit.place.best, query));
    return li;
  }

  // What a result is (article, argument, proposal...: its folder), and an article's authors
  // and date, and the editor's line of what it argues (the metadata the index holds: search.py).
  var KINDS = {articles: "Article", proposals: "Proposal", arguments: "Argument", positions: "Position",
               publishers: "Publisher"};

  function about(meta, url) {
    var p = document.createElement("p");
    p.className = "archive-search__about";
    var kind = KINDS[url.replace(/^\//, "").split("/")[0]] || "Page";
    p.textContent = [kind, meta.author, meta.date]
      .filter(Boolean).join(" · ");
    if (meta.summary) {
      var line = document.createElement("span");
      line.className = "archive-search__summary";
      line.textContent = meta.summary;
      p.appendChild(line);
    }
    return p;
  }

  var latest = 0;
  var shown = []; // placed results not yet on the page, best first
  var pending = []; // results beyond those read so far, in Pagefind's order
  var more = null;

  // Where Pagefind's text comes in: the index writes each "&" of the text as U+FDD0 (Pagefind
  // decodes entities twice; see search.py, AMPERSAND), put back here, once.
  function restored(data) {
    var text = function (value) { return typeof value === "string" ? value.replace(/\uFDD0/g, "&") : value; };
    data.content = text(data.content);
    var meta = {};
    Object.keys(data.meta || {}).forEach(function (key) { meta[key] = text(data.meta[key]); });
    data.meta = meta;
    data.anchors = data.anchors.map(function (a) { return Object.assign({}, a, { text: text(a.text) }); });
    return data;
  }

  // Reads a batch of results' pages and orders the batch (later batches follow earlier ones).
  function read(results, query) {
    return Promise.all(results.map(function (r) { return r.data().then(restored); })).then(function (data) {
      var hits = data.map(function (d, i) { return { data: d, place: place(d, query), order: i }; });
      return hits.sort(function (x, y) { return x.place.tier - y.place.tier || x.order - y.order; });
    });
  }

  function showMore(query, id) {
    var ready = shown.length >= PAGE || !pending.length ? Promise.resolve()
      : read(pending.splice(0, RANKED), query).then(function (hits) { shown = shown.concat(hits); });
    return ready.then(function () {
      if (id !== latest) return;
      shown.splice(0, PAGE).forEach(function (hit) { list.appendChild(item(hit, query)); });
      if (more) { more.remove(); more = null; }
      if (shown.length || pending.length) {
        more = document.createElement("button");
        more.type = "button";
        more.className = "md-button archive-search__more";
        more.textContent = "Show more results";
        more.addEventListener("click", function () {
          var first = list.children.length;
          showMore(query, id).then(function () {
            var link = list.children[first] && list.children[first].querySelector("a");
            if (link) link.focus();
          });
        });
        list.after(more);
      }
    });
  }

  // A query as typed or as given in the address (?q=): without control and bidi characters,
  // which would reverse or break the status line that repeats it (the index has none).
  function cleaned(text) {
    return text.replace(/[\p{Cc}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]+/gu, " ");
  }

  function run(text) {
    text = cleaned(text);
    var id = ++latest;
    var query = words(text);
    if (!query.length) {
      list.replaceChildren();
      if (more) { more.remove(); more = null; }
      status.textContent = "";
      return;
    }
    status.textContent = "Searching…";
    pagefind().then(function (pf) {
      return pf.search(text);
    }).then(function (found) {
      if (id !== latest) return null;
      var results = found.results;
      // The first pages are read at once and ordered: paragraphs holding the phrase first.
      return read(results.slice(0, RANKED), query).then(function (hits) {
        if (id !== latest) return;
        list.replaceChildren();
        if (more) { more.remove(); more = null; }
        shown = hits;
        pending = results.slice(RANKED);
        var count = results.length;
        status.textContent = count === 0 ? "No results for “" + text + "”."
          : count + (count === 1 ? " result" : " results") + " for “" + text + "”.";
        return showMore(query, id);
      });
    }).catch(function (error) {
      if (id !== latest) return;
      status.textContent = "Search failed: " + error.message;
    });
  }

  var timer = null;
  field.addEventListener("input", function () {
    clearTimeout(timer);
    var text = field.value;
    // From the first key on, the engine loads and the index chunks of the words typed so far
    // come in while the reader types (Pagefind's preload); the search itself waits for a pause.
    if (words(text).length) pagefind().then(function (pf) { return pf.preload(text); }).catch(function () {});
    timer = setTimeout(function () { run(text); }, 150);
    var address = new URL(location.href);
    if (text.trim()) address.searchParams.set("q", text); else address.searchParams.delete("q");
    history.replaceState(null, "", address);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    run(field.value);
  });
  var asked = new URLSearchParams(location.search).get("q");
  if (asked) {
    field.value = cleaned(asked);
    run(asked);
  }
})();
