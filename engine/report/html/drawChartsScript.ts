/**
 * The page's own script (plain ES5, run after the inlined Chart.js): draws each
 * canvas from the configurations embedded as JSON, matched by chart name.
 */
export const DRAW_CHARTS_SCRIPT = `(function () {
  'use strict';
  var configs = {};
  JSON.parse(document.getElementById('report-charts').textContent).forEach(function (chart) {
    configs[chart.name] = chart.config;
  });
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.color = '#3e4c59';
  document.querySelectorAll('canvas[data-chart]').forEach(function (canvas) {
    new Chart(canvas, configs[canvas.getAttribute('data-chart')]);
  });
})();`;
