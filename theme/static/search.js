// Search for the header's box. Without this script the header links to the
// one-page view instead, where the browser's own find works. The index is
// fetched the first time the box gets focus: search-entry.json names it,
// by a name that changes with its content (see package search). Loaded
// with defer from the site itself, so the Content-Security-Policy
// (script-src 'self') lets it run; the index's text reaches the page only
// as text nodes.
"use strict";
(function () {
  var form = document.querySelector("form.search");
  if (!form || !window.fetch) return;
  var box = form.querySelector("input");
  var list = form.querySelector(".search-results");
  var count = form.querySelector(".search-count");
  var link = document.querySelector(".search-link");
  var home = form.getAttribute("data-home") || "/";
  var MAX = 20;
  form.hidden = false;
  if (link) link.hidden = true;

  // Words are runs of letters and digits, lower-cased; a plural and its
  // singular are one word.
  var WORD = /[\p{L}\p{N}]+/gu;
  function tokens(text) { return (text.toLowerCase().match(WORD) || []).map(stem); }
  function stem(w) {
    if (w.length > 4 && /ies$/.test(w)) return w.slice(0, -3) + "y";
    if (w.length > 4 && /(ss|x|ch|sh)es$/.test(w)) return w.slice(0, -2);
    if (w.length > 3 && /s$/.test(w) && !/(ss|us|is)$/.test(w)) return w.slice(0, -1);
    return w;
  }

  // Weights: a word of a section's heading counts for many of its body,
  // a word of the chapter's title for a few; a word that only starts with
  // what was typed counts for half.
  var HEADING = 10, TITLE = 3, INTRO = 3, BODY = 1, PREFIX = 0.5;

  var index = null, loading = null;
  function load() {
    if (!loading) {
      count.textContent = "Loading the index…";
      loading = fetch(home + "search-entry.json").then(json).then(function (entry) {
        return fetch(home + entry.index);
      }).then(json).then(function (data) {
        index = build(data);
        count.textContent = "";
        run();
      }).catch(function () {
        loading = null;
        count.textContent = "The search index could not load.";
      });
    }
    return loading;
  }
  function json(r) {
    if (!r.ok) throw new Error(r.status);
    return r.json();
  }

  // build turns the sections into a map from each word to the sections
  // that have it, with its weight there, and a sorted list of the words
  // for prefix lookups.
  function build(data) {
    var post = new Map();
    var sections = data.sections.map(function (s, i) {
      var ch = data.chapters[s[0]];
      var sec = { i: i, title: ch[0], url: ch[1] + (s[1] ? "#" + s[1] : ""), heading: s[2] || ch[0], text: s[3] };
      // A word of the heading or the title counts once; the body's words
      // by the logarithm of their number, capped, so that a long section
      // does not outrank a heading. The text before the first heading is the
      // chapter itself: its title is its heading, and a little more.
      var w = new Map();
      function once(words, weight) {
        new Set(words).forEach(function (t) { w.set(t, (w.get(t) || 0) + weight); });
      }
      once(tokens(ch[0]), s[2] ? TITLE : TITLE + HEADING + INTRO);
      if (s[2]) once(tokens(s[2]), HEADING);
      var body = new Map();
      tokens(s[3]).forEach(function (t) { body.set(t, (body.get(t) || 0) + 1); });
      body.forEach(function (n, t) { w.set(t, (w.get(t) || 0) + BODY * Math.min(3, Math.log2(1 + n))); });
      w.forEach(function (weight, t) {
        var p = post.get(t);
        if (!p) post.set(t, p = []);
        p.push(i, weight);
      });
      return sec;
    });
    return { sections: sections, post: post, words: Array.from(post.keys()).sort() };
  }

  // search ranks the sections that have every word of the query, each
  // word matched whole or, as one types, as the start of a longer word.
  function search(query) {
    var q = tokens(query);
    if (!q.length) return [];
    var total = null;
    for (var k = 0; k < q.length; k++) {
      var got = match(q[k]);
      // Half-typed plurals (processe, librari) match their singular.
      if (!got.size && q[k].length > 4 && /(e|i|ie)$/.test(q[k])) got = match(q[k].replace(/(e|i|ie)$/, ""));
      if (total === null) {
        total = got;
      } else {
        total.forEach(function (score, i) {
          if (got.has(i)) total.set(i, score + got.get(i)); else total.delete(i);
        });
      }
      if (!total.size) return [];
    }
    return Array.from(total, function (e) { return { s: index.sections[e[0]], score: e[1] }; }).sort(function (a, b) {
      return b.score - a.score || a.s.i - b.s.i;
    });
  }
  // match returns the weight of each section that has a word starting
  // with t: the word's whole weight for t itself, PREFIX of it else.
  function match(t) {
    var got = new Map();
    for (var j = lowerBound(index.words, t); j < index.words.length && index.words[j].startsWith(t); j++) {
      var word = index.words[j], f = word === t ? 1 : PREFIX, p = index.post.get(word);
      for (var n = 0; n < p.length; n += 2) got.set(p[n], Math.max(got.get(p[n]) || 0, f * p[n + 1]));
    }
    return got;
  }
  function lowerBound(a, t) {
    var lo = 0, hi = a.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (a[mid] < t) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  // snippet appends to el about 160 characters of text around the first
  // word matching the query, every match marked.
  function snippet(el, text, query) {
    var stems = tokens(query).map(function (t) { return /y$/.test(t) && t.length > 2 ? t.slice(0, -1) : t; });
    var re = new RegExp("(^|[^\\p{L}\\p{N}])((?:" + stems.map(escape).join("|") + ")[\\p{L}\\p{N}]*)", "giu");
    var m = re.exec(text);
    var at = m ? m.index + m[1].length : 0;
    var from = Math.max(0, text.lastIndexOf(" ", Math.max(0, at - 60)));
    if (at - from > 80 || from < 0) from = Math.max(0, at - 60);
    var to = text.indexOf(" ", Math.min(text.length, from + 160));
    if (to < 0) to = text.length;
    var part = text.slice(from, to).trim();
    if (from > 0) el.appendChild(document.createTextNode("… "));
    re.lastIndex = 0;
    var last = 0;
    for (m = re.exec(part); m; m = re.exec(part)) {
      var start = m.index + m[1].length;
      el.appendChild(document.createTextNode(part.slice(last, start)));
      var mark = document.createElement("mark");
      mark.textContent = m[2];
      el.appendChild(mark);
      last = start + m[2].length;
    }
    el.appendChild(document.createTextNode(part.slice(last)));
    if (to < text.length) el.appendChild(document.createTextNode(" …"));
  }
  function escape(s) { return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }

  function run() {
    if (!index) return;
    var query = box.value.trim();
    list.textContent = "";
    if (!query) {
      list.hidden = true;
      count.textContent = "";
      return;
    }
    var found = search(query);
    found.slice(0, MAX).forEach(function (r) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = r.s.url;
      var where = document.createElement("span");
      where.className = "search-where";
      where.textContent = r.s.heading === r.s.title ? r.s.title : r.s.title + " › " + r.s.heading;
      var text = document.createElement("span");
      text.className = "search-snippet";
      snippet(text, r.s.text, query);
      a.appendChild(where);
      a.appendChild(text);
      li.appendChild(a);
      list.appendChild(li);
    });
    list.hidden = found.length === 0;
    count.textContent = found.length === 0 ? "No results" :
      found.length === 1 ? "1 result" :
      found.length > MAX ? found.length + " results, the first " + MAX + " shown" : found.length + " results";
  }

  function links() { return Array.prototype.slice.call(list.querySelectorAll("a")); }
  function close() {
    list.hidden = true;
    count.textContent = "";
  }

  box.addEventListener("focus", function () {
    if (!index) load(); else if (box.value.trim()) run();
  });
  box.addEventListener("input", run);
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var a = links()[0];
    if (a) a.click();
  });
  form.addEventListener("keydown", function (e) {
    var all = links();
    var at = all.indexOf(document.activeElement);
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      if (!all.length) return;
      e.preventDefault();
      var next = e.key === "ArrowDown" ? at + 1 : at - 1;
      if (next < 0) box.focus(); else all[Math.min(next, all.length - 1)].focus();
    } else if (e.key === "Escape") {
      e.preventDefault();
      if (list.hidden) box.blur(); else { close(); box.focus(); }
    }
  });
  // A result on the page already open only scrolls: close the results.
  list.addEventListener("click", function (e) {
    if (e.target.closest("a")) close();
  });
  form.addEventListener("focusout", function (e) {
    if (!form.contains(e.relatedTarget)) close();
  });
  document.addEventListener("keydown", function (e) {
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) return;
    var t = e.target;
    if (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)) return;
    e.preventDefault();
    box.focus();
  });
})();
