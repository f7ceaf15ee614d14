// The overview's stacked bar chart: development plans per department and status.
// Data comes from the canvas's data-chart attribute (CSP: no inline scripts).
(function () {
  "use strict";
  var colours = {
    draft: "#6c757d", submitted: "#d68100", approved: "#0aa2c0", active: "#1d4e89",
    completed: "#198754", cancelled: "#343a40"
  };
  function draw(canvas) {
    var data = JSON.parse(canvas.dataset.chart), labels = JSON.parse(canvas.dataset.labels);
    var box = canvas.parentElement;  // a bar per department: the box grows with them, to a limit
    box.style.height = Math.min(120 + 28 * Number(box.dataset.rows || 1), 600) + "px";
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: data.series.map(function (s) {
          return { label: labels[s.state], data: s.values, backgroundColor: colours[s.state] };
        })
      },
      options: {
        indexAxis: "y", maintainAspectRatio: false, animation: false,
        scales: { x: { stacked: true, ticks: { precision: 0 } }, y: { stacked: true } }
      }
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    if (!window.Chart) return;
    document.querySelectorAll("#plans-chart").forEach(draw);
  });
})();
