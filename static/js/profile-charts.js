// Radar charts on the competency profile: target, confirmed and self level per competency.
// Data comes from the canvas's data-chart attribute (CSP: no inline scripts).
(function () {
  "use strict";
  // Long competency names break over lines of about `width` characters (Chart.js draws an
  // array label as several lines), so the chart keeps its size instead of shrinking to fit.
  function wrap(label, width) {
    var words = String(label).split(/\s+/), lines = [], line = "";
    if (words.length === 1) return label;  // Chinese has no spaces: keep it whole
    words.forEach(function (word) {
      if (line && (line + " " + word).length > width) { lines.push(line); line = word; }
      else { line = line ? line + " " + word : word; }
    });
    if (line) lines.push(line);
    return lines;
  }
  function draw(canvas) {
    var data = JSON.parse(canvas.dataset.chart);
    var series = [
      ["target", canvas.dataset.labelTarget, "rgba(108, 117, 125, 1)", "rgba(108, 117, 125, 0.08)", [6, 4]],
      ["confirmed", canvas.dataset.labelConfirmed, "rgba(29, 78, 137, 1)", "rgba(29, 78, 137, 0.25)", []],
      ["self", canvas.dataset.labelSelf, "rgba(214, 129, 0, 1)", "rgba(214, 129, 0, 0.08)", [2, 3]]
    ];
    new window.Chart(canvas, {
      type: "radar",
      data: {
        labels: data.labels.map(function (label) { return wrap(label, 16); }),
        datasets: series.map(function (s) {
          return { label: s[1], data: data[s[0]], borderColor: s[2], backgroundColor: s[3],
                   borderDash: s[4], pointRadius: 2, borderWidth: 2 };
        })
      },
      options: {
        animation: false,
        aspectRatio: 1.15,
        layout: { padding: 2 },
        scales: { r: { min: 0, max: data.max, ticks: { stepSize: 1, backdropColor: "transparent" },
                       pointLabels: { font: { size: 11 } } } },
        plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } }
      }
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    if (!window.Chart) return;
    document.querySelectorAll("canvas.radar-chart").forEach(draw);
  });
})();
