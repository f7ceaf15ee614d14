// The training reports' bar chart: completion per course or department, or PMs per band of
// training hours. Data comes from the canvas's data-chart attribute (CSP: no inline scripts).
(function () {
  "use strict";
  function draw(canvas) {
    var data = JSON.parse(canvas.dataset.chart);
    var hours = data.kind === "hours";
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: [{ label: data.label, data: data.values, backgroundColor: hours ? "#1d4e89" : "#198754" }]
      },
      options: {
        indexAxis: hours ? "x" : "y", maintainAspectRatio: false, animation: false,
        plugins: { legend: { display: false } },
        scales: hours ? { y: { ticks: { precision: 0 } } } : { x: { min: 0, max: 100 } }
      }
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    if (!window.Chart) return;
    document.querySelectorAll("#training-chart").forEach(draw);
  });
})();
