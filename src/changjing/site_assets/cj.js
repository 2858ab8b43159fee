/* changjing: list filters and sorting (the search page has its own search.js).
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

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-cj-list]"), initList);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
