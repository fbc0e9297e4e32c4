// cytoscape interop for Features/Topology/TopologyGraph.razor.
// The graph is laid out once; afterwards elements are added, restyled and removed in place (no re-layout), new
// nodes appear next to their parent, dragged positions are kept in localStorage, a click on a server opens it.
import cytoscape from "../../lib/cytoscape/cytoscape.esm.min.mjs";

const graphs = new WeakMap();
const stateColours = {
  Healthy: "#2e7d32", Degraded: "#ed6c02", Down: "#d32f2f", Unauthorized: "#7b1fa2", Misconfigured: "#424242", Unknown: "#9e9e9e",
};

function toCy(e) {
  const data = { id: e.id, kind: e.kind, label: e.label };
  if (e.state) data.state = e.state;
  if (e.serverId != null) data.serverId = e.serverId;
  if (e.source) { data.source = e.source; data.target = e.target; return { group: "edges", data }; }
  return { group: "nodes", data };
}

function style() {
  const text = getComputedStyle(document.body).color || "#222";
  const s = [
    { selector: "node", style: { label: "data(label)", color: text, "font-size": 11, "text-valign": "bottom", "text-margin-y": 4, "background-color": "#90a4ae", width: 22, height: 22 } },
    { selector: 'node[kind = "console"]', style: { shape: "round-rectangle", width: 44, height: 28, "background-color": "#1565c0" } },
    { selector: 'node[kind = "location"]', style: { shape: "round-hexagon", width: 32, height: 32, "background-color": "#00838f" } },
    { selector: 'node[kind = "group"]', style: { shape: "round-rectangle", width: 30, height: 20, "background-color": "#5c6bc0" } },
    { selector: 'node[kind = "server"]', style: { "border-width": 2, "border-color": text } },
    { selector: "edge", style: { width: 1.5, "line-color": "rgba(127,127,127,0.6)", "curve-style": "bezier" } },
    { selector: 'edge[kind = "link"]', style: { "line-style": "dashed", "line-color": "#ab47bc", width: 2, label: "data(label)", color: text, "font-size": 10, "target-arrow-shape": "triangle", "target-arrow-color": "#ab47bc" } },
  ];
  for (const [state, colour] of Object.entries(stateColours)) {
    s.push({ selector: `node[state = "${state}"]`, style: { "background-color": colour } });
  }
  return s;
}

function load(key) {
  try { return JSON.parse(localStorage.getItem(key) || "{}"); } catch { return {}; }
}

export function create(element, elements, dotnet, storageKey) {
  if (!element) return; // the page was left before the graph's first render reached the browser
  destroy(element);
  const saved = load(storageKey);
  const cy = cytoscape({ container: element, elements: elements.map(toCy), style: style(), wheelSensitivity: 0.3, minZoom: 0.2, maxZoom: 3 });
  const unplaced = cy.nodes().filter((n) => !saved[n.id()]);
  cy.nodes().forEach((n) => { if (saved[n.id()]) n.position(saved[n.id()]); });
  if (unplaced.length === cy.nodes().length) {
    cy.layout({ name: "breadthfirst", roots: "#console", directed: true, spacingFactor: 1.1, animate: false }).run();
  } else {
    unplaced.forEach(place);
    cy.fit(undefined, 30);
  }
  cy.on("dragfree", "node", (evt) => {
    const positions = load(storageKey);
    positions[evt.target.id()] = evt.target.position();
    localStorage.setItem(storageKey, JSON.stringify(positions));
  });
  cy.on("tap", 'node[kind = "server"]', (evt) => dotnet.invokeMethodAsync("OpenServer", evt.target.data("serverId")));
  graphs.set(element, { cy, storageKey });
  element.dataset.ready = "true";
  mirror(element, cy);
}

// A new node goes next to its parent (the source of its incoming edge), so nothing else moves.
function place(node) {
  const parent = node.incomers("node").first();
  const base = parent.nonempty() ? parent.position() : { x: 0, y: 0 };
  const siblings = parent.nonempty() ? parent.outgoers("node").length : 1;
  node.position({ x: base.x + 40 * (siblings - 1) - 20, y: base.y + 90 });
}

// Adds new elements, updates the data of existing ones (label, state); nothing is laid out again.
export function upsert(element, elements) {
  const g = graphs.get(element);
  if (!g) return;
  const added = [];
  g.cy.batch(() => {
    for (const e of elements.map(toCy)) {
      const existing = g.cy.getElementById(e.data.id);
      if (existing.nonempty()) existing.data(e.data);
      else added.push(g.cy.add(e));
    }
  });
  const saved = load(g.storageKey);
  for (const a of added) {
    if (a.isNode()) { if (saved[a.id()]) a.position(saved[a.id()]); else place(a); }
  }
  mirror(element, g.cy);
}

export function setStates(element, states) {
  const g = graphs.get(element);
  if (!g) return;
  g.cy.batch(() => { for (const [id, state] of states) g.cy.getElementById(id).data("state", state); });
  mirror(element, g.cy);
}

export function remove(element, ids) {
  const g = graphs.get(element);
  if (!g) return;
  for (const id of ids) g.cy.getElementById(id).remove();
  mirror(element, g.cy);
}

export function destroy(element) {
  const g = graphs.get(element);
  if (g) { g.cy.destroy(); graphs.delete(element); }
}

// Canvas pixels are not readable by people using assistive technology or by tests: keep a text mirror of each
// server node (name, state, position) and of each link between servers (e.g. primary -> standby) in the accessible
// lists next to the graph.
function mirror(element, cy) {
  mirrorLinks(element, cy);
  const list = element.parentElement?.querySelector("[data-topology-mirror]");
  if (!list) return;
  const items = cy.nodes('[kind = "server"]').map((n) => {
    const li = document.createElement("li");
    li.textContent = `${n.data("label")}: ${n.data("state") || "Unknown"}`;
    li.dataset.node = n.id();
    li.dataset.state = n.data("state") || "Unknown";
    li.dataset.x = String(Math.round(n.position("x")));
    li.dataset.y = String(Math.round(n.position("y")));
    return li;
  });
  list.replaceChildren(...items);
}

function mirrorLinks(element, cy) {
  const list = element.parentElement?.querySelector("[data-topology-links]");
  if (!list) return;
  const items = cy.edges('[kind = "link"]').map((e) => {
    const li = document.createElement("li");
    li.textContent = `${e.source().data("label")} → ${e.target().data("label")}: ${e.data("label")}`;
    li.dataset.link = e.id();
    li.dataset.source = e.source().data("label");
    li.dataset.target = e.target().data("label");
    return li;
  });
  if (items.length === 0) {
    const li = document.createElement("li");
    li.textContent = "No links between servers.";
    items.push(li);
  }
  list.replaceChildren(...items);
}
