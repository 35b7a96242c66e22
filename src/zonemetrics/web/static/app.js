// Draws every chart of the page from its Vega-Lite spec (inlined as JSON beside it) and
// makes tables with a "sortable" class sortable by keyboard or mouse. No network use.
(function () {
  document.querySelectorAll("script.chart-spec").forEach(function (node) {
    var target = document.getElementById(node.dataset.target);
    var spec = JSON.parse(node.textContent);
    vegaEmbed(target, spec, { renderer: "svg", actions: false }).then(function () {
      target.dataset.drawn = "true";
      var svg = target.querySelector("svg");
      if (svg) {
        svg.setAttribute("role", "img");
        svg.setAttribute("aria-label", spec.description || "");
      }
    }).catch(function (error) {
      target.dataset.drawn = "error";
      target.textContent = String(error);
    });
  });
  document.querySelectorAll("table.sortable").forEach(function (table) {
    table.querySelectorAll("thead th").forEach(function (th, column) {
      var button = th.querySelector("button") || th;
      button.addEventListener("click", function () {
        var numeric = button.dataset && button.dataset.sort === "number";
        var body = table.tBodies[0];
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        table.querySelectorAll("thead th").forEach(function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[column], y = b.cells[column];
          if (numeric) {
            var u = x.dataset.value === "" ? null : parseFloat(x.dataset.value);
            var v = y.dataset.value === "" ? null : parseFloat(y.dataset.value);
            if (u === null) return 1;  // missing stays last either way: missing is not zero
            if (v === null) return -1;
            return ascending ? u - v : v - u;
          }
          var c = x.textContent.trim().localeCompare(y.textContent.trim());
          return ascending ? c : -c;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });
})();
