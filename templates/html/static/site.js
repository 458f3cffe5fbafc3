// isms HTML site: sortable tables and the SoA filters. Progressive
// enhancement only: without this script every table is complete and plain.
"use strict";

(function () {
  function cellValue(row, index) {
    var cell = row.cells[index];
    if (!cell) { return ""; }
    var v = cell.getAttribute("data-value");
    return v !== null ? v : cell.textContent.trim();
  }

  function makeSortable(table) {
    var head = table.tHead;
    var body = table.tBodies[0];
    if (!head || !body) { return; }
    var headers = head.rows[0].cells;
    Array.prototype.forEach.call(headers, function (th, index) {
      var kind = th.getAttribute("data-sort");
      if (!kind) { return; }
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      while (th.firstChild) { button.appendChild(th.firstChild); }
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(headers, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = cellValue(a, index);
          var y = cellValue(b, index);
          var c = kind === "num"
            ? (parseFloat(x) || 0) - (parseFloat(y) || 0)
            : x.localeCompare(y, undefined, { numeric: true });
          return ascending ? c : -c;
        });
        var frag = document.createDocumentFragment();
        rows.forEach(function (r) { frag.appendChild(r); });
        body.appendChild(frag);
      });
    });
  }

  function soaFilters(form) {
    var theme = form.querySelector("#f-theme");
    var applicable = form.querySelector("#f-applicable");
    var status = form.querySelector("#f-status");
    var count = form.querySelector("#f-count");
    // A control's row; the row under it (its <details>) follows it.
    var rows = document.querySelectorAll("table.soa tbody tr[id]");
    var sections = document.querySelectorAll("section.theme");
    function apply() {
      var shown = 0;
      Array.prototype.forEach.call(rows, function (row) {
        var ok = (!theme.value || row.getAttribute("data-theme") === theme.value) &&
          (!applicable.value || row.getAttribute("data-applicable") === applicable.value) &&
          (!status.value || row.getAttribute("data-status") === status.value);
        row.hidden = !ok;
        var more = row.nextElementSibling;
        if (more && more.classList.contains("more")) { more.hidden = !ok; }
        if (ok) { shown += 1; }
      });
      Array.prototype.forEach.call(sections, function (s) {
        s.hidden = s.querySelectorAll("tbody tr:not([hidden])").length === 0;
      });
      count.textContent = shown + " of " + rows.length + " controls shown";
    }
    // soa.html?status=partial (or theme=, applicable=) opens filtered.
    showFilters(form, [theme, applicable, status], apply);
  }

  // Set each of a form's selects from the page's query (?NAME=value),
  // re-apply on every change, and show the form.
  function showFilters(form, selects, apply) {
    var params = new URLSearchParams(window.location.search);
    selects.forEach(function (s) {
      var wanted = params.get(s.name);
      if (wanted !== null && Array.prototype.some.call(s.options, function (o) { return o.value === wanted; })) {
        s.value = wanted;
      }
      s.addEventListener("change", apply);
    });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    form.hidden = false;
    apply();
  }

  // A list's filters (assets.html): each <select> keeps the rows whose
  // data-NAME attribute equals its value; ?NAME=value opens filtered.
  function listFilters(form) {
    var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
    var count = form.querySelector("#f-count");
    var rows = document.querySelectorAll("#" + form.getAttribute("data-table") + " tbody tr");
    function apply() {
      var shown = 0;
      Array.prototype.forEach.call(rows, function (row) {
        var ok = selects.every(function (s) {
          return !s.value || row.getAttribute("data-" + s.name) === s.value;
        });
        row.hidden = !ok;
        if (ok) { shown += 1; }
      });
      count.textContent = shown + " of " + rows.length + " shown";
    }
    showFilters(form, selects, apply);
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), makeSortable);
    var form = document.getElementById("soa-filters");
    if (form) { soaFilters(form); }
    var list = document.getElementById("list-filters");
    if (list) { listFilters(list); }
  });
  // A printed SoA shows every control's justification, implementation and
  // evidence: open the rows' <details> for printing.
  window.addEventListener("beforeprint", function () {
    Array.prototype.forEach.call(document.querySelectorAll("table.soa details"), function (d) { d.open = true; });
  });
})();
