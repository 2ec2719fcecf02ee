/* The command center's charts and risk map, drawn from the JSON the page embeds (vendored Chart.js, Leaflet). */
(function () {
  "use strict";
  function read(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }
  var data = read("chart-data"), labels = read("chart-labels"), map = read("map-data");
  var levelColours = { 1: "#2e9e4f", 2: "#f4d03f", 3: "#f08a24", 4: "#c62828" };

  function chart(id, config) {
    var canvas = document.getElementById(id);
    if (canvas && window.Chart) { return new window.Chart(canvas, config); }
    return null;
  }

  if (data) {
    chart("chart-curve", {
      type: "bar",
      data: { labels: data.days, datasets: [
        { label: labels.community, data: data.community, backgroundColor: "#c62828", stack: "cases" },
        { label: labels.other, data: data.other, backgroundColor: "#f4a261", stack: "cases" }
      ] },
      options: { animation: false, scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } } }
    });
    chart("chart-rt", {
      type: "line",
      data: { labels: data.days, datasets: [
        { label: labels.interval, data: data.rt_high, borderWidth: 0, pointRadius: 0, fill: "+1", backgroundColor: "rgba(38,70,83,0.2)" },
        { label: labels.interval, data: data.rt_low, borderWidth: 0, pointRadius: 0, fill: false },
        { label: labels.rt, data: data.rt, borderColor: "#264653", pointRadius: 0, spanGaps: false }
      ] },
      options: { animation: false, plugins: { legend: { labels: { filter: function (item) { return item.datasetIndex !== 1; } } } },
                 scales: { y: { min: 0, max: 4 } } }
    });
    chart("chart-tests", {
      data: { labels: data.days, datasets: [
        { type: "bar", label: labels.tests, data: data.tests, backgroundColor: "#8ab17d", yAxisID: "y" },
        { type: "line", label: labels.positivity, data: data.positivity, borderColor: "#c62828", pointRadius: 0, yAxisID: "p" }
      ] },
      options: { animation: false, scales: { y: { beginAtZero: true }, p: { position: "right", beginAtZero: true, suggestedMax: 10 } } }
    });
  }

  if (data && data.coverage) {
    var doseColours = ["#a8dadc", "#457b9d", "#1d3557"];
    chart("chart-coverage", {
      type: "bar",
      data: { labels: data.coverage.bands, datasets: [0, 1, 2].map(function (i) {
        return { label: labels.doses[i], data: data.coverage.doses.map(function (row) { return row[i]; }),
                 backgroundColor: doseColours[i] };
      }) },
      options: { animation: false, scales: { y: { beginAtZero: true, max: 100 } } }
    });
  }

  var holder = document.getElementById("risk-map");
  if (holder && map && map.features.length && window.L) {
    var leaflet = window.L;
    var view = leaflet.map(holder, { attributionControl: false, zoomSnap: 0.25 });
    var layer = leaflet.geoJSON({ type: "FeatureCollection", features: map.features }, {
      style: function (feature) {
        var shown = map.levels[feature.properties.path];
        var colour = shown && shown.level ? levelColours[shown.level] : "#cfd8dc";
        return { color: "#555", weight: 1, fillOpacity: 0.75, fillColor: colour };
      },
      onEachFeature: function (feature, shape) {
        var shown = map.levels[feature.properties.path];
        if (!shown) { return; }
        var level = shown.level ? labels.level + " " + shown.level : labels.no_population;
        shape.bindTooltip(shown.name + ": " + level + (shown.overridden ? " *" : ""));
        shape.on("click", function () { window.location.href = shown.url; });
      }
    }).addTo(view);
    view.fitBounds(layer.getBounds());
  }
})();
