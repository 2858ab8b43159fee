/* changjing: list filters and sorting, and the search page (uses the site's own pagefind bundle).
   Everything is written with textContent / DOM nodes: no submitted text becomes markup here. */
(function () {
  "use strict";

  function initList(root) {
    var form = root.querySelector("form.cj-filters");
    var tbody = root.querySelector("table.cj-table tbody");
    if (!form || !tbody) return;
    var rows = Array.prototype.slice.call(tbody.rows);
    var count = root.querySelector("[data-cj-count]");
    var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-key]"));
    var sort = form.querySelector("select[data-sort]");
    var params = new URLSearchParams(location.search);
    selects.forEach(function (s) {
      var v = params.get(s.name);
      if (v !== null) {
        for (var i = 0; i < s.options.length; i++) if (s.options[i].value === v) s.value = v;
      }
    });
    if (params.get("sort") && sort) sort.value = params.get("sort");

    function key(row, how) {
      if (how.indexOf("day") === 0) return row.getAttribute("data-day") || "";
      if (how.indexOf("amount") === 0) return parseFloat(row.getAttribute("data-amount") || "0");
      if (how === "title") return row.cells[1].textContent;
      return row.getAttribute("data-id");
    }

    function apply() {
      var wanted = {};
      selects.forEach(function (s) { if (s.value) wanted[s.getAttribute("data-key")] = s.value; });
      var shown = 0;
      rows.forEach(function (row) {
        var ok = Object.keys(wanted).every(function (k) { return row.getAttribute("data-" + k) === wanted[k]; });
        row.hidden = !ok;
        if (ok) shown++;
      });
      if (count) count.textContent = String(shown);
      var how = sort ? sort.value : "id";
      var desc = /-desc$/.test(how);
      var sorted = rows.slice().sort(function (a, b) {
        var x = key(a, how), y = key(b, how);
        var c = typeof x === "number" ? x - y : String(x).localeCompare(String(y), "zh");
        if (c === 0) c = a.getAttribute("data-id").localeCompare(b.getAttribute("data-id"));
        return desc ? -c : c;
      });
      var frag = document.createDocumentFragment();
      sorted.forEach(function (r) { frag.appendChild(r); });
      tbody.appendChild(frag);
      var q = new URLSearchParams();
      selects.forEach(function (s) { if (s.value) q.set(s.name, s.value); });
      if (sort && sort.value !== "id") q.set("sort", sort.value);
      var qs = q.toString();
      history.replaceState(null, "", location.pathname + (qs ? "?" + qs : ""));
    }
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (e) { e.preventDefault(); apply(); });
    form.addEventListener("reset", function () { setTimeout(apply, 0); });
    apply();
  }

  function textOf(htmlFragment) {
    /* pagefind excerpts are escaped text with <mark>; decode without creating live markup */
    var doc = new DOMParser().parseFromString("<!doctype html><body>" + htmlFragment, "text/html");
    return doc.body.textContent || "";
  }

  function excerptNodes(excerpt) {
    var frag = document.createDocumentFragment();
    excerpt.split(/(<mark>.*?<\/mark>)/).forEach(function (part) {
      var m = /^<mark>(.*)<\/mark>$/.exec(part);
      if (m) {
        var mark = document.createElement("mark");
        mark.textContent = textOf(m[1]);
        frag.appendChild(mark);
      } else if (part) {
        frag.appendChild(document.createTextNode(textOf(part)));
      }
    });
    return frag;
  }

  /* Pagefind segments Chinese text into words when it indexes, and matches each query word as a prefix
     of an indexed word, requiring all of them. A phrase typed without spaces (数字孪生环境监测系统) may not
     line up with the segmentation, so when the exact query finds few pages we also search its overlapping
     two-character pieces (and its Latin/digit words) and rank pages by how many pieces they match. */
  function fallbackTerms(q) {
    var out = [];
    q.split(/\s+/).forEach(function (word) {
      var runs = word.match(/[\u3400-\u9fff\uf900-\ufaff]+|[^\u3400-\u9fff\uf900-\ufaff]+/g) || [];
      runs.forEach(function (run) {
        if (/^[\u3400-\u9fff\uf900-\ufaff]+$/.test(run) && run.length > 2) {
          for (var i = 0; i + 2 <= run.length; i++) out.push(run.slice(i, i + 2));
        } else if (run.trim()) {
          out.push(run);
        }
      });
    });
    return out.filter(function (t, i) { return out.indexOf(t) === i; }).slice(0, 16);
  }

  function loose(pf, parts) {
    return Promise.all(parts.map(function (t) { return pf.search(t); })).then(function (all) {
      var byId = {};
      all.forEach(function (res) {
        res.results.forEach(function (r) {
          var e = byId[r.id] || (byId[r.id] = { r: r, hits: 0, score: 0 });
          e.hits += 1;
          e.score += r.score;
        });
      });
      return Object.keys(byId).map(function (k) { return byId[k]; }).sort(function (a, b) {
        return b.hits - a.hits || b.score - a.score || (a.r.id < b.r.id ? -1 : 1);
      }).map(function (e) { return e.r; });
    });
  }

  function initSearch(root) {
    var base = new URL(root.getAttribute("data-root") || "./", location.href);
    var form = root.querySelector("form");
    var input = root.querySelector("input[type=search]");
    var status = root.querySelector("[data-cj-search-status]");
    var list = root.querySelector("[data-cj-search-results]");
    var pagefind = null;
    var seq = 0;

    function load() {
      if (!pagefind) {
        pagefind = import(new URL("pagefind/pagefind.js", base).href).then(function (pf) {
          return pf.options({ baseUrl: base.pathname }).then(function () { return pf; });
        });
      }
      return pagefind;
    }

    function run() {
      var q = input.value.trim();
      var mine = ++seq;
      if (!q) { list.textContent = ""; status.textContent = ""; return; }
      status.textContent = "正在搜索…";
      load().then(function (pf) {
        return pf.search(q).then(function (res) {
          var parts = fallbackTerms(q);
          if (res.results.length >= 10 || parts.length < 2) return res.results;
          return loose(pf, parts).then(function (more) {
            var seen = {};
            res.results.forEach(function (r) { seen[r.id] = true; });
            return res.results.concat(more.filter(function (r) { return !seen[r.id]; }));
          });
        });
      }).then(function (results) {
        return Promise.all(results.slice(0, 30).map(function (r) { return r.data(); })).then(function (data) {
          return { total: results.length, data: data };
        });
      }).then(function (out) {
        if (mine !== seq) return;
        list.textContent = "";
        out.data.forEach(function (d) {
          var li = document.createElement("li");
          var a = document.createElement("a");
          var url = new URL(d.url, location.href);
          if (url.origin !== location.origin) return;
          a.href = url.pathname;
          a.textContent = (d.meta && d.meta.title) || d.url;
          li.appendChild(a);
          var small = document.createElement("span");
          small.className = "cj-search__url";
          small.textContent = url.pathname;
          li.appendChild(small);
          var p = document.createElement("p");
          p.appendChild(excerptNodes(d.excerpt || ""));
          li.appendChild(p);
          list.appendChild(li);
        });
        status.textContent = out.total ? "找到 " + out.total + " 个结果" + (out.total > 30 ? "，显示前 30 个" : "") + "。"
          : "没有找到与“" + q + "”相关的结果。";
        var u = new URL(location.href);
        u.searchParams.set("q", q);
        history.replaceState(null, "", u.pathname + u.search);
      }).catch(function (err) {
        if (mine === seq) status.textContent = "搜索暂时不可用：" + err.message;
      });
    }

    var timer = null;
    form.addEventListener("submit", function (e) { e.preventDefault(); run(); });
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 250); });
    var q0 = new URLSearchParams(location.search).get("q");
    if (q0) { input.value = q0; run(); }
    else input.focus();  /* came from the header's search box with nothing typed */
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-cj-list]"), initList);
    Array.prototype.forEach.call(document.querySelectorAll("[data-cj-search]"), initSearch);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
