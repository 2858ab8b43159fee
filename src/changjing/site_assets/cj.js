/* changjing: list filters, sorting and pages, 长辈版, the drawer (the search page has its own search.js).
   Everything is written with textContent / DOM nodes: no submitted text becomes markup here. */
(function () {
  "use strict";

  /* Lists: filters, sorting and pages of PAGE rows. A long list ships only its first page in the HTML;
     the rest arrive as one rows.json (by column, repeated values once: see listing.rows_json), fetched as
     soon as the list is wired. A filter is one pass over an array and draws one page of rows; sort orders
     are computed once each and kept. */
  function columns(doc) {
    function column(k) {
      var c = doc.fields[k];
      if (Array.isArray(c)) return c;
      var index = c.index || doc.fields[c.same].index, values = c.values, out = new Array(index.length);
      for (var n = 0; n < index.length; n++) out[n] = values[index[n]];
      return out;
    }
    var got = {};
    function get(k) { return got[k] || (got[k] = column(k)); }
    var rows = [], ids = get(doc.id), titles = get(doc.title), statuses = get(doc.status), days = get(doc.day);
    var amounts = get(doc.amount), cells = doc.cells.map(get), keys = Object.keys(doc.filters);
    var filters = keys.map(function (k) { return get(doc.filters[k]); });
    for (var n = 0; n < doc.n; n++) {
      var f = {}, v = new Array(cells.length);
      for (var k = 0; k < keys.length; k++) f[keys[k]] = filters[k][n];
      for (var c = 0; c < cells.length; c++) v[c] = cells[c][n];
      rows.push({ i: ids[n], t: titles[n], s: statuses[n], c: doc.classes[statuses[n]] || "wait", v: v, d: days[n],
                  a: amounts[n] === null ? "" : String(amounts[n]), f: f, u: doc.section + ids[n] + "/" });
    }
    return rows;
  }

  function initList(root) {
    var form = root.querySelector("form.cj-filters");
    var table = root.querySelector("table.cj-table");
    var tbody = table && table.tBodies[0];
    if (!form || !tbody) return;
    var pageSize = parseInt(root.getAttribute("data-page-size") || "50", 10);
    var total = parseInt(root.getAttribute("data-total") || "0", 10);
    var src = root.getAttribute("data-src");
    var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var count = root.querySelector("[data-cj-count]");
    var empty = root.querySelector("[data-cj-empty]");
    var pager = root.querySelector("[data-cj-pager]");
    var pageText = root.querySelector("[data-cj-page]");
    var prev = root.querySelector("[data-cj-prev]");
    var next = root.querySelector("[data-cj-next]");
    var controls = Array.prototype.slice.call(form.querySelectorAll("[data-key]"));
    var sort = form.querySelector("select[data-sort]");
    var recordBase = new URL(root.getAttribute("data-base") || "../", new URL(".", location.href));
    var page = 0;
    var entries = null;
    var orders = {};  /* sort key → entries in ascending order (descending reads it backwards) */
    var shownNow = null;

    /* one entry per record: {i id, u url, t title, s status, c status class, v cells, d day, a amount, f filters} */
    function fromRow(tr) {
      var f = {};
      controls.forEach(function (c) { var k = c.getAttribute("data-key"); f[k] = tr.getAttribute("data-" + k) || ""; });
      f.deadline = tr.getAttribute("data-deadline") || "";
      return { i: tr.getAttribute("data-id"), t: tr.cells[1].textContent, d: tr.getAttribute("data-day") || "",
               a: tr.getAttribute("data-amount") || "", f: f, el: tr };
    }

    function cell(tr, text, cls, label) {
      var td = document.createElement("td");
      if (cls) td.className = cls;
      if (label) td.setAttribute("data-label", label);
      td.textContent = text;
      tr.appendChild(td);
      return td;
    }

    function rowOf(e) {
      if (e.el) return e.el;
      var tr = document.createElement("tr");
      var td = cell(tr, "", "cj-id");
      var a = document.createElement("a");
      a.href = new URL(e.u, recordBase).pathname;
      a.textContent = e.i;
      td.appendChild(a);
      cell(tr, e.t, "cj-title");
      var b = cell(tr, "", "cj-badge");
      var span = document.createElement("span");
      span.className = "cj-status cj-status--" + e.c;
      span.textContent = e.s;
      b.appendChild(span);
      for (var k = 0; k < e.v.length; k++) {
        var th = heads[3 + k];
        cell(tr, e.v[k], th.className || "", th.getAttribute("data-label"));
      }
      var last = heads[heads.length - 1];
      cell(tr, e.d, "cj-nowrap", last.getAttribute("data-label"));
      e.el = tr;
      return tr;
    }

    var params = new URLSearchParams(location.search);
    controls.forEach(function (c) {
      var v = params.get(c.name);
      if (v === null) return;
      if (c.type === "checkbox") c.checked = v === c.value;
      else for (var i = 0; i < c.options.length; i++) if (c.options[i].value === v) c.value = v;
    });
    if (params.get("sort") && sort) sort.value = params.get("sort");
    if (params.get("page")) page = Math.max(0, parseInt(params.get("page"), 10) - 1 || 0);

    /* IDs and ISO dates compare as plain strings; only titles need the Chinese collation */
    var collator = new Intl.Collator("zh");
    function order(key) {
      if (key === "id") return entries;
      if (orders[key]) return orders[key];
      var get = key === "day" ? function (e) { return e.d; }
        : key === "deadline" ? function (e) { return e.f.deadline || ""; }
        : key === "amount" ? function (e) { return parseFloat(e.a || "0"); }
        : function (e) { return e.t; };
      var keyed = entries.map(function (e) { return { k: get(e), e: e }; });
      var cmp = key === "title" ? collator.compare : function (x, y) { return x < y ? -1 : (x > y ? 1 : 0); };
      keyed.sort(function (a, b) {
        var c = cmp(a.k, b.k);
        if (c === 0) c = a.e.i < b.e.i ? -1 : (a.e.i > b.e.i ? 1 : 0);
        return c;
      });
      return (orders[key] = keyed.map(function (x) { return x.e; }));
    }

    /* the address records the view (to share or go back to); written after the rows are drawn */
    var urlTimer = 0;
    function writeAddress(wanted) {
      clearTimeout(urlTimer);
      urlTimer = setTimeout(function () {
        var q = new URLSearchParams();
        wanted.forEach(function (w) { q.set(w[0], w[1]); });
        if (sort && sort.value !== "id") q.set("sort", sort.value);
        if (page > 0) q.set("page", String(page + 1));
        var qs = q.toString();
        history.replaceState(null, "", location.pathname + (qs ? "?" + qs : ""));
      }, 150);
    }

    function select(wanted) {
      var how = sort ? sort.value : "id";
      var desc = /-desc$/.test(how);
      var list = order(how.replace(/-desc$/, ""));
      var shown = [];
      var n = wanted.length;
      for (var k = desc ? list.length - 1 : 0; desc ? k >= 0 : k < list.length; k += desc ? -1 : 1) {
        var e = list[k], ok = true;
        for (var w = 0; w < n; w++) if (e.f[wanted[w][0]] !== wanted[w][1]) { ok = false; break; }
        if (ok) shown.push(e);
      }
      return shown;
    }

    function apply(keepPage, pageOnly) {
      if (!entries) return;
      if (!keepPage) page = 0;
      var wanted = [];
      controls.forEach(function (c) {
        var v = c.type === "checkbox" ? (c.checked ? c.value : "") : c.value;
        if (v) wanted.push([c.getAttribute("data-key"), v]);
      });
      var shown = pageOnly && shownNow ? shownNow : select(wanted);
      shownNow = shown;
      var pages = Math.max(1, Math.ceil(shown.length / pageSize));
      if (page >= pages) page = pages - 1;
      var frag = document.createDocumentFragment();
      var end = Math.min(shown.length, (page + 1) * pageSize);
      for (var k = page * pageSize; k < end; k++) frag.appendChild(rowOf(shown[k]));
      tbody.classList.add("cj-drawing");
      tbody.textContent = "";
      tbody.appendChild(frag);
      drawRest();
      if (count) count.textContent = String(shown.length);
      if (empty) empty.hidden = shown.length > 0;
      table.hidden = shown.length === 0;
      if (pager) {
        pager.hidden = pages < 2;
        pageText.textContent = "第 " + (page + 1) + " 页，共 " + pages + " 页";
        prev.disabled = page === 0;
        next.disabled = page >= pages - 1;
      }
      writeAddress(wanted);
    }

    /* cards out of view wait for the frame after the one that shows the answer (cj.css, cj-drawing) */
    var drawing = 0;
    function drawRest() {
      cancelAnimationFrame(drawing);
      drawing = requestAnimationFrame(function () {
        setTimeout(function () { tbody.classList.remove("cj-drawing"); performance.mark("cj-list-drawn"); }, 0);
      });
    }

    function waiting() {
      if (count) count.textContent = "…";
      var note = root.querySelector("[data-cj-loading]");
      if (!note) {
        note = document.createElement("p");
        note.setAttribute("data-cj-loading", "");
        note.className = "cj-note";
        note.setAttribute("role", "status");
        note.textContent = "正在载入全部 " + total + " 条记录…";
        form.parentNode.insertBefore(note, form.nextSibling);
      }
      return note;
    }

    form.addEventListener("change", function () { if (entries) apply(false); else { page = 0; waiting(); } });
    form.addEventListener("submit", function (e) { e.preventDefault(); apply(false); });
    form.addEventListener("reset", function () { setTimeout(function () { apply(false); }, 0); });
    /* before all rows have arrived the page number is kept and drawn on arrival, as a filter is */
    if (prev) prev.addEventListener("click", function () { page -= 1; if (entries) apply(true, true); else waiting(); table.scrollIntoView(); });
    if (next) next.addEventListener("click", function () { page += 1; if (entries) apply(true, true); else waiting(); table.scrollIntoView(); });

    if (pager) pager.hidden = total <= pageSize;  /* the page leaves it hidden for readers without JavaScript */
    var local = Array.prototype.slice.call(tbody.rows).map(fromRow);
    if (!src) {
      entries = local;
      apply(true);
      performance.mark("cj-list-ready");
      return;
    }
    performance.mark("cj-list-ready");
    if (params.toString() !== "") waiting();
    /* all rows are fetched at once, not after the page's load event: the first view needs nothing more,
       and a reader who filters should not wait for the theme's scripts first */
    fetch(new URL(src, location.href).href, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.json();
    }).then(function (doc) {
      var byId = {};
      local.forEach(function (e) { byId[e.i] = e; });
      entries = columns(doc);
      orders = {};
      entries.forEach(function (e) { if (byId[e.i]) e.el = byId[e.i].el; });
      var note = root.querySelector("[data-cj-loading]");
      if (note) note.remove();
      apply(true);
      performance.mark("cj-list-all");  /* every row can be filtered now (benchmarks/list_view.py) */
    }).catch(function () {
      var note = waiting();
      note.textContent = "全部记录暂时无法载入，请刷新页面或下载 CSV。";
    });
  }

  /* 长辈版: larger text, high contrast, one column; the choice is remembered on this device */
  var ELDER_KEY = "cj-elder";
  function setElder(on) {
    document.documentElement.classList.toggle("cj-elder", on);
    Array.prototype.forEach.call(document.querySelectorAll("[data-cj-elder]"), function (b) {
      b.setAttribute("aria-pressed", on ? "true" : "false");
      b.textContent = on ? "标准版" : "长辈版";
    });
    try { if (on) localStorage.setItem(ELDER_KEY, "1"); else localStorage.removeItem(ELDER_KEY); } catch (e) { /* private mode */ }
  }
  /* before the page is drawn, so 长辈版 does not flash the standard layout first */
  try { if (localStorage.getItem(ELDER_KEY) === "1") document.documentElement.classList.add("cj-elder"); } catch (e) { /* private mode */ }

  function initElder() {
    var on = false;
    try { on = localStorage.getItem(ELDER_KEY) === "1"; } catch (e) { on = false; }
    if (new URLSearchParams(location.search).get("mode") === "elder") on = true;
    Array.prototype.forEach.call(document.querySelectorAll("[data-cj-elder]"), function (b) {
      b.hidden = false;
      b.addEventListener("click", function () { setElder(!document.documentElement.classList.contains("cj-elder")); });
    });
    setElder(on);
  }

  /* Material's navigation drawer stays in the tab order when closed on a phone: make it inert until opened */
  function initDrawer() {
    var toggle = document.getElementById("__drawer");
    var drawer = document.querySelector(".md-sidebar--primary");
    if (!toggle || !drawer) return;
    var narrow = window.matchMedia("(max-width: 76.1875em)");
    function update() {
      if (narrow.matches && !toggle.checked) drawer.setAttribute("inert", "");
      else drawer.removeAttribute("inert");
    }
    toggle.addEventListener("change", update);
    if (narrow.addEventListener) narrow.addEventListener("change", update);
    update();
  }

  /* a list starts as soon as its last element has been parsed, even while the rest of the page loads */
  function initLists() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-cj-list]"), function (root) {
      if (root.hasAttribute("data-cj-ready") || !root.querySelector("[data-cj-list-end]")) return;
      root.setAttribute("data-cj-ready", "");
      initList(root);
    });
  }

  function init() {
    initElder();
    initDrawer();
    initLists();
  }
  /* loaded async from <head>: lists start as they are parsed; the rest once the document is parsed */
  if (document.readyState === "loading") {
    var watch = new MutationObserver(initLists);
    watch.observe(document.documentElement, { childList: true, subtree: true });
    document.addEventListener("readystatechange", function once() {
      document.removeEventListener("readystatechange", once);
      watch.disconnect();
      init();
    });
  } else init();
})();
