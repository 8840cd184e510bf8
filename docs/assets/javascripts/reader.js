/* Filters and sorts the list of articles without a server (from file:// too).

   The form (form.article-filter) names a script of article data in data-source; it is loaded
   only on the page that has the form. The filter lives in the address (?proposal=...&stance=...)
   so a filtered list can be linked, bookmarked and reloaded. Without JavaScript the form
   submits to the same page, which lists every article: nothing is lost, only not narrowed.
   Source text reaches the page through textContent only, never as markup. */
(function () {
  "use strict";

  // Counts elsewhere (the proposals index) link to the proposal page's group of the articles
  // counted, which is true without JavaScript; with it, to this list narrowed to them
  // (data-filter holds the address's filter, e.g. "proposal=arm-ukraine&stance=opposes").
  var script = document.currentScript;
  if (script) {
    var list = new URL("../../articles/index.html", script.src); // this file is assets/javascripts/reader.js
    document.querySelectorAll("a[data-filter]").forEach(function (a) {
      list.search = a.getAttribute("data-filter");
      a.href = list.href;
    });
  }

  var form = document.querySelector("form.article-filter");
  if (!form || !form.dataset.source) return;
  var FIELDS = ["proposal", "stance", "position", "publisher", "author", "year", "order"];
  var status = document.querySelector(".filter-status");
  var results = document.querySelector(".filter-results");

  function chosen() {
    var query = new URLSearchParams(location.search), out = {};
    FIELDS.forEach(function (name) { out[name] = query.get(name) || ""; });
    out.order = out.order || "newest";
    return out;
  }

  function show(filter) {
    FIELDS.forEach(function (name) {
      var field = form.elements[name];
      if (field) field.value = filter[name];
      // A value the list does not know (an old link) is dropped, not silently kept.
      if (field && field.value !== filter[name]) {
        filter[name] = name === "order" ? "newest" : "";
        field.value = filter[name];
      }
    });
  }

  function matches(a, f) {
    if (f.proposal && !(f.proposal in a.s)) return false;
    if (f.stance) {
      if (f.proposal) { if (a.s[f.proposal] !== f.stance) return false; }
      else if (!Object.keys(a.s).some(function (p) { return a.s[p] === f.stance; })) return false;
    }
    if (f.position && a.o !== f.position) return false;
    if (f.publisher && a.p !== f.publisher) return false;
    if (f.author && a.a.indexOf(f.author) < 0) return false;
    if (f.year && a.y !== f.year) return false;
    return true;
  }

  function text(tag, value, className) {
    var e = document.createElement(tag);
    e.textContent = value;
    if (className) e.className = className;
    return e;
  }

  function entry(a, data, f) {
    var li = document.createElement("li"), link = text("a", a.t);
    link.href = a.h;
    li.appendChild(link);
    // As the full list prints it: the positions in bold (text nodes only, never markup).
    var meta = text("span", [a.d, a.a.length ? a.a.join(", ") : "author unknown", data.publishers[a.p],
                             "Overall, on a foreign force in Ukraine: "].join(" · "), "entry-meta");
    meta.appendChild(text("strong", data.positions[a.o], "stance-is-" + a.o));
    if (f.proposal) {
      meta.appendChild(document.createTextNode(" · On " + data.proposals[f.proposal] + ": "));
      meta.appendChild(text("strong", data.positions[a.s[f.proposal]], "stance-is-" + a.s[f.proposal]));
    }
    li.appendChild(meta);
    // The editor's one-line summary, as the full list prints it (text, never markup).
    if (a.m) li.appendChild(text("span", a.m, "entry-summary"));
    return li;
  }

  function apply(data) {
    var f = chosen();
    show(f);
    var active = FIELDS.some(function (name) { return name !== "order" && f[name]; }) || f.order === "oldest";
    document.body.classList.toggle("filtering", active);
    results.hidden = !active;
    results.textContent = "";
    if (!active) {
      status.textContent = "";
      return;
    }
    var found = data.articles.filter(function (a) { return matches(a, f); });
    if (f.order === "oldest") found.reverse();
    found.forEach(function (a) { results.appendChild(entry(a, data, f)); });
    var what = described(f, data);
    status.textContent = found.length + " of " + data.articles.length + " articles" +
      (what ? ": " + what : "") + (f.order === "oldest" ? "; oldest first." : "; newest first.");
  }

  // What a filter shows, in words: "on European “reassurance force”, skeptical; by Jan Gerber".
  function described(f, data) {
    var parts = [];
    var stance = f.stance && data.positions[f.stance].toLowerCase();
    if (f.proposal) parts.push("on " + data.proposals[f.proposal] + (stance ? ", " + stance : ""));
    else if (stance) parts.push(stance + " on some proposal");
    if (f.position) parts.push("overall " + data.positions[f.position].toLowerCase());
    if (f.author) parts.push("by " + f.author);
    if (f.publisher) parts.push("published by " + data.publishers[f.publisher]);
    if (f.year) parts.push("from " + f.year);
    return parts.join("; ");
  }

  // The data as written (compact: numbers into tables written once, see browse.py) made into
  // what the filter reads: {proposals, positions, publishers: id -> name, articles: [{t, h, d,
  // y, a, p, o, s, m (the summary, or "")}]}.
  function expand(raw) {
    function table(rows) {
      var out = {};
      rows.forEach(function (row) { out[row[0]] = row[1]; });
      return out;
    }
    return {
      proposals: table(raw.proposals), positions: table(raw.positions), publishers: table(raw.publishers),
      articles: raw.articles.map(function (x) {
        var stances = {};
        for (var i = 0; i < x[7].length; i += 2) stances[raw.proposals[x[7][i]][0]] = raw.positions[x[7][i + 1]][0];
        return {t: x[0], h: raw.link[0] + x[1] + raw.link[1], d: x[2], y: x[3],
                a: x[4].map(function (n) { return raw.authors[n]; }), p: raw.publishers[x[5]][0],
                o: raw.positions[x[6]][0], s: stances, m: x[8] || ""};
      }),
    };
  }

  function start() {
    if (!window.archiveArticles) return;
    var data = expand(window.archiveArticles);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var query = new URLSearchParams();
      FIELDS.forEach(function (name) {
        var field = form.elements[name];
        if (field && field.value && !(name === "order" && field.value === "newest")) query.set(name, field.value);
      });
      var search = query.toString();
      history.replaceState(null, "", location.pathname + (search ? "?" + search : "") + location.hash);
      apply(data);
    });
    form.addEventListener("change", function () { form.requestSubmit(); });
    form.addEventListener("reset", function () {
      setTimeout(function () { form.requestSubmit(); }, 0);
    });
    apply(data);
  }

  var script = document.createElement("script");
  script.src = form.dataset.source;
  script.onload = start;
  document.head.appendChild(script);
})();
