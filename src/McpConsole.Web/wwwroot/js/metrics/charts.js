// ApexCharts interop for McpConsole (Features/Metrics/Charts/ApexChart.razor).
// One chart per element; .NET creates it, appends live points (already throttled on the server) and destroys it.
// Colours follow the page: text uses currentColor (MudBlazor's theme variables), so light and dark both read well.
import ApexCharts from "../../lib/apexcharts/apexcharts.esm.js";

const charts = new WeakMap();
const maxPoints = 5000;

// Series names are data (server, group, location and tag names, chosen by operators or MCP servers), and ApexCharts
// writes them into HTML with innerHTML (legend text, tooltip labels, the legend's hover text). Every series passes
// through here, so a name such as <img src=x onerror=...> is shown as text, never parsed. Text that ApexCharts draws
// as SVG text nodes (axis titles, "no data") is never parsed and is handed over as it is.
const htmlEscapes = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;", "`": "&#96;" };
export function encodeHtml(value) {
  return String(value ?? "").replace(/[&<>"'`]/g, (c) => htmlEscapes[c]);
}

function safeSeries(series) {
  return series.map((s) => ({ name: encodeHtml(s.name), data: s.data }));
}

// Cost: bars stacked per bucket (one series per server or group), currency on the y axis.
function costOptions(config) {
  return {
    chart: {
      type: "bar", stacked: true, height: config.height || 300, foreColor: "currentColor", background: "transparent",
      animations: { enabled: false }, toolbar: { show: false }, fontFamily: "inherit",
    },
    series: safeSeries(config.series),
    dataLabels: { enabled: false },
    grid: { borderColor: "rgba(127,127,127,0.25)" },
    // Named even when one server is all there is: the stack is by server or group.
    legend: { show: true, showForSingleSeries: true, position: "top", horizontalAlign: "left" },
    noData: { text: "No cost measured in this range yet" },
    xaxis: { type: "datetime", labels: { datetimeUTC: true } },
    yaxis: { min: 0, decimalsInFloat: 4, title: { text: config.unit || "cost" } },
    tooltip: { theme: config.dark ? "dark" : "light", x: { format: "yyyy-MM-dd HH:mm 'UTC'" } },
  };
}

function options(config) {
  if (config.kind === "cost") return costOptions(config);
  const percent = config.kind === "availability";
  return {
    chart: {
      type: percent ? "area" : "line",
      height: config.height || 260,
      foreColor: "currentColor",
      background: "transparent",
      animations: { enabled: false },
      zoom: { enabled: true, type: "x" },
      toolbar: { show: true, tools: { download: false, pan: true, zoom: true, zoomin: true, zoomout: true, reset: true } },
      fontFamily: "inherit",
    },
    series: safeSeries(config.series),
    colors: percent ? ["#2e7d32"] : ["#1e88e5", "#f4511e"],
    stroke: { width: 2, curve: "straight" },
    fill: percent ? { type: "solid", opacity: 0.25 } : { type: "solid", opacity: 1 },
    dataLabels: { enabled: false },
    markers: { size: 2, strokeWidth: 0 },
    grid: { borderColor: "rgba(127,127,127,0.25)" },
    legend: { show: true, position: "top", horizontalAlign: "left" },
    noData: { text: "No probes in this range yet" },
    xaxis: { type: "datetime", labels: { datetimeUTC: true } },
    yaxis: percent
      ? { min: config.yMin ?? 0, max: 100, decimalsInFloat: 1, title: { text: "%" } }
      : { min: 0, decimalsInFloat: 0, title: { text: "ms" } },
    tooltip: { theme: config.dark ? "dark" : "light", x: { format: "yyyy-MM-dd HH:mm:ss 'UTC'" } },
  };
}

export async function create(element, config) {
  if (!element) return; // the page was left before the chart's first render reached the browser
  destroy(element);
  const chart = new ApexCharts(element, options(config));
  charts.set(element, { chart, data: config.series.map((s) => s.data.slice()) });
  element.dataset.chartReady = "false";
  await chart.render();
  focusableLegend(element);
  element.dataset.chartReady = "true";
  element.dataset.points = String(config.series[0]?.data.length ?? 0);
}

// points: one array per series of [timestampMs, value] pairs, appended at the end (oldest dropped past maxPoints).
export function append(element, points) {
  const entry = charts.get(element);
  if (!entry) return;
  entry.data = entry.data.map((d, i) => d.concat(points[i] || []).slice(-maxPoints));
  entry.chart.updateSeries(entry.data.map((d, i) => ({ name: entry.chart.w.config.series[i].name, data: d })), false);
  focusableLegend(element);
  element.dataset.points = String(entry.data[0]?.length ?? 0);
}

export function setTheme(element, dark) {
  const entry = charts.get(element);
  if (entry) entry.chart.updateOptions({ tooltip: { theme: dark ? "dark" : "light" } }, false, false);
}

export function destroy(element) {
  const entry = charts.get(element);
  if (entry) {
    entry.chart.destroy();
    charts.delete(element);
  }
}

// With many series the legend scrolls; a keyboard user must be able to reach it (axe: scrollable-region-focusable).
function focusableLegend(element) {
  const legend = element.querySelector(".apexcharts-legend");
  if (!legend) return;
  legend.tabIndex = 0;
  legend.setAttribute("role", "region");
  legend.setAttribute("aria-label", "Chart legend");
}
