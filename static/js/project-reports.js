// The project reports' charts: the RAG spread (a bar per colour), effort by role over the
// months (stacked bars) and the organisation's person-days per month. Data comes from each
// canvas's data-chart attribute (CSP: no inline scripts).
(function () {
  "use strict";
  var COLOURS = ["#1d4e89", "#198754", "#6f42c1", "#fd7e14", "#20c997", "#6c757d"];
  function rag(canvas, data) {
    new window.Chart(canvas, {
      type: "bar",
      data: { labels: data.labels, datasets: [{ data: data.values, backgroundColor: data.colours }] },
      options: { maintainAspectRatio: false, animation: false, plugins: { legend: { display: false } },
                 scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
    });
  }
  function series(canvas, data, stacked) {
    var datasets = Object.keys(data.series).map(function (label, index) {
      return { label: label, data: data.series[label], backgroundColor: COLOURS[index % COLOURS.length] };
    });
    new window.Chart(canvas, {
      type: "bar",
      data: { labels: data.labels, datasets: datasets },
      options: { maintainAspectRatio: false, animation: false,
                 scales: { x: { stacked: stacked }, y: { stacked: stacked, beginAtZero: true } } }
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    if (!window.Chart) return;
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var data = JSON.parse(canvas.dataset.chart);
      if (canvas.dataset.kind === "rag") rag(canvas, data);
      else series(canvas, data, canvas.dataset.kind === "stacked");
    });
  });
})();
