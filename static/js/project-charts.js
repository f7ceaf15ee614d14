// A project's S-curve: planned value (original and current baseline), earned value and actual
// cost, cumulative per period. Data comes from the canvas's data-chart attribute (CSP: no
// inline scripts).
(function () {
  "use strict";
  var COLOURS = ["#6c757d", "#1d4e89", "#198754", "#dc3545"];
  function draw(canvas) {
    var data = JSON.parse(canvas.dataset.chart);
    var datasets = Object.keys(data.series).map(function (label, index) {
      return {
        label: label, data: data.series[label], borderColor: COLOURS[index % COLOURS.length],
        backgroundColor: COLOURS[index % COLOURS.length], borderDash: index === 0 ? [6, 4] : [],
        tension: 0, pointRadius: 3
      };
    });
    new window.Chart(canvas, {
      type: "line",
      data: { labels: data.labels, datasets: datasets },
      options: { maintainAspectRatio: false, animation: false, scales: { y: { beginAtZero: true } } }
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    if (!window.Chart) return;
    document.querySelectorAll("#project-chart").forEach(draw);
  });
})();
