/* changjing: the search page, on the site's own index (search-index/, written by changjing.site.search_index).
   Han text is matched by character bigrams: every 2-character piece of the query must occur in a record,
   longer pieces are then checked letter for letter, so 米波 finds 毫米波 and 区块链 finds nothing when no page
   has it. Latin letters and digits match as word prefixes. Titles rank first, then records before notices and pages.
   Everything is written with textContent / DOM nodes: no indexed or typed text becomes markup here. */
(function () {
  "use strict";

  var HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff";
  var RUN = new RegExp("[" + HAN + "]+|[0-9a-z]+", "g");
  var IS_HAN = new RegExp("^[" + HAN + "]");
  var ID_QUERY = /^([a-z]{2})[-_\s]*(\d{4})[-_\s]*(\d{2,4})$/;
  var PAGE = 20;
  var NEAR = 5;
  var MAX_QUERY = 40;  /* characters: a pasted paragraph must not fetch every shard */

  function norm(s) { return s.normalize("NFKC").toLowerCase(); }

  /* FNV-1a over the first two code points, as shard_of() in search_index.py */
  function shardOf(token, shards) {
    var h = 0x811c9dc5;
    Array.from(token).slice(0, 2).forEach(function (c) {
      h = Math.imul((h ^ c.codePointAt(0)) >>> 0, 0x01000193) >>> 0;
    });
    return h % shards;
  }

  function bigrams(run) {
    var out = [];
    for (var i = 0; i + 2 <= run.length; i++) if (out.indexOf(run.slice(i, i + 2)) < 0) out.push(run.slice(i, i + 2));
    return out;
  }

  /* the bigrams a long run is looked up by: every other one (plus the last) still covers each character,
     and the letter-for-letter check afterwards keeps the answer exact */
  function lookupGrams(run) {
    if (run.length <= 10) return bigrams(run);
    var out = [];
    for (var i = 0; i + 2 <= run.length; i += 2) out.push(run.slice(i, i + 2));
    if (run.length % 2) out.push(run.slice(-2));
    return out.filter(function (g, k) { return out.indexOf(g) === k; });
  }

  /* the query's searchable runs: Han runs of 2+ characters, Latin/digit runs of 2+ characters */
  function parse(q) {
    var runs = norm(q).slice(0, MAX_QUERY).match(RUN) || [];
    return runs.filter(function (r, i) { return r.length >= 2 && runs.indexOf(r) === i; });
  }

  function decode(list) {
    var out = [], doc = 0;
    for (var i = 0; i < list.length; i++) {
      doc += list[i] >> 2;
      out.push([doc, list[i] & 3]);
    }
    return out;
  }

  function Index(base) {
    this.base = base;
    this.files = {};
    this.meta = null;
  }
  Index.prototype.get = function (path) {
    if (!this.files[path]) {
      this.files[path] = fetch(new URL("search-index/" + path, this.base).href).then(function (r) {
        if (r.status === 404) return null;
        if (!r.ok) throw new Error("HTTP " + r.status);
        return r.json();
      });
    }
    return this.files[path];
  };
  Index.prototype.shards = function (tokens) {
    var self = this;
    return self.get("meta.json").then(function (meta) {
      var wanted = {};
      tokens.forEach(function (t) { wanted[shardOf(t, meta.shards)] = true; });
      var keys = Object.keys(wanted);
      return Promise.all(keys.map(function (k) { return self.get("s/" + k + ".json"); })).then(function (all) {
        var byShard = {};
        keys.forEach(function (k, i) { byShard[k] = all[i] || {}; });
        return function (token) { return byShard[shardOf(token, meta.shards)] || {}; };
      });
    });
  };
  Index.prototype.doc = function (n) {
    var self = this;
    return self.get("meta.json").then(function (meta) {
      return self.get("d/" + Math.floor(n / meta.per_file) + ".json").then(function (docs) {
        return (docs && docs[n % meta.per_file]) || null;
      });
    });
  };

  /* doc → {title: bool} for one run: a Han run needs every bigram; a Latin run any indexed word it begins */
  function matchRun(run, shardFor) {
    var hits = null;
    if (IS_HAN.test(run)) {
      lookupGrams(run).forEach(function (g) {
        var next = {};
        decode(shardFor(g)[g] || []).forEach(function (p) {
          if (hits === null || hits[p[0]] !== undefined) {
            next[p[0]] = (hits === null || hits[p[0]]) && (p[1] & 2) !== 0;
          }
        });
        hits = next;
      });
    } else {
      hits = {};
      var shard = shardFor(run);
      Object.keys(shard).forEach(function (token) {
        if (token.lastIndexOf(run, 0) !== 0) return;
        decode(shard[token]).forEach(function (p) { hits[p[0]] = hits[p[0]] || (p[1] & 2) !== 0; });
      });
    }
    return hits || {};
  }

  function search(index, runs) {
    var tokens = [];
    runs.forEach(function (r) { (IS_HAN.test(r) ? bigrams(r) : [r]).forEach(function (t) { tokens.push(t); }); });
    return index.shards(tokens).then(function (shardFor) {
      var per = runs.map(function (r) { return matchRun(r, shardFor); });
      var exact = Object.keys(per[0]).filter(function (d) {
        return per.every(function (h) { return h[d] !== undefined; });
      }).map(function (d) {
        return { n: +d, title: per.filter(function (h) { return h[d]; }).length };
      }).sort(function (a, b) { return b.title - a.title || a.n - b.n; });
      return { exact: exact, near: exact.length ? [] : near(runs, shardFor) };
    });
  }

  /* a mistyped character (无人机自动巡险, 无感跌到监测): records holding all but the one or two query bigrams
     that a wrong character spoils; titles first. Only offered after 没有找到, and never more than NEAR. */
  function near(runs, shardFor) {
    var grams = [];
    runs.forEach(function (r) { if (IS_HAN.test(r)) bigrams(r).forEach(function (g) { grams.push(g); }); });
    if (grams.length < 3) return [];
    var need = grams.length - (grams.length >= 5 ? 2 : 1);
    var count = {}, title = {};
    grams.forEach(function (g) {
      decode(shardFor(g)[g] || []).forEach(function (p) {
        count[p[0]] = (count[p[0]] || 0) + 1;
        title[p[0]] = (title[p[0]] || 0) + (p[1] & 2 ? 1 : 0);
      });
    });
    return Object.keys(count).filter(function (d) { return count[d] >= need; })
      .sort(function (a, b) { return count[b] - count[a] || title[b] - title[a] || a - b; })
      .slice(0, NEAR).map(function (d) { return { n: +d, title: 0 }; });
  }

  /* normalised text plus, for each of its positions, the position in the original */
  function normMap(s) {
    var text = "", map = [];
    for (var i = 0; i < s.length;) {
      var ch = String.fromCodePoint(s.codePointAt(i));
      var n = norm(ch);
      for (var k = 0; k < n.length; k++) map.push(i);
      text += n;
      i += ch.length;
    }
    map.push(s.length);
    return { text: text, map: map };
  }

  /* [start, end) ranges in s of every run, merged */
  function ranges(s, runs) {
    var m = normMap(s), out = [];
    runs.forEach(function (r) {
      for (var at = m.text.indexOf(r); at >= 0; at = m.text.indexOf(r, at + 1)) out.push([m.map[at], m.map[at + r.length]]);
    });
    out.sort(function (a, b) { return a[0] - b[0]; });
    var merged = [];
    out.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
      else merged.push([r[0], r[1]]);
    });
    return merged;
  }

  function contains(doc, run) { return norm(doc.t + "\n" + doc.x).indexOf(run) >= 0; }

  function marked(s, rs, from, to) {
    var frag = document.createDocumentFragment(), at = from;
    function text(a, b) { if (b > a) frag.appendChild(document.createTextNode(s.slice(a, b).replace(/\n/g, " · "))); }
    rs.forEach(function (r) {
      var a = Math.max(r[0], from), b = Math.min(r[1], to);
      if (b <= a || a < at) return;
      text(at, a);
      var mark = document.createElement("mark");
      mark.textContent = s.slice(a, b);
      frag.appendChild(mark);
      at = b;
    });
    text(at, to);
    return frag;
  }

  function snippet(doc, runs) {
    var s = doc.x || "", rs = ranges(s, runs);
    var first = rs.length ? rs[0][0] : 0;
    /* start at the beginning of the match's line, or of its clause when the line is long */
    var from = s.lastIndexOf("\n", first) + 1;
    if (first - from > 40) {
      var cut = Math.max(s.lastIndexOf("。", first - 1), s.lastIndexOf("；", first - 1), s.lastIndexOf("，", first - 1));
      from = cut >= first - 40 ? cut + 1 : first - 30;
    }
    var to = Math.min(s.length, from + 110);
    var p = document.createElement("p");
    p.className = "cj-hit__snippet";
    if (from > 0) p.appendChild(document.createTextNode("…"));
    p.appendChild(marked(s, rs, from, to));
    if (to < s.length) p.appendChild(document.createTextNode("…"));
    return p;
  }

  function span(cls, text) {
    var e = document.createElement("span");
    e.className = cls;
    e.textContent = text;
    return e;
  }

  function hitItem(doc, runs, base) {
    var li = document.createElement("li");
    li.className = "cj-hit";
    var a = document.createElement("a");
    a.className = "cj-hit__title";
    a.href = new URL(doc.u, base).pathname;
    a.appendChild(marked(doc.t, ranges(doc.t, runs), 0, doc.t.length));
    li.appendChild(a);
    var meta = document.createElement("span");
    meta.className = "cj-hit__meta";
    meta.appendChild(span("cj-kind", doc.k));
    if (doc.i) { meta.appendChild(document.createTextNode(" ")); meta.appendChild(span("cj-id", doc.i)); }
    if (doc.s) { meta.appendChild(document.createTextNode(" ")); meta.appendChild(span("cj-status cj-status--" + (doc.c || "wait"), doc.s)); }
    li.appendChild(meta);
    li.appendChild(snippet(doc, runs));
    return li;
  }

  function initSearch(root) {
    var base = new URL(root.getAttribute("data-root") || "./", location.href);
    var index = new Index(base);
    var form = root.querySelector("form");
    var input = root.querySelector("input[type=search]");
    var status = root.querySelector("[data-cj-search-status]");
    var list = root.querySelector("[data-cj-search-results]");
    var more = root.querySelector("[data-cj-search-more]");
    var empty = root.querySelector("[data-cj-search-empty]");
    var seq = 0;
    var pending = null;  /* the rest of the current results, for 显示更多 */

    function say(text, showEmpty) {
      status.textContent = text;
      empty.hidden = !showEmpty;
    }

    /* load docs from queue until `want` pass the letter-for-letter check (or the queue ends) */
    function fill(state, want, mine) {
      var batch = state.queue.splice(0, want);
      if (!batch.length) return Promise.resolve();
      return Promise.all(batch.map(function (h) { return index.doc(h.n); })).then(function (docs) {
        if (mine !== seq) return;
        var kept = [];
        docs.forEach(function (doc, k) {
          if (!doc) return;
          if (state.check && !state.longRuns.every(function (r) { return contains(doc, r); })) { state.total--; return; }
          /* the index knows a title holds every bigram; here it is checked that it holds the whole piece */
          var title = norm(doc.t + " " + (doc.i || ""));
          kept.push({ doc: doc, k: k, title: state.runs.filter(function (r) { return title.indexOf(r) >= 0; }).length });
        });
        if (state.check) kept.sort(function (a, b) { return b.title - a.title || a.k - b.k; });
        kept.forEach(function (h) { list.appendChild(hitItem(h.doc, state.runs, base)); });
        var shown = kept.length;
        if (shown < want && state.queue.length) return fill(state, want - shown, mine);
      });
    }

    function showPage(state, mine) {
      return fill(state, PAGE, mine).then(function () {
        if (mine !== seq) return;
        var n = list.children.length;
        more.hidden = !(state.check && state.queue.length);
        if (!state.check) return;
        if (!n) say("没有找到与“" + state.q + "”相关的内容。", true);
        else say("找到 " + state.total + " 个结果" + (state.queue.length ? "，显示前 " + n + " 个" : "") + "。", false);
      });
    }

    function openId(q, mine, go) {
      var m = ID_QUERY.exec(norm(q).trim());
      if (!m) return Promise.resolve(false);
      var key = m[1] + m[2] + m[3];
      return index.get("id/" + m[1] + m[2] + ".json").then(function (table) {
        if (mine !== seq) return true;
        if (!table) return false;  /* no records of that kind and year: search the words as typed */
        var url = table[key];
        if (!url) { say("没有找到编号为 " + q.trim().toUpperCase() + " 的记录。", true); return true; }
        if (go) {
          say("正在打开 " + q.trim().toUpperCase() + "…", false);
          location.replace(new URL(url, base).href);
          return true;
        }
        return false;  /* typed, not submitted: list it like any other result */
      });
    }

    function run(go) {
      var q = input.value.trim();
      var mine = ++seq;
      list.textContent = "";
      more.hidden = true;
      pending = null;
      var u = new URL(location.href);
      if (q) u.searchParams.set("q", q); else u.searchParams.delete("q");
      history.replaceState(null, "", u.pathname + u.search);
      if (!q) { say("", false); return; }
      var runs = parse(q);
      if (!runs.length) { say("请输入至少两个字（或两个字母、数字）。", false); return; }
      status.textContent = "正在搜索…";
      openId(q, mine, go).then(function (done) {
        if (done || mine !== seq) return;
        return search(index, runs).then(function (res) {
          if (mine !== seq) return;
          var longRuns = runs.filter(function (r) { return IS_HAN.test(r) && r.length >= 3; });
          if (res.exact.length) {
            pending = { q: q, runs: runs, longRuns: longRuns, queue: res.exact, total: res.exact.length, check: true };
            return showPage(pending, mine);
          }
          if (!res.near.length) { say("没有找到与“" + q + "”相关的内容。", true); return; }
          var pieces = [];  /* mark the two-character pieces that did match */
          runs.forEach(function (r) { (IS_HAN.test(r) ? bigrams(r) : [r]).forEach(function (t) { pieces.push(t); }); });
          return showPage({ q: q, runs: pieces, longRuns: [], queue: res.near, total: res.near.length, check: false }, mine)
            .then(function () {  /* the status line last: it tells readers (and tests) the list is complete */
              if (mine === seq) say("没有找到与“" + q + "”完全相同的内容。下面是字面相近的结果：", true);
            });
        });
      }).catch(function (err) {
        if (mine === seq) say("搜索暂时不可用：" + err.message, false);
      });
    }

    more.querySelector("button").addEventListener("click", function () {
      if (pending) showPage(pending, seq);
    });
    var timer = null;
    form.addEventListener("submit", function (e) { e.preventDefault(); clearTimeout(timer); run(true); });
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(function () { run(false); }, 250); });
    var q0 = new URLSearchParams(location.search).get("q");
    if (q0) { input.value = q0; run(true); }
    else input.focus();  /* came from the header's search box with nothing typed */
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-cj-search]"), initSearch);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
